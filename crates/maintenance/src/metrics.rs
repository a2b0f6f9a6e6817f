//! Counters, gauges and one histogram, exposed for Prometheus in the
//! OpenMetrics text format through `prometheus-client` (see `exposition`),
//! and the health summary the heartbeat sends. Every label value comes from
//! a closed enum or is sanitised to a short `[a-z0-9_-]` keyword: no label
//! can carry personal data.

mod exposition;
mod labels;

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use prometheus_client::metrics::histogram::Histogram;
use serde::{Deserialize, Serialize};

use crate::audit::AuditHead;
pub use labels::{AbandonReason, Device, FingerprintOutcome, Flow, PrinterState};

/// Upper bounds (seconds) of the backend latency histogram.
pub const LATENCY_BUCKETS: [f64; 11] =
    [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0];

/// At most this many distinct free-text label values per metric (certificate
/// kinds, printer reasons); the rest count under "other".
const MAX_FREE_LABELS: usize = 64;

/// Turns a catalog code or an IPP keyword into a safe label value: lower
/// case `[a-z0-9_-]`, at most 40 characters, else "other". A value with a
/// digit run of 5 or more (a RUN, a folio) is refused too.
pub fn label_keyword(raw: &str) -> String {
    let ok = !raw.is_empty()
        && raw.len() <= 40
        && raw
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-');
    let long_digits = raw
        .as_bytes()
        .windows(5)
        .any(|w| w.iter().all(u8::is_ascii_digit));
    if ok && !long_digits {
        raw.to_owned()
    } else {
        "other".to_owned()
    }
}

/// The numbers behind the metrics (a scrape encodes a copy).
#[derive(Debug, Clone)]
struct Inner {
    started: BTreeMap<Flow, u64>,
    completed: BTreeMap<Flow, u64>,
    abandoned: BTreeMap<(Flow, AbandonReason), u64>,
    fingerprint: BTreeMap<FingerprintOutcome, u64>,
    printed: BTreeMap<String, u64>,
    print_failed: BTreeMap<String, u64>,
    connected: BTreeMap<Device, bool>,
    backend_up: Option<bool>,
    backend_errors: u64,
    latency: Histogram,
    last_latency: Option<Duration>,
    printer: PrinterState,
    printer_reasons: Vec<String>,
    spool_free_bytes: Option<u64>,
    delivery_reports_waiting: Option<u64>,
    cert_not_after: Option<DateTime<Utc>>,
    out_of_service: bool,
    maintenance: bool,
    pin_lockouts: u64,
    heartbeats_failed: u64,
    today: Option<(NaiveDate, u64)>,
    audit_head: Option<AuditHead>,
}

/// All of the kiosk's numbers. Share it as `Arc<Metrics>`; every method
/// takes `&self`.
#[derive(Debug)]
pub struct Metrics {
    kiosk_id: String,
    version: String,
    boot: Instant,
    inner: Mutex<Inner>,
}

impl Metrics {
    pub fn new(kiosk_id: &str, version: &str) -> Self {
        let zero = |keys: &[Flow]| keys.iter().map(|&k| (k, 0)).collect::<BTreeMap<_, _>>();
        let abandoned = Flow::ALL
            .iter()
            .flat_map(|&f| AbandonReason::ALL.iter().map(move |&r| ((f, r), 0)))
            .collect();
        Self {
            kiosk_id: kiosk_id.to_owned(),
            version: version.to_owned(),
            boot: Instant::now(),
            inner: Mutex::new(Inner {
                started: zero(&Flow::ALL),
                completed: zero(&Flow::ALL),
                abandoned,
                fingerprint: FingerprintOutcome::ALL.iter().map(|&o| (o, 0)).collect(),
                printed: BTreeMap::new(),
                print_failed: BTreeMap::new(),
                connected: Device::ALL.iter().map(|&d| (d, false)).collect(),
                backend_up: None,
                backend_errors: 0,
                latency: Histogram::new(LATENCY_BUCKETS),
                last_latency: None,
                printer: PrinterState::Unknown,
                printer_reasons: Vec::new(),
                spool_free_bytes: None,
                delivery_reports_waiting: None,
                cert_not_after: None,
                out_of_service: false,
                maintenance: false,
                pin_lockouts: 0,
                heartbeats_failed: 0,
                today: None,
                audit_head: None,
            }),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        // A panic elsewhere while holding the lock must not stop the metrics.
        let mut guard = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut guard)
    }

