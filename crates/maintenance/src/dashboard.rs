//! What the technician dashboard shows, as plain data: built from what the
//! app knows ([`DashboardInputs`]), judged (ok / warning / fault) and worded
//! here as [`Text`]s — Fluent message ids with their arguments — so the ui
//! only translates (assets/i18n, keys `maint-*`) and lays them out.
//!
//! The action reports ([`ActionReport`]: the test page, the reload, the LED
//! test, the test capture, the raw scan) are worded here too, from plain
//! inputs, so every sentence the technician reads is tested in this crate.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::audit::AuditEntry;
use crate::desk::ActionKind;
use crate::disk::{human_bytes, DiskSpace};
use crate::metrics::{Device, PrinterState};

/// How a row looks: green, amber, red, grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Ok,
    Unknown,
    Warning,
    Fault,
}

/// A sentence or a word for the technician: a Fluent message id (`maint-…`)
/// and its arguments. The ui translates it into the dashboard's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is (a port, a URL, a date, a keyword).
    Str(String),
    /// A number (Fluent picks the plural form from it).
    Num(i64),
    /// Another text, translated first.
    Text(Box<Text>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Self {
        Arg::Text(Box::new(t))
    }
}

impl Text {
    /// A message without arguments.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// A value shown as it is, in every language (`maint-raw`).
    pub fn raw(value: impl Into<String>) -> Self {
        Self::new("maint-raw").arg("value", value.into())
    }

    /// Every message id this text uses, nested ones included.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = vec![self.key];
        for (_, arg) in &self.args {
            if let Arg::Text(t) = arg {
                keys.extend(t.keys());
            }
        }
        keys
    }
}

/// "yes" / "no".
pub fn yes_no(yes: bool) -> Text {
    Text::new(if yes { "maint-yes" } else { "maint-no" })
}

/// A serial device as the device layer reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInput {
    pub device: Device,
    pub port: String,
    pub baud: u32,
    /// What the device says of itself (label, value), e.g. the R30x system
    /// parameters (baud, packet size, library size, LED). Technical values only.
    pub params: Vec<(Text, Text)>,
    /// When the driver reported it connected; None while disconnected.
    pub connected_since: Option<DateTime<Utc>>,
    /// The last thing that went wrong, as the driver said it.
    pub last_error: Option<Text>,
    /// Whether the reader has a LED ring; None while unknown.
    pub has_led: Option<bool>,
    /// Its driver is stopped on purpose (the raw-scan listener has the port).
    pub paused: bool,
}

/// The backend as the registry client and the heartbeat see it.
#[derive(Debug, Clone, PartialEq)]
pub struct BackendInput {
    pub url: String,
    /// None before the first call.
    pub reachable: Option<bool>,
    pub last_latency: Option<Duration>,
    /// The client certificate's notAfter, or why it could not be read.
    pub client_cert_not_after: Result<DateTime<Utc>, String>,
    /// Delivery reports on disk the registry has not taken (None: not counted yet).
    pub reports_waiting: Option<u64>,
}

/// The printer as the print layer reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrinterInput {
    pub queue: String,
    pub state: PrinterState,
    /// IPP printer-state-reasons, e.g. "media-empty-error", "media-low-report".
    pub reasons: Vec<String>,
    /// Jobs waiting in the spool.
    pub jobs_waiting: u32,
}

/// Everything the dashboard is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardInputs {
    pub now: DateTime<Utc>,
    pub kiosk_id: String,
    pub site: String,
    pub version: String,
    pub uptime: Duration,
    pub sessions_today: u64,
    pub devices: Vec<DeviceInput>,
    pub backend: BackendInput,
    pub printer: PrinterInput,
    pub spool_dir: String,
    /// statvfs of the spool folder, or the error.
    pub spool_space: Result<DiskSpace, String>,
    pub out_of_service: Option<String>,
    /// The last structured log lines (already free of personal data).
    pub log_tail: Vec<String>,
    pub recent_audit: Vec<AuditEntry>,
}

/// One line of the dashboard: a label, a value, and how it looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: Text,
    pub value: Text,
    pub severity: Severity,
}

impl Row {
    fn new(label: &'static str, value: Text, severity: Severity) -> Self {
        Self {
            label: Text::new(label),
            value,
            severity,
        }
    }
}

/// A titled group of rows (one device, the backend, the printer...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: Text,
    pub severity: Severity,
    pub rows: Vec<Row>,
}

/// A button of the dashboard: enabled, or greyed with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionButton {
    pub kind: ActionKind,
    pub label: Text,
    pub disabled_because: Option<Text>,
}

/// The whole dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// "TOT-0001 · Hospital Regional · v0.1.0"
    pub heading: String,
    pub overall: Severity,
    /// Short sentences for the top of the screen: what to fix first.
    pub problems: Vec<Text>,
    pub sections: Vec<Section>,
    pub actions: Vec<ActionButton>,
    /// The last log lines, humanized ("10:02:03 WARN printer stopped ...").
    pub log_tail: Vec<String>,
    /// "10:01 action_taken led_test", newest last.
    pub audit_lines: Vec<String>,
}

