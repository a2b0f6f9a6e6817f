//! Live reconfiguration: the kiosk as `totem run` boots it (`ui::kiosk::boot`:
//! the site effects, operations, maintenance mode), on real parts — the
//! device emulators on pseudo-terminals, the reference registry over HTTP on
//! loopback with a real SQLite file, the folder printer — and kiosk.toml on
//! disk. A reload moves the scanner to another port, the registry to another
//! server and the printer to another folder; the next citizen's session
//! runs on the new ones, in the same process, counted by the same metrics.
//!
//! The tasks `update` returns run on tokio as iced would run them, and the
//! subscriptions too, started and stopped as `App::subscription` changes,
//! keyed by their hash as iced's runtime keys them.

use std::collections::HashMap;
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use iced::advanced::subscription::{into_recipes, Hasher};
use iced::Settings;
use iced_test::futures::futures::{self, StreamExt};
use iced_test::runtime::{task::into_stream, Action};
use iced_test::Simulator;
use totem::ui::effects::operations::{ConfigFiles, Setup};
use totem::ui::theme::{fonts, PORTRAIT};
use totem::ui::{theme, App, Effects, Message};
use totem_config::{ScanFraming, ScanTerminator};
use totem_flow::Screen;
use totem_maintenance::metrics::Metrics;
use totem_sim_devices::{
    FingerprintEmulator, FingerprintEmulatorConfig, ScannerEmulator, ScannerEmulatorConfig,
};
use totem_sim_people::Population;
use totem_sim_registry::server::{Server, ServerConfig, ServerHandle, Transport};

/// The drivers' process-wide state (the reader's handle, the device
/// watch): one kiosk at a time.
static ONE: std::sync::Mutex<()> = std::sync::Mutex::new(());

const BAUD: u32 = 115_200;

/// What kiosk.toml points at; the reload changes all three.
struct Parts<'a> {
    scanner: &'a Path,
    registry: &'a str,
    printed: &'a Path,
}

struct Kiosk {
    rt: tokio::runtime::Runtime,
    app: App<Box<dyn Effects>>,
    tx: tokio::sync::mpsc::UnboundedSender<Message>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Message>,
    running: HashMap<u64, tokio::task::JoinHandle<()>>,
    metrics: Arc<Metrics>,
    dir: tempfile::TempDir,
}

fn kiosk_toml(dir: &Path, parts: &Parts) -> String {
    // One hash for the run: a new salt would be a change of [maintenance].
    static PIN_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let pin_hash = PIN_HASH.get_or_init(|| totem_maintenance::pin::hash_pin("2468").expect("hash"));
    format!(
        r#"[kiosk]
id = "TOT-RELOAD"
site = "Prueba de recarga"
demo = true

[devices.scanner]
port = "{scanner}"
baud = {BAUD}

[devices.fingerprint]
port = "{fingerprint}"
baud = {BAUD}
finger_timeout_secs = 5

[backend]
url = "{registry}"
timeout_secs = 5

[printer]
kind = "folder"
folder = "{printed}"
spool_dir = "{spool}"

[maintenance]
pin_hash = "{pin_hash}"
pin_state_file = "{pin_state}"
audit_log = "{audit}"
metrics_listen = "127.0.0.1:0"
"#,
        scanner = parts.scanner.display(),
        fingerprint = dir.join("fingerprint").display(),
        registry = parts.registry,
        printed = parts.printed.display(),
        spool = dir.join("spool").display(),
        pin_state = dir.join("pin-lock.json").display(),
        audit = dir.join("audit.log").display(),
    )
}

impl Kiosk {
    fn boot(rt: tokio::runtime::Runtime, dir: tempfile::TempDir, parts: &Parts) -> Self {
        let config = dir.path().join("kiosk-config");
        std::fs::create_dir_all(&config).expect("config dir");
        std::fs::write(config.join("kiosk.toml"), kiosk_toml(dir.path(), parts)).expect("toml");
        std::fs::copy(
            "kiosk-config/certificates.toml",
            config.join("certificates.toml"),
        )
        .expect("certificates.toml");
        let files = ConfigFiles {
            kiosk: config.join("kiosk.toml"),
            catalog: config.join("certificates.toml"),
        };
        let kiosk = totem_config::load_kiosk(&files.kiosk).expect("kiosk.toml loads");
        let catalog = totem_config::load_catalog(&files.catalog).expect("catalog loads");
        let metrics = Arc::new(Metrics::new("TOT-RELOAD", "0.0.0"));
        let setup = Setup {
            metrics: metrics.clone(),
            log_tail: None,
            config_files: Some(files),
        };
        let app = {
            let _runtime = rt.enter();
            totem::ui::kiosk::boot(kiosk, catalog, Some(setup))().expect("the app boots")
        };
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let mut kiosk = Self {
            rt,
            app,
            tx,
            rx,
            running: HashMap::new(),
            metrics,
            dir,
        };
        kiosk.sync_subscriptions();
        kiosk
    }

