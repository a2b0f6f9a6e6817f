//! Soak: many citizen sessions through the real kiosk, with faults mixed in.
//!
//! What runs is the application itself, without a window: `totem::ui::App`
//! (its `update`, the flow `Session` inside it) with the ui's own effects —
//! `RegistryEffects` (the registry client over mutual TLS to the in-process
//! reference registry, a real SQLite file) wrapped around `DeviceEffects`
//! (the real scanner and fingerprint drivers on the emulators' ptys). The
//! tasks `update` returns are run on tokio exactly as iced would run them
//! (`iced_runtime::task::into_stream`), and the device subscription's streams
//! too (`iced::advanced::subscription::into_recipes`). Printing is not wired
//! into the ui yet, so [`PrintEffects`] here carries `Print` / `PrintCodeSlip`
//! out with `totem_print::Printer` (folder printer + crash-safe spool) and
//! reports spooled outcomes to the registry.
//!
//! The citizen is a seeded robot that reads the session's screen and touches
//! what a person would (through the screens' own messages), and faults are
//! drawn from the same seed: scanner noise and unplugging, fingerprint
//! garbage and unplugging, registry 503s, timeouts and lost answers, printer
//! offline. After every session: back on the attract screen, no personal data
//! in the session nor a registry token left, no key or certificate issued
//! twice, no certificate the kiosk received left without a delivery report.
//!
//! `cargo test --test soak` runs a short soak; a long one by hand:
//! `SOAK_SESSIONS=1000 SOAK_SEED=7 cargo test --test soak -- --nocapture`
//! (figures in docs/soak.md).

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iced::advanced::subscription::into_recipes;
use iced::Task;
use iced_test::futures::futures::{self, StreamExt};
use iced_test::runtime::{task::into_stream, Action};
use totem::ui::catalog::default_catalog;
use totem::ui::effects::delivery::DeliveryReports;
use totem::ui::effects::devices::DeviceEffects;
use totem::ui::effects::printing::{Issued, PrintEffects};
use totem::ui::effects::registry::RegistryEffects;
use totem::ui::keyboard;
use totem::ui::screens::{
    attract, certificates, code, done, email, goodbye, language, menu, password, stopped,
};
use totem::ui::{App, Effects, Message, Unconnected};
use totem_config::{
    DeviceSettings, FingerprintSettings, PaperSize, ScanFraming, ScanTerminator, ScannerSettings,
};
use totem_flow::{
    Command, Event, Family, Field, FingerState, Function, Key, Language, Notice, RunCheck, Screen,
    Service, Session,
};
use totem_print::{Backend, Folder, Printer};
use totem_registry::{Client, ClientTls};
use totem_sim_devices::{
    FingerprintEmulator, FingerprintEmulatorConfig, FingerprintFault, ScannerEmulator,
    ScannerEmulatorConfig,
};
use totem_sim_people::{Population, SimRng};
use totem_sim_registry::{Faults, Server, ServerConfig, ServerHandle, TlsMaterial, Transport};

const KIOSK_ID: &str = "TOT-SOAK";
/// Both serial lines at the fastest rate the R30x allows (9600 × 12).
const BAUD: u32 = 115_200;
/// The registry client's per-request timeout; the timeout fault adds more latency than this.
const CLIENT_TIMEOUT: Duration = Duration::from_millis(800);
/// The delivery reporter's retry pace, fast so a soak of faults drains.
const REPORT_BACKOFF: totem_registry::Backoff = totem_registry::Backoff {
    first: Duration::from_millis(50),
    max: Duration::from_millis(300),
    idle: Duration::from_millis(300),
};
const PASSWORD: &str = "Soak2026clave";

// ---------------------------------------------------------------- panics

static PANICS: AtomicUsize = AtomicUsize::new(0);

/// Counts panics on every thread (tokio workers, emulators, the app) while
/// keeping the default report.
fn count_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            PANICS.fetch_add(1, Ordering::SeqCst);
            default(info);
        }));
    });
}

// ---------------------------------------------------------------- effects

/// What the kiosk asked for, counted outside the effects under test.
#[derive(Default)]
struct Asked {
    keys: AtomicUsize,
    certificates: AtomicUsize,
    /// Folios the kiosk received (it asked to print them).
    folios: Mutex<HashSet<u64>>,
}

/// Counts the commands it passes on to the real effects.
struct Counted<E: Effects> {
    inner: E,
    asked: Arc<Asked>,
}

impl<E: Effects> Effects for Counted<E> {
    fn perform(&mut self, session: u64, command: Command) -> Task<Event> {
        match &command {
            Command::IssueKey { .. } | Command::RecoverKey { .. } => {
                self.asked.keys.fetch_add(1, Ordering::SeqCst);
            }
            Command::IssueCertificate { .. } => {
                self.asked.certificates.fetch_add(1, Ordering::SeqCst);
            }
            Command::Print { folio } => {
                if let Ok(folio) = folio.parse() {
                    self.asked.folios.lock().unwrap().insert(folio);
                }
            }
            _ => {}
        }
        self.inner.perform(session, command)
    }

    fn subscription(&self) -> iced::Subscription<Event> {
        self.inner.subscription()
    }

    fn present(&self) -> Vec<Service> {
        self.inner.present()
    }
}

type KioskEffects = Counted<RegistryEffects<PrintEffects<DeviceEffects<Unconnected>>>>;

// ---------------------------------------------------------------- the kiosk