impl Dashboard {
    /// Every text of the dashboard (for the translation tests).
    pub fn texts(&self) -> Vec<&Text> {
        let mut all: Vec<&Text> = self.problems.iter().collect();
        for s in &self.sections {
            all.push(&s.title);
            for r in &s.rows {
                all.push(&r.label);
                all.push(&r.value);
            }
        }
        for a in &self.actions {
            all.push(&a.label);
            all.extend(a.disabled_because.as_ref());
        }
        all
    }
}

/// Client certificate warnings: amber under 30 days, red under 7.
const CERT_WARN_DAYS: i64 = 30;
const CERT_FAULT_DAYS: i64 = 7;
/// Spool disk: amber under 500 MB, red under 100 MB. Absolute, not a share
/// of the disk: a certificate is ~30 kB, so 10 % of a large disk is still
/// years of paper.
const DISK_WARN_BYTES: u64 = 500_000_000;
const DISK_FAULT_BYTES: u64 = 100_000_000;
/// Backend latency: amber above 2 s.
const SLOW_BACKEND: Duration = Duration::from_secs(2);

/// The message id of an action's button: `maint-action-<keyword>`.
pub fn action_label(kind: ActionKind) -> Text {
    Text::new(match kind {
        ActionKind::TestFingerprintCapture => "maint-action-test-fingerprint-capture",
        ActionKind::LedTest => "maint-action-led-test",
        ActionKind::ShowLastRawScan => "maint-action-show-last-raw-scan",
        ActionKind::PrintTestPage => "maint-action-print-test-page",
        ActionKind::PaperRefilled => "maint-action-paper-refilled",
        ActionKind::ReloadConfiguration => "maint-action-reload-configuration",
        ActionKind::PutOutOfService => "maint-action-put-out-of-service",
        ActionKind::BackInService => "maint-action-back-in-service",
        ActionKind::RestartApplication => "maint-action-restart-application",
        ActionKind::LeaveMaintenance => "maint-action-leave-maintenance",
    })
}

fn device_title(device: Device) -> Text {
    Text::new(match device {
        Device::Scanner => "maint-section-scanner",
        Device::Fingerprint => "maint-section-fingerprint",
    })
}

/// Builds the dashboard.
pub fn build(inputs: &DashboardInputs) -> Dashboard {
    let mut problems = Vec::new();
    let mut sections = Vec::new();

    let mut general = vec![
        Row::new("maint-version", Text::raw(&inputs.version), Severity::Ok),
        Row::new(
            "maint-uptime",
            Text::raw(human_duration(inputs.uptime)),
            Severity::Ok,
        ),
        Row::new(
            "maint-sessions-today",
            Text::raw(inputs.sessions_today.to_string()),
            Severity::Ok,
        ),
    ];
    if let Some(message) = &inputs.out_of_service {
        general.push(Row::new(
            "maint-out-of-service",
            Text::raw(message),
            Severity::Warning,
        ));
        problems.push(Text::new("maint-problem-out-of-service"));
    }
    sections.push(section("maint-section-kiosk", general));

    for d in &inputs.devices {
        sections.push(device_section(d, inputs.now, &mut problems));
    }
    sections.push(backend_section(&inputs.backend, inputs.now, &mut problems));
    sections.push(printer_section(&inputs.printer, &mut problems));
    sections.push(disk_section(
        &inputs.spool_dir,
        &inputs.spool_space,
        &mut problems,
    ));

    let overall = sections
        .iter()
        .map(|s| s.severity)
        .max()
        .unwrap_or(Severity::Ok);
    let reader = inputs
        .devices
        .iter()
        .find(|d| d.device == Device::Fingerprint);
    let reader_connected = reader.is_some_and(|d| d.connected_since.is_some() && !d.paused);
    let printer_reachable = inputs.printer.state != PrinterState::Offline;
    let actions = ActionKind::ALL
        .iter()
        .map(|&kind| {
            let disabled_because = match kind {
                ActionKind::TestFingerprintCapture | ActionKind::LedTest if !reader_connected => {
                    Some("maint-why-reader-disconnected")
                }
                ActionKind::LedTest if reader.and_then(|d| d.has_led) == Some(false) => {
                    Some("maint-why-no-led")
                }
                ActionKind::PrintTestPage if !printer_reachable => {
                    Some("maint-why-printer-offline")
                }
                ActionKind::PutOutOfService if inputs.out_of_service.is_some() => {
                    Some("maint-why-already-out")
                }
                ActionKind::BackInService if inputs.out_of_service.is_none() => {
                    Some("maint-why-already-in")
                }
                _ => None,
            };
            ActionButton {
                kind,
                label: action_label(kind),
                disabled_because: disabled_because.map(Text::new),
            }
        })
        .collect();
    let audit_lines = inputs
        .recent_audit
        .iter()
        .map(|e| {
            let time = DateTime::parse_from_rfc3339(&e.time)
                .map(|t| t.with_timezone(&Utc).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|_| e.time.clone());
            match &e.detail {
                Some(d) => format!("{time} {} {d}", e.event),
                None => format!("{time} {}", e.event),
            }
        })
        .collect();
    Dashboard {
        heading: format!(
            "{} · {} · v{}",
            inputs.kiosk_id, inputs.site, inputs.version
        ),
        overall,
        problems,
        sections,
        actions,
        log_tail: inputs
            .log_tail
            .iter()
            .map(|l| crate::logging::humanize(l))
            .collect(),
        audit_lines,
    }
}

