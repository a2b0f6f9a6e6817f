//! What `totem run` tells its operators, through the real `update`/`view`:
//! the Prometheus endpoint (on loopback) after simulated sessions, and the
//! sd_notify messages (READY, STATUS, WATCHDOG) on a real datagram socket.
//! The effects are a recorder: no device, registry or printer here.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::net::UnixDatagram;
use std::sync::Arc;
use std::time::Duration;

use iced::{Settings, Task};
use iced_test::Simulator;
use totem::ui::catalog::default_catalog;
use totem::ui::effects::operations::Operations;
use totem::ui::screens::maintenance::{self, pin_pad, Maintenance, Site};
use totem::ui::theme::{fonts, PORTRAIT};
use totem::ui::{theme, App, Effects, Message};
use totem_flow::{
    CardRead, CardVerdict, CertificateOutcome, Command, Date, Event, FingerEvent, FingerVerdict,
    Secret, SecretBytes,
};
use totem_maintenance::desk::MaintenanceDesk;
use totem_maintenance::metrics::Metrics;
use totem_maintenance::watchdog::Watchdog;

struct Silent;

impl Effects for Silent {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Event> {
        Task::none()
    }
}

fn kiosk(watchdog: Watchdog) -> (App<Silent>, Arc<Metrics>) {
    let metrics = Arc::new(Metrics::new("TOT-TEST", "0.0.0"));
    let app = App::new(totem_flow::Settings::default(), default_catalog(), Silent)
        .expect("texts")
        .with_operations(Operations::new(metrics.clone(), watchdog));
    (app, metrics)
}

fn touch(app: &mut App<Silent>, label: &str) {
    let settings = Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    };
    let mut ui = Simulator::with_size(settings, PORTRAIT, app.view());
    if let Err(error) = ui.click(label) {
        panic!(
            "cannot touch {label:?} on {:?}: {error}",
            app.session().screen()
        );
    }
    let messages: Vec<Message> = ui.into_messages().collect();
    for message in messages {
        let _ = app.update(message);
    }
}

fn answer(app: &mut App<Silent>, event: Event) {
    let session = app.session().id();
    let _ = app.update(Message::Answer { session, event });
}

fn start(app: &mut App<Silent>, entry: &str) {
    touch(app, "Toque la pantalla para comenzar");
    touch(app, "Español");
    touch(app, entry);
}

fn identify(app: &mut App<Silent>, misses: usize) {
    let _ = app.update(Message::Device(Event::CardRead(CardRead {
        run: Secret::new("11111111-1"),
        document: Secret::new("A01234567"),
        birth_date: Some(Date::new(1980, 5, 5)),
        expiry: Some(Date::new(2031, 1, 1)),
        today: Date::new(2026, 11, 25),
    })));
    answer(
        app,
        Event::CardChecked(CardVerdict::Valid {
            birth_date: None,
            finger: None,
        }),
    );
    for verdict in std::iter::repeat_n(FingerVerdict::NoMatch, misses).chain([FingerVerdict::Match])
    {
        let _ = app.update(Message::Device(Event::Finger(FingerEvent::Captured(
            SecretBytes::new(vec![3; 512]),
        ))));
        answer(app, Event::FingerChecked(verdict));
    }
}

/// GET /metrics from the real endpoint.
fn scrape(metrics: Arc<Metrics>) -> String {
    let endpoint =
        totem_maintenance::http::start_in_background("127.0.0.1:0", metrics).expect("bind");
    let mut stream = TcpStream::connect(endpoint.addr).expect("connect");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut text = String::new();
    stream.read_to_string(&mut text).expect("read");
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    text
}

#[test]
fn the_metrics_endpoint_counts_a_printed_certificate_and_a_cancelled_recover() {
    let (mut app, metrics) = kiosk(Watchdog::with_timeout(None));
    start(&mut app, "Certificados gratuitos");
    touch(&mut app, "Antecedentes");
    touch(&mut app, "Fines particulares");
    identify(&mut app, 1);
    let _ = app.update(Message::Device(Event::Finger(FingerEvent::PoorImage)));
    touch(&mut app, "Imprimir certificado");
    answer(
        &mut app,
        Event::CertificateIssued(CertificateOutcome::Issued {
            folio: "900001".into(),
        }),
    );
    answer(&mut app, Event::Printed(Ok(())));
    touch(&mut app, "Terminar");

    // A second citizen walks away from the recover flow.
    let _ = app.update(Message::Device(Event::Availability {
        service: totem_flow::Service::Scanner,
        available: true,
    }));
    while app.session().screen() != totem_flow::Screen::Attract {
        let _ = app.update(Message::Tick(
            std::time::Instant::now() + Duration::from_secs(600),
        ));
    }
    start(&mut app, "Recuperar ClaveÚnica");
    touch(&mut app, "Cancelar");

    let text = scrape(metrics);
    for line in [
        "totem_sessions_started_total{flow=\"certificate\"} 1",
        "totem_sessions_completed_total{flow=\"certificate\"} 1",
        "totem_sessions_started_total{flow=\"recover\"} 1",
        "totem_sessions_completed_total{flow=\"recover\"} 0",
        "totem_sessions_abandoned_total{flow=\"recover\",reason=\"cancelled\"} 1",
        "totem_sessions_abandoned_total{flow=\"certificate\",reason=\"cancelled\"} 0",
        "totem_fingerprint_tries_total{outcome=\"match\"} 1",
        "totem_fingerprint_tries_total{outcome=\"no_match\"} 1",
        "totem_fingerprint_tries_total{outcome=\"poor_image\"} 1",
        "totem_certificates_printed_total{kind=\"antecedentes-fines-particulares\"} 1",
        "totem_device_connected{device=\"scanner\"} 1",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains("11111111"), "a RUN in the metrics");
}

