//! The window's registry effects against the reference registry (sim/registry,
//! plain HTTP on loopback, a real SQLite file): touches through iced_test's
//! Simulator, card and finger events as the device drivers would send them,
//! every registry call real. Synthetic demo citizens of sim/people.

use futures::StreamExt;
use iced::{Settings, Task};
use iced_test::runtime::{task::into_stream, Action};
use iced_test::Simulator;
use std::sync::{Arc, Mutex};
use totem::ui::catalog::default_catalog;
use totem::ui::theme::{fonts, PORTRAIT};

use totem::ui::effects::delivery::DeliveryReports;
use totem::ui::effects::printing::{Issued, PrintEffects};
use totem::ui::effects::registry::RegistryEffects;
use totem::ui::{theme, App, Effects, Message};
use totem_config::PaperSize;
use totem_flow::{
    CardRead, Command, Date, Event, FingerEvent, Screen, Secret, SecretBytes, Service,
};
use totem_print::{Backend, Folder, Printer};
use totem_sim_people::{finger_template, Population};
use totem_sim_registry::server::{Server, ServerConfig, ServerHandle, Transport};

use iced_test::futures::futures;

/// Stands in for the devices and the printer: nothing to do in these tests,
/// their events are sent by the test itself.
struct NoDevices;

impl Effects for NoDevices {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Event> {
        Task::none()
    }
    fn present(&self) -> Vec<Service> {
        vec![Service::Scanner, Service::Fingerprint]
    }
}

struct Kiosk {
    rt: tokio::runtime::Runtime,
    app: App<RegistryEffects<PrintEffects<NoDevices>>>,
    /// `None` while the test has stopped the registry.
    server: Option<ServerHandle>,
    _dir: tempfile::TempDir,
    population: Population,
    client: totem_registry::Client,
    /// The delivery-report queue, when the kiosk has one.
    reports: Option<DeliveryReports>,
    /// Stop the registry as soon as the kiosk has its certificate (before
    /// it prints).
    stop_registry_once_issued: bool,
}

/// Fast enough for a test.
const FAST: totem_registry::Backoff = totem_registry::Backoff {
    first: std::time::Duration::from_millis(50),
    max: std::time::Duration::from_millis(200),
    idle: std::time::Duration::from_millis(200),
};

impl Kiosk {
    fn new() -> Self {
        Self::build(false)
    }

    /// With the durable delivery-report queue, as `totem run` has it.
    fn with_reports() -> Self {
        Self::build(true)
    }

    fn build(with_reports: bool) -> Self {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let dir = tempfile::tempdir().expect("tempdir");
        let config = ServerConfig::new(dir.path().join("registry.sqlite"), Transport::PlainHttp);
        let (seed, size) = (config.seed, config.population);
        let server = rt.block_on(Server::start(config)).expect("registry starts");
        let client = totem_registry::Client::from_pem(
            &server.url(),
            None,
            std::time::Duration::from_secs(5),
            "TOT-TEST",
            true,
        )
        .expect("client");
        // The printer: the folder printer of the demo, in the test's folder.
        let printer = Printer::with_backend(
            Backend::Folder(Folder::new(dir.path().join("printed"))),
            dir.path().join("spool"),
        )
        .expect("printer");
        let issued = Issued::default();
        let mut printing = PrintEffects::new(
            Arc::new(Mutex::new(printer)),
            issued.clone(),
            PaperSize::Letter,
            "TOT-TEST",
            NoDevices,
        );
        let mut effects = RegistryEffects::new(client.clone()).keeping_certificates(issued);
        let reports = with_reports.then(|| {
            let queue = DeliveryReports::dir_for_spool(&dir.path().join("spool"));
            DeliveryReports::start(&queue, Some(client.clone()), FAST).expect("report queue")
        });
        if let Some(reports) = &reports {
            printing = printing.reporting_to(reports.clone());
            effects = effects.reporting_to(reports.clone());
        }
        let effects = effects.with_others(printing);
        let app =
            App::new(totem_flow::Settings::default(), default_catalog(), effects).expect("texts");
        let population = Population::generate(seed, chrono::Utc::now().date_naive(), size);
        Kiosk {
            rt,
            app,
            server: Some(server),
            _dir: dir,
            population,
            client,
            reports,
            stop_registry_once_issued: false,
        }
    }

