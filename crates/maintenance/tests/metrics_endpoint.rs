//! The Prometheus endpoint over real HTTP on loopback, after a simulated
//! morning of sessions.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use totem_maintenance::http::{self, ServeError};
use totem_maintenance::metrics::{
    AbandonReason, Device, FingerprintOutcome, Flow, HealthSummary, Metrics, OverallStatus,
    PrinterState,
};

fn get(addr: std::net::SocketAddr, path: &str) -> (String, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nUser-Agent: test\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.to_owned(), body.to_owned())
}

fn sample(body: &str, series: &str) -> f64 {
    let line = body
        .lines()
        .find(|l| l.split_once(' ').map(|(name, _)| name) == Some(series))
        .unwrap_or_else(|| panic!("no series {series} in\n{body}"));
    line.rsplit_once(' ').unwrap().1.parse().unwrap()
}

#[test]
fn metrics_after_a_simulated_session_are_served_on_loopback() {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
    let endpoint = http::start_in_background("127.0.0.1:0", Arc::clone(&metrics)).unwrap();

    // Start-up: devices found, printer idle.
    metrics.device_connected(Device::Scanner, true);
    metrics.device_connected(Device::Fingerprint, true);
    metrics.printer_state(PrinterState::Idle, &["none"]);
    // A recovery: card, two fingerprint tries, backend calls, done.
    metrics.session_started(Flow::Recover, today);
    metrics.backend_call(Duration::from_millis(42));
    metrics.fingerprint_try(FingerprintOutcome::PoorImage);
    metrics.fingerprint_try(FingerprintOutcome::Match);
    metrics.backend_call(Duration::from_millis(180));
    metrics.session_completed(Flow::Recover);
    // Two certificates, one of them after the printer ran out of paper.
    metrics.session_started(Flow::Certificate, today);
    metrics.certificate_printed("nacimiento-todo-tramite");
    metrics.session_completed(Flow::Certificate);
    metrics.session_started(Flow::Certificate, today);
    metrics.printer_state(PrinterState::Stopped, &["media-empty-error"]);
    metrics.certificate_print_failed("matrimonio-todo-tramite");
    metrics.session_abandoned(Flow::Certificate, AbandonReason::Timeout);
    // The fingerprint reader is unplugged.
    metrics.device_connected(Device::Fingerprint, false);

    let (head, body) = get(endpoint.addr, "/metrics");
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    // OpenMetrics text (Prometheus asks for it first; same series names).
    assert!(head.contains("Content-Type: application/openmetrics-text; version=1.0.0"));
    assert!(body.ends_with("# EOF\n"), "{body}");
    assert_eq!(
        sample(&body, "totem_sessions_started_total{flow=\"recover\"}"),
        1.0
    );
    assert_eq!(
        sample(&body, "totem_sessions_started_total{flow=\"certificate\"}"),
        2.0
    );
    assert_eq!(
        sample(&body, "totem_sessions_started_total{flow=\"first_issue\"}"),
        0.0
    );
    assert_eq!(
        sample(&body, "totem_sessions_completed_total{flow=\"recover\"}"),
        1.0
    );
    assert_eq!(
        sample(
            &body,
            "totem_sessions_abandoned_total{flow=\"certificate\",reason=\"timeout\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(&body, "totem_fingerprint_tries_total{outcome=\"match\"}"),
        1.0
    );
    assert_eq!(
        sample(
            &body,
            "totem_fingerprint_tries_total{outcome=\"poor_image\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(
            &body,
            "totem_certificates_printed_total{kind=\"nacimiento-todo-tramite\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(
            &body,
            "totem_certificate_print_failures_total{kind=\"matrimonio-todo-tramite\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(&body, "totem_device_connected{device=\"scanner\"}"),
        1.0
    );
    assert_eq!(
        sample(&body, "totem_device_connected{device=\"fingerprint\"}"),
        0.0
    );
    assert_eq!(sample(&body, "totem_printer_state{state=\"stopped\"}"), 1.0);
    assert_eq!(sample(&body, "totem_printer_state{state=\"idle\"}"), 0.0);
    assert_eq!(
        sample(&body, "totem_printer_reason{reason=\"media-empty-error\"}"),
        1.0
    );
    assert_eq!(
        sample(&body, "totem_backend_request_duration_seconds_count"),
        2.0
    );
    assert_eq!(
        sample(
            &body,
            "totem_backend_request_duration_seconds_bucket{le=\"0.05\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(
            &body,
            "totem_backend_request_duration_seconds_bucket{le=\"0.25\"}"
        ),
        2.0
    );
    assert!((sample(&body, "totem_backend_request_duration_seconds_sum") - 0.222).abs() < 1e-9);
    assert_eq!(sample(&body, "totem_backend_up"), 1.0);
    assert_eq!(
        sample(
            &body,
            "totem_build_info{version=\"0.1.0\",kiosk=\"TOT-0001\"}"
        ),
        1.0
    );
    // Every sample line belongs to a declared metric family (OpenMetrics
    // declares a counter without its `_total`).
    for line in body.lines().filter(|l| !l.starts_with('#')) {
        let name = line.split(['{', ' ']).next().unwrap();
        let family = name
            .trim_end_matches("_bucket")
            .trim_end_matches("_sum")
            .trim_end_matches("_count")
            .trim_end_matches("_total");
        assert!(
            body.contains(&format!("# TYPE {family} "))
                || body.contains(&format!("# TYPE {name} ")),
            "{line}"
        );
    }

    let (head, body) = get(endpoint.addr, "/health");
    // A reader unplugged and a printer out of paper: degraded, 503 for probes.
    assert!(head.starts_with("HTTP/1.1 503"), "{head}");
    let health: HealthSummary = serde_json::from_str(&body).unwrap();
    assert_eq!(health.status, OverallStatus::Degraded);
    assert_eq!(
        health.problems,
        vec![
            "fingerprint_disconnected".to_string(),
            "printer_stopped".to_string()
        ]
    );
    assert_eq!(health.sessions_started_total, 3);
    assert_eq!(health.backend_last_latency_ms, Some(180));

    let (head, _) = get(endpoint.addr, "/secret");
    assert!(head.starts_with("HTTP/1.1 404"));
}

#[test]
fn garbage_and_oversized_requests_do_not_stop_the_endpoint() {
    let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
    let endpoint = http::start_in_background("127.0.0.1:0", Arc::clone(&metrics)).unwrap();
    let mut s = TcpStream::connect(endpoint.addr).unwrap();
    s.write_all(&[0xff; 20_000]).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let mut s = TcpStream::connect(endpoint.addr).unwrap();
    s.write_all(b"POST /metrics HTTP/1.1\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    assert!(out.starts_with("HTTP/1.1 405"));
    let (head, _) = get(endpoint.addr, "/metrics");
    assert!(head.starts_with("HTTP/1.1 200"));
}

#[test]
fn the_endpoint_refuses_to_listen_beyond_loopback() {
    let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
    assert!(matches!(
        http::start_in_background("0.0.0.0:0", Arc::clone(&metrics)),
        Err(ServeError::NotLoopback(_))
    ));
    assert!(matches!(
        http::start_in_background("localhost", metrics),
        Err(ServeError::BadAddress(_))
    ));
}
