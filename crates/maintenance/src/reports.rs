//! What the dashboard says about an action the technician started and that
//! takes a while or has a result to show: the test page, the configuration
//! reload, the LED test, the test capture and the raw scan. Worded here as
//! [`Text`]s from plain inputs (this crate knows neither the printer nor the
//! devices), so the ui only fills them in and translates.

use zeroize::Zeroize;

use crate::dashboard::{Severity, Text};
use crate::desk::ActionKind;

/// A box under the buttons: what an action did or is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionReport {
    pub kind: ActionKind,
    pub severity: Severity,
    pub lines: Vec<Text>,
}

impl ActionReport {
    fn new(kind: ActionKind, severity: Severity, lines: Vec<Text>) -> Self {
        Self {
            kind,
            severity,
            lines,
        }
    }
}

// ------------------------------------------------------------ test page

/// Where the test page is, in the technician's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TestPageProgress {
    /// In the spool or at the printer, not on paper yet.
    Waiting,
    /// The printer cannot print now; the text says why in plain words.
    /// The page stays queued and prints once the problem is fixed.
    PrinterProblem(Text),
    Printed,
    /// CUPS gave up on it (its keyword).
    Failed(String),
    /// It could not even be put in the spool (the error).
    NotSpooled(String),
}

pub fn test_page(id: &str, progress: &TestPageProgress) -> ActionReport {
    let kind = ActionKind::PrintTestPage;
    let page = |key| Text::new(key).arg("id", id);
    match progress {
        TestPageProgress::Waiting => ActionReport::new(
            kind,
            Severity::Unknown,
            vec![page("maint-test-page-waiting")],
        ),
        TestPageProgress::PrinterProblem(problem) => ActionReport::new(
            kind,
            Severity::Fault,
            vec![
                page("maint-test-page-problem").arg("problem", problem.clone()),
                Text::new("maint-test-page-stays-queued"),
            ],
        ),
        TestPageProgress::Printed => {
            ActionReport::new(kind, Severity::Ok, vec![page("maint-test-page-printed")])
        }
        TestPageProgress::Failed(reason) => ActionReport::new(
            kind,
            Severity::Fault,
            vec![page("maint-test-page-failed").arg("reason", reason.as_str())],
        ),
        TestPageProgress::NotSpooled(error) => ActionReport::new(
            kind,
            Severity::Fault,
            vec![Text::new("maint-test-page-not-spooled").arg("error", error.as_str())],
        ),
    }
}

// ------------------------------------------------------------ reload

/// What a configuration reload did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReloadOutcome {
    /// The files did not load; the running configuration is kept.
    /// `error` is the loader's `file:line: key: problem` message.
    Refused { error: String },
    /// The files loaded. Names of the changed parts (`[timeouts]`,
    /// `certificates.toml`…): those applied now, and those that only take
    /// effect after a restart.
    Loaded {
        applied: Vec<String>,
        need_restart: Vec<String>,
    },
}

pub fn reload(outcome: &ReloadOutcome) -> ActionReport {
    let kind = ActionKind::ReloadConfiguration;
    match outcome {
        ReloadOutcome::Refused { error } => ActionReport::new(
            kind,
            Severity::Fault,
            vec![
                Text::new("maint-reload-refused"),
                Text::raw(error.as_str()),
                Text::new("maint-reload-kept"),
            ],
        ),
        ReloadOutcome::Loaded {
            applied,
            need_restart,
        } => {
            let mut lines = Vec::new();
            if applied.is_empty() && need_restart.is_empty() {
                lines.push(Text::new("maint-reload-unchanged"));
            }
            if !applied.is_empty() {
                lines.push(Text::new("maint-reload-applied").arg("parts", applied.join(", ")));
            }
            if !need_restart.is_empty() {
                lines.push(
                    Text::new("maint-reload-needs-restart").arg("parts", need_restart.join(", ")),
                );
            }
            let severity = if need_restart.is_empty() {
                Severity::Ok
            } else {
                Severity::Warning
            };
            ActionReport::new(kind, severity, lines)
        }
    }
}

// ------------------------------------------------------------ LED

/// The LED colours the test cycles through, in order (`maint-colour-*`).
pub const LED_COLOURS: [&str; 3] = ["red", "blue", "purple"];

/// Where the LED test is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedTest {
    /// The ring shows `LED_COLOURS[i]` now.
    Showing(usize),
    /// Every colour was sent; the ring is back to its idle light.
    Done,
    /// The reader took no LED command when it connected: it has no ring.
    NoLed,
    /// The reader went away during the test.
    Failed,
}

fn colour(index: usize) -> Text {
    Text::new(match LED_COLOURS.get(index).copied().unwrap_or("red") {
        "blue" => "maint-colour-blue",
        "purple" => "maint-colour-purple",
        _ => "maint-colour-red",
    })
}

