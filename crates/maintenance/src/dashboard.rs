//! What the technician dashboard shows, as plain data: built from what the
//! app knows ([`DashboardInputs`]), judged (ok / warning / fault) and
//! worded here, so the ui only lays it out.

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

/// A serial device as the device layer reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInput {
    pub device: Device,
    pub port: String,
    pub baud: u32,
    /// What the device says of itself, e.g. the R30x system parameters
    /// (status register, library size, security level, packet size) or a
    /// scanner's firmware line. Technical values only.
    pub params: Vec<(String, String)>,
    /// None while disconnected.
    pub connected_since: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
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
    /// Whether a raw scan was read during this visit.
    pub has_test_scan: bool,
}

/// One line of the dashboard: a label, a value, and how it looks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub value: String,
    pub severity: Severity,
}

impl Row {
    fn new(label: impl Into<String>, value: impl Into<String>, severity: Severity) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
            severity,
        }
    }
}

/// A titled group of rows (one device, the backend, the printer...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub severity: Severity,
    pub rows: Vec<Row>,
}

/// A button of the dashboard: enabled, or greyed with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionButton {
    pub kind: ActionKind,
    pub label: &'static str,
    pub disabled_because: Option<&'static str>,
}

/// The whole dashboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dashboard {
    /// "TOT-0001 · Hospital Regional · v0.1.0"
    pub heading: String,
    pub overall: Severity,
    /// Short sentences for the top of the screen: what to fix first.
    pub problems: Vec<String>,
    pub sections: Vec<Section>,
    pub actions: Vec<ActionButton>,
    /// The last log lines, humanized ("10:02:03 WARN printer stopped ...").
    pub log_tail: Vec<String>,
    /// "10:01 action_taken led_test", newest last.
    pub audit_lines: Vec<String>,
}

/// Client certificate warnings: amber under 30 days, red under 7.
const CERT_WARN_DAYS: i64 = 30;
const CERT_FAULT_DAYS: i64 = 7;
/// Spool disk: amber under 10 % or 500 MB, red under 100 MB.
const DISK_WARN_BYTES: u64 = 500_000_000;
const DISK_FAULT_BYTES: u64 = 100_000_000;
/// Backend latency: amber above 2 s.
const SLOW_BACKEND: Duration = Duration::from_secs(2);

