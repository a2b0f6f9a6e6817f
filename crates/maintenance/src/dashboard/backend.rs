//! The registry's section: its address, whether it answers and how fast,
//! the delivery reports waiting, and the kiosk's client certificate.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::inputs::BackendInput;
use super::model::{section, Row, Section};
use super::text::{yes_no, Severity, Text};

/// Client certificate warnings: amber under 30 days, red under 7.
const CERT_WARN_DAYS: i64 = 30;
const CERT_FAULT_DAYS: i64 = 7;
/// Backend latency: amber above 2 s.
const SLOW_BACKEND: Duration = Duration::from_secs(2);

pub(super) fn backend_section(
    b: &BackendInput,
    now: DateTime<Utc>,
    problems: &mut Vec<Text>,
) -> Section {
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