    /// Starts the app's new subscriptions and stops the ones it dropped.
    fn sync_subscriptions(&mut self) {
        let _runtime = self.rt.enter();
        let mut wanted = HashMap::new();
        for recipe in into_recipes(self.app.subscription()) {
            let mut hasher = Hasher::default();
            recipe.hash(&mut hasher);
            wanted.insert(hasher.finish(), recipe);
        }
        self.running.retain(|id, task| {
            let keep = wanted.contains_key(id);
            if !keep {
                task.abort();
            }
            keep
        });
        for (id, recipe) in wanted {
            if self.running.contains_key(&id) {
                continue;
            }
            let mut stream = recipe.stream(futures::stream::pending().boxed());
            let tx = self.tx.clone();
            let task = self.rt.spawn(async move {
                while let Some(message) = stream.next().await {
                    if tx.send(message).is_err() {
                        break;
                    }
                }
            });
            self.running.insert(id, task);
        }
    }

    fn send(&mut self, message: Message) {
        let runtime = self.rt.handle().clone();
        let _runtime = runtime.enter();
        let task = self.app.update(message);
        if let Some(stream) = into_stream(task) {
            let tx = self.tx.clone();
            self.rt.spawn(async move {
                let mut stream = stream;
                while let Some(action) = stream.next().await {
                    if let Action::Output(message) = action {
                        let _ = tx.send(message);
                    }
                }
            });
        }
        self.sync_subscriptions();
    }

    /// Runs what comes in (device events, answers, timers) until `done` or `max`.
    fn pump(&mut self, max: Duration, done: impl Fn(&Kiosk) -> bool) -> bool {
        let deadline = std::time::Instant::now() + max;
        loop {
            if done(self) {
                return true;
            }
            let now = std::time::Instant::now();
            if now >= deadline {
                return false;
            }
            let wait = (deadline - now).min(Duration::from_millis(100));
            let rx = &mut self.rx;
            let next = self
                .rt
                .block_on(async { tokio::time::timeout(wait, rx.recv()).await });
            if let Ok(Some(message)) = next {
                self.send(message);
            }
        }
    }

    fn ui(&self) -> Simulator<'_, Message> {
        let settings = Settings {
            fonts: fonts(),
            default_font: theme::REGULAR,
            ..Settings::default()
        };
        Simulator::with_size(settings, PORTRAIT, self.app.view())
    }

    fn touch(&mut self, label: &str) {
        let mut ui = self.ui();
        if let Err(error) = ui.click(label) {
            panic!("cannot touch {label:?} on {:?}: {error}", self.screen());
        }
        let messages: Vec<Message> = ui.into_messages().collect();
        for message in messages {
            self.send(message);
        }
    }

    fn screen(&self) -> Screen {
        self.app.session().screen()
    }

    fn wait_for(&mut self, what: &str, max: Duration, done: impl Fn(&Kiosk) -> bool) {
        let reached = self.pump(max, done);
        assert!(
            reached,
            "{what}: still on {:?} ({:?})",
            self.screen(),
            self.app.session().notice()
        );
    }

    /// Both drivers have (re)connected since `since`.
    fn wait_for_devices(&mut self, since: chrono::DateTime<chrono::Utc>) {
        self.wait_for("the drivers connect", Duration::from_secs(20), |_| {
            let watch = totem::ui::effects::device_watch::device_watch();
            watch.scanner_since.is_some_and(|t| t >= since)
                && watch.fingerprint_since.is_some_and(|t| t >= since)
        });
        // The drivers' Connected reach the app just after the watch.
        self.pump(Duration::from_millis(500), |_| false);
    }

    fn audit(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("audit.log")).expect("audit log")
    }

    /// A certificate of the holder's own (card and finger): the card on
    /// `scanner`, the finger on the reader, the registry and the printer
    /// of the running configuration. Returns the folio.
    fn certificate_session(
        &mut self,
        scanner: &ScannerEmulator,
        finger: &FingerprintEmulator,
        card: &str,
        run_body: u32,
    ) -> String {
        self.touch("Toque la pantalla para comenzar");
        self.touch("Español");
        self.touch("Certificados gratuitos");
        self.touch("Antecedentes");
        self.touch("Fines particulares");
        assert_eq!(self.screen(), Screen::PresentCard);
        finger.place_finger(run_body, 1);
        scanner.present(card);
        self.wait_for("card, finger, registry", Duration::from_secs(30), |k| {
            k.screen() == Screen::Confirm
        });
        finger.lift_finger();
        self.touch("Imprimir certificado");
        self.wait_for("printed", Duration::from_secs(30), |k| {
            k.screen() == Screen::TakeIt
        });
        let folio = self.app.session().folio().to_string();
        self.touch("Terminar");
        self.wait_for("back to attract", Duration::from_secs(15), |k| {
            k.screen() == Screen::Attract
        });
        folio
    }
}

