//! `totem-sim demo`: the whole kiosk on one machine, in one command.
//!
//! In this one process: the reference registry (plain http on loopback, a
//! fresh SQLite file in the state folder), both device emulators (their
//! pseudo-terminals linked in the state folder), and the demo-control API
//! (loopback http) through which the demo panel — or `curl` — presents a
//! synthetic citizen's card and places a finger. It writes a kiosk config
//! folder from kiosk-config/demo.toml with those real paths and addresses,
//! then runs the kiosk (`totem run --config-dir DIR`, the `totem` binary next
//! to this one) with `TOTEM_DEMO_CONTROL` set to the control API's URL, and
//! tears everything down when the kiosk exits or on Ctrl-C / SIGTERM.
//!
//! The control API (JSON in and out):
//!
//! | call | what |
//! | --- | --- |
//! | `GET /demo/citizens` | the demo citizens, each with what it is good for |
//! | `POST /demo/card {run_body, carrier}` | the scanner reads that citizen's card (`qr`, `qr-new`, `mrz`, `pdf417`) |
//! | `POST /demo/finger {run_body, finger, hold_ms, stay}` | that finger (0..9, 1 = right index) is placed, and lifted once the module has taken an image (or after `hold_ms`, default 8000); with `stay: true` it stays until `/demo/lift` |
//! | `POST /demo/lift` | the finger leaves the sensor |
//! | `POST /demo/fault {device, mode}` | a device fault (see [`FAULT_HELP`]) |
//! | `POST /demo/registry-fault {latency_ms, fail_rate, drop_rate}` | registry faults (zeros: none) |
//! | `GET /demo/status` | paths, addresses, emulator counters |

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use totem_sim_devices::cli::{execute, Reply};
use totem_sim_devices::{
    FingerprintEmulator, FingerprintEmulatorConfig, ScannerEmulator, ScannerEmulatorConfig,
};
use totem_sim_people::{demo, CardState, Citizen, Population, DEMO_COUNT};
use totem_sim_registry::{Faults, Server, ServerConfig, Transport};

/// The environment variable through which the kiosk finds the control API.
pub const CONTROL_ENV: &str = "TOTEM_DEMO_CONTROL";

/// The demo's kiosk settings and catalog, compiled in so the command works
/// from any folder.
const DEMO_TOML: &str = include_str!("../../kiosk-config/demo.toml");
const CATALOG_TOML: &str = include_str!("../../kiosk-config/certificates.toml");

pub const FAULT_HELP: &str = "device: fingerprint | scanner; mode: none | no-finger | messy | \
smudged | wrong-password | slow | garbage | silent | unplug | plug (the scanner: unplug | plug)";

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder for the demo's state: registry database, device links, the
    /// kiosk's config, printed PDFs, spool. Created if missing.
    #[arg(long, default_value = "/tmp/totem-demo")]
    pub state_dir: PathBuf,
    /// Keep the registry database of a previous run (default: a fresh
    /// registry each run, so every demo citizen starts as documented).
    #[arg(long)]
    pub keep_registry: bool,
    /// Address of the demo-control API.
    #[arg(long, default_value = "127.0.0.1:0")]
    pub control: SocketAddr,
    /// Do not start the kiosk: print what to run and serve until stopped
    /// (to drive another kiosk build, or the control API alone).
    #[arg(long)]
    pub no_kiosk: bool,
    /// The kiosk binary (default: `totem` next to this program).
    #[arg(long)]
    pub totem: Option<PathBuf>,
    /// More arguments for `totem run` (after `--`).
    #[arg(last = true)]
    pub kiosk_args: Vec<String>,
}

/// One demo citizen as the control API lists it. Synthetic data only.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DemoCitizen {
    pub run_body: u32,
    /// `44.000.055-K`
    pub run: String,
    pub name: String,
    pub age: u32,
    /// valid, expired or blocked
    pub card: String,
    pub has_key: bool,
    /// What to try with this person, in the kiosk's words.
    pub good_for: String,
}

