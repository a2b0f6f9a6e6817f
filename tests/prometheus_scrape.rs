//! A real scrape: Debian's `prometheus` on loopback, with the alert rules
//! of packaging/prometheus/ loaded, scrapes a running kiosk's metrics
//! endpoint; the test reads Prometheus's HTTP API.
//!
//! The kiosk is the application without a window, as in tests/soak.rs:
//! `totem::ui::App` with its operations (the metrics the endpoint serves)
//! and `DeviceEffects`, the real scanner and fingerprint drivers talking to
//! the byte-exact emulators over pseudo-terminals. Their `Connected` /
//! `Disconnected` events go through `App::update` into
//! `totem_device_connected`, as in `totem run`.
//!
//! Checked: the kiosk's series reach Prometheus with the documented labels
//! (docs/operations.md); then the fingerprint reader emulator is unplugged,
//! and Prometheus holds `totem_device_connected{device="fingerprint"} == 0`
//! and the rule TotemDeviceDisconnected goes pending, then firing.
//!
//! The test's copy of the rules differs from the shipped file in time only:
//! groups evaluated every second instead of every minute, and
//! TotemDeviceDisconnected's `for: 2m` shortened to `for: 3s`, so the test
//! takes seconds; the expressions are the shipped ones. Everything listens
//! on 127.0.0.1 only; Prometheus keeps its data in a temporary folder and
//! is killed when the test ends. About 20 s.
//!
//! `TOTEM_SKIP_PROMETHEUS_TESTS=1` skips it where Debian's prometheus is
//! not installed (scripts/install-deps installs it).

use std::collections::{BTreeMap, BTreeSet};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use iced::advanced::subscription::into_recipes;
use iced_test::futures::futures::{self, StreamExt};
use serde_json::Value;
use totem::ui::catalog::default_catalog;
use totem::ui::effects::devices::DeviceEffects;
use totem::ui::effects::operations::Operations;
use totem::ui::{App, Effects, Message, Unconnected};
use totem_config::{DeviceSettings, FingerprintSettings, ScannerSettings};
use totem_maintenance::metrics::Metrics;
use totem_maintenance::watchdog::Watchdog;
use totem_sim_devices::{
    FingerprintEmulator, FingerprintEmulatorConfig, ScannerEmulator, ScannerEmulatorConfig,
};

const KIOSK_ID: &str = "TOT-SCRAPE";
const BAUD: u32 = 115_200;
/// Every wait in this test ends by this much at the latest.
const PATIENCE: Duration = Duration::from_secs(60);

/// Prometheus as a child process, killed when dropped.
struct Prometheus {
    child: Child,
    url: String,
    log: PathBuf,
}

impl Drop for Prometheus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Prometheus {
    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

fn prometheus_binary() -> Option<PathBuf> {
    if std::env::var_os("TOTEM_SKIP_PROMETHEUS_TESTS").is_some() {
        eprintln!("skipped: TOTEM_SKIP_PROMETHEUS_TESTS is set");
        return None;
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("prometheus"))
            .find(|p| p.is_file())
    });
    Some(found.unwrap_or_else(|| {
        panic!(
            "prometheus not found: install the Debian package prometheus \
             (scripts/install-deps), or set TOTEM_SKIP_PROMETHEUS_TESTS=1"
        )
    }))
}

/// A port nobody listens on now (the kernel's pick for a throwaway socket).
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// The shipped rules, with the test's timing (see the module's comment).
fn rules_for_the_test() -> String {
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("packaging/prometheus/totem-rules.yml"),
    )
    .expect("packaging/prometheus/totem-rules.yml");
    let alert = shipped
        .find("- alert: TotemDeviceDisconnected")
        .expect("the rules have TotemDeviceDisconnected");
    let for_at = alert
        + shipped[alert..]
            .find("for: 2m")
            .expect("TotemDeviceDisconnected waits 2m");
    let mut rules = shipped.clone();
    rules.replace_range(for_at..for_at + "for: 2m".len(), "for: 3s");
    let rules = rules
        .replace("interval: 1m", "interval: 1s")
        .replace("interval: 10m", "interval: 1s");
    assert!(!rules.contains("interval: 1m") && rules != shipped);
    rules
}