impl Drop for Kiosk {
    fn drop(&mut self) {
        for (_, task) in self.running.drain() {
            task.abort();
        }
    }
}

fn certificates(server: &ServerHandle) -> Vec<i64> {
    server.with_db(|db| {
        let mut query = db
            .prepare("SELECT folio FROM certificates ORDER BY folio")
            .expect("query");
        query
            .query_map([], |r| r.get(0))
            .expect("rows")
            .collect::<Result<Vec<i64>, _>>()
            .expect("folios")
    })
}

fn pdfs(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .map(|d| {
            d.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".pdf"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn scanner_at(link: PathBuf) -> ScannerEmulator {
    ScannerEmulator::start(ScannerEmulatorConfig {
        baud: BAUD,
        link: Some(link),
        terminator: ScanTerminator::Cr,
        framing: ScanFraming::None,
    })
    .expect("scanner emulator")
}

#[test]
fn a_reload_moves_scanner_registry_and_printer_and_the_next_session_runs_on_the_new_ones() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_owned();
    let scanner_a = scanner_at(d.join("scanner-a"));
    let scanner_b = scanner_at(d.join("scanner-b"));
    let finger = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud: BAUD,
        link: Some(d.join("fingerprint")),
        ..FingerprintEmulatorConfig::default()
    })
    .expect("fingerprint emulator");
    // Two registries with the same synthetic population, each its own database.
    let start = |name: &str| {
        let config = ServerConfig::new(d.join(name), Transport::PlainHttp);
        rt.block_on(Server::start(config)).expect("registry starts")
    };
    let (registry_a, registry_b) = (start("registry-a.sqlite"), start("registry-b.sqlite"));
    let config = ServerConfig::new(d.join("unused"), Transport::PlainHttp);
    let population = Population::generate(
        config.seed,
        chrono::Utc::now().date_naive(),
        config.population,
    );
    let (printed_a, printed_b) = (d.join("printed-a"), d.join("printed-b"));
    let card = |n: usize| {
        let citizen = population.demo(n);
        let qr = totem_document::encode_qr(&citizen.card_data(), totem_document::QrHost::Classic);
        (qr, citizen.run_body)
    };

    let booted = chrono::Utc::now();
    let mut kiosk = Kiosk::boot(
        rt,
        dir,
        &Parts {
            scanner: &d.join("scanner-a"),
            registry: &registry_a.url(),
            printed: &printed_a,
        },
    );
    kiosk.wait_for_devices(booted);

    // A first citizen, on the parts the kiosk started with.
    let (qr, run_body) = card(1);
    let first = kiosk.certificate_session(&scanner_a, &finger, &qr, run_body);
    assert_eq!(pdfs(&printed_a), [format!("{first}.pdf")]);
    assert_eq!(certificates(&registry_a).len(), 1);

    // The technician edits kiosk.toml and reloads it from the dashboard.
    std::fs::write(
        d.join("kiosk-config/kiosk.toml"),
        kiosk_toml(
            &d,
            &Parts {
                scanner: &d.join("scanner-b"),
                registry: &registry_b.url(),
                printed: &printed_b,
            },
        ),
    )
    .expect("edit kiosk.toml");
    if let Some(m) = kiosk.app.maintenance_mut() {
        m.open_pad();
    }
    for key in ["2", "4", "6", "8", "OK"] {
        kiosk.touch(key);
    }
    let reloaded = chrono::Utc::now();
    kiosk.touch("Recargar configuración");
    let report: Vec<String> = kiosk
        .app
        .maintenance()
        .map(|m| {
            let tr = totem::ui::i18n::Translations::load().expect("texts");
            m.reports()
                .iter()
                .flat_map(|r| r.lines.iter())
                .map(|t| totem::ui::screens::maintenance::say(&tr, m.language(), t))
                .collect()
        })
        .unwrap_or_default();
    assert!(
        report.contains(&"Aplicado ahora: [devices.scanner], [backend], [printer]".to_owned()),
        "{report:#?}"
    );
    kiosk.touch("Salir de mantenimiento");
    // The scanner's driver starts again on the new port, the reader's too
    // (iced restarts the subscription whose settings changed).
    kiosk.wait_for_devices(reloaded);

    // A card on the old scanner is not heard any more.
    kiosk.touch("Toque la pantalla para comenzar");
    kiosk.touch("Español");
    kiosk.touch("Certificados gratuitos");
    kiosk.touch("Antecedentes");
    kiosk.touch("Fines particulares");
    scanner_a.present(&qr);
    kiosk.pump(Duration::from_secs(2), |_| false);
    assert_eq!(
        kiosk.screen(),
        Screen::PresentCard,
        "the old port is closed"
    );
    kiosk.touch("Cancelar");
    kiosk.wait_for("back to attract", Duration::from_secs(15), |k| {
        k.screen() == Screen::Attract
    });

    // The next citizen: the new scanner, the new registry, the new printer.
    let (qr, run_body) = card(2);
    let second = kiosk.certificate_session(&scanner_b, &finger, &qr, run_body);
    assert_eq!(pdfs(&printed_b), [format!("{second}.pdf")]);
    assert_eq!(
        pdfs(&printed_a),
        [format!("{first}.pdf")],
        "nothing more in A"
    );
    let folio: i64 = second.parse().expect("folio");
    assert!(certificates(&registry_b).contains(&folio));
    assert_eq!(
        certificates(&registry_a).len(),
        1,
        "registry A heard nothing more"
    );

    // One process all along: the same counters hold both sessions.
    let metrics = kiosk.metrics.render();
    assert!(
        metrics.contains("totem_sessions_completed_total{flow=\"certificate\"} 2"),
        "{metrics}"
    );
    // The audit log names what changed, and nothing of what it holds.
    let audit = kiosk.audit();
    assert!(
        audit.contains("\"detail\":\"[devices.scanner] [backend] [printer]\""),
        "{audit}"
    );
    assert!(!audit.contains(&registry_b.url()), "{audit}");
    assert!(!audit.contains("scanner-b"), "{audit}");
}