fn describe(c: &Citizen, today: chrono::NaiveDate, good_for: &str) -> DemoCitizen {
    DemoCitizen {
        run_body: c.run_body,
        run: totem_document::Run::from_body(c.run_body).to_string(),
        name: c.full_name(),
        age: c.age_on(today),
        card: c.card.state.as_str().to_owned(),
        has_key: c.has_key,
        good_for: good_for.to_owned(),
    }
}

/// The documented demo citizens (docs/registry.md), then a few more from the
/// rest of the population, each with what it is good for.
pub fn demo_citizens(population: &Population) -> Vec<DemoCitizen> {
    let today = population.today;
    let fixed: [(usize, &str); DEMO_COUNT] = [
        (demo::FIRST_ISSUE, "Obtener ClaveÚnica (primera vez)"),
        (
            demo::HAS_KEY,
            "Recuperar ClaveÚnica; certificado de matrimonio",
        ),
        (demo::UNDER_14, "Rechazo: menor de 14 años"),
        (demo::EXPIRED_CARD, "Rechazo: cédula vencida"),
        (demo::BLOCKED_CARD, "Rechazo: cédula bloqueada"),
        (demo::SPOUSE, "Recuperar ClaveÚnica; cónyuge de María José"),
        (demo::DECEASED, "Certificado de defunción (por RUN)"),
        (demo::DISABILITY, "Primera vez; certificado de discapacidad"),
        (demo::JUST_14, "Primera vez con 14 años recién cumplidos"),
    ];
    let mut list: Vec<DemoCitizen> = fixed
        .iter()
        .filter_map(|(i, what)| {
            population
                .citizens
                .get(*i)
                .map(|c| describe(c, today, what))
        })
        .collect();
    let rest = population.citizens.iter().skip(DEMO_COUNT);
    let adult_valid = |c: &&Citizen| c.age_on(today) >= 18 && c.card.state == CardState::Valid;
    let picks: [(Option<&Citizen>, &str); 3] = [
        (
            rest.clone()
                .filter(adult_valid)
                .find(|c| c.has_key && c.deceased.is_none()),
            "Recuperar ClaveÚnica (otra persona)",
        ),
        (
            rest.clone()
                .filter(adult_valid)
                .find(|c| !c.has_key && c.deceased.is_none()),
            "Obtener ClaveÚnica (otra persona)",
        ),
        (
            rest.clone()
                .filter(adult_valid)
                .find(|c| c.civil_union.is_some()),
            "Certificado de acuerdo de unión civil",
        ),
    ];
    for (citizen, what) in picks {
        if let Some(c) = citizen {
            list.push(describe(c, today, what));
        }
    }
    list
}

/// Where things live in the state folder.
struct Layout {
    dir: PathBuf,
}

impl Layout {
    fn config_dir(&self) -> PathBuf {
        self.dir.join("kiosk-config")
    }
    fn db(&self) -> PathBuf {
        self.dir.join("registry.sqlite")
    }
    fn scanner(&self) -> PathBuf {
        self.dir.join("scanner")
    }
    fn fingerprint(&self) -> PathBuf {
        self.dir.join("fingerprint")
    }
    fn printed(&self) -> PathBuf {
        self.dir.join("printed")
    }
    fn spool(&self) -> PathBuf {
        self.dir.join("spool")
    }
}

/// The demo's kiosk.toml with this run's paths and addresses.
pub fn kiosk_toml(
    state_dir: &Path,
    backend_url: &str,
    metrics_listen: &str,
) -> anyhow::Result<String> {
    let mut doc: toml::Table = DEMO_TOML
        .parse()
        .context("reading the built-in demo.toml")?;
    let path = |p: PathBuf| toml::Value::String(p.to_string_lossy().into_owned());
    let layout = Layout {
        dir: state_dir.to_path_buf(),
    };
    let mut set = |section: &[&str], key: &str, value: toml::Value| -> anyhow::Result<()> {
        let mut table = &mut doc;
        for name in section {
            table = table
                .entry(name.to_string())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                .as_table_mut()
                .with_context(|| format!("demo.toml: [{name}] is not a table"))?;
        }
        table.insert(key.to_owned(), value);
        Ok(())
    };
    set(&["devices", "scanner"], "port", path(layout.scanner()))?;
    set(
        &["devices", "fingerprint"],
        "port",
        path(layout.fingerprint()),
    )?;
    set(
        &["backend"],
        "url",
        toml::Value::String(backend_url.to_owned()),
    )?;
    set(&["printer"], "folder", path(layout.printed()))?;
    set(&["printer"], "spool_dir", path(layout.spool()))?;
    set(
        &["maintenance"],
        "pin_state_file",
        path(state_dir.join("pin-lock.json")),
    )?;
    set(
        &["maintenance"],
        "audit_log",
        path(state_dir.join("audit.log")),
    )?;
    set(
        &["maintenance"],
        "metrics_listen",
        toml::Value::String(metrics_listen.to_owned()),
    )?;
    let body = toml::to_string(&doc).context("writing the demo kiosk.toml")?;
    Ok(format!(
        "# Written by `totem-sim demo` for this run (from kiosk-config/demo.toml).\n\
         # Demo only: plain-http registry, emulated devices, a folder for a printer.\n\n{body}"
    ))
}