    fn server(&self) -> &ServerHandle {
        self.server.as_ref().expect("the registry is running")
    }

    /// Run a task to its end and feed what it produces back, as iced would.
    fn drive(&mut self, task: Task<Message>) {
        let Some(stream) = into_stream(task) else {
            return;
        };
        let actions: Vec<Action<Message>> = self.rt.block_on(stream.collect());
        for action in actions {
            if let Action::Output(message) = action {
                if self.stop_registry_once_issued
                    && matches!(
                        message,
                        Message::Answer {
                            event: Event::CertificateIssued(_),
                            ..
                        }
                    )
                {
                    self.stop_registry_once_issued = false;
                    if let Some(server) = self.server.take() {
                        self.rt.block_on(server.shutdown());
                    }
                }
                let next = self.app.update(message);
                self.drive(next);
            }
        }
    }

    fn touch(&mut self, label: &str) {
        let settings = Settings {
            fonts: fonts(),
            default_font: theme::REGULAR,
            ..Settings::default()
        };
        let mut ui = Simulator::with_size(settings, PORTRAIT, self.app.view());
        if let Err(error) = ui.click(label) {
            panic!(
                "cannot touch {label:?} on {:?}: {error}",
                self.app.session().screen()
            );
        }
        let messages: Vec<Message> = ui.into_messages().collect();
        for message in messages {
            let task = self.app.update(message);
            self.drive(task);
        }
    }

    fn type_keys(&mut self, text: &str) {
        for c in text.chars() {
            self.touch(&c.to_string());
        }
    }

    fn device(&mut self, event: Event) {
        let task = self.app.update(Message::Device(event));
        self.drive(task);
    }

    fn screen(&self) -> Screen {
        self.app.session().screen()
    }

    /// Present demo citizen `n`'s card and their right finger.
    fn identify(&mut self, n: usize) {
        let citizen = self.population.demo(n).clone();
        let run = format!(
            "{}-{}",
            citizen.run_body,
            totem_flow::entry::check_digit(citizen.run_body)
        );
        self.device(Event::CardRead(CardRead {
            run: Secret::new(run),
            document: Secret::new(citizen.card.serial.clone()),
            birth_date: None,
            expiry: None,
            today: Date::new(2026, 1, 1),
        }));
        assert!(
            matches!(self.screen(), Screen::PlaceFinger(_)),
            "{:?}",
            self.screen()
        );
        let template = finger_template(citizen.run_body, 1).to_vec();
        self.device(Event::Finger(FingerEvent::Captured(SecretBytes::new(
            template,
        ))));
    }

    /// From the code shown: type it back, then the new password.
    fn activate_with_the_code_shown(&mut self) {
        let code = self.app.session().code_shown().to_string();
        self.touch("Continuar");
        self.type_keys(&code);
        self.touch("Continuar");
        self.set_password();
    }

    fn set_password(&mut self) {
        self.type_keys("clave");
        self.touch("⇧");
        self.type_keys("Segura7");
        self.touch("Continuar");
        self.type_keys("clave");
        self.touch("⇧");
        self.type_keys("Segura7");
        self.touch("Activar mi ClaveÚnica");
    }
}