    /// A citizen started a flow (chose it on the menu). `today` is the local
    /// date, for "sessions today".
    pub fn session_started(&self, flow: Flow, today: NaiveDate) {
        self.with(|m| {
            *m.started.entry(flow).or_default() += 1;
            m.today = match m.today {
                Some((d, n)) if d == today => Some((d, n + 1)),
                _ => Some((today, 1)),
            };
        });
    }

    pub fn session_completed(&self, flow: Flow) {
        self.with(|m| *m.completed.entry(flow).or_default() += 1);
    }

    pub fn session_abandoned(&self, flow: Flow, reason: AbandonReason) {
        self.with(|m| *m.abandoned.entry((flow, reason)).or_default() += 1);
    }

    pub fn fingerprint_try(&self, outcome: FingerprintOutcome) {
        self.with(|m| *m.fingerprint.entry(outcome).or_default() += 1);
    }

    /// A certificate came out of the printer; `kind` is the catalog code.
    pub fn certificate_printed(&self, kind: &str) {
        self.with(|m| bump_free(&mut m.printed, kind));
    }

    /// A certificate failed to print; `kind` is the catalog code.
    pub fn certificate_print_failed(&self, kind: &str) {
        self.with(|m| bump_free(&mut m.print_failed, kind));
    }

    pub fn device_connected(&self, device: Device, connected: bool) {
        self.with(|m| {
            m.connected.insert(device, connected);
        });
    }

    /// One backend call answered (any HTTP status) after `latency`.
    pub fn backend_call(&self, latency: Duration) {
        self.with(|m| {
            m.latency.observe(latency.as_secs_f64());
            m.last_latency = Some(latency);
            m.backend_up = Some(true);
        });
    }

    /// A backend call got no answer (connect error, TLS failure, timeout).
    pub fn backend_unreachable(&self) {
        self.with(|m| {
            m.backend_errors += 1;
            m.backend_up = Some(false);
        });
    }

    /// The printer's state and its reasons (IPP keywords such as `media-empty`).
    pub fn printer_state(&self, state: PrinterState, reasons: &[&str]) {
        self.with(|m| {
            m.printer = state;
            let mut r: Vec<String> = reasons
                .iter()
                .map(|r| label_keyword(r))
                .filter(|r| r != "none")
                .collect();
            r.sort();
            r.dedup();
            r.truncate(MAX_FREE_LABELS);
            m.printer_reasons = r;
        });
    }

    pub fn spool_free_bytes(&self, bytes: u64) {
        self.with(|m| m.spool_free_bytes = Some(bytes));
    }

    /// Delivery reports kept on disk that the registry has not taken yet.
    pub fn delivery_reports_waiting(&self, waiting: u64) {
        self.with(|m| m.delivery_reports_waiting = Some(waiting));
    }

    pub fn client_cert_not_after(&self, not_after: DateTime<Utc>) {
        self.with(|m| m.cert_not_after = Some(not_after));
    }

    pub fn out_of_service(&self, on: bool) {
        self.with(|m| m.out_of_service = on);
    }

    pub fn maintenance_mode(&self, on: bool) {
        self.with(|m| m.maintenance = on);
    }

    pub fn pin_lockout(&self) {
        self.with(|m| m.pin_lockouts += 1);
    }

    pub fn heartbeat_failed(&self) {
        self.with(|m| m.heartbeats_failed += 1);
    }

    pub fn audit_head(&self, head: AuditHead) {
        self.with(|m| m.audit_head = Some(head));
    }

    pub fn uptime(&self) -> Duration {
        self.boot.elapsed()
    }

    /// Sessions started on `today` (local date).
    pub fn sessions_today(&self, today: NaiveDate) -> u64 {
        self.with(|m| match m.today {
            Some((d, n)) if d == today => n,
            _ => 0,
        })
    }

    /// The exposition of everything, in the OpenMetrics text format
    /// (prometheus-client's encoder; Prometheus reads it as it reads the
    /// 0.0.4 text format, with the same series names).
    pub fn render(&self) -> String {
        let uptime = self.uptime().as_secs_f64();
        let state = self.with(|m| m.clone());
        exposition::encode(exposition::Exposition {
            kiosk: label_keyword_loose(&self.kiosk_id),
            version: label_keyword_loose(&self.version),
            uptime,
            state,
        })
    }