/// A loopback address with a port free right now (for the metrics endpoint,
/// so two demos, or a demo and a test, do not collide).
fn free_loopback_addr() -> String {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.to_string())
        .unwrap_or_else(|_| "127.0.0.1:9898".to_owned())
}

/// What the control API's handlers share.
struct Demo {
    fingerprint: FingerprintEmulator,
    scanner: ScannerEmulator,
    registry: totem_sim_registry::ServerHandle,
    citizens: Vec<DemoCitizen>,
    /// Bumped on every place/lift, so a timed lift only lifts its own finger.
    touch: AtomicU64,
    info: serde_json::Value,
}

impl Demo {
    fn run(&self, line: &str) -> Result<String, ApiError> {
        match execute(line, &self.fingerprint, &self.scanner) {
            Ok(Reply::Text(text)) => Ok(text),
            Ok(Reply::Quit) => Ok(String::new()),
            Err(message) => Err(ApiError(StatusCode::BAD_REQUEST, message)),
        }
    }
}

struct ApiError(StatusCode, String);

impl axum::response::IntoResponse for ApiError {
    fn into_response(self) -> axum::response::Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

type Answer = Result<Json<serde_json::Value>, ApiError>;

fn ok() -> Answer {
    Ok(Json(serde_json::json!({ "ok": true })))
}

#[derive(Deserialize)]
struct CardRequest {
    run_body: u32,
    #[serde(default = "default_carrier")]
    carrier: String,
}

fn default_carrier() -> String {
    "qr".to_owned()
}

#[derive(Deserialize)]
struct FingerRequest {
    run_body: u32,
    #[serde(default = "right_index")]
    finger: u8,
    #[serde(default = "default_hold")]
    hold_ms: u64,
    /// Left on the sensor until `/demo/lift` (a citizen who forgets to lift
    /// it: the kiosk asks to lift it before the next try).
    #[serde(default)]
    stay: bool,
}

fn right_index() -> u8 {
    1
}

fn default_hold() -> u64 {
    8000
}

#[derive(Deserialize)]
struct FaultRequest {
    #[serde(default = "fingerprint_device")]
    device: String,
    mode: String,
}

fn fingerprint_device() -> String {
    "fingerprint".to_owned()
}

#[derive(Deserialize)]
struct RegistryFaultRequest {
    #[serde(default)]
    latency_ms: u64,
    #[serde(default)]
    fail_rate: f64,
    #[serde(default)]
    drop_rate: f64,
}

fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(bytes)
        .map_err(|e| ApiError(StatusCode::BAD_REQUEST, format!("bad JSON body: {e}")))
}

fn router(demo: Arc<Demo>) -> Router {
    Router::new()
        .route("/demo", get(help))
        .route("/demo/citizens", get(citizens))
        .route("/demo/status", get(status))
        .route("/demo/card", post(card))
        .route("/demo/finger", post(finger))
        .route("/demo/lift", post(lift))
        .route("/demo/fault", post(fault))
        .route("/demo/registry-fault", post(registry_fault))
        .with_state(demo)
}