pub fn led(test: LedTest) -> ActionReport {
    let kind = ActionKind::LedTest;
    match test {
        LedTest::Showing(i) => ActionReport::new(
            kind,
            Severity::Unknown,
            vec![Text::new("maint-led-showing").arg("colour", colour(i))],
        ),
        LedTest::Done => ActionReport::new(
            kind,
            Severity::Ok,
            vec![Text::new("maint-led-done")
                .arg("first", colour(0))
                .arg("second", colour(1))
                .arg("third", colour(2))],
        ),
        LedTest::NoLed => {
            ActionReport::new(kind, Severity::Warning, vec![Text::new("maint-led-none")])
        }
        LedTest::Failed => {
            ActionReport::new(kind, Severity::Fault, vec![Text::new("maint-led-failed")])
        }
    }
}

// ------------------------------------------------------------ test capture

/// Quality figures of a fingerprint image (from the device layer's check).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CaptureQuality {
    /// Share of the image with ridges, 0..1.
    pub coverage: f32,
    /// Ridge/valley contrast, 0..1.
    pub contrast: f32,
    pub score: u8,
    pub min_coverage: f32,
    pub min_contrast: f32,
}

/// Where the test capture is.
#[derive(Debug, Clone, PartialEq)]
pub enum CaptureTest {
    Waiting,
    Reading,
    LiftAndPlaceAgain,
    Captured {
        width: u32,
        height: u32,
        quality: Option<CaptureQuality>,
        template_bytes: usize,
    },
    NoFinger,
    /// Not usable: our own quality check (figures) or the module's refusal.
    PoorImage(Option<CaptureQuality>),
    /// The reader failed (its reason, in words).
    Failed(Text),
}

fn pct(x: f32) -> i64 {
    (f64::from(x) * 100.0).round() as i64
}

fn quality_lines(q: &CaptureQuality) -> Vec<Text> {
    vec![
        Text::new("maint-capture-coverage")
            .arg("value", pct(q.coverage))
            .arg("min", pct(q.min_coverage)),
        Text::new("maint-capture-contrast")
            .arg("value", pct(q.contrast))
            .arg("min", pct(q.min_contrast)),
        Text::new("maint-capture-score").arg("score", i64::from(q.score)),
    ]
}

pub fn capture(test: &CaptureTest) -> ActionReport {
    let kind = ActionKind::TestFingerprintCapture;
    let one = |severity, key| ActionReport::new(kind, severity, vec![Text::new(key)]);
    match test {
        CaptureTest::Waiting => one(Severity::Unknown, "maint-capture-waiting"),
        CaptureTest::Reading => one(Severity::Unknown, "maint-capture-reading"),
        CaptureTest::LiftAndPlaceAgain => one(Severity::Warning, "maint-capture-lift"),
        CaptureTest::NoFinger => one(Severity::Warning, "maint-capture-no-finger"),
        CaptureTest::Captured {
            width,
            height,
            quality,
            template_bytes,
        } => {
            let mut lines = vec![Text::new("maint-capture-done")
                .arg("width", *width)
                .arg("height", *height)
                .arg("bytes", i64::try_from(*template_bytes).unwrap_or(i64::MAX))];
            match quality {
                Some(q) => lines.extend(quality_lines(q)),
                None => lines.push(Text::new("maint-capture-no-image")),
            }
            lines.push(Text::new("maint-capture-not-kept"));
            ActionReport::new(kind, Severity::Ok, lines)
        }
        CaptureTest::PoorImage(quality) => {
            let mut lines = vec![Text::new("maint-capture-poor")];
            if let Some(q) = quality {
                lines.extend(quality_lines(q));
            }
            ActionReport::new(kind, Severity::Warning, lines)
        }
        CaptureTest::Failed(reason) => ActionReport::new(
            kind,
            Severity::Fault,
            vec![Text::new("maint-capture-failed").arg("reason", reason.clone())],
        ),
    }
}

// ------------------------------------------------------------ raw scan

/// What the raw-scan listener has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawScan {
    /// Listening on `port`, nothing read yet.
    Listening { port: String },
    /// The last read: its text already masked ([`mask_raw_scan`]), its size,
    /// and what the decoder made of it.
    Read {
        masked: String,
        bytes: usize,
        verdict: Text,
    },
    /// The port could not be opened.
    PortFailed { port: String, error: String },
}

pub fn raw_scan(scan: &RawScan) -> ActionReport {
    let kind = ActionKind::ShowLastRawScan;
    match scan {
        RawScan::Listening { port } => ActionReport::new(
            kind,
            Severity::Unknown,
            vec![
                Text::new("maint-raw-listening").arg("port", port.as_str()),
                Text::new("maint-raw-drivers-paused"),
            ],
        ),
        RawScan::Read {
            masked,
            bytes,
            verdict,
        } => ActionReport::new(
            kind,
            Severity::Ok,
            vec![
                Text::new("maint-raw-read").arg("bytes", i64::try_from(*bytes).unwrap_or(i64::MAX)),
                Text::raw(masked.as_str()),
                verdict.clone(),
                Text::new("maint-raw-masked"),
            ],
        ),
        RawScan::PortFailed { port, error } => ActionReport::new(
            kind,
            Severity::Fault,
            vec![Text::new("maint-raw-port-failed")
                .arg("port", port.as_str())
                .arg("error", error.as_str())],
        ),
    }
}