/// Which fault a session gets (drawn from the seed).
#[derive(Debug, Default, Clone, Copy)]
struct FaultPlan {
    scanner_garbage: bool,
    scanner_unplug: bool,
    finger_garbage: bool,
    finger_unplug: bool,
    wrong_finger: bool,
    backend_errors: bool,
    backend_timeout: bool,
    lost_answer: bool,
    printer_offline: bool,
    wrong_code: bool,
    print_slip: bool,
    another_certificate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Script {
    FirstIssue,
    Recover,
    CertificateForAnother,
    HolderCertificate,
    /// Walks away after this many touches (inactivity through the clock).
    Abandon(Function, u32),
    /// Presses "Cancelar" at the first chance after this many touches.
    Cancel(Function, u32),
}

impl Script {
    fn function(self) -> Function {
        match self {
            Script::FirstIssue => Function::FirstIssue,
            Script::Recover => Function::Recover,
            Script::CertificateForAnother | Script::HolderCertificate => Function::Certificates,
            Script::Abandon(f, _) | Script::Cancel(f, _) => f,
        }
    }
}

#[derive(Debug, Default)]
struct Tally {
    sessions: u64,
    completed: u64,
    refused: u64,
    cancelled: u64,
    abandoned: u64,
    gave_up: u64,
    stuck: u64,
    personal_left: u64,
    tokens_left: u64,
    double_keys: u64,
    double_certificates: u64,
    /// Certificates received by the kiosk still without a delivery report
    /// when their session ended.
    unreported: u64,
    certificates: u64,
    printed_verified: u64,
    printed_missing: u64,
    keys_issued: u64,
    activations: u64,
    flow_work_timeouts: u64,
    /// Faults applied, by kind.
    faults: std::collections::BTreeMap<&'static str, u64>,
    /// Registry failures the citizen saw ("service failed" notice).
    service_failed_seen: u64,
    /// A wrong finger left resting on the sensor: the kiosk asked to lift
    /// it before reading anything.
    lift_asked: u64,
    /// A finger left resting on the sensor read a second time (must be 0).
    resting_reread: u64,
    failures: Vec<String>,
}

impl Tally {
    fn fault(&mut self, kind: &'static str) {
        *self.faults.entry(kind).or_default() += 1;
    }
}

struct Kiosk {
    rt: tokio::runtime::Runtime,
    app: App<KioskEffects>,
    tx: tokio::sync::mpsc::UnboundedSender<Message>,
    rx: tokio::sync::mpsc::UnboundedReceiver<Message>,
    inflight: Arc<AtomicUsize>,
    asked: Arc<Asked>,
    printer: Arc<Mutex<Printer>>,
    server: ServerHandle,
    scanner: ScannerEmulator,
    finger: FingerprintEmulator,
    population: Population,
    printer_dir: PathBuf,
    /// The delivery-report queue on disk, as `totem run` wires it.
    reports: DeliveryReports,
    last_tick: Instant,
    /// The latest instant a tick carried: time jumps (inactivity, a registry
    /// that never answers) go forward from here so the clock never runs back.
    clock: Instant,
    _dir: tempfile::TempDir,
}

impl Kiosk {
    fn new() -> Kiosk {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("tempdir");
        let tls = TlsMaterial::generate(KIOSK_ID).expect("certificates");
        let config = ServerConfig::new(
            dir.path().join("registry.sqlite"),
            Transport::Tls(tls.clone()),
        );
        let (seed, size) = (config.seed, config.population);
        let server = rt.block_on(Server::start(config)).expect("registry starts");
        let client = Client::from_pem(
            &server.url(),
            Some(ClientTls {
                ca_pem: tls.ca_cert_pem.clone().into_bytes(),
                identity_pem: Some(tls.kiosk_identity_pem()),
            }),
            CLIENT_TIMEOUT,
            KIOSK_ID,
            false,
        )
        .expect("client");
        let population = Population::generate(seed, chrono::Utc::now().date_naive(), size);

        let scanner_link = dir.path().join("scanner");
        let finger_link = dir.path().join("fingerprint");
        let scanner = ScannerEmulator::start(ScannerEmulatorConfig {
            baud: BAUD,
            link: Some(scanner_link.clone()),
            terminator: ScanTerminator::Cr,
            framing: ScanFraming::None,
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
                terminator: ScanTerminator::Cr,
                framing: ScanFraming::None,
            },
            fingerprint: FingerprintSettings {
                port: finger_link.display().to_string(),
                baud: BAUD,
                finger_timeout_secs: 2,
                upload_image: false,
                ..FingerprintSettings::default()
            },
        };

        let printer_dir = dir.path().join("printed");
        let printer = Printer::with_backend(
            Backend::Folder(Folder::new(&printer_dir)),
            dir.path().join("spool"),
        )
        .expect("printer");
        let printer = Arc::new(Mutex::new(printer));
        let reports = DeliveryReports::start(
            &DeliveryReports::dir_for_spool(&dir.path().join("spool")),
            Some(client.clone()),
            REPORT_BACKOFF,
        )
        .expect("delivery-report queue");
        let asked = Arc::new(Asked::default());
        let issued = Issued::default();
        let effects = Counted {
            inner: RegistryEffects::new(client)
                .keeping_certificates(issued.clone())
                .reporting_to(reports.clone())
                .with_others(
                    PrintEffects::new(
                        printer.clone(),
                        issued,
                        PaperSize::Letter,
                        KIOSK_ID,
                        DeviceEffects::new(&devices, Unconnected),
                    )
                    .reporting_to(reports.clone()),
                ),
            asked: asked.clone(),
        };
        let app =
            App::new(totem_flow::Settings::default(), default_catalog(), effects).expect("texts");
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let now = Instant::now();
        let kiosk = Kiosk {
            rt,
            app,
            tx,
            rx,
            inflight: Arc::new(AtomicUsize::new(0)),
            asked,
            printer,
            server,
            scanner,
            finger,
            population,
            printer_dir,
            reports,
            last_tick: now,
            clock: now,
            _dir: dir,
        };
        // The device drivers, as the window's subscription would run them.
        for recipe in into_recipes(kiosk.app.effects().subscription()) {
            let stream = recipe
                .stream(futures::stream::pending().boxed())
                .map(|event| Some(Message::Device(event)))
                .boxed();
            kiosk.forward(stream, false);
        }
        kiosk
    }