async fn help() -> &'static str {
    "totem-sim demo control:\n\
     GET  /demo/citizens\n\
     GET  /demo/status\n\
     POST /demo/card {\"run_body\": 44000055, \"carrier\": \"qr|qr-new|mrz|pdf417\"}\n\
     POST /demo/finger {\"run_body\": 44000055, \"finger\": 1}  (1 = right index; lifted once read unless \"stay\": true)\n\
     POST /demo/lift\n\
     POST /demo/fault {\"device\": \"fingerprint|scanner\", \"mode\": \"...\"}\n\
     POST /demo/registry-fault {\"latency_ms\": 0, \"fail_rate\": 0.0, \"drop_rate\": 0.0}\n"
}

async fn citizens(State(demo): State<Arc<Demo>>) -> Json<Vec<DemoCitizen>> {
    Json(demo.citizens.clone())
}

async fn status(State(demo): State<Arc<Demo>>) -> Answer {
    let emulators = demo.run("status")?;
    let mut info = demo.info.clone();
    info["emulators"] = serde_json::Value::String(emulators);
    Ok(Json(info))
}

async fn card(State(demo): State<Arc<Demo>>, bytes: axum::body::Bytes) -> Answer {
    let req: CardRequest = body(&bytes)?;
    if req.carrier.split_whitespace().count() != 1 {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "carrier: qr, qr-new, mrz or pdf417".into(),
        ));
    }
    demo.run(&format!("citizen {} {}", req.run_body, req.carrier))?;
    ok()
}