fn start_prometheus(binary: &Path, dir: &Path, kiosk: SocketAddr) -> Prometheus {
    std::fs::write(dir.join("totem-rules.yml"), rules_for_the_test()).expect("rules");
    std::fs::write(
        dir.join("prometheus.yml"),
        format!(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s\n\
             rule_files:\n  - totem-rules.yml\n\
             scrape_configs:\n  - job_name: totem\n    static_configs:\n      - targets: ['{kiosk}']\n"
        ),
    )
    .expect("prometheus.yml");
    let port = free_port();
    let log = dir.join("prometheus.log");
    let log_file = std::fs::File::create(&log).expect("log");
    let child = Command::new(binary)
        .arg(format!(
            "--config.file={}",
            dir.join("prometheus.yml").display()
        ))
        .arg(format!(
            "--storage.tsdb.path={}",
            dir.join("data").display()
        ))
        .arg(format!("--web.listen-address=127.0.0.1:{port}"))
        .arg("--log.level=warn")
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(log_file.try_clone().expect("log"))
        .stderr(log_file)
        .spawn()
        .expect("prometheus starts");
    Prometheus {
        child,
        url: format!("http://127.0.0.1:{port}"),
        log,
    }
}

/// The kiosk without a window: the app, its device drivers on the
/// emulators' ptys, its metrics on a loopback endpoint.
struct Kiosk {
    rt: tokio::runtime::Runtime,
    app: App<DeviceEffects<Unconnected>>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Message>,
    metrics: Arc<Metrics>,
    endpoint: SocketAddr,
    _scanner: ScannerEmulator,
    finger: FingerprintEmulator,
}

impl Kiosk {
    fn start(dir: &Path) -> Kiosk {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let scanner_link = dir.join("scanner");
        let finger_link = dir.join("fingerprint");
        let scanner = ScannerEmulator::start(ScannerEmulatorConfig {
            baud: BAUD,
            link: Some(scanner_link.clone()),
            ..ScannerEmulatorConfig::default()
        })
        .expect("scanner emulator");
        let finger = FingerprintEmulator::start(FingerprintEmulatorConfig {
            baud: BAUD,
            link: Some(finger_link.clone()),
            ..FingerprintEmulatorConfig::default()
        })
        .expect("fingerprint emulator");
        let devices = DeviceSettings {
            scanner: ScannerSettings {
                port: scanner_link.display().to_string(),
                baud: BAUD,
                ..ScannerSettings::default()
            },
            fingerprint: FingerprintSettings {
                port: finger_link.display().to_string(),
                baud: BAUD,
                ..FingerprintSettings::default()
            },
        };
        let metrics = Arc::new(Metrics::new(KIOSK_ID, env!("CARGO_PKG_VERSION")));
        let endpoint = totem_maintenance::http::start_in_background("127.0.0.1:0", metrics.clone())
            .expect("metrics endpoint on loopback")
            .addr;
        let app = App::new(
            totem_flow::Settings::default(),
            default_catalog(),
            DeviceEffects::new(&devices, Unconnected),
        )
        .expect("texts")
        .with_operations(Operations::new(
            metrics.clone(),
            Watchdog::with_timeout(None),
        ));
        // The device drivers, as the window's subscription would run them.
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        for recipe in into_recipes(app.effects().subscription()) {
            let mut stream = recipe.stream(futures::stream::pending().boxed());
            let tx = tx.clone();
            rt.spawn(async move {
                while let Some(event) = stream.next().await {
                    if tx.send(Message::Device(event)).is_err() {
                        break;
                    }
                }
            });
        }
        Kiosk {
            rt,
            app,
            rx,
            metrics,
            endpoint,
            _scanner: scanner,
            finger,
        }
    }

    /// Feeds the drivers' events to the app until `done` holds.
    fn until(&mut self, what: &str, done: impl Fn(&Kiosk) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while !done(self) {
            assert!(Instant::now() < deadline, "the kiosk never got: {what}");
            let rx = &mut self.rx;
            let next = self.rt.block_on(async {
                tokio::time::timeout(Duration::from_millis(100), rx.recv()).await
            });
            if let Ok(Some(message)) = next {
                // Device events go through update, as in the window; the
                // tasks it returns (none for availability) are not needed.
                let _ = self.app.update(message);
            }
        }
    }

    fn exports(&self, line: &str) -> bool {
        self.metrics.render().lines().any(|l| l == line)
    }
}