/// Digits of a long number that stay visible (enough to tell which test
/// card was read).
const KEEP_DIGITS: usize = 3;
/// A run of this many digits (dots between them allowed) is masked: a RUN
/// body, a document number, a date with its check digit.
const MASK_FROM_DIGITS: usize = 7;

/// The raw bytes of a scan as the technician sees them: control and
/// non-ASCII bytes made visible (`<CR>`, `<LF>`, `<STX>`, `<ETX>`, `<x9F>`),
/// and every long number (7+ digits, dots allowed: a RUN, a document
/// number, a birth date with its check digit) masked but its last three
/// digits. A RUN's check digit after the '-' is kept. Letters, fillers and
/// separators stay: they are what a misconfigured reader gets wrong.
pub fn mask_raw_scan(raw: &[u8]) -> String {
    // First the numbers, on the bytes, so a masked digit never leaks through
    // the escaping.
    let mut bytes: Vec<u8> = raw.to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        // A run of digits with single dots between them.
        let start = i;
        let mut end = i;
        let mut digits = Vec::new();
        while end < bytes.len() {
            if bytes[end].is_ascii_digit() {
                digits.push(end);
                end += 1;
            } else if bytes[end] == b'.' && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1;
            } else {
                break;
            }
        }
        if digits.len() >= MASK_FROM_DIGITS {
            for &at in &digits[..digits.len() - KEEP_DIGITS] {
                bytes[at] = 0;
            }
        }
        i = end.max(start + 1);
    }
    let mut out = String::with_capacity(bytes.len());
    for b in &bytes {
        match b {
            0 => out.push('•'),
            b'\r' => out.push_str("<CR>"),
            b'\n' => out.push_str("<LF>"),
            b'\t' => out.push_str("<TAB>"),
            0x02 => out.push_str("<STX>"),
            0x03 => out.push_str("<ETX>"),
            0x20..=0x7e => out.push(char::from(*b)),
            other => out.push_str(&format!("<x{other:02X}>")),
        }
    }
    // The copy held the unmasked digits.
    bytes.zeroize();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_is_masked_but_its_last_digits_and_check_digit() {
        assert_eq!(
            mask_raw_scan(b"https://portal.sidiv.registrocivil.cl/docstatus?RUN=11111111-1&type=CEDULA&serial=A012345678\r"),
            "https://portal.sidiv.registrocivil.cl/docstatus?RUN=•••••111-1&type=CEDULA&serial=A••••••678<CR>"
        );
        assert_eq!(mask_raw_scan(b"11.111.111-K"), "••.•••.111-K");
        // Short numbers (a year, a count) are not personal.
        assert_eq!(mask_raw_scan(b"type=2026&n=123456"), "type=2026&n=123456");
    }

    #[test]
    fn control_bytes_and_non_ascii_are_made_visible() {
        assert_eq!(
            mask_raw_scan(b"\x02IDCHL<<\nX\x03\r\n\xc3\xa9"),
            "<STX>IDCHL<<<LF>X<ETX><CR><LF><xC3><xA9>"
        );
    }

    #[test]
    fn a_mrz_keeps_its_shape_and_loses_its_numbers() {
        let masked =
            mask_raw_scan(b"INCHLA012345678<<<<<<<<<<<<<<<\r8005051M3101010CHL11111111<1<0\r");
        assert!(masked.starts_with("INCHLA••••••678<<<"), "{masked}");
        assert!(
            masked.contains("••••051M••••010CHL•••••111<1<0"),
            "{masked}"
        );
        assert!(!masked.contains("11111111"));
    }

    #[test]
    fn a_refused_reload_says_the_running_configuration_is_kept() {
        let r = reload(&ReloadOutcome::Refused {
            error: "kiosk.toml:12: devices.scanner.baud: expected an integer".into(),
        });
        assert_eq!(r.severity, Severity::Fault);
        assert_eq!(
            r.lines[1],
            Text::raw("kiosk.toml:12: devices.scanner.baud: expected an integer")
        );
        assert_eq!(r.lines[2].key, "maint-reload-kept");
        let ok = reload(&ReloadOutcome::Loaded {
            applied: vec!["[timeouts]".into()],
            need_restart: vec!["[devices.scanner]".into()],
        });
        assert_eq!(ok.severity, Severity::Warning);
        assert_eq!(ok.lines.len(), 2);
    }
}