async fn finger(State(demo): State<Arc<Demo>>, bytes: axum::body::Bytes) -> Answer {
    let req: FingerRequest = body(&bytes)?;
    if req.finger > 9 {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "finger: 0..9 (1 = right index)".into(),
        ));
    }
    let captures_before = demo.fingerprint.stats().captures;
    demo.fingerprint.place_finger(req.run_body, req.finger);
    let mine = demo.touch.fetch_add(1, Ordering::SeqCst) + 1;
    if req.stay {
        return ok();
    }
    // A person lifts the finger once the reader has taken it, ready for the
    // next try (the reader reads a resting finger only once, then asks for
    // it to be lifted). So: lift just after the module captured an image,
    // or after `hold_ms` if nothing reads it.
    let hold = Duration::from_millis(req.hold_ms.clamp(200, 60_000));
    let later = demo.clone();
    tokio::spawn(async move {
        let deadline = tokio::time::Instant::now() + hold;
        while tokio::time::Instant::now() < deadline {
            if later.touch.load(Ordering::SeqCst) != mine {
                return;
            }
            // The module keeps the image it took: lifting now loses nothing.
            if later.fingerprint.stats().captures > captures_before {
                break;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        if later.touch.load(Ordering::SeqCst) == mine {
            later.fingerprint.lift_finger();
        }
    });
    ok()
}

async fn lift(State(demo): State<Arc<Demo>>) -> Answer {
    demo.touch.fetch_add(1, Ordering::SeqCst);
    demo.fingerprint.lift_finger();
    ok()
}

async fn fault(State(demo): State<Arc<Demo>>, bytes: axum::body::Bytes) -> Answer {
    let req: FaultRequest = body(&bytes)?;
    let line = match (req.device.as_str(), req.mode.as_str()) {
        (device @ ("fingerprint" | "scanner"), mode @ ("unplug" | "plug")) => {
            format!("{mode} {device}")
        }
        ("fingerprint", mode) if mode.split_whitespace().count() <= 2 => format!("fault {mode}"),
        _ => return Err(ApiError(StatusCode::BAD_REQUEST, FAULT_HELP.into())),
    };
    let text = demo.run(&line)?;
    Ok(Json(serde_json::json!({ "ok": true, "said": text })))
}

async fn registry_fault(State(demo): State<Arc<Demo>>, bytes: axum::body::Bytes) -> Answer {
    let req: RegistryFaultRequest = body(&bytes)?;
    let rate = |r: f64| r.is_finite() && (0.0..=1.0).contains(&r);
    if !rate(req.fail_rate) || !rate(req.drop_rate) {
        return Err(ApiError(
            StatusCode::BAD_REQUEST,
            "rates are between 0.0 and 1.0".into(),
        ));
    }
    demo.registry.set_faults(Faults {
        latency: Duration::from_millis(req.latency_ms.min(120_000)),
        fail_rate: req.fail_rate,
        drop_rate: req.drop_rate,
    });
    ok()
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the tokio runtime")?;
    runtime.block_on(serve(args))
}

fn kiosk_binary(args: &Args) -> anyhow::Result<PathBuf> {
    if let Some(path) = &args.totem {
        return Ok(path.clone());
    }
    let me = std::env::current_exe().context("finding this program's own path")?;
    let totem = me.with_file_name("totem");
    if !totem.exists() {
        anyhow::bail!(
            "the kiosk binary is not at {} — build it first: cargo build -p totem --features demo",
            totem.display()
        );
    }
    Ok(totem)
}

async fn serve(args: Args) -> anyhow::Result<()> {
    let layout = Layout {
        dir: args.state_dir.clone(),
    };
    for dir in [
        layout.dir.clone(),
        layout.config_dir(),
        layout.printed(),
        layout.spool(),
    ] {
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("creating the demo folder {}", dir.display()))?;
    }
    let totem = if args.no_kiosk {
        None
    } else {
        Some(kiosk_binary(&args)?)
    };

    // The kiosk's settings first: the emulators follow what it will expect.
    let settings = totem_config::parse_kiosk(Path::new("kiosk-config/demo.toml"), DEMO_TOML)
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    if !args.keep_registry {
        for suffix in ["", "-wal", "-shm"] {
            let mut file = layout.db().into_os_string();
            file.push(suffix);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(e).context("removing the previous demo registry"),
            }
        }
    }
    let registry = Server::start(ServerConfig::new(layout.db(), Transport::PlainHttp))
        .await
        .context("starting the reference registry")?;
    let backend_url = registry.url();

    let fp = &settings.devices.fingerprint;
    let fingerprint = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud: fp.baud,
        address: fp.address,
        password: fp.password,
        link: Some(layout.fingerprint()),
        ..FingerprintEmulatorConfig::default()
    })
    .context("starting the fingerprint emulator")?;
    let sc = &settings.devices.scanner;
    let scanner = ScannerEmulator::start(ScannerEmulatorConfig {
        baud: sc.baud,
        link: Some(layout.scanner()),
        terminator: sc.terminator,
        framing: sc.framing,
    })
    .context("starting the scanner emulator")?;

    let config_dir = layout.config_dir();
    let kiosk = kiosk_toml(&layout.dir, &backend_url, &free_loopback_addr())?;
    std::fs::write(config_dir.join("kiosk.toml"), kiosk).context("writing the demo kiosk.toml")?;
    std::fs::write(config_dir.join("certificates.toml"), CATALOG_TOML)
        .context("writing the demo certificates.toml")?;
    // Fail here, with the file and line, rather than in the kiosk's window.
    totem_config::load_kiosk(&config_dir.join("kiosk.toml")).map_err(|e| anyhow::anyhow!("{e}"))?;
    totem_config::load_catalog(&config_dir.join("certificates.toml"))
        .map_err(|e| anyhow::anyhow!("{e}"))?;

    let listener = tokio::net::TcpListener::bind(args.control)
        .await
        .with_context(|| format!("binding the demo control API on {}", args.control))?;
    let control_url = format!("http://{}", listener.local_addr()?);
    let population = Population::reference(totem_sim_registry::server::today());
    let info = serde_json::json!({
        "registry": backend_url,
        "control": control_url,
        "config_dir": config_dir,
        "scanner": layout.scanner(),
        "fingerprint": layout.fingerprint(),
        "printed": layout.printed(),
    });
    let demo = Arc::new(Demo {
        fingerprint,
        scanner,
        registry,
        citizens: demo_citizens(&population),
        touch: AtomicU64::new(0),
        info,
    });
    let (stop_control, control_stopped) = tokio::sync::oneshot::channel::<()>();
    let app = router(demo.clone());
    let control = tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = control_stopped.await;
            })
            .await
    });

    println!("totem-sim demo");
    println!(
        "  registry     {backend_url}  (plain http, {})",
        layout.db().display()
    );
    println!("  scanner      {}", layout.scanner().display());
    println!("  fingerprint  {}", layout.fingerprint().display());
    println!("  printed PDFs {}", layout.printed().display());
    println!("  kiosk config {}", config_dir.display());
    println!("  demo control {control_url}  (GET {control_url}/demo for the calls)");
    // Synthetic people, but still RUNs and names: not in this program's
    // output, which may end up in a log. They are in docs/demo.md, the panel
    // and GET /demo/citizens.
    println!(
        "  {} demo citizens: the DEMO tab in the window, or GET {control_url}/demo/citizens",
        demo.citizens.len()
    );

    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("installing the SIGTERM handler")?;
    let outcome = match totem {
        None => {
            println!("no kiosk started (--no-kiosk); to run one against this demo:");
            println!(
                "  {CONTROL_ENV}={control_url} totem run --config-dir {}",
                config_dir.display()
            );
            println!("ready");
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = terminate.recv() => {}
            }
            Ok(())
        }
        Some(totem) => {
            let mut child = tokio::process::Command::new(&totem)
                .arg("run")
                .arg("--config-dir")
                .arg(&config_dir)
                .args(&args.kiosk_args)
                .env(CONTROL_ENV, &control_url)
                .stdin(Stdio::null())
                .kill_on_drop(true)
                .spawn()
                .with_context(|| format!("starting the kiosk {}", totem.display()))?;
            println!(
                "kiosk started: {} run --config-dir {}",
                totem.display(),
                config_dir.display()
            );
            println!("ready");
            let stopped_by_us = tokio::select! {
                status = child.wait() => {
                    match status {
                        Ok(s) if s.success() => Ok(()),
                        Ok(s) => Err(anyhow::anyhow!("the kiosk exited with {s}")),
                        Err(e) => Err(anyhow::anyhow!("waiting for the kiosk: {e}")),
                    }
                }
                _ = tokio::signal::ctrl_c() => stop_kiosk(&mut child).await,
                _ = terminate.recv() => stop_kiosk(&mut child).await,
            };
            stopped_by_us
        }
    };

    println!("stopping the demo");
    let _ = stop_control.send(());
    let _ = control.await;
    match Arc::try_unwrap(demo) {
        // Dropping the emulators removes their links.
        Ok(demo) => demo.registry.shutdown().await,
        Err(demo) => drop(demo),
    }
    outcome
}