/// GET `path` from Prometheus's HTTP API; the `data` of a successful answer.
fn api(kiosk: &Kiosk, prometheus: &Prometheus, path: &str) -> Option<Value> {
    let url = format!("{}{path}", prometheus.url);
    kiosk.rt.block_on(async {
        let answer = reqwest::get(&url).await.ok()?;
        let body: Value = answer.json().await.ok()?;
        (body["status"] == "success").then(|| body["data"].clone())
    })
}

fn query(kiosk: &Kiosk, prometheus: &Prometheus, promql: &str) -> Vec<Value> {
    let mut encoded = String::new();
    for b in promql.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    api(kiosk, prometheus, &format!("/api/v1/query?query={encoded}"))
        .and_then(|data| data["result"].as_array().cloned())
        .unwrap_or_default()
}

fn wait_for<T>(prometheus: &Prometheus, what: &str, mut probe: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + PATIENCE;
    loop {
        if let Some(found) = probe() {
            return found;
        }
        assert!(
            Instant::now() < deadline,
            "Prometheus never showed: {what}\n--- prometheus log:\n{}",
            prometheus.log()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// The label names docs/operations.md gives each metric (besides the
/// `job` and `instance` Prometheus adds).
fn documented_labels(name: &str) -> Option<&'static [&'static str]> {
    let labels: &'static [&'static str] = match name {
        "totem_build_info" => &["version", "kiosk"],
        "totem_sessions_started_total" | "totem_sessions_completed_total" => &["flow"],
        "totem_sessions_abandoned_total" => &["flow", "reason"],
        "totem_fingerprint_tries_total" => &["outcome"],
        "totem_certificates_printed_total" | "totem_certificate_print_failures_total" => &["kind"],
        "totem_device_connected" => &["device"],
        "totem_printer_state" => &["state"],
        "totem_printer_reason" => &["reason"],
        "totem_backend_request_duration_seconds_bucket" => &["le"],
        "totem_uptime_seconds"
        | "totem_backend_up"
        | "totem_backend_unreachable_total"
        | "totem_backend_request_duration_seconds_sum"
        | "totem_backend_request_duration_seconds_count"
        | "totem_spool_free_bytes"
        | "totem_delivery_reports_waiting"
        | "totem_client_cert_not_after_timestamp_seconds"
        | "totem_out_of_service"
        | "totem_maintenance_mode"
        | "totem_pin_lockouts_total"
        | "totem_heartbeat_failures_total"
        | "totem_audit_entries" => &[],
        _ => return None,
    };
    Some(labels)
}

/// Labels of a query result, without `__name__`, `job` and `instance`.
fn own_labels(series: &Value) -> BTreeMap<String, String> {
    series["metric"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| !["__name__", "job", "instance"].contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
        .collect()
}

fn value_of(series: &Value) -> Option<f64> {
    series["value"][1].as_str()?.parse().ok()
}

#[test]
fn prometheus_scrapes_the_kiosk_and_alerts_when_the_fingerprint_reader_is_unplugged() {
    let Some(binary) = prometheus_binary() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let mut kiosk = Kiosk::start(dir.path());
    kiosk.until("both devices connected", |k| {
        k.exports("totem_device_connected{device=\"fingerprint\"} 1")
            && k.exports("totem_device_connected{device=\"scanner\"} 1")
    });
    let prometheus = start_prometheus(&binary, dir.path(), kiosk.endpoint);

    // The first scrape: the target is up and the reader is there.
    let target = kiosk.endpoint.to_string();
    wait_for(&prometheus, "the kiosk's target up", || {
        query(&kiosk, &prometheus, "up{job=\"totem\"}")
            .into_iter()
            .find(|s| s["metric"]["instance"] == target.as_str() && value_of(s) == Some(1.0))
    });
    let connected = wait_for(&prometheus, "the fingerprint reader connected", || {
        query(
            &kiosk,
            &prometheus,
            "totem_device_connected{job=\"totem\",device=\"fingerprint\"}",
        )
        .into_iter()
        .next()
    });
    assert_eq!(value_of(&connected), Some(1.0), "{connected}");

    // Every totem_ series carries its documented labels and no others.
    let all = query(
        &kiosk,
        &prometheus,
        "{job=\"totem\",__name__=~\"totem_.+\"}",
    );
    let mut seen: BTreeMap<String, BTreeSet<BTreeMap<String, String>>> = BTreeMap::new();
    for series in &all {
        let name = series["metric"]["__name__"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        let labels = own_labels(series);
        let documented = documented_labels(&name)
            .unwrap_or_else(|| panic!("{name} is not in docs/operations.md's table"));
        let names: BTreeSet<&str> = labels.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            documented.iter().copied().collect::<BTreeSet<_>>(),
            "{name}: labels {labels:?}"
        );
        seen.entry(name).or_default().insert(labels);
    }
    let values = |name: &str, label: &str| -> BTreeSet<String> {
        seen.get(name)
            .into_iter()
            .flatten()
            .filter_map(|l| l.get(label).cloned())
            .collect()
    };
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        values("totem_build_info", "kiosk"),
        set(&[KIOSK_ID]),
        "{seen:?}"
    );
    assert_eq!(
        values("totem_build_info", "version"),
        set(&[env!("CARGO_PKG_VERSION")])
    );
    assert_eq!(
        values("totem_device_connected", "device"),
        set(&["fingerprint", "scanner"])
    );
    assert_eq!(
        values("totem_sessions_started_total", "flow"),
        set(&["certificate", "first_issue", "recover"])
    );
    assert_eq!(
        values("totem_sessions_abandoned_total", "reason"),
        set(&["cancelled", "failed", "timeout"])
    );
    assert_eq!(seen["totem_sessions_abandoned_total"].len(), 9);
    assert_eq!(
        values("totem_fingerprint_tries_total", "outcome"),
        set(&[
            "device_error",
            "match",
            "no_finger",
            "no_match",
            "poor_image"
        ])
    );
    assert_eq!(
        values("totem_printer_state", "state"),
        set(&["idle", "offline", "printing", "stopped", "unknown"])
    );
    assert!(values("totem_backend_request_duration_seconds_bucket", "le").contains("+Inf"));
    for always in [
        "totem_uptime_seconds",
        "totem_backend_up",
        "totem_out_of_service",
        "totem_maintenance_mode",
        "totem_pin_lockouts_total",
        "totem_heartbeat_failures_total",
    ] {
        assert!(seen.contains_key(always), "no {always} in {seen:?}");
    }
    // The recording rules run on the real series: one status for the kiosk.
    let status = wait_for(&prometheus, "the kiosk's status recorded", || {
        query(&kiosk, &prometheus, "totem:kiosk_status")
            .into_iter()
            .next()
    });
    assert_eq!(status["metric"]["instance"], target.as_str(), "{status}");

    // The cable comes out.
    kiosk.finger.unplug();
    kiosk.until("the fingerprint reader disconnected", |k| {
        k.exports("totem_device_connected{device=\"fingerprint\"} 0")
    });
    let gone = wait_for(
        &prometheus,
        "totem_device_connected{device=\"fingerprint\"} == 0",
        || {
            query(
                &kiosk,
                &prometheus,
                "totem_device_connected{job=\"totem\",device=\"fingerprint\"} == 0",
            )
            .into_iter()
            .next()
        },
    );
    assert_eq!(gone["metric"]["instance"], target.as_str(), "{gone}");
    // The scanner is still there: no alert for it.
    assert_eq!(
        query(
            &kiosk,
            &prometheus,
            "totem_device_connected{job=\"totem\",device=\"scanner\"}"
        )
        .first()
        .and_then(value_of),
        Some(1.0)
    );

    // The alert: pending at first, firing once `for` has passed.
    let mut states = Vec::new();
    let firing = wait_for(&prometheus, "TotemDeviceDisconnected firing", || {
        let alerts = api(&kiosk, &prometheus, "/api/v1/alerts")?;
        let ours: Vec<Value> = alerts["alerts"]
            .as_array()?
            .iter()
            .filter(|a| a["labels"]["alertname"] == "TotemDeviceDisconnected")
            .cloned()
            .collect();
        for alert in &ours {
            assert_eq!(alert["labels"]["device"], "fingerprint", "{alert}");
            assert_eq!(alert["labels"]["kiosk"], KIOSK_ID, "{alert}");
            assert_eq!(alert["labels"]["severity"], "critical", "{alert}");
            let state = alert["state"].as_str().unwrap_or_default().to_owned();
            if states.last() != Some(&state) {
                states.push(state);
            }
        }
        ours.into_iter().find(|a| a["state"] == "firing")
    });
    assert_eq!(
        firing["annotations"]["summary"],
        format!("Kiosk {KIOSK_ID}: fingerprint not connected")
    );
    assert_eq!(
        states.first().map(String::as_str),
        Some("pending"),
        "{states:?}"
    );
}