#[test]
fn a_sighup_in_the_middle_of_a_session_waits_for_the_attract_screen() {
    let _one = ONE.lock().unwrap_or_else(|e| e.into_inner());
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    // SIGHUP's default action ends the process: a handler of the test's own
    // is in place before the kiosk's, whatever the order they start in.
    let _hangups = {
        let _runtime = rt.enter();
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).expect("handler")
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path().to_owned();
    let parts = |printed: &str| {
        kiosk_toml(
            &d,
            &Parts {
                scanner: &d.join("no-scanner"),
                registry: "http://127.0.0.1:9",
                printed: &d.join(printed),
            },
        )
    };
    let mut kiosk = Kiosk::boot(
        rt,
        dir,
        &Parts {
            scanner: &d.join("no-scanner"),
            registry: "http://127.0.0.1:9",
            printed: &d.join("printed-a"),
        },
    );
    kiosk.pump(Duration::from_millis(500), |_| false);
    assert_eq!(kiosk.app.session().settings().idle, Duration::from_secs(45));

    // A citizen has touched the screen; meanwhile the fleet's tooling
    // rewrites kiosk.toml and sends `systemctl reload`.
    kiosk.touch("Toque la pantalla para comenzar");
    assert_eq!(kiosk.screen(), Screen::Language);
    let edited = parts("printed-b") + "\n[timeouts]\nidle_secs = 50\n";
    std::fs::write(d.join("kiosk-config/kiosk.toml"), edited).expect("edit kiosk.toml");
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &std::process::id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    kiosk.wait_for("the reload is read", Duration::from_secs(10), |k| {
        k.audit().contains("\"event\":\"config_reloaded\"")
    });
    assert!(
        kiosk
            .audit()
            .contains("\"detail\":\"[timeouts] [printer]\""),
        "{}",
        kiosk.audit()
    );
    // The citizen's session goes on as it started.
    kiosk.pump(Duration::from_millis(1500), |_| false);
    assert_eq!(kiosk.screen(), Screen::Language);
    assert_eq!(kiosk.app.session().settings().idle, Duration::from_secs(45));

    // The citizen leaves; on the attract screen the new settings take over.
    while kiosk.screen() != Screen::Attract {
        kiosk.send(Message::Tick(
            std::time::Instant::now() + Duration::from_secs(600),
        ));
    }
    kiosk.wait_for("the reload is applied", Duration::from_secs(5), |k| {
        k.app.session().settings().idle == Duration::from_secs(50)
    });

    // A broken file is refused; what runs stays.
    std::fs::write(
        d.join("kiosk-config/kiosk.toml"),
        parts("printed-c") + "\n[timeouts]\nidle_secs = \"soon\"\n",
    )
    .expect("break kiosk.toml");
    let entries = kiosk.audit().lines().count();
    let sent = std::process::Command::new("kill")
        .args(["-HUP", &std::process::id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    kiosk.pump(Duration::from_secs(2), |_| false);
    assert_eq!(kiosk.audit().lines().count(), entries, "nothing reloaded");
    assert_eq!(kiosk.app.session().settings().idle, Duration::from_secs(50));
}