/// SIGTERM, then SIGKILL if the kiosk has not gone within 5 s.
async fn stop_kiosk(child: &mut tokio::process::Child) -> anyhow::Result<()> {
    if let Some(pid) = child.id().and_then(|p| i32::try_from(p).ok()) {
        // SAFETY: kill(2) on our own child's pid, which has not been reaped.
        unsafe {
            libc::kill(pid, libc::SIGTERM);
        }
    }
    if tokio::time::timeout(Duration::from_secs(5), child.wait())
        .await
        .is_err()
    {
        let _ = child.kill().await;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_citizens_are_the_documented_nine_then_a_few_more() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let list = demo_citizens(&Population::reference(today));
        assert_eq!(list[0].run, "44.000.066-5");
        assert_eq!(list[1].run_body, 44_000_055);
        assert!(list[1].has_key && list[1].good_for.starts_with("Recuperar"));
        assert_eq!(list[3].card, "expired");
        assert!(list.len() > DEMO_COUNT, "a few more than the nine");
        let extra_recover = &list[DEMO_COUNT];
        assert!(extra_recover.has_key && extra_recover.card == "valid" && extra_recover.age >= 18);
    }

    #[test]
    fn the_written_config_points_at_this_runs_paths_and_loads() {
        let dir = tempfile::tempdir().unwrap();
        let text = kiosk_toml(dir.path(), "http://127.0.0.1:40123", "127.0.0.1:40124").unwrap();
        let path = dir.path().join("kiosk.toml");
        std::fs::write(&path, &text).unwrap();
        let config = totem_config::load_kiosk(&path).unwrap();
        assert!(config.kiosk.demo);
        assert_eq!(config.backend.url, "http://127.0.0.1:40123");
        assert_eq!(
            Path::new(&config.devices.scanner.port),
            dir.path().join("scanner")
        );
        assert_eq!(
            Path::new(&config.printer.folder),
            dir.path().join("printed")
        );
        assert_eq!(config.maintenance.metrics_listen, "127.0.0.1:40124");
    }
}