#[test]
fn recover_with_the_registry_wrong_code_then_right() {
    let mut k = Kiosk::new();
    k.touch("Toque la pantalla para comenzar");
    k.touch("Español");
    k.touch("Recuperar ClaveÚnica");
    // Demo citizen 1 (44.000.055-K) holds a key.
    k.identify(1);
    assert_eq!(
        k.screen(),
        Screen::ShowCode,
        "{:?}",
        k.app.session().notice()
    );
    let code = k.app.session().code_shown().to_string();
    assert_eq!(code.len(), 6);
    k.touch("Continuar");
    // A wrong code first: the registry counts it.
    let wrong: String = code
        .chars()
        .map(|c| if c == 'A' { 'B' } else { 'A' })
        .collect();
    k.type_keys(&wrong);
    k.touch("Continuar");
    k.set_password();
    assert_eq!(k.screen(), Screen::CodeEntry);
    assert!(matches!(
        k.app.session().notice(),
        Some(totem_flow::Notice::WrongCode { remaining: 4 })
    ));
    k.type_keys(&code);
    k.touch("Continuar");
    assert_eq!(k.screen(), Screen::Done);
    k.touch("Terminar");
    assert_eq!(k.screen(), Screen::Goodbye);
    assert_eq!(
        k.app.effects().open_sessions(),
        0,
        "the registry session is closed"
    );
    assert!(!k.app.session().holds_personal_data());
}

#[test]
fn first_issue_with_the_registry() {
    let mut k = Kiosk::new();
    k.touch("Toque la pantalla para comenzar");
    k.touch("Español");
    k.touch("Obtener ClaveÚnica (primera vez)");
    // Demo citizen 0 (44.000.066-5) has no key yet.
    k.identify(0);
    assert_eq!(k.screen(), Screen::Email, "{:?}", k.app.session().notice());
    k.type_keys("jose@correo");
    k.touch(".cl");
    k.touch("Continuar");
    assert_eq!(k.screen(), Screen::ShowCode);
    k.activate_with_the_code_shown();
    assert_eq!(k.screen(), Screen::Done);
}

#[test]
fn a_citizen_with_a_key_cannot_get_a_first_one() {
    let mut k = Kiosk::new();
    k.touch("Toque la pantalla para comenzar");
    k.touch("Español");
    k.touch("Obtener ClaveÚnica (primera vez)");
    k.identify(1);
    k.type_keys("maria@correo");
    k.touch(".cl");
    k.touch("Continuar");
    assert_eq!(k.screen(), Screen::Stopped(totem_flow::Stop::AlreadyHasKey));
    // One touch asks the registry for a new code instead.
    k.touch("Pedir un código nuevo");
    assert_eq!(k.screen(), Screen::ShowCode);
}

#[test]
fn certificate_for_another_run_from_the_registry() {
    let mut k = Kiosk::new();
    to_confirm(&mut k);
    k.touch("Imprimir certificado");
    // The folder printer has put the PDF on "paper".
    assert_eq!(k.screen(), Screen::TakeIt, "{:?}", k.app.session().notice());
    let folio = k.app.session().folio().to_string();
    assert!(!folio.is_empty());
    let pdf = k._dir.path().join("printed").join(format!("{folio}.pdf"));
    let bytes = std::fs::read(&pdf).expect("the certificate was printed");
    assert!(bytes.starts_with(b"%PDF"));
    // While the citizen is there, the job is kept in the spool.
    let spool = k._dir.path().join("spool");
    let spooled = |dir: &std::path::Path| std::fs::read_dir(dir).map(|d| d.count()).unwrap_or(0);
    assert!(spooled(&spool) > 0, "the printed job is still in the spool");
    k.touch("Terminar");
    assert!(!k.app.session().holds_personal_data());
    // Once the session has ended, nothing of it stays on disk in the spool.
    assert_eq!(spooled(&spool), 0, "the spool is empty after the session");
}