fn section(title: &'static str, rows: Vec<Row>) -> Section {
    section_titled(Text::new(title), rows)
}

fn section_titled(title: Text, rows: Vec<Row>) -> Section {
    let severity = rows
        .iter()
        .map(|r| r.severity)
        .max()
        .unwrap_or(Severity::Ok);
    Section {
        title,
        severity,
        rows,
    }
}

fn device_section(d: &DeviceInput, now: DateTime<Utc>, problems: &mut Vec<Text>) -> Section {
    let mut rows = vec![Row::new(
        "maint-port",
        Text::new("maint-port-value")
            .arg("port", d.port.as_str())
            .arg("baud", d.baud),
        Severity::Ok,
    )];
    match (d.paused, d.connected_since) {
        (true, _) => rows.push(Row::new(
            "maint-connected",
            Text::new("maint-paused"),
            Severity::Unknown,
        )),
        (false, Some(since)) => rows.push(Row::new(
            "maint-connected",
            Text::new("maint-connected-since")
                .arg("since", since.format("%Y-%m-%d %H:%M:%S").to_string())
                .arg(
                    "ago",
                    human_duration((now - since).to_std().unwrap_or_default()),
                ),
            Severity::Ok,
        )),
        (false, None) => {
            rows.push(Row::new("maint-connected", yes_no(false), Severity::Fault));
            problems.push(
                Text::new("maint-problem-device-disconnected")
                    .arg("device", device_title(d.device))
                    .arg("port", d.port.as_str()),
            );
        }
    }
    for (label, value) in &d.params {
        rows.push(Row {
            label: label.clone(),
            value: value.clone(),
            severity: Severity::Ok,
        });
    }
    if let Some(e) = &d.last_error {
        // A past error is a hint, not a fault, while the device answers.
        let sev = if d.connected_since.is_some() || d.paused {
            Severity::Ok
        } else {
            Severity::Fault
        };
        rows.push(Row::new("maint-last-error", e.clone(), sev));
    }
    section_titled(device_title(d.device), rows)
}

fn backend_section(b: &BackendInput, now: DateTime<Utc>, problems: &mut Vec<Text>) -> Section {
    let mut rows = vec![Row::new("maint-url", Text::raw(&b.url), Severity::Ok)];
    match b.reachable {
        Some(true) => rows.push(Row::new("maint-reachable", yes_no(true), Severity::Ok)),
        Some(false) => {
            rows.push(Row::new("maint-reachable", yes_no(false), Severity::Fault));
            problems.push(Text::new("maint-problem-backend-unreachable"));
        }
        None => rows.push(Row::new(
            "maint-reachable",
            Text::new("maint-not-tried"),
            Severity::Unknown,
        )),
    }
    if let Some(l) = b.last_latency {
        let sev = if l > SLOW_BACKEND {
            Severity::Warning
        } else {
            Severity::Ok
        };
        let ms = i64::try_from(l.as_millis()).unwrap_or(i64::MAX);
        rows.push(Row::new(
            "maint-latency",
            Text::new("maint-ms").arg("ms", ms),
            sev,
        ));
    }
    if let Some(waiting) = b.reports_waiting {
        // A few wait for seconds after each print; more mean the registry
        // is not taking them (they are kept and sent when it does).
        let sev = if waiting > 0 {
            Severity::Warning
        } else {
            Severity::Ok
        };
        let count = i64::try_from(waiting).unwrap_or(i64::MAX);
        rows.push(Row::new(
            "maint-reports-waiting",
            Text::new("maint-reports-waiting-value").arg("count", count),
            sev,
        ));
    }
    // Plain http is only accepted in demo mode, where no client certificate
    // is sent: its absence is not a fault there.
    let uses_tls = !b.url.starts_with("http://");
    match &b.client_cert_not_after {
        _ if !uses_tls => {
            rows.push(Row::new(
                "maint-cert",
                Text::new("maint-cert-not-used"),
                Severity::Ok,
            ));
        }
        Ok(not_after) => {
            let days = (*not_after - now).num_days();
            let date = not_after.format("%Y-%m-%d").to_string();
            let left = Text::new("maint-cert-days-left")
                .arg("date", date.clone())
                .arg("days", days);
            let (sev, text) = if *not_after <= now {
                problems.push(Text::new("maint-problem-cert-expired"));
                (
                    Severity::Fault,
                    Text::new("maint-cert-expired-on").arg("date", date),
                )
            } else if days < CERT_FAULT_DAYS {
                problems.push(Text::new("maint-problem-cert-expires").arg("days", days));
                (Severity::Fault, left)
            } else if days < CERT_WARN_DAYS {
                problems.push(Text::new("maint-problem-cert-expires").arg("days", days));
                (Severity::Warning, left)
            } else {
                (Severity::Ok, left)
            };
            rows.push(Row::new("maint-cert-expires", text, sev));
        }
        Err(e) => {
            rows.push(Row::new("maint-cert", Text::raw(e), Severity::Fault));
            problems.push(Text::new("maint-problem-cert-unreadable"));
        }
    }
    section("maint-section-backend", rows)
}