    /// The health summary: served on /health and sent as the heartbeat.
    pub fn health_summary(&self, now: DateTime<Utc>, today: NaiveDate) -> HealthSummary {
        let uptime_secs = self.uptime().as_secs();
        self.with(|m| {
            let devices: Vec<DeviceHealth> = m
                .connected
                .iter()
                .map(|(&device, &connected)| DeviceHealth { device, connected })
                .collect();
            let backend_reachable = m.backend_up;
            let mut problems = Vec::new();
            for d in &devices {
                if !d.connected {
                    problems.push(format!("{}_disconnected", d.device.as_str()));
                }
            }
            if backend_reachable == Some(false) {
                problems.push("backend_unreachable".into());
            }
            if matches!(m.printer, PrinterState::Stopped | PrinterState::Offline) {
                problems.push(format!("printer_{}", m.printer.as_str()));
            }
            if let Some(t) = m.cert_not_after {
                if t <= now {
                    problems.push("client_cert_expired".into());
                } else if t - now < chrono::TimeDelta::days(14) {
                    problems.push("client_cert_expires_soon".into());
                }
            }
            let status = if m.out_of_service {
                OverallStatus::OutOfService
            } else if m.maintenance {
                OverallStatus::Maintenance
            } else if problems.is_empty() {
                OverallStatus::Ok
            } else {
                OverallStatus::Degraded
            };
            HealthSummary {
                kiosk_id: self.kiosk_id.clone(),
                version: self.version.clone(),
                time: now,
                uptime_secs,
                status,
                problems,
                devices,
                backend_reachable,
                backend_last_latency_ms: m
                    .last_latency
                    .map(|l| u64::try_from(l.as_millis()).unwrap_or(u64::MAX)),
                printer_state: m.printer,
                printer_reasons: m.printer_reasons.clone(),
                spool_free_bytes: m.spool_free_bytes,
                delivery_reports_waiting: m.delivery_reports_waiting,
                client_cert_not_after: m.cert_not_after,
                sessions_today: match m.today {
                    Some((d, n)) if d == today => n,
                    _ => 0,
                },
                sessions_started_total: m.started.values().sum(),
                sessions_completed_total: m.completed.values().sum(),
                certificates_printed_total: m.printed.values().sum(),
                audit_head: m.audit_head.clone(),
            }
        })
    }
}

fn bump_free(map: &mut BTreeMap<String, u64>, raw: &str) {
    let mut key = label_keyword(raw);
    if !map.contains_key(&key) && map.len() >= MAX_FREE_LABELS {
        key = "other".into();
    }
    *map.entry(key).or_default() += 1;
}

