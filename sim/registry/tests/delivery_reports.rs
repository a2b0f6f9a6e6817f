//! The kiosk's delivery-report queue against the reference registry over
//! real TLS on loopback: a report recorded while the registry is down
//! reaches it when it is back, even when the kiosk restarted in between.

use std::sync::Arc;
use std::time::{Duration, Instant};

use totem_registry::api::{self, Run};
use totem_registry::{Backoff, Client, DeliveryOutbox, Reporter};
use totem_sim_people::{demo, Population};
use totem_sim_registry::{Server, ServerConfig, ServerHandle, TlsMaterial, Transport};

mod common;

fn kiosk(url: &str, tls: &TlsMaterial) -> Client {
    common::client_for(url, tls, Duration::from_secs(2))
}

const FAST: Backoff = Backoff {
    first: Duration::from_millis(50),
    max: Duration::from_millis(200),
    idle: Duration::from_millis(200),
};

fn delivery(server: &ServerHandle, folio: u64) -> (String, Option<String>) {
    server.with_db(|db| {
        db.query_row(
            "SELECT delivery, delivered_at FROM certificates WHERE folio = ?1",
            [folio as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    })
}

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(15), "{what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_made_while_the_registry_is_down_arrives_after_a_restart_of_both() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let tls = TlsMaterial::generate("TOT-TEST").unwrap();
    let server = Server::start(ServerConfig::new(&db, Transport::Tls(tls.clone())))
        .await
        .unwrap();
    let addr = server.addr();
    let client = kiosk(&server.url(), &tls);
    let citizen = Population::reference(chrono::Utc::now().date_naive())
        .demo(demo::FIRST_ISSUE)
        .clone();
    let issued = client
        .issue_certificate(
            None,
            &api::IssueCertificateRequest {
                kind: "nacimiento-todo-tramite".into(),
                subject_run: Some(Run::from_body(citizen.run_body)),
                entity_registration: None,
            },
        )
        .await
        .unwrap();
    let folio = issued.folio;

    // The registry goes away; then the job prints.
    server.shutdown().await;
    let queue = dir.path().join("reports");
    let outbox = Arc::new(DeliveryOutbox::open(&queue).unwrap());
    let printed_at = chrono::Utc::now();
    outbox
        .record(folio, true, None, printed_at)
        .unwrap()
        .unwrap();
    let reporter = Reporter::spawn(client.clone(), outbox.clone(), FAST).unwrap();
    reporter.nudge();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(outbox.pending().len(), 1, "kept while the registry is down");

    // What waits on disk is the folio, the outcome, a time and a key: no
    // RUN, no name — nor in what goes over the wire.
    let file = std::fs::read_to_string(queue.join(format!("{folio}.json"))).unwrap();
    let wire = serde_json::to_string(&outbox.pending()[0].request()).unwrap();
    for text in [&file, &wire] {
        for personal in [
            citizen.given_names.as_str(),
            citizen.father_surname.as_str(),
            &citizen.run_body.to_string(),
            &Run::from_body(citizen.run_body).to_string(),
        ] {
            assert!(!text.contains(personal), "{personal:?} in {text}");
        }
    }

    // The kiosk restarts (its reporter stops mid-backoff), then the registry
    // comes back on the same file and address.
    reporter.stop();
    drop(outbox);
    let mut config = ServerConfig::new(&db, Transport::Tls(tls.clone()));
    config.listen = addr;
    let server = Server::start(config).await.unwrap();
    assert_eq!(delivery(&server, folio).0, "pending");
    let outbox = Arc::new(DeliveryOutbox::open(&queue).unwrap());
    let _reporter = Reporter::spawn(kiosk(&server.url(), &tls), outbox.clone(), FAST).unwrap();
    until("the report arrives", || {
        delivery(&server, folio).0 == "printed"
    })
    .await;
    until("the queue empties", || outbox.pending().is_empty()).await;
    let at: chrono::DateTime<chrono::Utc> = delivery(&server, folio).1.unwrap().parse().unwrap();
    assert_eq!(at, printed_at, "recorded at the time it printed");
    let verified = client
        .verify_certificate(folio, &issued.verification_code)
        .await
        .unwrap();
    assert_eq!(verified.delivery, api::Delivery::Printed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_report_leaves_the_queue_and_a_failing_registry_keeps_it() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsMaterial::generate("TOT-TEST").unwrap();
    let server = Server::start(ServerConfig::new(
        dir.path().join("r.db"),
        Transport::Tls(tls.clone()),
    ))
    .await
    .unwrap();
    let client = kiosk(&server.url(), &tls);
    let outbox = DeliveryOutbox::open(dir.path().join("reports")).unwrap();
    // A folio the registry never issued: refused for good, not retried forever.
    outbox.record(1, true, None, chrono::Utc::now()).unwrap();
    // The registry answers 503 to everything: the report waits.
    server.set_faults(totem_sim_registry::Faults {
        fail_rate: 1.0,
        ..Default::default()
    });
    assert!(outbox.flush(&client).await.is_err());
    assert_eq!(outbox.pending().len(), 1);
    server.set_faults(Default::default());
    assert_eq!(outbox.flush(&client).await.unwrap(), 0);
}
