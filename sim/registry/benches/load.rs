//! Load figure: many simulated kiosks, each running the full
//! identify → recover → activate sequence against the reference registry
//! over mutual TLS on loopback, with the real SQLite file (WAL,
//! synchronous=FULL) and argon2 password hashing.
//!
//! One sequence = open session (card) → fingerprint → recover → activate →
//! close: five calls through the kiosk's real `Client`. Baselines in the
//! same run: the first level (usually 1 kiosk), and `GET /v1/health` (TLS +
//! HTTP, no database, no argon2) at the same concurrency.
//!
//! Run: `scripts/bench-registry` (or `cargo bench -p totem-sim-registry
//! --bench load -- [SECONDS] [KIOSKS,...]`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use totem_registry::api::{self, Run, Template};
use totem_registry::{Client, ClientTls, RetryPolicy};
use totem_sim_people::{finger_template, noisy_capture, CardState, Population};
use totem_sim_registry::{Server, ServerConfig, TlsMaterial, Transport};

struct Stats {
    done: usize,
    errors: usize,
    latencies: Vec<Duration>,
    call_latencies: Vec<Duration>,
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn client(url: &str, tls: &TlsMaterial) -> Client {
    let material = ClientTls {
        ca_pem: tls.ca_cert_pem.clone().into_bytes(),
        identity_pem: Some(tls.kiosk_identity_pem()),
    };
    Client::from_pem(
        url,
        Some(material),
        Duration::from_secs(30),
        "TOT-BENCH",
        false,
    )
    .expect("client")
    .with_retry(RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    })
}

async fn sequence(
    client: &Client,
    citizen: (u32, &str),
    round: u64,
) -> Result<Vec<Duration>, String> {
    let mut calls = Vec::with_capacity(5);
    let mut t = Instant::now();
    let mut lap = |calls: &mut Vec<Duration>| {
        calls.push(t.elapsed());
        t = Instant::now();
    };
    let (run_body, serial) = citizen;
    let card = api::OpenSessionRequest {
        run: Run::from_body(run_body),
        serial: serial.into(),
    };
    let opened = client
        .open_session(&card)
        .await
        .map_err(|e| e.to_string())?;
    lap(&mut calls);
    let capture = noisy_capture(&finger_template(run_body, 1), 0.1, round);
    let finger = api::FingerprintRequest {
        template: Template::new(capture.to_vec()),
    };
    let r = client
        .verify_fingerprint(&opened.token, &finger)
        .await
        .map_err(|e| e.to_string())?;
    lap(&mut calls);
    if r.verdict != api::Verdict::Match {
        return Err("fingerprint did not match".into());
    }
    let issued = client
        .recover_key(&opened.token)
        .await
        .map_err(|e| e.to_string())?;
    lap(&mut calls);
    let activate = api::ActivateRequest {
        activation_code: issued.activation_code.clone(),
        new_password: api::Password::new("Bench2026pass"),
    };
    client
        .activate_key(&opened.token, &activate)
        .await
        .map_err(|e| e.to_string())?;
    lap(&mut calls);
    client
        .close_session(&opened.token)
        .await
        .map_err(|e| e.to_string())?;
    lap(&mut calls);
    Ok(calls)
}