/// Kiosk ids and versions are upper case with dots ("TOT-0001", "0.1.0"):
/// keep `[A-Za-z0-9._-]`, drop the rest, so no quote can break the format.
fn label_keyword_loose(raw: &str) -> String {
    raw.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        .take(64)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OverallStatus {
    Ok,
    Degraded,
    Maintenance,
    OutOfService,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceHealth {
    pub device: Device,
    pub connected: bool,
}

/// What /health answers and what the heartbeat sends to the backend. Only
/// machine state and counts: nothing about any citizen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HealthSummary {
    pub kiosk_id: String,
    pub version: String,
    pub time: DateTime<Utc>,
    pub uptime_secs: u64,
    pub status: OverallStatus,
    /// Short keywords, e.g. "fingerprint_disconnected", "printer_stopped".
    pub problems: Vec<String>,
    pub devices: Vec<DeviceHealth>,
    /// None until the first backend call.
    pub backend_reachable: Option<bool>,
    pub backend_last_latency_ms: Option<u64>,
    pub printer_state: PrinterState,
    pub printer_reasons: Vec<String>,
    pub spool_free_bytes: Option<u64>,
    /// Delivery reports not yet taken by the registry (None until counted).
    #[serde(default)]
    pub delivery_reports_waiting: Option<u64>,
    pub client_cert_not_after: Option<DateTime<Utc>>,
    pub sessions_today: u64,
    pub sessions_started_total: u64,
    pub sessions_completed_total: u64,
    pub certificates_printed_total: u64,
    /// The audit chain's head, so the backend can notice a log cut short.
    pub audit_head: Option<AuditHead>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_refuse_anything_that_could_be_personal() {
        assert_eq!(
            label_keyword("nacimiento-todo-tramite"),
            "nacimiento-todo-tramite"
        );
        assert_eq!(label_keyword("media-empty"), "media-empty");
        assert_eq!(label_keyword("11.111.111-1"), "other");
        assert_eq!(label_keyword("11111111"), "other");
        assert_eq!(label_keyword("Juana Pérez"), "other");
        assert_eq!(label_keyword("a@b.cl"), "other");
        assert_eq!(label_keyword("x\"}"), "other");
    }

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::new("TOT-0001", "0.1.0");
        m.backend_call(Duration::from_millis(40));
        m.backend_call(Duration::from_millis(300));
        m.backend_call(Duration::from_secs(40));
        let text = m.render();
        assert!(text.contains("totem_backend_request_duration_seconds_bucket{le=\"0.025\"} 0\n"));
        assert!(text.contains("totem_backend_request_duration_seconds_bucket{le=\"0.05\"} 1\n"));
        assert!(text.contains("totem_backend_request_duration_seconds_bucket{le=\"0.5\"} 2\n"));
        // OpenMetrics writes bucket bounds as floats: 30 is "30.0".
        assert!(text.contains("totem_backend_request_duration_seconds_bucket{le=\"30.0\"} 2\n"));
        assert!(text.contains("totem_backend_request_duration_seconds_bucket{le=\"+Inf\"} 3\n"));
        assert!(text.contains("totem_backend_request_duration_seconds_count 3\n"));
    }

    #[test]
    fn too_many_kinds_fold_into_other() {
        let m = Metrics::new("TOT-0001", "0.1.0");
        for i in 0..100 {
            m.certificate_printed(&format!("kind-{i}"));
        }
        let text = m.render();
        let lines = text
            .lines()
            .filter(|l| l.starts_with("totem_certificates_printed_total{"))
            .count();
        assert_eq!(lines, MAX_FREE_LABELS + 1);
        assert!(text.contains("totem_certificates_printed_total{kind=\"other\"} 36\n"));
    }

    #[test]
    fn health_is_degraded_by_what_a_technician_must_fix() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let now = today.and_hms_opt(12, 0, 0).unwrap().and_utc();
        let m = Metrics::new("TOT-0001", "0.1.0");
        m.device_connected(Device::Scanner, true);
        m.device_connected(Device::Fingerprint, true);
        m.printer_state(PrinterState::Idle, &["none"]);
        m.backend_call(Duration::from_millis(80));
        assert_eq!(m.health_summary(now, today).status, OverallStatus::Ok);
        m.printer_state(PrinterState::Stopped, &["media-empty"]);
        let h = m.health_summary(now, today);
        assert_eq!(h.status, OverallStatus::Degraded);
        assert_eq!(h.problems, vec!["printer_stopped".to_string()]);
        assert_eq!(h.printer_reasons, vec!["media-empty".to_string()]);
        m.out_of_service(true);
        assert_eq!(
            m.health_summary(now, today).status,
            OverallStatus::OutOfService
        );
    }

    #[test]
    fn waiting_delivery_reports_are_counted_for_the_fleet() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let now = today.and_hms_opt(12, 0, 0).unwrap().and_utc();
        let m = Metrics::new("TOT-0001", "0.1.0");
        assert!(!m.render().contains("totem_delivery_reports_waiting"));
        assert_eq!(m.health_summary(now, today).delivery_reports_waiting, None);
        m.delivery_reports_waiting(3);
        assert!(m.render().contains("\ntotem_delivery_reports_waiting 3\n"));
        assert_eq!(
            m.health_summary(now, today).delivery_reports_waiting,
            Some(3)
        );
    }

    #[test]
    fn sessions_today_restart_at_midnight() {
        let d1 = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let d2 = d1.succ_opt().unwrap();
        let m = Metrics::new("TOT-0001", "0.1.0");
        m.session_started(Flow::Recover, d1);
        m.session_started(Flow::Certificate, d1);
        assert_eq!(m.sessions_today(d1), 2);
        assert_eq!(m.sessions_today(d2), 0);
        m.session_started(Flow::Recover, d2);
        assert_eq!(m.sessions_today(d2), 1);
    }
}