/// What a printer-state-reason keyword asks of the technician, if we know it.
fn reason_text(reason: &str) -> (Severity, Option<&'static str>) {
    let base = reason
        .trim_end_matches("-error")
        .trim_end_matches("-warning")
        .trim_end_matches("-report");
    let sev = if reason.ends_with("-report") {
        Severity::Ok
    } else if reason.ends_with("-warning") || base == "media-low" || base == "toner-low" {
        Severity::Warning
    } else {
        Severity::Fault
    };
    let key = match base {
        "media-empty" | "media-needed" => "maint-reason-media-empty",
        "media-low" => "maint-reason-media-low",
        "media-jam" => "maint-reason-media-jam",
        "door-open" | "cover-open" => "maint-reason-door-open",
        "toner-empty" | "marker-supply-empty" => "maint-reason-toner-empty",
        "toner-low" | "marker-supply-low" => "maint-reason-toner-low",
        "offline" | "shutdown" => "maint-reason-offline",
        "paused" | "moving-to-paused" => "maint-reason-paused",
        _ => return (sev, None),
    };
    (sev, Some(key))
}

/// The printer's state in words (`maint-printer-<state>`).
pub fn printer_state_text(state: PrinterState) -> Text {
    Text::new(match state {
        PrinterState::Idle => "maint-printer-idle",
        PrinterState::Printing => "maint-printer-printing",
        PrinterState::Stopped => "maint-printer-stopped",
        PrinterState::Offline => "maint-printer-offline",
        PrinterState::Unknown => "maint-printer-unknown",
    })
}

fn printer_section(p: &PrinterInput, problems: &mut Vec<Text>) -> Section {
    let state_sev = match p.state {
        PrinterState::Idle | PrinterState::Printing => Severity::Ok,
        PrinterState::Stopped | PrinterState::Offline => Severity::Fault,
        PrinterState::Unknown => Severity::Unknown,
    };
    let mut rows = vec![
        Row::new("maint-queue", Text::raw(&p.queue), Severity::Ok),
        Row::new("maint-state", printer_state_text(p.state), state_sev),
    ];
    if state_sev == Severity::Fault {
        problems.push(
            Text::new("maint-problem-printer-state").arg("state", printer_state_text(p.state)),
        );
    }
    for reason in p.reasons.iter().filter(|r| r.as_str() != "none") {
        let (sev, key) = reason_text(reason);
        let value = match key {
            Some(key) => Text::new("maint-reason-value")
                .arg("reason", reason.as_str())
                .arg("text", Text::new(key)),
            None => Text::raw(reason),
        };
        if let (true, Some(key)) = (sev >= Severity::Warning, key) {
            problems.push(Text::new("maint-problem-printer-reason").arg("text", Text::new(key)));
        }
        rows.push(Row::new("maint-reason", value, sev));
    }
    let jobs_sev = if p.jobs_waiting > 0 && state_sev != Severity::Ok {
        Severity::Warning
    } else {
        Severity::Ok
    };
    rows.push(Row::new(
        "maint-jobs-waiting",
        Text::raw(p.jobs_waiting.to_string()),
        jobs_sev,
    ));
    section("maint-section-printer", rows)
}

fn disk_section(dir: &str, space: &Result<DiskSpace, String>, problems: &mut Vec<Text>) -> Section {
    let row = match space {
        Ok(s) => {
            let sev = if s.free < DISK_FAULT_BYTES {
                Severity::Fault
            } else if s.free < DISK_WARN_BYTES {
                Severity::Warning
            } else {
                Severity::Ok
            };
            if sev >= Severity::Warning {
                problems.push(Text::new("maint-problem-disk-low").arg("free", human_bytes(s.free)));
            }
            Row::new(
                "maint-free",
                Text::new("maint-free-value")
                    .arg("free", human_bytes(s.free))
                    .arg("total", human_bytes(s.total))
                    .arg("percent", (s.free_ratio() * 100.0).round() as i64),
                sev,
            )
        }
        Err(e) => {
            problems.push(Text::new("maint-problem-spool-unreadable"));
            Row::new("maint-free", Text::raw(e), Severity::Fault)
        }
    };
    section(
        "maint-section-disk",
        vec![
            Row::new("maint-spool-folder", Text::raw(dir), Severity::Ok),
            row,
        ],
    )
}