#[test]
fn the_health_probe_says_whether_the_registry_answers() {
    let k = Kiosk::new();
    let up = totem_registry::Client::from_pem(
        &k.server().url(),
        None,
        std::time::Duration::from_secs(2),
        "TOT-TEST",
        true,
    )
    .expect("client");
    let available = |event: Event| {
        matches!(
            event,
            Event::Availability {
                service: Service::Backend,
                available: true
            }
        )
    };
    assert!(available(
        k.rt.block_on(totem::ui::effects::registry::health(&up))
    ));
    // Nothing listens on port 9 of loopback.
    let down = totem_registry::Client::from_pem(
        "http://127.0.0.1:9",
        None,
        std::time::Duration::from_secs(2),
        "TOT-TEST",
        true,
    )
    .expect("client");
    assert!(!available(
        k.rt.block_on(totem::ui::effects::registry::health(&down))
    ));
}

/// Through the certificate flow to the confirm screen, for another RUN.
fn to_confirm(k: &mut Kiosk) {
    k.touch("Toque la pantalla para comenzar");
    k.touch("Español");
    k.touch("Certificados gratuitos");
    k.touch("Nacimiento");
    k.touch("Todo trámite");
    k.type_keys("440000665");
    k.touch("Continuar");
}

fn delivery(server: &ServerHandle, folio: &str) -> String {
    server.with_db(|db| {
        db.query_row(
            "SELECT delivery FROM certificates WHERE folio = ?1",
            [folio.parse::<i64>().expect("folio")],
            |r| r.get(0),
        )
        .expect("the certificate is in the registry")
    })
}