#[test]
fn systemd_hears_ready_once_the_attract_screen_is_drawn_then_each_session_and_each_return() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notify");
    let manager = UnixDatagram::bind(&path).expect("bind");
    manager
        .set_read_timeout(Some(Duration::from_secs(20)))
        .expect("timeout");
    // The notify socket and the timeout come from the environment, as systemd
    // gives them: the kiosk runs in a child process of this test binary, so
    // no other test of this binary talks to the socket.
    let mut child = std::process::Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "a_kiosk_under_systemd_for_the_notify_test",
            "--ignored",
            "--nocapture",
        ])
        .env("NOTIFY_SOCKET", &path)
        .env("WATCHDOG_USEC", "2000000")
        .env_remove("WATCHDOG_PID")
        .spawn()
        .expect("child kiosk");
    // sd-notify ends each message with a newline; what systemd reads is the same.
    let next = || {
        let mut buf = [0u8; 256];
        let n = manager.recv(&mut buf).expect("a notification");
        String::from_utf8_lossy(&buf[..n]).trim_end().to_owned()
    };

    assert_eq!(next(), "READY=1\nSTATUS=attract");
    assert_eq!(next(), "WATCHDOG=1", "READY is sent once only");
    // A citizen touches the screen: an update must not restart the kiosk now.
    assert_eq!(next(), "STATUS=session");
    assert_eq!(next(), "STATUS=attract");
    // The second citizen's session, announced again, and its end.
    assert_eq!(next(), "STATUS=session");
    assert_eq!(next(), "STATUS=attract");
    assert!(
        child.wait().expect("child").success(),
        "the child kiosk failed"
    );
}

/// The kiosk side of the test above, run only as its child process.
#[test]
#[ignore = "run by systemd_hears_ready_once_the_attract_screen_is_drawn_then_each_session_and_each_return"]
fn a_kiosk_under_systemd_for_the_notify_test() {
    let (mut app, _metrics) = kiosk(Watchdog::from_env());

    // The watchdog's period is half of WATCHDOG_USEC, from the ui loop's timer.
    assert_eq!(
        app.operations().and_then(Operations::ping_interval),
        Some(Duration::from_secs(1))
    );
    let _ = app.view();
    let _ = app.view();
    let _ = app.update(Message::WatchdogPing);

    start(&mut app, "Recuperar ClaveÚnica");
    touch(&mut app, "Cancelar");
    while app.session().screen() != totem_flow::Screen::Attract {
        let _ = app.update(Message::Tick(
            std::time::Instant::now() + Duration::from_secs(600),
        ));
    }
    // A citizen who walks away on the language screen: a session too, and
    // its time-out brings the attract screen back.
    touch(&mut app, "Toque la pantalla para comenzar");
    while app.session().screen() != totem_flow::Screen::Attract {
        let _ = app.update(Message::Tick(
            std::time::Instant::now() + Duration::from_secs(600),
        ));
    }
}

/// A kiosk with maintenance mode, its audit log in `dir`; the PIN is 2468.
fn maintained(dir: &std::path::Path) -> App<Silent> {
    let settings = totem_config::kiosk::MaintenanceSettings {
        pin_hash: totem_maintenance::pin::hash_pin("2468").expect("hash"),
        audit_log: dir.join("audit.log").display().to_string(),
        pin_state_file: dir.join("pin-lock.json").display().to_string(),
        ..Default::default()
    };
    let metrics = Arc::new(Metrics::new("TOT-TEST", "0.0.0"));
    let now = totem_maintenance::chrono::Utc::now();
    let desk =
        MaintenanceDesk::open(&settings, "TOT-TEST", Some(metrics.clone()), now).expect("desk");
    let site = Site {
        kiosk_id: "TOT-TEST".into(),
        site: "Oficina de prueba".into(),
        backend_url: "https://registry.test.invalid".into(),
        client_cert: dir.join("missing.pem"),
        printer_queue: "totem".into(),
        spool_dir: dir.display().to_string(),
        scanner: ("/dev/null".into(), 9600),
        fingerprint: ("/dev/null".into(), 57600),
    };
    let mut maintenance = Maintenance::new(desk, metrics.clone(), None, site);
    maintenance.open_pad();
    App::new(totem_flow::Settings::default(), default_catalog(), Silent)
        .expect("texts")
        .with_operations(Operations::new(metrics, Watchdog::with_timeout(None)))
        .with_maintenance(maintenance)
}

fn sees(app: &App<Silent>, text: &str) -> bool {
    let settings = Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    };
    Simulator::with_size(settings, PORTRAIT, app.view())
        .find(text)
        .is_ok()
}

fn audit(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("audit.log")).expect("audit log")
}

