//! The heartbeat end to end: the health summary of a kiosk, with the expiry
//! read from its real client certificate, sent over TLS with that
//! certificate to the reference registry, stored there, and read back equal.

use std::sync::Arc;
use std::time::{Duration, Instant};

use totem_maintenance::chrono::{Datelike, Local, Utc};
use totem_maintenance::metrics::{
    Device, Flow, HealthSummary, Metrics, OverallStatus, PrinterState,
};
use totem_maintenance::tls;
use totem_registry::api;
use totem_registry::client::{Client, ClientTls};
use totem_sim_registry::{Server, ServerConfig, TlsMaterial, Transport};

#[tokio::test]
async fn the_health_summary_reaches_the_registry_as_the_heartbeat() {
    let dir = tempfile::tempdir().unwrap();
    let material = TlsMaterial::generate("TOT-0001").unwrap();
    material.write_dir(&dir.path().join("tls")).unwrap();
    let server = Server::start(ServerConfig::new(
        dir.path().join("registry.db"),
        Transport::Tls(material.clone()),
    ))
    .await
    .unwrap();
    let client = Client::from_pem(
        &server.url(),
        Some(ClientTls {
            ca_pem: material.ca_cert_pem.clone().into_bytes(),
            identity_pem: Some(material.kiosk_identity_pem()),
        }),
        Duration::from_secs(5),
        "TOT-0001",
        false,
    )
    .unwrap();

    let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
    // The certificate the kiosk really presents (rcgen's default validity
    // ends in 4096, written as GeneralizedTime).
    let validity = tls::read_validity(&dir.path().join("tls/kiosk.pem")).unwrap();
    assert_eq!(validity.not_after.year(), 4096);
    metrics.client_cert_not_after(validity.not_after);
    metrics.device_connected(Device::Scanner, true);
    metrics.device_connected(Device::Fingerprint, true);
    metrics.printer_state(PrinterState::Idle, &[]);
    metrics.session_started(Flow::Certificate, Local::now().date_naive());
    metrics.session_completed(Flow::Certificate);

    let health = client.health().await.unwrap();
    assert_eq!(health.status, "ok");
    let summary = metrics.health_summary(Utc::now(), Local::now().date_naive());
    assert_eq!(summary.status, OverallStatus::Ok, "{:?}", summary.problems);
    let started = Instant::now();
    let ack = client
        .heartbeat(&api::Heartbeat {
            kiosk_id: "TOT-0001".into(),
            health: serde_json::to_value(&summary).unwrap(),
        })
        .await
        .unwrap();
    metrics.backend_call(started.elapsed());
    assert_eq!(ack.received, 1);

    let stored: String = server.with_db(|db| {
        db.query_row("SELECT health FROM heartbeats", [], |r| r.get(0))
            .unwrap()
    });
    let back: HealthSummary = serde_json::from_str(&stored).unwrap();
    assert_eq!(back, summary);
    assert_eq!(back.client_cert_not_after, Some(validity.not_after));
    assert_eq!(back.sessions_today, 1);
    assert!(metrics
        .render()
        .contains("totem_backend_request_duration_seconds_count 1\n"));
}
