//! A simulated session logged through the kiosk's subscriber: the captured
//! JSON lines must hold none of the citizen's RUN, names, e-mail, password or
//! activation code, even where a careless layer or a backend error text
//! echoes one.

use std::sync::Arc;
use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use totem_maintenance::audit::{AuditEvent, AuditLog};
use totem_maintenance::logging::{find_leaks, subscriber, CaptureWriter, LogTail, Redacted};
use totem_maintenance::metrics::{FingerprintOutcome, Flow, Metrics};

/// Synthetic citizen: obviously fake values.
struct Citizen {
    run: &'static str,
    given: &'static str,
    surnames: &'static str,
    email: &'static str,
    password: &'static str,
    code: &'static str,
}

const CITIZEN: Citizen = Citizen {
    run: "11.111.111-1",
    given: "Zacarías Eulogio",
    surnames: "Prueba Ficticio",
    email: "zacarias.prueba@correo.example.cl",
    password: "Clave2026Segura",
    code: "QXWZRT",
};

/// What the layers log during one first-issue session, the way they are
/// meant to: outcomes and keywords, personal values only redacted.
fn session(metrics: &Metrics, audit: &mut AuditLog) {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let c = &CITIZEN;
    tracing::info!(flow = "first_issue", "session started");
    metrics.session_started(Flow::FirstIssue, today);
    tracing::info!(source = "qr", run = %Redacted(c.run), "card read");
    tracing::debug!(holder = ?Redacted((c.given, c.surnames)), "card decoded");
    tracing::info!(
        call = "verify_card",
        status = 200,
        latency_ms = 48,
        "backend answered"
    );
    metrics.backend_call(Duration::from_millis(48));
    for (attempt, outcome) in [
        (1, FingerprintOutcome::PoorImage),
        (2, FingerprintOutcome::Match),
    ] {
        tracing::info!(attempt, outcome = outcome.as_str(), "fingerprint try");
        metrics.fingerprint_try(outcome);
    }
    tracing::info!(email = %Redacted(c.email), "recovery e-mail entered");
    // A backend error text that echoes what it got: scrubbed on the way out.
    let backend_error = format!(
        "409 conflict: {} already has a key; mail {} on file",
        c.run, c.email
    );
    tracing::warn!(error = %backend_error, "issue refused, retrying as recovery");
    // Same RUN in the other usual forms.
    tracing::warn!("device echoed 11111111-1 and 111111111");
    tracing::info!(code = %Redacted(c.code), "activation code shown");
    tracing::info!(password = ?Redacted(c.password), rules_ok = true, "password accepted");
    tracing::info!(flow = "first_issue", "session completed");
    metrics.session_completed(Flow::FirstIssue);
    let t = Utc
        .with_ymd_and_hms(2026, 11, 25, 10, 0, 0)
        .single()
        .unwrap();
    audit
        .append(AuditEvent::MaintenanceEntered, None, t)
        .unwrap();
    audit
        .append(AuditEvent::ActionTaken, Some("led_test"), t)
        .unwrap();
    tracing::info!(event = "maintenance_entered", "audit");
}

#[test]
fn no_personal_data_in_logs() {
    let capture = CaptureWriter::default();
    let tail = LogTail::new(100);
    let dir = tempfile::tempdir().unwrap();
    let audit_path = dir.path().join("audit.log");
    let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
    let sub = subscriber(capture.clone(), Some(tail.clone()), "debug");
    tracing::subscriber::with_default(sub, || {
        let mut audit = AuditLog::open(&audit_path, "TOT-0001", Utc::now()).unwrap();
        session(&metrics, &mut audit);
    });
    let log = capture.text();

    // The session really was logged, as JSON lines.
    let lines: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(lines.len() >= 12, "{log}");
    assert!(lines
        .iter()
        .any(|l| l["message"] == "session completed" && l["flow"] == "first_issue"));
    assert!(lines
        .iter()
        .any(|l| l["message"] == "fingerprint try" && l["outcome"] == "match"));
    assert_eq!(tail.lines().len(), lines.len());

    let c = &CITIZEN;
    let secrets = [
        ("RUN", c.run),
        ("given names", c.given),
        ("first given name", "Zacarías"),
        ("surnames", c.surnames),
        ("surname", "Ficticio"),
        ("e-mail", c.email),
        ("e-mail local part", "zacarias.prueba"),
        ("password", c.password),
        ("activation code", c.code),
    ];
    let leaks = find_leaks(&log, &secrets);
    assert!(leaks.is_empty(), "personal data in the log: {leaks:?}");
    // Nor in what the dashboard shows, nor in the audit log, nor the metrics.
    assert!(find_leaks(&tail.lines().join("\n"), &secrets).is_empty());
    assert!(find_leaks(&std::fs::read_to_string(&audit_path).unwrap(), &secrets).is_empty());
    assert!(find_leaks(&metrics.render(), &secrets).is_empty());
}

#[test]
fn the_scan_itself_catches_a_leak() {
    // Guard against a scan that cannot fail: a name logged in clear is found.
    let capture = CaptureWriter::default();
    tracing::subscriber::with_default(subscriber(capture.clone(), None, "info"), || {
        tracing::info!(holder = CITIZEN.surnames, "oops");
    });
    let leaks = find_leaks(&capture.text(), &[("surnames", CITIZEN.surnames)]);
    assert_eq!(leaks.len(), 1);
}
