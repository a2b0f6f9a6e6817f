//! The real `totem-sim registry` binary, killed with SIGKILL while kiosks
//! are writing, restarted on the same file: every write it acknowledged is
//! still there, and SQLite finds the file intact.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use totem_registry::api::{self, Run};
use totem_registry::{Client, RetryPolicy};
use totem_sim_people::Population;

/// Starts the registry on a free port; returns the child and its URL.
fn start(db: &std::path::Path) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_totem-sim"))
        .args([
            "registry",
            "--plain-http",
            "--listen",
            "127.0.0.1:0",
            "--db",
        ])
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("totem-sim starts");
    let stdout = child.stdout.take().unwrap();
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line).unwrap();
    let url = line.trim().rsplit(' ').next().unwrap().to_string();
    assert!(url.starts_with("http://127.0.0.1:"), "{line}");
    (child, url)
}

fn client(url: &str) -> Client {
    // Demo mode: plain HTTP keeps this test about storage, not TLS.
    Client::from_pem(url, None, Duration::from_secs(5), "TOT-KILL", true)
        .unwrap()
        .with_retry(RetryPolicy {
            attempts: 1,
            ..RetryPolicy::default()
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_writes_survive_sigkill_and_the_file_stays_intact() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("registry.db");
    let people = Population::reference(chrono::Utc::now().date_naive());
    let (mut child, url) = start(&db);

    // Eight kiosks issue certificates as fast as they can; each folio the
    // registry acknowledged is noted with its verification code.
    let acked: Arc<Mutex<Vec<(u64, String)>>> = Arc::default();
    let mut kiosks = Vec::new();
    for k in 0..8usize {
        let (client, acked) = (client(&url), acked.clone());
        let runs: Vec<u32> = people
            .citizens
            .iter()
            .skip(k)
            .step_by(8)
            .map(|c| c.run_body)
            .collect();
        kiosks.push(tokio::spawn(async move {
            for run in runs.iter().cycle() {
                let req = api::IssueCertificateRequest {
                    kind: "nacimiento-todo-tramite".into(),
                    subject_run: Some(Run::from_body(*run)),
                    entity_registration: None,
                };
                match client.issue_certificate(None, &req).await {
                    Ok(c) => acked.lock().unwrap().push((c.folio, c.verification_code)),
                    Err(_) => break, // the server is gone
                }
            }
        }));
    }
    // Kill it mid-stream, once enough writes have been acknowledged.
    let deadline = Instant::now() + Duration::from_secs(20);
    while acked.lock().unwrap().len() < 150 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    for k in kiosks {
        k.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    assert!(
        acked.len() >= 150,
        "only {} writes before the deadline",
        acked.len()
    );

    // Restarted on the same file: every acknowledged certificate verifies.
    let (mut child, url) = start(&db);
    let client = client(&url);
    for (folio, code) in &acked {
        let v = client.verify_certificate(*folio, code).await;
        assert!(
            v.is_ok(),
            "acknowledged folio {folio} lost after kill -9: {v:?}"
        );
    }
    // And it goes on issuing after the last folio it had.
    let req = api::IssueCertificateRequest {
        kind: "nacimiento-todo-tramite".into(),
        subject_run: Some(Run::from_body(people.citizens[0].run_body)),
        entity_registration: None,
    };
    let next = client.issue_certificate(None, &req).await.unwrap();
    assert!(acked.iter().all(|(f, _)| *f < next.folio));
    child.kill().unwrap();
    child.wait().unwrap();

    let conn = rusqlite::Connection::open(&db).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    // Each certificate was committed with its idempotency record: never one without the other.
    let orphans: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM certificates c WHERE NOT EXISTS
               (SELECT 1 FROM idempotency i WHERE i.body LIKE '%\"folio\":' || c.folio || ',%')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(orphans, 0);
}