#[test]
fn a_certificate_whose_answers_were_lost_is_the_same_one_on_try_again() {
    let mut k = Kiosk::new();
    to_confirm(&mut k);
    // The registry issues it, and every answer (all the client's tries) is cut.
    k.server().drop_next_answers(3);
    k.touch("Imprimir certificado");
    assert_eq!(k.screen(), Screen::Confirm);
    assert!(matches!(
        k.app.session().notice(),
        Some(totem_flow::Notice::ServiceFailed)
    ));
    let count = |k: &Kiosk| -> i64 {
        k.server().with_db(|db| {
            db.query_row("SELECT COUNT(*) FROM certificates", [], |r| r.get(0))
                .unwrap()
        })
    };
    assert_eq!(count(&k), 1, "the registry made it");
    // "Try again": the kiosk asks with the same key and gets that one.
    k.touch("Imprimir certificado");
    assert_eq!(k.screen(), Screen::TakeIt, "{:?}", k.app.session().notice());
    assert_eq!(count(&k), 1, "not a second certificate");
    let folio = k.app.session().folio().to_string();
    let only: i64 = k.server().with_db(|db| {
        db.query_row("SELECT folio FROM certificates", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(folio, only.to_string());
    assert_eq!(delivery(k.server(), &folio), "printed");
}

#[test]
fn a_delivery_made_while_the_registry_is_down_reaches_it_after_a_kiosk_restart() {
    let mut k = Kiosk::with_reports();
    let queue = DeliveryReports::dir_for_spool(&k._dir.path().join("spool"));
    to_confirm(&mut k);
    let db = k._dir.path().join("registry.sqlite");
    let addr = k.server().addr();
    k.stop_registry_once_issued = true;
    k.touch("Imprimir certificado");
    assert!(k.server.is_none(), "the registry went down before printing");
    // It printed all the same; the report waits on disk.
    assert_eq!(k.screen(), Screen::TakeIt, "{:?}", k.app.session().notice());
    let folio = k.app.session().folio().to_string();
    k.touch("Terminar");
    let waiting: Vec<String> = std::fs::read_dir(&queue)
        .expect("queue folder")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(waiting, [format!("{folio}.json")]);
    // It holds no RUN and no name of the citizen.
    let text = std::fs::read_to_string(queue.join(&waiting[0])).unwrap();
    let citizen = k.population.demo(0);
    for personal in [
        "440000665",
        "44000066",
        "44.000.066",
        citizen.given_names.as_str(),
        citizen.father_surname.as_str(),
    ] {
        assert!(!text.contains(personal), "{personal:?} in {text}");
    }
    assert!(text.contains("\"printed\""), "{text}");

    // The kiosk restarts while the registry is still down...
    let client = k.client.clone();
    drop(k.reports.take());
    let Kiosk { rt, app, _dir, .. } = k;
    drop(app);
    let reports = DeliveryReports::start(&queue, Some(client), FAST).expect("queue reopens");
    // ...and the registry comes back, same file, same address.
    let mut config = ServerConfig::new(db, Transport::PlainHttp);
    config.listen = addr;
    let server = rt
        .block_on(Server::start(config))
        .expect("registry restarts");
    let started = std::time::Instant::now();
    while delivery(&server, &folio) != "printed" {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the report never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
    while !reports.outbox().pending().is_empty() {
        assert!(started.elapsed() < std::time::Duration::from_secs(15));
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

#[test]
fn a_job_that_finishes_after_the_citizen_left_is_reported_and_leaves_the_spool() {
    let k = Kiosk::with_reports();
    let request = totem_registry::api::IssueCertificateRequest {
        kind: "nacimiento-todo-tramite".into(),
        subject_run: Some(totem_registry::api::Run::from_body(
            k.population.demo(0).run_body,
        )),
        entity_registration: None,
    };
    let certificate =
        k.rt.block_on(k.client.issue_certificate(None, &request))
            .expect("issued");
    let folio = certificate.folio.to_string();
    let spool = k._dir.path().join("late-spool");
    let printer = Printer::with_backend(
        Backend::Folder(Folder::new(k._dir.path().join("printed"))),
        &spool,
    )
    .expect("printer");
    let issued = Issued::default();
    issued.lock().unwrap().insert(folio.clone(), certificate);
    let mut printing = PrintEffects::new(
        Arc::new(Mutex::new(printer)),
        issued,
        PaperSize::Letter,
        "TOT-TEST",
        NoDevices,
    )
    .reporting_to(k.reports.clone());
    let print = printing.perform(
        1,
        Command::Print {
            folio: folio.clone(),
        },
    );
    // The citizen leaves while the job is still on its way to paper.
    let _ = printing.perform(
        1,
        Command::EndSession {
            outcome: totem_flow::Outcome::Cancelled,
        },
    );
    let answers: Vec<Action<Event>> = k.rt.block_on(into_stream(print).unwrap().collect());
    assert!(matches!(
        answers.first(),
        Some(Action::Output(Event::Printed(Ok(()))))
    ));
    let left: Vec<_> = std::fs::read_dir(&spool).unwrap().collect();
    assert!(
        left.is_empty(),
        "nothing of it stays in the spool: {left:?}"
    );
    let started = std::time::Instant::now();
    while delivery(k.server(), &folio) != "printed" {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(15),
            "the report never arrived"
        );
        std::thread::sleep(std::time::Duration::from_millis(25));
    }
}

#[test]
fn a_first_key_whose_answers_were_lost_is_the_same_one_on_try_again() {
    let mut k = Kiosk::new();
    k.touch("Toque la pantalla para comenzar");
    k.touch("Español");
    k.touch("Obtener ClaveÚnica (primera vez)");
    k.identify(0);
    k.type_keys("jose@correo");
    k.touch(".cl");
    // The registry makes the account and its code; every answer is cut.
    k.server().drop_next_answers(3);
    k.touch("Continuar");
    assert_eq!(k.screen(), Screen::Email);
    assert!(matches!(
        k.app.session().notice(),
        Some(totem_flow::Notice::ServiceFailed)
    ));
    // "Continuar" again: the code already made, not "you already have a key".
    k.touch("Continuar");
    assert_eq!(
        k.screen(),
        Screen::ShowCode,
        "{:?}",
        k.app.session().notice()
    );
    let codes: i64 = k.server().with_db(|db| {
        db.query_row("SELECT COUNT(*) FROM activation_codes", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(codes, 1);
    k.activate_with_the_code_shown();
    assert_eq!(k.screen(), Screen::Done);
}