/// Builds the dashboard.
pub fn build(inputs: &DashboardInputs) -> Dashboard {
    let mut problems = Vec::new();
    let mut sections = Vec::new();

    let mut general = vec![
        Row::new("Version", inputs.version.clone(), Severity::Ok),
        Row::new("Uptime", human_duration(inputs.uptime), Severity::Ok),
        Row::new(
            "Sessions today",
            inputs.sessions_today.to_string(),
            Severity::Ok,
        ),
    ];
    if let Some(message) = &inputs.out_of_service {
        general.push(Row::new(
            "Out of service",
            message.clone(),
            Severity::Warning,
        ));
        problems.push("The kiosk is out of service.".to_owned());
    }
    sections.push(section("Kiosk", general));

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
    let connected = |dev: Device| {
        inputs
            .devices
            .iter()
            .any(|d| d.device == dev && d.connected_since.is_some())
    };
    let printer_reachable = inputs.printer.state != PrinterState::Offline;
    let actions = ActionKind::ALL
        .iter()
        .map(|&kind| {
            let disabled_because = match kind {
                ActionKind::TestFingerprintCapture | ActionKind::LedTest
                    if !connected(Device::Fingerprint) =>
                {
                    Some("the fingerprint reader is not connected")
                }
                ActionKind::ShowLastRawScan if !inputs.has_test_scan => {
                    Some("scan a test card first")
                }
                ActionKind::PrintTestPage if !printer_reachable => Some("the printer is offline"),
                ActionKind::PutOutOfService if inputs.out_of_service.is_some() => {
                    Some("already out of service")
                }
                ActionKind::BackInService if inputs.out_of_service.is_none() => {
                    Some("already in service")
                }
                _ => None,
            };
            ActionButton {
                kind,
                label: kind.label(),
                disabled_because,
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

fn section(title: &str, rows: Vec<Row>) -> Section {
    let severity = rows
        .iter()
        .map(|r| r.severity)
        .max()
        .unwrap_or(Severity::Ok);
    Section {
        title: title.to_owned(),
        severity,
        rows,
    }
}

fn device_section(d: &DeviceInput, now: DateTime<Utc>, problems: &mut Vec<String>) -> Section {
    let title = match d.device {
        Device::Scanner => "ID-card scanner",
        Device::Fingerprint => "Fingerprint reader",
    };
    let mut rows = vec![Row::new(
        "Port",
        format!("{} at {} baud", d.port, d.baud),
        Severity::Ok,
    )];
    match d.connected_since {
        Some(since) => rows.push(Row::new(
            "Connected",
            format!(
                "since {} ({} ago)",
                since.format("%Y-%m-%d %H:%M"),
                human_duration((now - since).to_std().unwrap_or_default())
            ),
            Severity::Ok,
        )),
        None => {
            rows.push(Row::new("Connected", "no", Severity::Fault));
            problems.push(format!("{title} is not connected ({}).", d.port));
        }
    }
    for (k, v) in &d.params {
        rows.push(Row::new(k.clone(), v.clone(), Severity::Ok));
    }
    if let Some(e) = &d.last_error {
        // A past error is a hint, not a fault, while the device answers.
        let sev = if d.connected_since.is_some() {
            Severity::Ok
        } else {
            Severity::Fault
        };
        rows.push(Row::new("Last error", e.clone(), sev));
    }
    section(title, rows)
}

fn backend_section(b: &BackendInput, now: DateTime<Utc>, problems: &mut Vec<String>) -> Section {
    let mut rows = vec![Row::new("URL", b.url.clone(), Severity::Ok)];
    match b.reachable {
        Some(true) => rows.push(Row::new("Reachable", "yes", Severity::Ok)),
        Some(false) => {
            rows.push(Row::new("Reachable", "no", Severity::Fault));
            problems.push("The registry backend is unreachable: check the network.".to_owned());
        }
        None => rows.push(Row::new("Reachable", "not tried yet", Severity::Unknown)),
    }
    if let Some(l) = b.last_latency {
        let sev = if l > SLOW_BACKEND {
            Severity::Warning
        } else {
            Severity::Ok
        };
        rows.push(Row::new("Latency", format!("{} ms", l.as_millis()), sev));
    }
    match &b.client_cert_not_after {
        Ok(not_after) => {
            let days = (*not_after - now).num_days();
            let (sev, text) = if *not_after <= now {
                problems.push(
                    "The kiosk's TLS certificate has expired: the backend will refuse it."
                        .to_owned(),
                );
                (
                    Severity::Fault,
                    format!("expired on {}", not_after.format("%Y-%m-%d")),
                )
            } else if days < CERT_FAULT_DAYS {
                problems.push(format!(
                    "The kiosk's TLS certificate expires in {days} days."
                ));
                (
                    Severity::Fault,
                    format!("{} ({days} days left)", not_after.format("%Y-%m-%d")),
                )
            } else if days < CERT_WARN_DAYS {
                problems.push(format!(
                    "The kiosk's TLS certificate expires in {days} days."
                ));
                (
                    Severity::Warning,
                    format!("{} ({days} days left)", not_after.format("%Y-%m-%d")),
                )
            } else {
                (
                    Severity::Ok,
                    format!("{} ({days} days left)", not_after.format("%Y-%m-%d")),
                )
            };
            rows.push(Row::new("TLS certificate expires", text, sev));
        }
        Err(e) => {
            rows.push(Row::new("TLS certificate", e.clone(), Severity::Fault));
            problems.push("The kiosk's TLS certificate cannot be read.".to_owned());
        }
    }
    section("Registry backend", rows)
}

/// What a printer-state-reason keyword asks of the technician.
fn reason_text(reason: &str) -> (Severity, &'static str) {
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
    let text = match base {
        "media-empty" | "media-needed" => "out of paper: refill the tray",
        "media-low" => "paper is low",
        "media-jam" => "paper jam: open and clear it",
        "door-open" | "cover-open" => "a door is open",
        "toner-empty" | "marker-supply-empty" => "toner is empty",
        "toner-low" | "marker-supply-low" => "toner is low",
        "offline" | "shutdown" => "the printer is offline: check power and cable",
        "paused" | "moving-to-paused" => "the queue is paused",
        _ => "",
    };
    (sev, text)
}

fn printer_section(p: &PrinterInput, problems: &mut Vec<String>) -> Section {
    let state_sev = match p.state {
        PrinterState::Idle | PrinterState::Printing => Severity::Ok,
        PrinterState::Stopped | PrinterState::Offline => Severity::Fault,
        PrinterState::Unknown => Severity::Unknown,
    };
    let mut rows = vec![
        Row::new("Queue", p.queue.clone(), Severity::Ok),
        Row::new("State", p.state.as_str(), state_sev),
    ];
    if state_sev == Severity::Fault {
        problems.push(format!("The printer is {}.", p.state.as_str()));
    }
    for reason in p.reasons.iter().filter(|r| r.as_str() != "none") {
        let (sev, text) = reason_text(reason);
        let value = if text.is_empty() {
            reason.clone()
        } else {
            format!("{reason}: {text}")
        };
        if sev >= Severity::Warning && !text.is_empty() {
            let mut sentence = text.to_owned();
            if let Some(first) = sentence.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            problems.push(format!("Printer: {sentence}."));
        }
        rows.push(Row::new("Reason", value, sev));
    }
    let jobs_sev = if p.jobs_waiting > 0 && state_sev != Severity::Ok {
        Severity::Warning
    } else {
        Severity::Ok
    };
    rows.push(Row::new(
        "Jobs waiting",
        p.jobs_waiting.to_string(),
        jobs_sev,
    ));
    section("Printer", rows)
}

fn disk_section(
    dir: &str,
    space: &Result<DiskSpace, String>,
    problems: &mut Vec<String>,
) -> Section {
    let row = match space {
        Ok(s) => {
            let sev = if s.free < DISK_FAULT_BYTES {
                Severity::Fault
            } else if s.free < DISK_WARN_BYTES || s.free_ratio() < 0.10 {
                Severity::Warning
            } else {
                Severity::Ok
            };
            if sev >= Severity::Warning {
                problems.push(format!(
                    "Little disk space left for the print spool ({}).",
                    human_bytes(s.free)
                ));
            }
            Row::new(
                "Free",
                format!(
                    "{} of {} ({:.0} %)",
                    human_bytes(s.free),
                    human_bytes(s.total),
                    s.free_ratio() * 100.0
                ),
                sev,
            )
        }
        Err(e) => {
            problems.push("The print spool folder cannot be read.".to_owned());
            Row::new("Free", e.clone(), Severity::Fault)
        }
    };
    section(
        "Disk",
        vec![Row::new("Spool folder", dir, Severity::Ok), row],
    )
}

/// "3 d 4 h", "2 h 5 min", "45 s".
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
mod tests {
    use super::*;
    use chrono::TimeZone;

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
                },
                DeviceInput {
                    device: Device::Fingerprint,
                    port: "/dev/ttyUSB0".into(),
                    baud: 57_600,
                    params: vec![
                        ("Library size".into(), "200".into()),
                        ("Security level".into(), "3".into()),
                    ],
                    connected_since: Some(now() - chrono::TimeDelta::hours(2)),
                    last_error: Some("checksum mismatch (recovered)".into()),
                },
            ],
            backend: BackendInput {
                url: "https://registry.example.invalid".into(),
                reachable: Some(true),
                last_latency: Some(Duration::from_millis(85)),
                client_cert_not_after: Ok(now() + chrono::TimeDelta::days(200)),
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
            has_test_scan: false,
        }
    }

    #[test]
    fn a_healthy_kiosk_is_all_green() {
        let d = build(&healthy());
        assert_eq!(d.overall, Severity::Ok, "{:#?}", d.sections);
        assert!(d.problems.is_empty());
        assert_eq!(d.heading, "TOT-0001 · Hospital Regional · v0.1.0");
        let kiosk = &d.sections[0];
        assert_eq!(kiosk.rows[1].value, "3 d 4 h");
        assert_eq!(kiosk.rows[2].value, "37");
        let fp = d
            .sections
            .iter()
            .find(|s| s.title == "Fingerprint reader")
            .unwrap();
        assert_eq!(fp.rows[0].value, "/dev/ttyUSB0 at 57600 baud");
        assert!(fp
            .rows
            .iter()
            .any(|r| r.label == "Library size" && r.value == "200"));
        let disabled: Vec<_> = d
            .actions
            .iter()
            .filter(|a| a.disabled_because.is_some())
            .map(|a| a.kind)
            .collect();
        assert_eq!(
            disabled,
            [ActionKind::ShowLastRawScan, ActionKind::BackInService]
        );
    }

    #[test]
    fn what_is_broken_comes_first_in_plain_words() {
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
        assert_eq!(
            d.problems,
            [
                "Fingerprint reader is not connected (/dev/ttyUSB0).",
                "The kiosk's TLS certificate expires in 12 days.",
                "The printer is stopped.",
                "Printer: Out of paper: refill the tray.",
                "Little disk space left for the print spool (80.0 MB).",
            ]
        );
        let printer = d.sections.iter().find(|s| s.title == "Printer").unwrap();
        assert!(printer.rows.iter().any(|r| r.value
            == "media-empty-error: out of paper: refill the tray"
            && r.severity == Severity::Fault));
        let led = d
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::LedTest)
            .unwrap();
        assert_eq!(
            led.disabled_because,
            Some("the fingerprint reader is not connected")
        );
    }

    #[test]
    fn an_expired_or_unreadable_certificate_is_a_fault() {
        let mut i = healthy();
        i.backend.client_cert_not_after = Ok(now() - chrono::TimeDelta::days(1));
        assert_eq!(build(&i).overall, Severity::Fault);
        i.backend.client_cert_not_after =
            Err("cannot read /etc/totem/tls/kiosk.pem: No such file".into());
        let d = build(&i);
        assert!(d
            .problems
            .contains(&"The kiosk's TLS certificate cannot be read.".to_owned()));
    }

    #[test]
    fn out_of_service_shows_and_swaps_the_buttons() {
        let mut i = healthy();
        i.out_of_service = Some("Sin papel".into());
        let d = build(&i);
        assert_eq!(d.overall, Severity::Warning);
        let put = d
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::PutOutOfService)
            .unwrap();
        let back = d
            .actions
            .iter()
            .find(|a| a.kind == ActionKind::BackInService)
            .unwrap();
        assert!(put.disabled_because.is_some() && back.disabled_because.is_none());
    }
}