#[test]
fn five_wrong_pins_lock_the_pad_and_the_audit_log_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = maintained(dir.path());
    assert!(sees(&app, "Ingrese el PIN de técnico"));
    for left in (0..5).rev() {
        touch(&mut app, "1");
        touch(&mut app, "OK");
        match left {
            0 => {}
            1 => assert!(sees(&app, "PIN incorrecto. Queda 1 intento.")),
            _ => assert!(sees(
                &app,
                &format!("PIN incorrecto. Quedan {left} intentos.")
            )),
        }
    }
    assert!(!sees(&app, "OK"), "the pad is gone while locked");
    let _ = app.update(Message::Maintenance(maintenance::Message::Refresh));
    assert!(sees(&app, "Entrada bloqueada por PINs incorrectos."));
    assert!(sees(&app, "Cerrar"), "the locked pad can still be closed");
    let log = audit(dir.path());
    assert_eq!(log.matches("\"pin_failed\"").count(), 5, "{log}");
    assert!(log.contains("\"lockout\""), "{log}");
    assert!(!log.contains("maintenance_entered"), "{log}");
    // Even the right PIN is not checked while locked.
    let _ = app.update(Message::Maintenance(maintenance::Message::Pin(
        pin_pad::Message::Digit('2'),
    )));
    let _ = app.update(Message::Maintenance(maintenance::Message::Pin(
        pin_pad::Message::Submit,
    )));
    assert!(!audit(dir.path()).contains("maintenance_entered"));
}