/// "3 d 4 h", "2 h 5 min", "45 s" (the same in both languages).
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::reports::{
        self, CaptureQuality, CaptureTest, LedTest, RawScan, ReloadOutcome, TestPageProgress,
    };
    use chrono::TimeZone;
    use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

    /// The shipped texts, as the ui loads them.
    pub(crate) struct Say {
        es: FluentBundle<FluentResource>,
        en: FluentBundle<FluentResource>,
    }

    impl Say {
        pub(crate) fn new() -> Self {
            let bundle = |tag: &str, source: &str| {
                let mut b = FluentBundle::new(vec![tag
                    .parse::<unic_langid::LanguageIdentifier>()
                    .unwrap()]);
                b.set_use_isolating(false);
                b.add_resource(FluentResource::try_new(source.to_owned()).unwrap())
                    .unwrap();
                b
            };
            Self {
                es: bundle("es", include_str!("../../../assets/i18n/es.ftl")),
                en: bundle("en", include_str!("../../../assets/i18n/en.ftl")),
            }
        }

        /// Translates `text`; a missing id or argument fails the test.
        pub(crate) fn say(&self, english: bool, text: &Text) -> String {
            let bundle = if english { &self.en } else { &self.es };
            let mut args = FluentArgs::new();
            for (name, arg) in &text.args {
                let value = match arg {
                    Arg::Str(s) => FluentValue::from(s.clone()),
                    Arg::Num(n) => FluentValue::from(*n),
                    Arg::Text(t) => FluentValue::from(self.say(english, t)),
                };
                args.set(*name, value);
            }
            let message = bundle.get_message(text.key).unwrap_or_else(|| {
                panic!(
                    "{} missing in {}",
                    text.key,
                    if english { "en" } else { "es" }
                )
            });
            let mut errors = Vec::new();
            let out = bundle
                .format_pattern(message.value().unwrap(), Some(&args), &mut errors)
                .into_owned();
            assert!(errors.is_empty(), "{}: {errors:?}", text.key);
            out
        }

        pub(crate) fn es(&self, text: &Text) -> String {
            self.say(false, text)
        }

        pub(crate) fn en(&self, text: &Text) -> String {
            self.say(true, text)
        }
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
            .single()
            .unwrap()
    }

    fn healthy() -> DashboardInputs {
        DashboardInputs {
            now: now(),
            kiosk_id: "TOT-0001".into(),
            site: "Hospital Regional".into(),
            version: "0.1.0".into(),
            uptime: Duration::from_secs(3 * 86_400 + 4 * 3600),
            sessions_today: 37,
            devices: vec![
                DeviceInput {
                    device: Device::Scanner,
                    port: "/dev/ttyACM0".into(),
                    baud: 9600,
                    params: vec![],
                    connected_since: Some(now() - chrono::TimeDelta::hours(2)),
                    last_error: None,
                    has_led: None,
                    paused: false,
                },
                DeviceInput {
                    device: Device::Fingerprint,
                    port: "/dev/ttyUSB0".into(),
                    baud: 57_600,
                    params: vec![
                        (Text::new("maint-param-library-size"), Text::raw("200")),
                        (Text::new("maint-param-led"), yes_no(true)),
                    ],
                    connected_since: Some(now() - chrono::TimeDelta::hours(2)),
                    last_error: Some(Text::new("maint-error-no-answer")),
                    has_led: Some(true),
                    paused: false,
                },
            ],
            backend: BackendInput {
                url: "https://registry.example.invalid".into(),
                reachable: Some(true),
                last_latency: Some(Duration::from_millis(85)),
                client_cert_not_after: Ok(now() + chrono::TimeDelta::days(200)),
                reports_waiting: Some(0),
            },
            printer: PrinterInput {
                queue: "totem".into(),
                state: PrinterState::Idle,
                reasons: vec!["none".into()],
                jobs_waiting: 0,
            },
            spool_dir: "/var/lib/totem/spool".into(),
            spool_space: Ok(DiskSpace {
                free: 20_000_000_000,
                total: 32_000_000_000,
            }),
            out_of_service: None,
            log_tail: vec!["{\"message\":\"session started\"}".into()],
            recent_audit: vec![],
        }
    }

    fn section<'a>(d: &'a Dashboard, key: &str) -> &'a Section {
        d.sections.iter().find(|s| s.title.key == key).unwrap()
    }

    fn action(d: &Dashboard, kind: ActionKind) -> &ActionButton {
        d.actions.iter().find(|a| a.kind == kind).unwrap()
    }

    #[test]
    fn a_healthy_kiosk_is_all_green_in_both_languages() {
        let say = Say::new();
        let d = build(&healthy());
        assert_eq!(d.overall, Severity::Ok, "{:#?}", d.sections);
        assert!(d.problems.is_empty());
        assert_eq!(d.heading, "TOT-0001 · Hospital Regional · v0.1.0");
        let kiosk = &d.sections[0];
        assert_eq!(say.es(&kiosk.title), "Tótem");
        assert_eq!(say.es(&kiosk.rows[1].label), "En marcha hace");
        assert_eq!(say.es(&kiosk.rows[1].value), "3 d 4 h");
        assert_eq!(say.en(&kiosk.rows[2].label), "Sessions today");
        assert_eq!(say.es(&kiosk.rows[2].value), "37");
        let fp = section(&d, "maint-section-fingerprint");
        assert_eq!(say.es(&fp.title), "Lector de huella");
        assert_eq!(say.es(&fp.rows[0].value), "/dev/ttyUSB0 a 57600 baudios");
        assert_eq!(say.en(&fp.rows[0].value), "/dev/ttyUSB0 at 57600 baud");
        assert_eq!(
            say.es(&fp.rows[1].value),
            "desde 2026-11-25 10:00:00 (hace 2 h 0 min)"
        );
        assert_eq!(
            say.en(&fp.rows[1].value),
            "since 2026-11-25 10:00:00 (2 h 0 min ago)"
        );
        let shown: Vec<(String, String)> = fp
            .rows
            .iter()
            .map(|r| (say.es(&r.label), say.es(&r.value)))
            .collect();
        assert!(
            shown.contains(&("Anillo LED".into(), "sí".into())),
            "{shown:?}"
        );
        assert!(shown.contains(&("Capacidad de la biblioteca".into(), "200".into())));
        // A past error while connected is a hint, not a fault.
        let last = fp.rows.last().unwrap();
        assert_eq!(say.en(&last.label), "Last error");
        assert_eq!(last.severity, Severity::Ok);
        let disabled: Vec<_> = d
            .actions
            .iter()
            .filter(|a| a.disabled_because.is_some())
            .map(|a| a.kind)
            .collect();
        assert_eq!(disabled, [ActionKind::BackInService]);
        let labels: Vec<String> = d.actions.iter().map(|a| say.es(&a.label)).collect();
        assert_eq!(labels[0], "Probar captura de huella");
        assert_eq!(labels[9], "Salir de mantenimiento");
    }

    #[test]
    fn what_is_broken_comes_first_in_plain_words_in_both_languages() {
        let say = Say::new();
        let mut i = healthy();
        i.devices[1].connected_since = None;
        i.printer = PrinterInput {
            queue: "totem".into(),
            state: PrinterState::Stopped,
            reasons: vec!["media-empty-error".into(), "media-low-report".into()],
            jobs_waiting: 2,
        };
        i.backend.client_cert_not_after = Ok(now() + chrono::TimeDelta::days(12));
        i.spool_space = Ok(DiskSpace {
            free: 80_000_000,
            total: 32_000_000_000,
        });
        let d = build(&i);
        assert_eq!(d.overall, Severity::Fault);
        let en: Vec<String> = d.problems.iter().map(|p| say.en(p)).collect();
        assert_eq!(
            en,
            [
                "Fingerprint reader is not connected (/dev/ttyUSB0).",
                "The kiosk's TLS certificate expires in 12 days.",
                "The printer is stopped.",
                "Printer: out of paper: refill the tray.",
                "Little disk space left for the print spool (80.0 MB).",
            ]
        );
        let es: Vec<String> = d.problems.iter().map(|p| say.es(p)).collect();
        assert_eq!(
            es,
            [
                "Lector de huella no está conectado (/dev/ttyUSB0).",
                "El certificado TLS del tótem vence en 12 días.",
                "La impresora está detenida.",
                "Impresora: sin papel: rellene la bandeja.",
                "Queda poco espacio en disco para la cola de impresión (80.0 MB).",
            ]
        );
        let printer = section(&d, "maint-section-printer");
        assert!(printer.rows.iter().any(|r| say.es(&r.value)
            == "media-empty-error: sin papel: rellene la bandeja"
            && r.severity == Severity::Fault));
        let led = action(&d, ActionKind::LedTest);
        assert_eq!(
            led.disabled_because.as_ref().map(|t| say.es(t)).as_deref(),
            Some("el lector de huella no está conectado")
        );
        // A disconnected reader's last error is a fault.
        let fp = section(&d, "maint-section-fingerprint");
        assert_eq!(fp.rows.last().unwrap().severity, Severity::Fault);
    }

    #[test]
    fn a_reader_without_a_led_greys_the_led_test_and_says_why() {
        let say = Say::new();
        let mut i = healthy();
        i.devices[1].has_led = Some(false);
        let d = build(&i);
        let led = action(&d, ActionKind::LedTest);
        assert_eq!(
            led.disabled_because.as_ref().map(|t| say.en(t)).as_deref(),
            Some("this reader has no LED ring")
        );
        // Capture still works.
        let capture = action(&d, ActionKind::TestFingerprintCapture);
        assert!(capture.disabled_because.is_none());
    }

    #[test]
    fn paused_drivers_are_not_a_fault() {
        let say = Say::new();
        let mut i = healthy();
        for d in &mut i.devices {
            d.paused = true;
            d.connected_since = None;
        }
        let d = build(&i);
        assert!(d.problems.is_empty(), "{:?}", d.problems);
        let scanner = section(&d, "maint-section-scanner");
        assert_eq!(
            say.es(&scanner.rows[1].value),
            "en pausa mientras escucha la prueba de lectura cruda"
        );
    }

    #[test]
    fn an_expired_or_unreadable_certificate_is_a_fault() {
        let say = Say::new();
        let mut i = healthy();
        i.backend.client_cert_not_after = Ok(now() - chrono::TimeDelta::days(1));
        assert_eq!(build(&i).overall, Severity::Fault);
        i.backend.client_cert_not_after =
            Err("cannot read /etc/totem/tls/kiosk.pem: No such file".into());
        let d = build(&i);
        let es: Vec<String> = d.problems.iter().map(|p| say.es(p)).collect();
        assert!(es.contains(&"No se puede leer el certificado TLS del tótem.".to_owned()));
    }

    #[test]
    fn a_demo_over_plain_http_needs_no_certificate() {
        let say = Say::new();
        let mut i = healthy();
        i.backend.url = "http://127.0.0.1:8931".into();
        i.backend.client_cert_not_after = Err("cannot read /etc/totem/tls/kiosk.pem".into());
        let d = build(&i);
        assert_eq!(d.overall, Severity::Ok);
        assert!(d.problems.is_empty());
        let rows: Vec<String> = d
            .sections
            .iter()
            .flat_map(|s| &s.rows)
            .map(|r| say.es(&r.value))
            .collect();
        assert!(rows.contains(&"no se usa (demo por http sin cifrar)".to_owned()));
    }

    #[test]
    fn delivery_reports_waiting_show_amber_with_their_count() {
        let say = Say::new();
        let value = |d: &Dashboard| {
            d.sections
                .iter()
                .flat_map(|s| &s.rows)
                .find(|r| r.label.key == "maint-reports-waiting")
                .map(|r| (say.es(&r.value), say.en(&r.value), r.severity))
        };
        let mut i = healthy();
        assert_eq!(
            value(&build(&i)),
            Some(("ninguno".into(), "none".into(), Severity::Ok))
        );
        i.backend.reports_waiting = Some(2);
        assert_eq!(
            value(&build(&i)),
            Some((
                "2 (se envían cuando el Registro los reciba)".into(),
                "2 (sent when the registry takes them)".into(),
                Severity::Warning
            ))
        );
        i.backend.reports_waiting = None;
        assert_eq!(value(&build(&i)), None);
    }

    #[test]
    fn a_large_disk_with_a_small_share_free_is_fine() {
        let mut i = healthy();
        // 20 GB free on a 250 GB disk: 8 %, yet years of certificates.
        i.spool_space = Ok(DiskSpace {
            free: 20_000_000_000,
            total: 250_000_000_000,
        });
        assert!(build(&i).problems.is_empty());
        i.spool_space = Ok(DiskSpace {
            free: 400_000_000,
            total: 250_000_000_000,
        });
        assert_eq!(build(&i).overall, Severity::Warning);
    }

    #[test]
    fn out_of_service_shows_and_swaps_the_buttons() {
        let mut i = healthy();
        i.out_of_service = Some("Sin papel".into());
        let d = build(&i);
        assert_eq!(d.overall, Severity::Warning);
        let put = action(&d, ActionKind::PutOutOfService);
        let back = action(&d, ActionKind::BackInService);
        assert!(put.disabled_because.is_some() && back.disabled_because.is_none());
    }

    /// Every text the dashboard and the reports can produce, in both
    /// languages: no missing id, no missing argument, never the raw id.
    #[test]
    fn every_text_exists_in_both_languages() {
        let say = Say::new();
        let mut broken = healthy();
        broken.devices[0].connected_since = None;
        broken.devices[0].last_error = Some(
            Text::new("maint-error-at").arg("time", "10:02:03").arg(
                "error",
                Text::new("maint-error-unreadable")
                    .arg("reason", Text::new("maint-unreadable-incomplete")),
            ),
        );
        broken.devices[1].paused = true;
        broken.backend.reachable = Some(false);
        broken.backend.last_latency = Some(Duration::from_secs(3));
        broken.backend.client_cert_not_after = Ok(now() - chrono::TimeDelta::days(1));
        broken.printer.state = PrinterState::Offline;
        broken.printer.reasons = [
            "media-empty-error",
            "media-low-warning",
            "media-jam-error",
            "door-open-error",
            "toner-empty-error",
            "toner-low-report",
            "offline-report",
            "paused",
            "other-error",
        ]
        .map(String::from)
        .to_vec();
        broken.printer.jobs_waiting = 3;
        broken.spool_space = Err("statvfs: no such folder".into());
        broken.out_of_service = Some("Fuera".into());
        let mut unknown = healthy();
        unknown.backend.reachable = None;
        unknown.printer.state = PrinterState::Unknown;
        let q = CaptureQuality {
            coverage: 0.62,
            contrast: 0.31,
            score: 71,
            min_coverage: 0.45,
            min_contrast: 0.2,
        };
        let mut texts: Vec<Text> = Vec::new();
        for inputs in [healthy(), broken, unknown] {
            texts.extend(build(&inputs).texts().into_iter().cloned());
        }
        let mut reports = vec![
            reports::reload(&ReloadOutcome::Refused {
                error: "kiosk.toml:3: kiosk.id: expected a string".into(),
            }),
            reports::reload(&ReloadOutcome::Loaded {
                applied: vec![],
                need_restart: vec![],
            }),
            reports::reload(&ReloadOutcome::Loaded {
                applied: vec!["[timeouts]".into()],
                need_restart: vec!["[devices.scanner]".into()],
            }),
            reports::led(LedTest::Done),
            reports::led(LedTest::NoLed),
            reports::led(LedTest::Failed),
            reports::raw_scan(&RawScan::Listening {
                port: "/dev/ttyACM0".into(),
            }),
            reports::raw_scan(&RawScan::Read {
                masked: "x".into(),
                bytes: 1,
                verdict: Text::new("maint-raw-decoded")
                    .arg("carrier", "qr")
                    .arg("document", "CEDULA"),
            }),
            reports::raw_scan(&RawScan::Read {
                masked: "x".into(),
                bytes: 1,
                verdict: Text::new("maint-raw-not-a-card").arg("error", "mrz: check digit"),
            }),
            reports::raw_scan(&RawScan::PortFailed {
                port: "/dev/ttyACM0".into(),
                error: "busy".into(),
            }),
            reports::capture(&CaptureTest::Captured {
                width: 256,
                height: 288,
                quality: Some(q),
                template_bytes: 512,
            }),
            reports::capture(&CaptureTest::Captured {
                width: 0,
                height: 0,
                quality: None,
                template_bytes: 512,
            }),
            reports::capture(&CaptureTest::PoorImage(Some(q))),
            reports::capture(&CaptureTest::Failed(Text::new("maint-error-link-lost"))),
        ];
        for i in 0..3 {
            reports.push(reports::led(LedTest::Showing(i)));
        }
        for t in [
            CaptureTest::Waiting,
            CaptureTest::Reading,
            CaptureTest::LiftAndPlaceAgain,
            CaptureTest::NoFinger,
        ] {
            reports.push(reports::capture(&t));
        }
        for p in [
            TestPageProgress::Waiting,
            TestPageProgress::PrinterProblem(Text::raw("The printer is out of paper.")),
            TestPageProgress::Printed,
            TestPageProgress::Failed("job-canceled-by-user".into()),
            TestPageProgress::NotSpooled("disk full".into()),
        ] {
            reports.push(reports::test_page("test-1", &p));
        }
        for r in &reports {
            texts.extend(r.lines.iter().cloned());
        }
        for e in [
            "maint-unreadable-not-text",
            "maint-unreadable-too-long",
            "maint-error-not-connected",
            "maint-error-wrong-password",
            "maint-error-link-lost",
            "maint-why-busy",
            "maint-stop",
            "maint-title",
            "maint-pin-prompt",
            "maint-locked",
            "maint-close",
            "maint-language",
            "maint-audit",
            "maint-param-baud",
            "maint-param-packet-size",
            "maint-param-security-level",
        ] {
            texts.push(Text::new(e));
        }
        texts.push(Text::new("maint-error-module").arg("code", "ImageMessy"));
        texts.push(Text::new("maint-unreadable-not-a-card").arg("detail", "mrz: check digit"));
        texts.push(Text::new("maint-error-protocol").arg("what", "a short packet"));
        texts.push(Text::new("maint-param-baud-value").arg("baud", 57600u32));
        texts.push(Text::new("maint-param-packet-size-value").arg("bytes", 128u32));
        texts.push(Text::new("maint-pin-wrong").arg("left", 1u32));
        texts.push(
            Text::new("maint-locked-until")
                .arg("time", "10:15")
                .arg("left", "14:59"),
        );
        assert!(texts.len() > 100, "{}", texts.len());
        for t in &texts {
            for english in [false, true] {
                let s = say.say(english, t);
                assert!(!s.is_empty() && !s.contains("maint-"), "{t:?} -> {s:?}");
            }
        }
    }

    #[test]
    fn plurals_and_reports_read_right_in_spanish() {
        let say = Say::new();
        let wrong = |n: u32| say.es(&Text::new("maint-pin-wrong").arg("left", n));
        assert_eq!(wrong(1), "PIN incorrecto. Queda 1 intento.");
        assert_eq!(wrong(4), "PIN incorrecto. Quedan 4 intentos.");
        let r = reports::capture(&CaptureTest::Captured {
            width: 256,
            height: 288,
            quality: Some(CaptureQuality {
                coverage: 0.624,
                contrast: 0.31,
                score: 71,
                min_coverage: 0.45,
                min_contrast: 0.2,
            }),
            template_bytes: 512,
        });
        let lines: Vec<String> = r.lines.iter().map(|l| say.es(l)).collect();
        assert_eq!(
            lines[..4],
            [
                "Huella capturada: imagen de 256 × 288, plantilla de 512 bytes.",
                "Cobertura: 62 % (mínimo 45 %)",
                "Contraste: 31 % (mínimo 20 %)",
                "Puntaje de calidad: 71",
            ]
        );
        let led = reports::led(LedTest::Done);
        assert_eq!(
            say.en(&led.lines[0]),
            "LED test done: the ring showed red, blue and purple."
        );
        let page = reports::test_page(
            "test-1",
            &TestPageProgress::PrinterProblem(Text::raw("La impresora no tiene papel.")),
        );
        assert_eq!(
            say.es(&page.lines[0]),
            "Página de prueba test-1: aún no se imprime; problema de la impresora: La impresora no tiene papel."
        );
    }
}