    fn forward(
        &self,
        mut stream: futures::stream::BoxStream<
            'static,
            impl Into<Option<Message>> + Send + 'static,
        >,
        counted: bool,
    ) {
        let tx = self.tx.clone();
        let inflight = self.inflight.clone();
        if counted {
            inflight.fetch_add(1, Ordering::SeqCst);
        }
        self.rt.spawn(async move {
            while let Some(item) = stream.next().await {
                if let Some(message) = item.into() {
                    let _ = tx.send(message);
                }
            }
            if counted {
                inflight.fetch_sub(1, Ordering::SeqCst);
            }
        });
    }

    fn run(&self, task: Task<Message>) {
        if let Some(stream) = into_stream(task) {
            let stream = stream
                .map(|action| match action {
                    Action::Output(message) => Some(message),
                    _ => None,
                })
                .boxed();
            self.forward(stream, true);
        }
    }

    fn send(&mut self, message: Message) {
        let task = self.app.update(message);
        self.run(task);
    }

    fn session(&self) -> &Session {
        self.app.session()
    }

    fn screen(&self) -> Screen {
        self.session().screen()
    }

    /// Run messages (answers, device events, the 1 s clock) until `done` or `max`.
    fn pump(&mut self, max: Duration, done: impl Fn(&Session) -> bool) -> bool {
        let deadline = Instant::now() + max;
        loop {
            if done(self.app.session()) {
                return true;
            }
            let now = Instant::now();
            if now >= deadline {
                return false;
            }
            if now.duration_since(self.last_tick) >= Duration::from_secs(1) {
                self.last_tick = now;
                self.clock = self.clock.max(now);
                self.send(Message::Tick(now));
                continue;
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

    /// Until the screen or its notice changes.
    fn settle(&mut self, max: Duration) -> bool {
        let (screen, notice) = (self.screen(), self.session().notice());
        self.pump(max, move |s| s.screen() != screen || s.notice() != notice)
    }

    /// Let `after` pass on the session's clock at once.
    fn jump(&mut self, after: Duration) {
        self.clock = self.clock.max(Instant::now()) + after;
        let at = self.clock;
        self.send(Message::Tick(at));
        self.pump(Duration::from_millis(50), |_| false);
    }

    /// Every task finished (answers delivered, registry sessions closed).
    fn drain(&mut self, max: Duration) -> bool {
        let inflight = self.inflight.clone();
        let deadline = Instant::now() + max;
        while Instant::now() < deadline {
            self.pump(Duration::from_millis(50), |_| false);
            if inflight.load(Ordering::SeqCst) == 0 && self.rx.is_empty() {
                return true;
            }
        }
        false
    }

    fn type_text(&mut self, text: &str, wrap: impl Fn(keyboard::Message) -> Message) {
        for c in text.chars() {
            self.send(wrap(keyboard::Message::Key(Key::Char(c))));
        }
    }

    fn clear_faults(&mut self) {
        self.server.set_faults(Faults::default());
        self.server.drop_next_answers(0);
        self.finger.set_fault(FingerprintFault::None);
        self.finger.replug();
        self.scanner.replug();
        self.printer_online();
    }

    fn printer_offline(&self) {
        // A file where the printer's folder should be: it cannot print.
        let _ = std::fs::remove_dir_all(&self.printer_dir);
        let _ = std::fs::write(&self.printer_dir, b"offline");
    }

    fn printer_online(&self) {
        if self.printer_dir.is_file() {
            let _ = std::fs::remove_file(&self.printer_dir);
        }
    }

    fn db_count(&self, sql: &str, param: i64) -> i64 {
        self.server
            .with_db(|db| db.query_row(sql, [param], |r| r.get(0)))
            .expect("registry query")
    }
}

fn vm_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn chance(rng: &mut SimRng, percent: u64) -> bool {
    rng.below(100) < percent
}

// ---------------------------------------------------------------- the citizen

struct Citizen {
    run_body: u32,
    card_text: String,
    /// Another person's RUN, typed on the keypad.
    other_run: String,
    kind: &'static str,
    family: Family,
    email: String,
    language: Language,
}

fn pick_citizen(kiosk: &Kiosk, rng: &mut SimRng, n: u64) -> Citizen {
    let people = &kiosk.population.citizens;
    let today = kiosk.population.today;
    // Mostly adults with a valid card; now and then anyone (blocked, expired,
    // under age, deceased: the refusals).
    let index = loop {
        let i = rng.below(people.len() as u64) as usize;
        let c = &people[i];
        if chance(rng, 10)
            || (c.card.state == totem_sim_people::CardState::Valid
                && c.age_on(today) >= 18
                && c.deceased.is_none())
        {
            break i;
        }
    };
    let c = &people[index];
    let card = c.card_data();
    let card_text = if chance(rng, 25) {
        totem_document::encode_mrz(&card)
    } else {
        totem_document::encode_qr(&card, totem_document::QrHost::New)
    };
    let other = &people[rng.below(people.len() as u64) as usize];
    let (kind, family) = if chance(rng, 50) {
        ("nacimiento-todo-tramite", Family::Nacimiento)
    } else {
        ("nacimiento-asignacion-familiar", Family::Nacimiento)
    };
    Citizen {
        run_body: c.run_body,
        card_text,
        other_run: format!("{}{}", other.run_body, other.run_dv()),
        kind,
        family,
        email: format!("soak{n}@correo.example.cl"),
        language: if chance(rng, 30) {
            Language::En
        } else {
            Language::Es
        },
    }
}

fn pick_script(rng: &mut SimRng) -> Script {
    let function = |rng: &mut SimRng| match rng.below(3) {
        0 => Function::FirstIssue,
        1 => Function::Recover,
        _ => Function::Certificates,
    };
    match rng.below(100) {
        0..=24 => Script::FirstIssue,
        25..=44 => Script::Recover,
        45..=64 => Script::CertificateForAnother,
        65..=79 => Script::HolderCertificate,
        80..=89 => Script::Abandon(function(rng), 1 + rng.below(10) as u32),
        _ => Script::Cancel(function(rng), 1 + rng.below(10) as u32),
    }
}

fn pick_faults(rng: &mut SimRng) -> FaultPlan {
    FaultPlan {
        scanner_garbage: chance(rng, 8),
        scanner_unplug: chance(rng, 4),
        finger_garbage: chance(rng, 5),
        finger_unplug: chance(rng, 4),
        wrong_finger: chance(rng, 10),
        backend_errors: chance(rng, 8),
        backend_timeout: chance(rng, 3),
        lost_answer: chance(rng, 8),
        printer_offline: chance(rng, 12),
        wrong_code: chance(rng, 30),
        print_slip: chance(rng, 20),
        another_certificate: chance(rng, 10),
    }
}

/// How a session ended, as the robot saw it.
#[derive(Debug, PartialEq)]
enum Ending {
    Completed,
    Refused,
    Cancelled,
    Abandoned,
    /// The robot ran out of patience (too many touches) and cancelled.
    GaveUp,
}

/// One citizen's visit. Returns how it ended; the caller checks the aftermath.
fn visit(
    kiosk: &mut Kiosk,
    rng: &mut SimRng,
    script: Script,
    faults: &mut FaultPlan,
    citizen: &Citizen,
    tally: &mut Tally,
) -> Ending {
    let mut touches = 0u32;
    let mut started = false;
    let mut ending = Ending::GaveUp;
    let mut code = String::new();
    let mut recovered = false;
    let mut finger_missing_since: Option<Instant> = None;
    let mut wrong_finger = faults.wrong_finger;
    // The wrong finger stays on the sensor after its try (a careless
    // citizen) until the kiosk says to lift it.
    let mut finger_left_on = false;
    let mut wrong_code = faults.wrong_code;
    let mut another = faults.another_certificate;
    if faults.backend_errors {
        tally.fault("registry 503s (35 %)");
        kiosk.server.set_faults(Faults {
            fail_rate: 0.35,
            ..Faults::default()
        });
    }
    if faults.backend_timeout {
        tally.fault("registry timeouts");
        kiosk.server.set_faults(Faults {
            latency: CLIENT_TIMEOUT + Duration::from_millis(300),
            ..Faults::default()
        });
    }
    loop {
        if touches > 70 {
            // A citizen does not touch forever: they leave with "Cancelar".
            ending = Ending::GaveUp;
            break;
        }
        let screen = kiosk.screen();
        let notice = kiosk.session().notice();
        match script {
            Script::Abandon(_, after) if touches >= after && started => {
                ending = Ending::Abandoned;
                break;
            }
            Script::Cancel(_, after) if touches >= after && kiosk.session().offers_cancel() => {
                kiosk.send(Message::Cancel);
                ending = Ending::Cancelled;
                break;
            }
            _ => {}
        }
        touches += 1;
        match screen {
            Screen::Attract if started => {
                // Ended by itself (e.g. "Volver" all the way out).
                ending = Ending::Cancelled;
                break;
            }
            Screen::Attract => {
                started = true;
                kiosk.send(Message::Attract(attract::Message::Touched));
            }
            Screen::Goodbye => break,
            // No soak script chooses an entity's certificate or a check.
            Screen::EntityEntry
            | Screen::FolioEntry
            | Screen::VerificationEntry
            | Screen::CertificateChecked => kiosk.send(Message::Cancel),
            Screen::Language => kiosk.send(Message::Language(language::Message::Choose(
                citizen.language,
            ))),
            Screen::Menu => {
                if let Some(Notice::Missing(_)) = notice {
                    // A device is reconnecting: wait a moment and try again.
                    kiosk.pump(Duration::from_millis(500), |s| s.notice().is_none());
                }
                kiosk.send(Message::Menu(menu::Message::Choose(script.function())));
            }
            Screen::PresentCard => {
                if notice == Some(Notice::Missing(Service::Scanner))
                    || notice == Some(Notice::Missing(Service::Backend))
                {
                    kiosk.pump(Duration::from_secs(8), |s| s.notice().is_none());
                    continue;
                }
                if faults.scanner_unplug {
                    faults.scanner_unplug = false;
                    tally.fault("scanner unplugged");
                    kiosk.scanner.unplug();
                    kiosk.pump(Duration::from_secs(3), |s| {
                        s.notice() == Some(Notice::Missing(Service::Scanner))
                    });
                    kiosk.scanner.replug();
                    kiosk.pump(Duration::from_secs(10), |s| s.notice().is_none());
                    continue;
                }
                if faults.scanner_garbage {
                    faults.scanner_garbage = false;
                    tally.fault("scanner garbage bytes");
                    let noise: Vec<u8> = (0..1 + rng.below(60))
                        .map(|_| rng.below(256) as u8)
                        .chain(*b"\r")
                        .collect();
                    kiosk.scanner.send_raw(&noise);
                    kiosk.settle(Duration::from_secs(2));
                    continue;
                }
                if faults.finger_unplug {
                    faults.finger_unplug = false;
                    tally.fault("fingerprint reader unplugged");
                    kiosk.finger.unplug();
                }
                if faults.finger_garbage {
                    faults.finger_garbage = false;
                    tally.fault("fingerprint garbage bytes");
                    kiosk.finger.set_fault(FingerprintFault::Garbage);
                }
                kiosk.scanner.present(&citizen.card_text);
                kiosk.settle(Duration::from_secs(4));
            }
            Screen::PlaceFinger(_) => {
                if notice == Some(Notice::Missing(Service::Fingerprint)) {
                    let since = *finger_missing_since.get_or_insert_with(Instant::now);
                    // The cable comes back (a technician, or it was loose).
                    kiosk.finger.replug();
                    kiosk.finger.set_fault(FingerprintFault::None);
                    if since.elapsed() > Duration::from_secs(6) {
                        // Nothing happens: the citizen steps back and starts again.
                        finger_missing_since = None;
                        kiosk.send(Message::Back);
                    } else {
                        kiosk.settle(Duration::from_secs(2));
                    }
                    continue;
                }
                if finger_left_on {
                    // The reader reads a placement once: the kiosk must ask
                    // for the resting finger to be lifted, not check it again.
                    finger_left_on = false;
                    kiosk.pump(Duration::from_secs(8), |s| {
                        !matches!(
                            s.screen(),
                            Screen::PlaceFinger(FingerState::Waiting | FingerState::Reading)
                        ) || s.notice() == Some(Notice::Missing(Service::Fingerprint))
                    });
                    match kiosk.screen() {
                        Screen::PlaceFinger(FingerState::LiftAndPlaceAgain) => {
                            tally.lift_asked += 1
                        }
                        Screen::Working(_) => {
                            tally.resting_reread += 1;
                            tally
                                .failures
                                .push("a finger left on the sensor was read again".into());
                        }
                        _ => {}
                    }
                    continue;
                }
                // Like a person: the finger off the sensor before each try,
                // long enough for the reader (polling every 100 ms) to see it.
                kiosk.finger.lift_finger();
                kiosk.pump(Duration::from_millis(300), |_| false);
                let wrong = wrong_finger;
                if wrong {
                    wrong_finger = false;
                    tally.fault("wrong finger (left on the sensor)");
                    kiosk.finger.place_finger(citizen.run_body, 6);
                } else {
                    kiosk.finger.place_finger(citizen.run_body, 1);
                }
                kiosk.pump(Duration::from_secs(8), |s| {
                    !matches!(s.screen(), Screen::PlaceFinger(_))
                        || s.notice() == Some(Notice::Missing(Service::Fingerprint))
                });
                if !matches!(kiosk.screen(), Screen::PlaceFinger(_)) {
                    if wrong {
                        finger_left_on = true;
                    } else {
                        kiosk.finger.lift_finger();
                    }
                    // Garbage only for one capture: it stops once seen.
                    kiosk.finger.set_fault(FingerprintFault::None);
                }
            }
            Screen::Working(_) => {
                if !kiosk.settle(Duration::from_secs(15)) {
                    // The registry never answered: the kiosk's own clock gives up.
                    tally.flow_work_timeouts += 1;
                    kiosk.jump(kiosk.session().settings().work_timeout);
                }
                if kiosk.session().notice() == Some(Notice::ServiceFailed) {
                    tally.service_failed_seen += 1;
                    // The registry recovers after the first failure the citizen sees.
                    kiosk.server.set_faults(Faults::default());
                    faults.backend_errors = false;
                    faults.backend_timeout = false;
                }
            }
            Screen::Email => {
                if kiosk.session().email().is_empty() {
                    kiosk.type_text(&citizen.email, |k| {
                        Message::Email(email::Message::Keyboard(k))
                    });
                }
                lose_answer_maybe(kiosk, faults, tally);
                kiosk.send(Message::Email(email::Message::Continue));
                kiosk.settle(Duration::from_secs(1));
            }
            Screen::ShowCode => {
                code = kiosk.session().code_shown().to_string();
                if code.is_empty() {
                    ending = Ending::GaveUp;
                    break;
                }
                tally.keys_issued += 1;
                if faults.print_slip && kiosk.session().can_print_slip() {
                    faults.print_slip = false;
                    kiosk.send(Message::Code(code::Message::PrintSlip));
                }
                kiosk.send(Message::Code(code::Message::Continue));
            }
            Screen::CodeEntry => {
                let typed = if wrong_code {
                    wrong_code = false;
                    tally.fault("wrong activation code");
                    wrong(&code)
                } else {
                    code.clone()
                };
                for _ in 0..kiosk.session().code_typed().chars().count() {
                    kiosk.send(Message::Code(code::Message::Keyboard(
                        keyboard::Message::Key(Key::Delete),
                    )));
                }
                kiosk.type_text(&typed, |k| Message::Code(code::Message::Keyboard(k)));
                kiosk.send(Message::Code(code::Message::Continue));
                kiosk.settle(Duration::from_secs(1));
            }
            Screen::NewPassword => {
                if !kiosk.session().password_check().all() {
                    for field in [Field::Password, Field::PasswordAgain] {
                        kiosk.send(Message::Password(password::Message::Focus(field)));
                        for _ in 0..40 {
                            kiosk.send(Message::Password(password::Message::Keyboard(
                                keyboard::Message::Key(Key::Delete),
                            )));
                        }
                        kiosk.type_text(PASSWORD, |k| {
                            Message::Password(password::Message::Keyboard(k))
                        });
                    }
                }
                lose_answer_maybe(kiosk, faults, tally);
                kiosk.send(Message::Password(password::Message::Continue));
                kiosk.settle(Duration::from_secs(1));
            }
            Screen::Done => {
                tally.activations += 1;
                ending = Ending::Completed;
                kiosk.send(Message::Done(done::Message::Finish));
            }
            Screen::Stopped(stop) => {
                if stop.offers_recovery() && !recovered && script == Script::FirstIssue {
                    recovered = true;
                    kiosk.send(Message::Stopped(stopped::Message::RecoverInstead));
                    kiosk.settle(Duration::from_secs(1));
                } else {
                    ending = Ending::Refused;
                    kiosk.send(Message::Stopped(stopped::Message::Finish));
                }
            }
            Screen::Families => kiosk.send(Message::Certificates(certificates::Message::Family(
                citizen.family,
            ))),
            Screen::Purposes(_) => {
                let kind = if script == Script::HolderCertificate {
                    "antecedentes-fines-particulares"
                } else {
                    citizen.kind
                };
                kiosk.send(Message::Certificates(certificates::Message::Kind(
                    kind.to_string(),
                )));
                if script == Script::HolderCertificate
                    && matches!(kiosk.screen(), Screen::Purposes(_))
                {
                    // Antecedentes lives in its own family.
                    kiosk.send(Message::Back);
                    kiosk.send(Message::Certificates(certificates::Message::Family(
                        Family::Antecedentes,
                    )));
                    kiosk.send(Message::Certificates(certificates::Message::Kind(
                        kind.to_string(),
                    )));
                }
            }
            Screen::RunEntry => {
                if notice == Some(Notice::CertificateNotFound) {
                    ending = Ending::Refused;
                    kiosk.send(Message::Cancel);
                    break;
                }
                if kiosk.session().run_check() != RunCheck::Valid {
                    for _ in 0..12 {
                        kiosk.send(Message::Certificates(certificates::Message::Keypad(
                            keyboard::Message::Key(Key::Delete),
                        )));
                    }
                    kiosk.type_text(&citizen.other_run, |k| {
                        Message::Certificates(certificates::Message::Keypad(k))
                    });
                }
                kiosk.send(Message::Certificates(certificates::Message::Continue));
            }
            Screen::Confirm => {
                if notice == Some(Notice::CertificateNotFound) {
                    ending = Ending::Refused;
                    kiosk.send(Message::Cancel);
                    break;
                }
                if faults.printer_offline {
                    faults.printer_offline = false;
                    tally.fault("printer offline");
                    kiosk.printer_offline();
                }
                lose_answer_maybe(kiosk, faults, tally);
                kiosk.send(Message::Certificates(certificates::Message::Continue));
                kiosk.settle(Duration::from_secs(1));
            }
            Screen::Printing => {
                if !kiosk.settle(Duration::from_secs(10)) {
                    tally.flow_work_timeouts += 1;
                    kiosk.jump(kiosk.session().settings().work_timeout);
                }
            }
            Screen::PrintFailed(_) => {
                kiosk.printer_online();
                if kiosk.session().can_reprint() {
                    kiosk.send(Message::Certificates(certificates::Message::Reprint));
                } else {
                    ending = Ending::Refused;
                    kiosk.send(Message::Certificates(certificates::Message::Finish));
                }
            }
            Screen::TakeIt => {
                tally.certificates += 1;
                let folio = kiosk.session().folio().to_string();
                if kiosk.printer_dir.join(format!("{folio}.pdf")).is_file() {
                    tally.printed_verified += 1;
                } else {
                    tally.printed_missing += 1;
                    tally
                        .failures
                        .push(format!("folio {folio}: 'take it' without a printed page"));
                }
                // The paper is taken away.
                let _ = std::fs::remove_file(kiosk.printer_dir.join(format!("{folio}.pdf")));
                ending = Ending::Completed;
                if another {
                    another = false;
                    kiosk.send(Message::Certificates(certificates::Message::Another));
                } else {
                    kiosk.send(Message::Certificates(certificates::Message::Finish));
                }
            }
        }
    }
    ending
}

/// The registry handles the next call but its answer never arrives (the
/// client retries with the same idempotency key).
fn lose_answer_maybe(kiosk: &mut Kiosk, faults: &mut FaultPlan, tally: &mut Tally) {
    if faults.lost_answer {
        faults.lost_answer = false;
        tally.fault("registry answer lost");
        kiosk.server.drop_next_answers(1);
    }
}

fn wrong(code: &str) -> String {
    let mut chars: Vec<char> = code.chars().collect();
    if let Some(first) = chars.first_mut() {
        *first = if *first == 'A' { 'B' } else { 'A' };
    }
    chars.into_iter().collect()
}

/// Bring the kiosk back to the attract screen the way time and a citizen
/// would; false if it cannot get there (a stuck session).
fn leave(kiosk: &mut Kiosk, abandoned: bool) -> bool {
    for _ in 0..8 {
        let screen = kiosk.screen();
        match screen {
            Screen::Attract => return true,
            Screen::Goodbye => {
                if abandoned {
                    kiosk.jump(kiosk.session().settings().goodbye);
                } else {
                    kiosk.send(Message::Goodbye(goodbye::Message::Touched));
                }
            }
            _ if abandoned => {
                // Nobody there: the idle clock, then the warning's countdown.
                kiosk.jump(Duration::from_secs(200));
                kiosk.jump(Duration::from_secs(25));
            }
            Screen::Working(_) | Screen::Printing => {
                if !kiosk.settle(Duration::from_secs(15)) {
                    kiosk.jump(kiosk.session().settings().work_timeout);
                }
            }
            Screen::Done | Screen::TakeIt | Screen::Stopped(_) | Screen::PrintFailed(_) => {
                kiosk.send(Message::Done(done::Message::Finish));
            }
            _ => kiosk.send(Message::Cancel),
        }
        kiosk.pump(Duration::from_millis(300), move |s| s.screen() != screen);
    }
    kiosk.screen() == Screen::Attract
}

struct Marks {
    code_id: i64,
    folio: i64,
}

fn marks(kiosk: &Kiosk) -> Marks {
    Marks {
        code_id: kiosk.db_count(
            "SELECT COALESCE(MAX(id), 0) FROM activation_codes WHERE ?1 = ?1",
            0,
        ),
        folio: kiosk.db_count(
            "SELECT COALESCE(MAX(folio), 0) FROM certificates WHERE ?1 = ?1",
            0,
        ),
    }
}

/// The soak itself: `sessions` visits from `seed`.
fn soak(sessions: u64, seed: u64, verbose: bool) -> Tally {
    count_panics();
    let started = Instant::now();
    let mut kiosk = Kiosk::new();
    let mut rng = SimRng::new(seed);
    let mut tally = Tally::default();
    // The drivers find their ports before the first citizen.
    kiosk.pump(Duration::from_secs(10), |s| {
        s.unavailable(Function::FirstIssue).is_none()
    });
    let mut rss_at_100 = None;
    for n in 0..sessions {
        let script = pick_script(&mut rng);
        let mut faults = pick_faults(&mut rng);
        let citizen = pick_citizen(&kiosk, &mut rng, n);
        let before = marks(&kiosk);
        let keys_before = kiosk.asked.keys.load(Ordering::SeqCst);
        let certificates_before = kiosk.asked.certificates.load(Ordering::SeqCst);

        let ending = visit(
            &mut kiosk,
            &mut rng,
            script,
            &mut faults,
            &citizen,
            &mut tally,
        );
        match ending {
            Ending::Completed => tally.completed += 1,
            Ending::Refused => tally.refused += 1,
            Ending::Cancelled => tally.cancelled += 1,
            Ending::Abandoned => tally.abandoned += 1,
            Ending::GaveUp => tally.gave_up += 1,
        }
        let back = leave(&mut kiosk, ending == Ending::Abandoned);
        // The citizen takes their finger with them.
        kiosk.finger.lift_finger();
        kiosk.clear_faults();
        kiosk.drain(Duration::from_secs(10));
        tally.sessions += 1;

        // ---- the checks
        let mut problems = Vec::new();
        if !back {
            tally.stuck += 1;
            problems.push(format!("stuck on {:?}", kiosk.screen()));
        }
        if kiosk.session().holds_personal_data() {
            tally.personal_left += 1;
            problems.push("personal data left in the session".into());
        }
        if kiosk.app.effects().inner.open_sessions() != 0 {
            tally.tokens_left += 1;
            problems.push("a registry token kept after the end".into());
        }
        let keys_asked = (kiosk.asked.keys.load(Ordering::SeqCst) - keys_before) as i64;
        let codes = kiosk.db_count(
            "SELECT COUNT(*) FROM activation_codes WHERE id > ?1",
            before.code_id,
        );
        if codes > keys_asked {
            tally.double_keys += 1;
            problems.push(format!("{codes} codes issued for {keys_asked} requests"));
        }
        let certificates_asked =
            (kiosk.asked.certificates.load(Ordering::SeqCst) - certificates_before) as i64;
        let issued = kiosk.db_count(
            "SELECT COUNT(*) FROM certificates WHERE folio > ?1",
            before.folio,
        );
        if issued > certificates_asked {
            tally.double_certificates += 1;
            problems.push(format!(
                "{issued} certificates issued for {certificates_asked} requests"
            ));
        }
        // Certificates this session received: each must have its delivery
        // report by now (every task of the session has finished), or wait
        // for it in the queue on disk (the registry may be failing now).
        let queued: HashSet<u64> = kiosk
            .reports
            .outbox()
            .pending()
            .iter()
            .map(|r| r.folio)
            .collect();
        let received: Vec<u64> = kiosk
            .asked
            .folios
            .lock()
            .unwrap()
            .iter()
            .copied()
            .filter(|f| *f as i64 > before.folio)
            .collect();
        for folio in received {
            let pending = kiosk.db_count(
                "SELECT COUNT(*) FROM certificates WHERE folio = ?1 AND delivery = 'pending'",
                folio as i64,
            );
            if pending > 0 && !queued.contains(&folio) {
                tally.unreported += 1;
                problems.push(format!("folio {folio} has no delivery report"));
            }
        }
        let active_twice = kiosk.db_count(
            "SELECT COUNT(*) FROM (SELECT run_body FROM activation_codes \
             WHERE state = 'active' AND ?1 = ?1 GROUP BY run_body HAVING COUNT(*) > 1)",
            0,
        );
        if active_twice > 0 {
            tally.double_keys += 1;
            problems.push(format!("{active_twice} citizens hold two active codes"));
        }
        if !problems.is_empty() {
            let line = format!(
                "session {n} ({script:?}, {faults:?}): {}",
                problems.join("; ")
            );
            eprintln!("soak: {line}");
            tally.failures.push(line);
        }
        if n == 99 {
            rss_at_100 = Some(vm_rss_kb());
        }
        if verbose && (n + 1) % 100 == 0 {
            eprintln!(
                "soak: {} sessions, {:.0} s, RSS {} kB, panics {}",
                n + 1,
                started.elapsed().as_secs_f64(),
                vm_rss_kb(),
                PANICS.load(Ordering::SeqCst)
            );
        }
    }

    // ---- the end: every certificate the kiosk received has its delivery report.
    kiosk.clear_faults();
    kiosk.drain(Duration::from_secs(10));
    // The reporter sends what is queued now that the registry is well.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !kiosk.reports.outbox().pending().is_empty() && Instant::now() < deadline {
        kiosk.reports.nudge();
        std::thread::sleep(Duration::from_millis(100));
    }
    let reports_queued = kiosk.reports.outbox().pending().len();
    let spool_jobs = kiosk.printer.lock().unwrap().jobs().len();
    let folios: Vec<u64> = kiosk.asked.folios.lock().unwrap().iter().copied().collect();
    let mut lost = 0;
    for folio in &folios {
        let pending = kiosk.db_count(
            "SELECT COUNT(*) FROM certificates WHERE folio = ?1 AND delivery = 'pending'",
            *folio as i64,
        );
        lost += pending;
    }
    let issued_total = kiosk.db_count(
        "SELECT COUNT(*) FROM certificates WHERE kiosk_id = 'TOT-SOAK' OR ?1 = ?1",
        0,
    );
    let orphans = kiosk.db_count(
        "SELECT COUNT(*) FROM certificates WHERE delivery = 'pending' AND ?1 = ?1",
        0,
    ) - lost;
    let rss_end = vm_rss_kb();
    let report = Report {
        tally: &tally,
        lost,
        orphans,
        issued_total,
        folios: folios.len(),
        rss_at_100,
        rss_end,
        spool_jobs,
        reports_queued,
        open_registry_sessions: kiosk.db_count(
            "SELECT COUNT(*) FROM sessions WHERE closed = 0 AND ?1 = ?1",
            0,
        ),
        elapsed: started.elapsed(),
        panics: PANICS.load(Ordering::SeqCst),
        seed,
    };
    report.print();
    report.assert();
    tally
}

struct Report<'a> {
    tally: &'a Tally,
    lost: i64,
    orphans: i64,
    issued_total: i64,
    folios: usize,
    rss_at_100: Option<u64>,
    rss_end: u64,
    /// Jobs still in the print spool (printed or failed, not acknowledged).
    spool_jobs: usize,
    /// Delivery reports still waiting on disk after the registry came back.
    reports_queued: usize,
    open_registry_sessions: i64,
    elapsed: Duration,
    panics: usize,
    seed: u64,
}

impl Report<'_> {
    fn print(&self) {
        let t = self.tally;
        eprintln!(
            "soak: seed {}, {} sessions in {:.1} s",
            self.seed,
            t.sessions,
            self.elapsed.as_secs_f64()
        );
        eprintln!(
            "soak: endings: {} completed, {} refused, {} cancelled, {} abandoned, {} gave up",
            t.completed, t.refused, t.cancelled, t.abandoned, t.gave_up
        );
        eprintln!(
            "soak: faults: {} in all; {} registry failures shown to the citizen; {} registry \
             waits ended by the flow's own timeout",
            t.faults.values().sum::<u64>(),
            t.service_failed_seen,
            t.flow_work_timeouts
        );
        for (kind, n) in &t.faults {
            eprintln!("soak:   {kind}: {n}");
        }
        eprintln!(
            "soak: {} activation codes shown, {} keys activated, {} certificates handed out \
             ({} pages found in the printer, {} missing)",
            t.keys_issued, t.activations, t.certificates, t.printed_verified, t.printed_missing
        );
        eprintln!(
            "soak: panics {}, stuck {}, personal data left {}, tokens left {}, double keys {}, \
             double certificates {}",
            self.panics,
            t.stuck,
            t.personal_left,
            t.tokens_left,
            t.double_keys,
            t.double_certificates
        );
        eprintln!(
            "soak: wrong fingers left on the sensor: {} times the kiosk asked to lift it, {} \
             times it read it again",
            t.lift_asked, t.resting_reread
        );
        eprintln!(
            "soak: certificates in the registry {}, received by the kiosk {}, lost (received, \
             no delivery report) {}, never received by the kiosk (answer lost, left pending) {}",
            self.issued_total, self.folios, self.lost, self.orphans
        );
        eprintln!(
            "soak: sessions ending with a received certificate unreported: {}",
            t.unreported
        );
        eprintln!("soak: jobs left in the print spool: {}", self.spool_jobs);
        eprintln!(
            "soak: delivery reports still queued at the end: {}",
            self.reports_queued
        );
        eprintln!(
            "soak: registry sessions left open (close failed): {}",
            self.open_registry_sessions
        );
        match self.rss_at_100 {
            Some(at_100) => eprintln!(
                "soak: VmRSS at session 100 {} kB, at the end {} kB, growth {} kB",
                at_100,
                self.rss_end,
                self.rss_end as i64 - at_100 as i64
            ),
            None => eprintln!("soak: VmRSS at the end {} kB", self.rss_end),
        }
    }