#[test]
fn the_right_pin_opens_the_dashboard_and_out_of_service_replaces_the_attract_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = maintained(dir.path());
    for digit in ["2", "4", "6", "8"] {
        touch(&mut app, digit);
    }
    touch(&mut app, "OK");
    assert!(sees(&app, "Salir de mantenimiento"), "dashboard not shown");
    assert!(sees(&app, "Lector de cédula"));
    assert!(sees(&app, "Servidor del Registro"));
    touch(&mut app, "Poner fuera de servicio");
    touch(&mut app, "Salir de mantenimiento");
    assert!(sees(&app, "Fuera de servicio"));
    assert!(!sees(&app, "Toque la pantalla para comenzar"));
    let log = audit(dir.path());
    let events: Vec<&str> = log
        .lines()
        .filter_map(|l| l.split("\"event\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(
        events,
        [
            "application_started",
            "maintenance_entered",
            "out_of_service",
            "maintenance_left"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_heartbeat_thread_reaches_the_reference_registry_over_tls() {
    use totem_sim_registry::{Server, ServerConfig, TlsMaterial, Transport};
    let dir = tempfile::tempdir().expect("tempdir");
    let material = TlsMaterial::generate("TOT-0001").expect("tls");
    material
        .write_dir(&dir.path().join("tls"))
        .expect("write tls");
    let server = Server::start(ServerConfig::new(
        dir.path().join("registry.db"),
        Transport::Tls(material.clone()),
    ))
    .await
    .expect("server");
    let client = totem_registry::Client::from_pem(
        &server.url(),
        Some(totem_registry::ClientTls {
            ca_pem: material.ca_cert_pem.clone().into_bytes(),
            identity_pem: Some(material.kiosk_identity_pem()),
        }),
        Duration::from_secs(5),
        "TOT-0001",
        false,
    )
    .expect("client");
    let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
    totem::ui::effects::operations::start_heartbeat(
        client,
        metrics.clone(),
        "TOT-0001".into(),
        dir.path().to_owned(),
        dir.path().join("tls/kiosk.pem"),
        Duration::from_millis(100),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let beats = loop {
        let beats: i64 = server.with_db(|db| {
            // One row per kiosk, counting the beats it received.
            db.query_row(
                "SELECT COALESCE(MAX(received), 0) FROM heartbeats WHERE kiosk_id = 'TOT-0001'",
                [],
                |r| r.get(0),
            )
            .expect("count")
        });
        if beats >= 2 || std::time::Instant::now() > deadline {
            break beats;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(beats >= 2, "{beats} heartbeats stored");
    let text = metrics.render();
    assert!(text.contains("totem_heartbeat_failures_total 0"), "{text}");
    assert!(text.contains("totem_spool_free_bytes "), "{text}");
    assert!(
        !text.contains("totem_client_cert_not_after_timestamp_seconds 0"),
        "{text}"
    );
}

// ------------------------------------------------------------ the dashboard's actions, for real
//
// The kiosk below has the real device drivers (`DeviceEffects`) on the
// emulators' ptys, a real folder printer with its crash-safe spool, and the
// configuration read from files. The tasks `update` returns run on tokio as
// iced would run them, and the subscriptions too — started and stopped as
// `App::subscription` changes (the raw scan stops the drivers), keyed by
// their hash as iced's runtime keys them.

use std::collections::HashMap;
use std::hash::Hasher as _;

use iced::advanced::subscription::{into_recipes, Hasher};
use iced_test::futures::futures::{self, StreamExt};
use iced_test::runtime::{task::into_stream, Action};
use totem::ui::effects::devices::DeviceEffects;
use totem::ui::effects::operations::ConfigFiles;
use totem::ui::screens::maintenance::LoadedConfig;
use totem::ui::Unconnected;
use totem_config::{
    DeviceSettings, FingerprintSettings, ScanFraming, ScanTerminator, ScannerSettings,
};
use totem_print::{Backend, Folder, Printer};
use totem_sim_devices::{
    FingerprintEmulator, FingerprintEmulatorConfig, ScannerEmulator, ScannerEmulatorConfig,
};

/// The drivers and the readers' process-wide state (the driver handle, the
/// dashboard's device watch) are one per process: one bench at a time.
static BENCH: std::sync::Mutex<()> = std::sync::Mutex::new(());

const BENCH_BAUD: u32 = 115_200;

type BenchApp = App<DeviceEffects<Unconnected>>;

struct Bench {
    rt: tokio::runtime::Runtime,
    app: BenchApp,
    tx: tokio::sync::mpsc::UnboundedSender<Message>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Message>,
    running: HashMap<u64, tokio::task::JoinHandle<()>>,
    scanner: ScannerEmulator,
    finger: FingerprintEmulator,
    metrics: Arc<Metrics>,
    printed: std::path::PathBuf,
    config_dir: std::path::PathBuf,
    /// When this bench's drivers were started: what the device watch says
    /// of an earlier bench is older.
    started: totem_maintenance::chrono::DateTime<totem_maintenance::chrono::Utc>,
    dir: tempfile::TempDir,
}

impl Bench {
    fn new(has_led: bool) -> Self {
        Self::build(has_led, None)
    }

    /// A bench whose printer is `backend` (a folder printer without one).
    fn build(has_led: bool, backend: Option<Backend>) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("tempdir");
        let scanner = ScannerEmulator::start(ScannerEmulatorConfig {
            baud: BENCH_BAUD,
            link: Some(dir.path().join("scanner")),
            terminator: ScanTerminator::Cr,
            framing: ScanFraming::None,
        })
        .expect("scanner emulator");
        let finger = FingerprintEmulator::start(FingerprintEmulatorConfig {
            baud: BENCH_BAUD,
            link: Some(dir.path().join("fingerprint")),
            has_led,
            ..FingerprintEmulatorConfig::default()
        })
        .expect("fingerprint emulator");
        let devices = DeviceSettings {
            scanner: ScannerSettings {
                port: dir.path().join("scanner").display().to_string(),
                baud: BENCH_BAUD,
                terminator: ScanTerminator::Cr,
                framing: ScanFraming::None,
            },
            fingerprint: FingerprintSettings {
                port: dir.path().join("fingerprint").display().to_string(),
                baud: BENCH_BAUD,
                finger_timeout_secs: 5,
                ..FingerprintSettings::default()
            },
        };
        // The configuration files, as `totem run` reads them.
        let config_dir = dir.path().join("kiosk-config");
        std::fs::create_dir_all(&config_dir).expect("config dir");
        std::fs::copy("kiosk-config/kiosk.toml", config_dir.join("kiosk.toml"))
            .expect("kiosk.toml");
        std::fs::copy(
            "kiosk-config/certificates.toml",
            config_dir.join("certificates.toml"),
        )
        .expect("certificates.toml");
        let files = ConfigFiles {
            kiosk: config_dir.join("kiosk.toml"),
            catalog: config_dir.join("certificates.toml"),
        };
        let kiosk = totem_config::load_kiosk(&files.kiosk).expect("kiosk.toml loads");
        let catalog = totem_config::load_catalog(&files.catalog).expect("catalog loads");

        let printed = dir.path().join("printed");
        let backend = backend.unwrap_or_else(|| Backend::Folder(Folder::new(&printed)));
        let printer = Printer::with_backend(backend, dir.path().join("spool")).expect("printer");
        let printer = Arc::new(std::sync::Mutex::new(printer));
        let metrics = Arc::new(Metrics::new("TOT-TEST", "0.0.0"));
        // As `totem run` does: the printer-state gauge follows the printer.
        totem::ui::effects::operations::start_printer_watch(
            printer.clone(),
            metrics.clone(),
            Duration::from_millis(500),
        );

        let settings = totem_config::kiosk::MaintenanceSettings {
            pin_hash: totem_maintenance::pin::hash_pin("2468").expect("hash"),
            audit_log: dir.path().join("audit.log").display().to_string(),
            pin_state_file: dir.path().join("pin-lock.json").display().to_string(),
            ..Default::default()
        };
        let desk = MaintenanceDesk::open(
            &settings,
            "TOT-TEST",
            Some(metrics.clone()),
            totem_maintenance::chrono::Utc::now(),
        )
        .expect("desk");
        let site = Site {
            kiosk_id: "TOT-TEST".into(),
            site: kiosk.kiosk.site.clone(),
            backend_url: "https://registry.test.invalid".into(),
            client_cert: dir.path().join("missing.pem"),
            printer_queue: "totem".into(),
            spool_dir: dir.path().join("spool").display().to_string(),
            scanner: (devices.scanner.port.clone(), BENCH_BAUD),
            fingerprint: (devices.fingerprint.port.clone(), BENCH_BAUD),
        };
        let maintenance = Maintenance::new(desk, metrics.clone(), None, site)
            .with_devices(devices.clone())
            .with_printer(printer, totem_config::PaperSize::Letter)
            .with_config(LoadedConfig {
                files,
                kiosk: kiosk.clone(),
                catalog: catalog.clone(),
            });
        let app = App::new(
            totem_flow::Settings::from_config(&kiosk),
            catalog,
            DeviceEffects::new(&devices, Unconnected),
        )
        .expect("texts")
        .with_operations(Operations::new(
            metrics.clone(),
            Watchdog::with_timeout(None),
        ))
        .with_maintenance(maintenance);
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let mut bench = Self {
            rt,
            app,
            tx,
            rx,
            running: HashMap::new(),
            scanner,
            finger,
            metrics,
            printed,
            config_dir,
            started: totem_maintenance::chrono::Utc::now(),
            dir,
        };
        bench.sync_subscriptions();
        bench
    }

    /// Starts the app's new subscriptions and stops the ones it dropped.
    fn sync_subscriptions(&mut self) {
        // Timers are made when their stream is.
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

    /// Runs what comes in (device events, task results, timers) until
    /// `done` or `max`.
    fn pump(&mut self, max: Duration, done: impl Fn(&Bench) -> bool) -> bool {
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

    fn sees(&self, text: &str) -> bool {
        self.ui().find(text).is_ok()
    }

    /// With TOTEM_SNAPSHOTS=dir, a picture of the screen as it is now
    /// (docs/screenshots/maintenance-*.png come from here).
    fn snapshot(&self, name: &str) {
        let Some(dir) = std::env::var_os("TOTEM_SNAPSHOTS") else {
            return;
        };
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("snapshot dir");
        let path = dir.join(format!("{name}.png"));
        let _ = std::fs::remove_file(&path);
        let snapshot = self.ui().snapshot(&theme::theme()).expect("renders");
        assert!(snapshot.matches_image(&path).expect("writes"));
    }

    /// Everything the dashboard says now (sections, problems, reports), in
    /// the dashboard's language.
    fn says(&self) -> Vec<String> {
        let tr = totem::ui::i18n::Translations::load().expect("texts");
        let Some(m) = self.maintenance() else {
            return Vec::new();
        };
        let say = |t: &totem_maintenance::dashboard::Text| maintenance::say(&tr, m.language(), t);
        let mut all = Vec::new();
        if let Some(d) = m.dashboard() {
            all.extend(d.texts().into_iter().map(say));
        }
        for report in m.reports() {
            all.extend(report.lines.iter().map(say));
        }
        all
    }

    fn says_line(&self, start: &str) -> Option<String> {
        self.says().into_iter().find(|l| l.starts_with(start))
    }

    /// Runs everything until a line of the dashboard starts with `start`.
    fn wait_for(&mut self, start: &str, max: Duration) -> String {
        self.refresh();
        let shown = self.pump(max, |b| b.says_line(start).is_some());
        assert!(
            shown,
            "{start:?} never showed; the dashboard says:\n{:#?}",
            self.says()
        );
        self.says_line(start).unwrap_or_default()
    }

    fn maintenance(&self) -> Option<&Maintenance> {
        self.app.maintenance()
    }

    fn touch(&mut self, label: &str) {
        let mut ui = self.ui();
        if let Err(error) = ui.click(label) {
            panic!("cannot touch {label:?}: {error}");
        }
        let messages: Vec<Message> = ui.into_messages().collect();
        for message in messages {
            self.send(message);
        }
    }

    fn refresh(&mut self) {
        self.send(Message::Maintenance(maintenance::Message::Refresh));
    }

    /// The technician comes: gesture (the pad is opened directly), PIN.
    fn enter(&mut self) {
        // Both drivers connected first, as on a kiosk that has been running.
        let started = self.started;
        let connected = self.pump(Duration::from_secs(20), |_| {
            let watch = totem::ui::effects::device_watch::device_watch();
            watch.scanner_since.is_some_and(|t| t >= started)
                && watch.fingerprint_since.is_some_and(|t| t >= started)
        });
        assert!(
            connected,
            "drivers did not connect: {:?}",
            totem::ui::effects::device_watch::device_watch()
        );
        if let Some(m) = self.app.maintenance_mut() {
            m.open_pad();
        }
        for digit in ["2", "4", "6", "8"] {
            self.touch(digit);
        }
        self.touch("OK");
        assert!(self.sees("Salir de mantenimiento"), "dashboard not shown");
    }

    fn audit(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("audit.log")).expect("audit log")
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        for (_, task) in self.running.drain() {
            task.abort();
        }
    }
}

fn audit_events(log: &str) -> Vec<String> {
    log.lines()
        .filter_map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).ok()?;
            let event = v["event"].as_str()?.to_owned();
            Some(match v["detail"].as_str() {
                Some(d) => format!("{event} {d}"),
                None => event,
            })
        })
        .collect()
}

#[test]
fn the_technician_sees_the_reader_as_its_driver_reported_it_and_tests_its_led_and_a_capture() {
    let _one = BENCH.lock().unwrap_or_else(|e| e.into_inner());
    let mut bench = Bench::new(true);
    bench.enter();
    bench.refresh();
    let watch = totem::ui::effects::device_watch::device_watch();
    let since = watch.fingerprint_since.expect("connected");
    // "Connected since" is when the driver said Connected, to the second.
    let line = bench.wait_for("desde ", Duration::from_secs(2));
    let says = bench.says();
    assert!(
        says.iter().any(|l| l.starts_with(&format!(
            "desde {} (hace",
            since.format("%Y-%m-%d %H:%M:%S")
        ))),
        "{line} / {says:#?}"
    );
    for shown in ["115200 baudios", "128 bytes", "200", "sí"] {
        assert!(
            says.iter().any(|l| l == shown),
            "{shown:?} not in {says:#?}"
        );
    }

    // A card the scanner cannot read: its driver's reason is the scanner's
    // last error, with the time, and nothing of what was read.
    bench.scanner.present("HOLA 12345678");
    let seen = bench.pump(Duration::from_secs(5), |b| {
        // The dashboard's 1 s refresh runs meanwhile.
        b.says()
            .iter()
            .any(|l| l.contains(": lectura no válida: no es una cédula: "))
    });
    assert!(seen, "{:#?}", bench.says());
    assert!(!bench.says().iter().any(|l| l.contains("12345678")));

    // LED test: the ring goes red, blue, purple, then off; the module hears each.
    bench.touch("Probar LED");
    // The module hears each colour while the dashboard names it.
    for (colour, code) in [("rojo", 1), ("azul", 2), ("morado", 3)] {
        bench.wait_for(
            &format!("El anillo del lector debería verse {colour}"),
            Duration::from_secs(5),
        );
        let lit = bench.pump(Duration::from_millis(800), |b| {
            b.finger.stats().led == Some((3, code))
        });
        assert!(lit, "{colour}: {:?}", bench.finger.stats().led);
    }
    let done = bench.wait_for("Prueba de LED terminada", Duration::from_secs(5));
    assert_eq!(
        done,
        "Prueba de LED terminada: el anillo mostró rojo, azul y morado."
    );
    let off = bench.pump(Duration::from_millis(800), |b| {
        b.finger.stats().led == Some((4, 2))
    });
    assert!(off, "back to off: {:?}", bench.finger.stats().led);

    // Test capture: the image and its quality, for the technician only.
    bench.finger.place_finger(11_111_111, 1);
    bench.touch("Probar captura de huella");
    assert!(
        bench.sees("Probar captura de huella (hay una prueba en curso)"),
        "a second capture cannot start meanwhile"
    );
    let captured = bench.wait_for("Huella capturada", Duration::from_secs(30));
    assert!(
        captured.starts_with("Huella capturada: imagen de 256 × 288, plantilla de"),
        "{captured}"
    );
    let coverage = bench.says_line("Cobertura: ").expect("coverage shown");
    assert!(coverage.ends_with("% (mínimo 45 %)"), "{coverage}");
    assert!(bench.says_line("Contraste: ").is_some());
    assert!(bench.says_line("Puntaje de calidad: ").is_some());
    assert!(bench
        .maintenance()
        .is_some_and(Maintenance::holds_finger_image));
    // The citizen's flow never heard of it: no try counted, still on attract.
    assert_eq!(bench.app.session().screen(), totem_flow::Screen::Attract);
    let metrics = bench.metrics.render();
    assert!(
        !metrics.contains("totem_fingerprint_tries_total{outcome=\"match\"} 1"),
        "{metrics}"
    );
    bench.finger.lift_finger();
    bench.refresh();
    bench.snapshot("maintenance-dashboard-es");

    // English, with the same button.
    bench.touch("English");
    bench.refresh();
    assert!(bench.sees("Leave maintenance"));
    bench.snapshot("maintenance-dashboard-en");
    assert!(bench
        .says_line("Finger captured: 256 × 288 image")
        .is_some());
    // A second capture, left waiting for a finger when the technician goes:
    // it is cancelled, and its end never reaches the citizen's flow.
    bench.touch("Test fingerprint capture");
    bench.wait_for("Place a finger on the reader", Duration::from_secs(5));
    bench.touch("Leave maintenance");
    assert!(
        !bench
            .maintenance()
            .is_some_and(Maintenance::holds_finger_image),
        "the image is gone (and wiped) when the technician leaves"
    );
    // Longer than the reader's finger timeout (5 s): an uncancelled capture
    // would end in NoFinger, and the flow would count it.
    bench.pump(Duration::from_secs(6), |_| false);
    let metrics = bench.metrics.render();
    for outcome in ["no_finger", "device_error", "poor_image", "match"] {
        let line = format!("totem_fingerprint_tries_total{{outcome=\"{outcome}\"}} 0");
        assert!(metrics.contains(&line), "{line} in\n{metrics}");
    }
    assert_eq!(bench.app.session().screen(), totem_flow::Screen::Attract);
    let events = audit_events(&bench.audit());
    assert_eq!(
        events[1..],
        [
            "maintenance_entered",
            "action_taken led_test",
            "action_taken test_fingerprint_capture",
            "action_taken test_fingerprint_capture",
            "maintenance_left"
        ]
    );
}

#[test]
fn a_reader_without_a_led_ring_says_so() {
    let _one = BENCH.lock().unwrap_or_else(|e| e.into_inner());
    let mut bench = Bench::new(false);
    bench.enter();
    bench.refresh();
    assert!(
        bench.sees("Probar LED (este lector no tiene anillo LED)"),
        "{:#?}",
        bench.says()
    );
    let says = bench.says();
    assert!(says.iter().any(|l| l == "Anillo LED"));
    assert!(says.iter().any(|l| l == "no"));
}

#[test]
fn the_raw_scan_shows_what_the_scanner_sent_masked_then_the_drivers_come_back() {
    let _one = BENCH.lock().unwrap_or_else(|e| e.into_inner());
    let mut bench = Bench::new(true);
    bench.enter();
    let before = totem::ui::effects::device_watch::device_watch()
        .scanner_since
        .expect("scanner connected");
    bench.touch("Ver última lectura cruda");
    bench.wait_for("Escuchando el lector de cédula en", Duration::from_secs(2));
    assert!(bench
        .says()
        .iter()
        .any(|l| l == "en pausa mientras escucha la prueba de lectura cruda"));
    assert!(
        bench.sees("Probar captura de huella (el lector de huella no está conectado)"),
        "the reader's driver is paused too"
    );
    let card = totem_document::CardData {
        run: totem_document::Run::parse("11.111.111-1").expect("run"),
        document_number: "B5F089055".into(),
        document_type: "CEDULA".into(),
        birth_date: chrono::NaiveDate::from_ymd_opt(1980, 5, 5).expect("date"),
        expiry_date: chrono::NaiveDate::from_ymd_opt(2031, 1, 1).expect("date"),
        sex: totem_document::Sex::Male,
        nationality: "CHL".into(),
        surnames: "PRUEBA".into(),
        given_names: "TECNICO".into(),
    };
    let qr = totem_document::encode_qr(&card, totem_document::QrHost::Classic);
    // The listener opens the port once the driver has let go of it.
    let mut read = false;
    for _ in 0..5 {
        bench.scanner.present(&qr);
        bench.refresh();
        if bench.pump(Duration::from_secs(2), |b| {
            b.says_line("Última lectura").is_some()
        }) {
            read = true;
            break;
        }
    }
    assert!(read, "{:#?}", bench.says());
    let says = bench.says();
    let shown = says
        .iter()
        .find(|l| l.contains("docstatus?RUN="))
        .expect("the raw text");
    assert!(shown.contains("RUN=•••••111-1&type=CEDULA"), "{shown}");
    assert!(shown.ends_with("<CR>"), "the terminator shows: {shown}");
    assert!(!says.iter().any(|l| l.contains("11111111")), "{says:#?}");
    assert!(
        says.iter().any(|l| l.starts_with("Se lee como")
            && l.ends_with("(CEDULA); todas las verificaciones están bien.")),
        "{says:#?}"
    );
    bench.snapshot("maintenance-raw-scan-es");
    // Stop: the drivers come back and say Connected anew.
    bench.touch("Detener");
    let back = bench.pump(Duration::from_secs(15), |_| {
        let w = totem::ui::effects::device_watch::device_watch();
        w.scanner_since.is_some_and(|t| t > before)
            && w.fingerprint_since.is_some_and(|t| t > before)
    });
    assert!(
        back,
        "{:?}",
        totem::ui::effects::device_watch::device_watch()
    );
    bench.refresh();
    assert!(bench.sees("Probar captura de huella"), "the reader is back");
    // The last read stays on screen until the technician leaves.
    assert!(bench.says_line("Última lectura").is_some());
    bench.touch("Salir de mantenimiento");
    assert!(bench.maintenance().is_some_and(|m| m.reports().is_empty()));
    assert!(audit_events(&bench.audit()).contains(&"action_taken show_last_raw_scan".to_owned()));
}

#[test]
fn a_test_page_is_followed_to_paper_and_a_printer_problem_is_said_in_plain_words() {
    let _one = BENCH.lock().unwrap_or_else(|e| e.into_inner());
    let mut bench = Bench::new(true);
    bench.enter();
    bench.touch("Imprimir página de prueba");
    let printed = bench.wait_for("Página de prueba test-", Duration::from_secs(1));
    let printed = if printed.ends_with("impresa. Revise la hoja.") {
        printed
    } else {
        bench.pump(Duration::from_secs(10), |b| {
            b.says()
                .iter()
                .any(|l| l.ends_with("impresa. Revise la hoja."))
        });
        bench
            .says()
            .into_iter()
            .find(|l| l.ends_with("impresa. Revise la hoja."))
            .unwrap_or_else(|| panic!("never printed: {:#?}", bench.says()))
    };
    let files: Vec<String> = std::fs::read_dir(&bench.printed)
        .expect("printed folder")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    assert!(
        printed.contains(files[0].trim_end_matches(".pdf")),
        "{printed} / {files:?}"
    );
    assert!(bench
        .metrics
        .render()
        .contains("totem_printer_state{state=\"idle\"} 1"));

    // The printer cannot print: said plainly, the page waits, then prints.
    std::fs::remove_dir_all(&bench.printed).expect("remove");
    std::fs::write(&bench.printed, b"not a folder").expect("block the folder");
    bench.touch("Imprimir página de prueba");
    let problem = bench.wait_for("Página de prueba test-", Duration::from_secs(5));
    let problem = if problem.contains("problema de la impresora") {
        problem
    } else {
        assert!(bench.pump(Duration::from_secs(5), |b| b
            .says()
            .iter()
            .any(|l| l.contains("problema de la impresora"))));
        bench
            .says()
            .into_iter()
            .find(|l| l.contains("problema de la impresora"))
            .unwrap_or_default()
    };
    assert!(
        problem
            .ends_with("problema de la impresora: no se puede escribir en la carpeta de impresión"),
        "{problem}"
    );
    assert!(bench
        .says()
        .contains(&"Queda en la cola y se imprimirá cuando la impresora pueda.".to_owned()));
    bench.snapshot("maintenance-test-page-problem-es");
    let gauge = bench.metrics.render();
    assert!(
        gauge.contains("totem_printer_state{state=\"offline\"} 1"),
        "{gauge}"
    );
    assert!(
        gauge.contains("totem_printer_reason{reason=\"folder-unavailable\"} 1"),
        "{gauge}"
    );
    std::fs::remove_file(&bench.printed).expect("unblock");
    assert!(
        bench.pump(Duration::from_secs(10), |b| b
            .says()
            .iter()
            .any(|l| l.ends_with("impresa. Revise la hoja."))),
        "{:#?}",
        bench.says()
    );
    assert!(bench
        .metrics
        .render()
        .contains("totem_printer_state{state=\"idle\"} 1"));
    let events = audit_events(&bench.audit());
    assert_eq!(
        events
            .iter()
            .filter(|e| *e == "action_taken print_test_page")
            .count(),
        2
    );
}

#[test]
fn a_reload_applies_what_it_can_names_what_needs_a_restart_and_a_bad_file_changes_nothing() {
    // The scanner's speed applies live (tests/ui_reload.rs follows a port,
    // a registry and a printer through a reload); the PIN lock's settings
    // wait for a restart.
    let _one = BENCH.lock().unwrap_or_else(|e| e.into_inner());
    let mut bench = Bench::new(true);
    bench.enter();
    let kiosk_toml = bench.config_dir.join("kiosk.toml");
    let original = std::fs::read_to_string(&kiosk_toml).expect("kiosk.toml");
    let edited = original
        .replace("idle_secs = 45", "idle_secs = 50")
        .replacen("baud = 9600", "baud = 19200", 1)
        .replace("max_pin_attempts = 5", "max_pin_attempts = 4");
    assert_ne!(edited, original);
    std::fs::write(&kiosk_toml, &edited).expect("write");
    bench.touch("Recargar configuración");
    let says = bench.says();
    assert!(
        says.contains(&"Aplicado ahora: [timeouts], [devices.scanner]".to_owned()),
        "{says:#?}"
    );
    assert!(
        says.contains(
            &"Guardado, pero se aplica al reiniciar la aplicación: [maintenance]".to_owned()
        ),
        "{says:#?}"
    );
    assert_eq!(bench.app.session().settings().idle, Duration::from_secs(50));

    // A bad value: the loader's message, and the running configuration stays.
    let broken = edited.replace("idle_secs = 50", "idle_secs = \"soon\"");
    std::fs::write(&kiosk_toml, &broken).expect("write");
    let line = broken
        .lines()
        .position(|l| l.starts_with("idle_secs"))
        .expect("line")
        + 1;
    bench.touch("Recargar configuración");
    let says = bench.says();
    assert!(
        says.contains(&"La configuración no se recargó:".to_owned()),
        "{says:#?}"
    );
    let message = says
        .iter()
        .find(|l| l.contains("kiosk.toml:"))
        .expect("the loader's message");
    assert!(
        message.contains(&format!("kiosk.toml:{line}: timeouts.idle_secs")),
        "{message}"
    );
    assert!(says.contains(
        &"El tótem sigue funcionando con la configuración que tenía; no se perdió nada.".to_owned()
    ));
    assert_eq!(bench.app.session().settings().idle, Duration::from_secs(50));
    bench.snapshot("maintenance-reload-refused-es");
    bench.touch("English");
    bench.snapshot("maintenance-reload-refused-en");
    let events = audit_events(&bench.audit());
    assert_eq!(
        events[1..],
        [
            "maintenance_entered",
            "action_taken reload_configuration",
            "config_reloaded [timeouts] [devices.scanner] [maintenance]",
            "action_taken reload_configuration",
        ]
    );
}

// ------------------------------------------------------------ the test page through real CUPS

#[path = "../crates/print/tests/support/private_cupsd.rs"]
mod private_cupsd;

#[test]
fn a_test_page_through_cups_waits_on_a_stopped_queue_in_plain_words_then_prints() {
    let Some(cupsd) = private_cupsd::start_or_skip() else {
        return;
    };
    let _one = BENCH.lock().unwrap_or_else(|e| e.into_inner());
    let cups = totem_print::Cups::new(
        &format!("127.0.0.1:{}", cupsd.port),
        &cupsd.queue,
        totem_config::PaperSize::Letter,
    );
    let mut bench = Bench::build(true, Some(Backend::Cups(cups)));
    // The queue is stopped, as `cupsdisable` (or CUPS after an error) leaves it.
    cupsd
        .admin("cupsdisable", &[&cupsd.queue])
        .expect("cupsdisable");
    bench.enter();
    bench.touch("Imprimir página de prueba");
    let waiting = bench.pump(Duration::from_secs(15), |b| {
        b.says()
            .iter()
            .any(|l| l.contains("problema de la impresora"))
    });
    assert!(waiting, "{:#?}", bench.says());
    let problem = bench
        .says()
        .into_iter()
        .find(|l| l.contains("problema de la impresora"))
        .unwrap_or_default();
    assert!(
        problem.ends_with("la cola de impresión está detenida (cupsenable)"),
        "{problem}"
    );
    let gauge = bench.metrics.render();
    assert!(
        gauge.contains("totem_printer_state{state=\"stopped\"} 1"),
        "{gauge}"
    );
    assert!(
        gauge.contains("totem_printer_reason{reason=\"paused\"} 1"),
        "{gauge}"
    );
    bench.refresh();
    assert!(
        bench.says().iter().any(|l| l == "detenida"),
        "{:#?}",
        bench.says()
    );

    cupsd
        .admin("cupsenable", &[&cupsd.queue])
        .expect("cupsenable");
    // cups-pdf runs Ghostscript: seconds.
    let printed = bench.pump(Duration::from_secs(60), |b| {
        b.says()
            .iter()
            .any(|l| l.ends_with("impresa. Revise la hoja."))
    });
    assert!(printed, "{:#?}\n{}", bench.says(), cupsd.logs_tail());
    let pdfs = std::fs::read_dir(&cupsd.out)
        .map(|d| {
            d.flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
                .count()
        })
        .unwrap_or(0);
    assert_eq!(pdfs, 1, "cups-pdf wrote the page");
    let idle = bench.pump(Duration::from_secs(10), |b| {
        b.metrics
            .render()
            .contains("totem_printer_state{state=\"idle\"} 1")
    });
    assert!(idle, "{}", bench.metrics.render());
}