async fn run_level(
    url: &str,
    tls: &TlsMaterial,
    citizens: &[(u32, String)],
    kiosks: usize,
    seconds: f64,
    health_only: bool,
) -> (Stats, Duration) {
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for k in 0..kiosks {
        let client = client(url, tls);
        // Each kiosk has its own citizens: two kiosks never race on one
        // person's activation code.
        let mine: Vec<(u32, String)> = citizens.iter().skip(k).step_by(kiosks).cloned().collect();
        let stop = stop.clone();
        tasks.push(tokio::spawn(async move {
            let mut stats = Stats {
                done: 0,
                errors: 0,
                latencies: vec![],
                call_latencies: vec![],
            };
            let mut round = 0u64;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                let t = Instant::now();
                let outcome = if health_only {
                    client
                        .health()
                        .await
                        .map(|_| vec![t.elapsed()])
                        .map_err(|e| e.to_string())
                } else {
                    let c = &mine[round as usize % mine.len().max(1)];
                    sequence(&client, (c.0, &c.1), round).await
                };
                match outcome {
                    Ok(calls) => {
                        stats.done += 1;
                        stats.latencies.push(t.elapsed());
                        stats.call_latencies.extend(calls);
                    }
                    Err(e) => {
                        if stats.errors == 0 {
                            eprintln!("kiosk {k}: {e}");
                        }
                        stats.errors += 1;
                    }
                }
            }
            stats
        }));
    }
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Stats {
        done: 0,
        errors: 0,
        latencies: vec![],
        call_latencies: vec![],
    };
    for t in tasks {
        if let Ok(s) = t.await {
            all.done += s.done;
            all.errors += s.errors;
            all.latencies.extend(s.latencies);
            all.call_latencies.extend(s.call_latencies);
        }
    }
    all.latencies.sort();
    all.call_latencies.sort();
    (all, started.elapsed())
}

fn main() -> anyhow::Result<()> {
    // `cargo bench` passes `--bench`; take the numbers that follow `--`.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let seconds: f64 = args.first().and_then(|s| s.parse().ok()).unwrap_or(5.0);
    let levels: Vec<usize> = args
        .get(1)
        .map(|s| s.split(',').filter_map(|n| n.parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 8, 32, 64]);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        let dir = tempfile::tempdir()?;
        let tls = TlsMaterial::generate("TOT-BENCH")?;
        let mut config = ServerConfig::new(dir.path().join("registry.db"), Transport::Tls(tls.clone()));
        config.population = 900;
        let server = Server::start(config).await?;
        let url = server.url();
        let people = Population::generate(1, chrono::Utc::now().date_naive(), 900);
        let today = people.today;
        let citizens: Vec<(u32, String)> = people
            .citizens
            .iter()
            .filter(|c| c.has_key && c.card.state == CardState::Valid && c.card.expiry >= today && c.deceased.is_none())
            .map(|c| (c.run_body, c.card.serial.clone()))
            .collect();
        println!(
            "registry load: {} citizens with a key, {seconds} s per level, {} cores, mutual TLS on loopback, SQLite WAL synchronous=FULL",
            citizens.len(),
            std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1)
        );
        // Other work on the machine skews the figures: say how busy it was.
        let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
        println!("load average before the run: {}", load.split_whitespace().take(3).collect::<Vec<_>>().join(" "));
        println!();
        println!("| kiosks | sequences/s | requests/s | sequence p50 ms | sequence p99 ms | call p50 ms | call p99 ms | errors | sequences/s ÷ 1 kiosk | baseline GET /v1/health req/s |");
        println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        let mut single: Option<f64> = None;
        for &kiosks in &levels {
            let (base, base_t) = run_level(&url, &tls, &citizens, kiosks, seconds.min(3.0), true).await;
            let base_rps = base.done as f64 / base_t.as_secs_f64();
            let (s, t) = run_level(&url, &tls, &citizens, kiosks, seconds, false).await;
            let seq_rate = s.done as f64 / t.as_secs_f64();
            let req_rate = s.call_latencies.len() as f64 / t.as_secs_f64();
            let single_rate = *single.get_or_insert(seq_rate);
            println!(
                "| {kiosks} | {seq_rate:.1} | {req_rate:.0} | {:.1} | {:.1} | {:.1} | {:.1} | {} | {:.2} | {base_rps:.0} |",
                ms(percentile(&s.latencies, 0.50)),
                ms(percentile(&s.latencies, 0.99)),
                ms(percentile(&s.call_latencies, 0.50)),
                ms(percentile(&s.call_latencies, 0.99)),
                s.errors,
                seq_rate / single_rate.max(1e-9),
            );
        }
        server.shutdown().await;
        anyhow::Ok(())
    })
}