    fn assert(&self) {
        let t = self.tally;
        assert_eq!(self.panics, 0, "panics");
        assert_eq!(t.stuck, 0, "stuck sessions: {:#?}", t.failures);
        assert_eq!(t.personal_left, 0, "personal data left: {:#?}", t.failures);
        assert_eq!(t.tokens_left, 0, "registry tokens left: {:#?}", t.failures);
        assert_eq!(t.double_keys, 0, "double keys: {:#?}", t.failures);
        assert_eq!(
            t.double_certificates, 0,
            "double certificates: {:#?}",
            t.failures
        );
        assert_eq!(t.printed_missing, 0, "{:#?}", t.failures);
        assert_eq!(t.resting_reread, 0, "{:#?}", t.failures);
        assert_eq!(self.lost, 0, "certificates without a delivery report");
        assert_eq!(self.reports_queued, 0, "delivery reports never sent");
        if let Some(at_100) = self.rss_at_100 {
            let growth = self.rss_end.saturating_sub(at_100);
            assert!(growth < 5 * 1024, "RSS grew {growth} kB from session 100");
        }
        // The soak must have exercised what it claims to.
        assert!(
            t.completed > 0 && t.faults.values().sum::<u64>() > 0,
            "nothing happened: {t:?}"
        );
    }
}

fn env_u64(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[test]
fn soak_sessions_with_faults() {
    // 40: with seed 7 that includes two wrong fingers left on the sensor.
    let sessions = env_u64("SOAK_SESSIONS", 40);
    let seed = env_u64("SOAK_SEED", 7);
    let tally = soak(sessions, seed, sessions > 100);
    assert_eq!(tally.sessions, sessions);
}
