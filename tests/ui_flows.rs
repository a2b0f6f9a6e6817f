//! The kiosk's screens walked through the real `update`/`view` with
//! iced_test's Simulator: touches on the texts a citizen sees, device
//! readings and registry answers fed in as the application would receive
//! them. The effects are a recorder (a unit test of the ui layer): no device,
//! registry or printer is involved here.

use std::time::{Duration, Instant};

use iced::{Settings, Task};
use iced_test::Simulator;
use totem::ui::catalog::default_catalog;
use totem::ui::theme::{fonts, LANDSCAPE, PORTRAIT};
use totem::ui::{theme, App, Effects, Message, Unconnected};
use totem_flow::{
    ActivationOutcome, CardRead, CardVerdict, CertificateOutcome, Command, Date, Event,
    FingerEvent, FingerVerdict, KeyOutcome, Outcome, Screen, Secret, SecretBytes, Service,
};

const HOLDER: &str = "11111111-1";

/// Records what the ui asked for, in order.
#[derive(Default)]
struct Recorder {
    commands: Vec<(u64, Command)>,
}

impl Effects for Recorder {
    fn perform(&mut self, session: u64, command: Command) -> Task<Event> {
        self.commands.push((session, command));
        Task::none()
    }
}

struct Kiosk {
    app: App<Recorder>,
    size: iced::Size,
}

fn settings() -> Settings {
    Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    }
}

impl Kiosk {
    fn new() -> Self {
        let app = App::new(
            totem_flow::Settings::default(),
            default_catalog(),
            Recorder::default(),
        )
        .expect("translations load");
        Self {
            app,
            size: PORTRAIT,
        }
    }

    fn landscape() -> Self {
        let mut k = Self::new();
        k.size = LANDSCAPE;
        k.app.set_size(LANDSCAPE);
        k
    }

    fn ui(&self) -> Simulator<'_, Message> {
        Simulator::with_size(settings(), self.size, self.app.view())
    }

    /// Touch the text `label` on the screen.
    fn touch(&mut self, label: &str) {
        let mut ui = self.ui();
        if let Err(error) = ui.click(label) {
            panic!(
                "cannot touch {label:?} on {:?}: {error}",
                self.app.session().screen()
            );
        }
        let messages: Vec<Message> = ui.into_messages().collect();
        assert!(!messages.is_empty(), "touching {label:?} did nothing");
        for message in messages {
            let _ = self.app.update(message);
        }
    }

    /// Touch `label` where it is shown but greyed out: nothing may happen.
    fn touch_greyed(&mut self, label: &str) {
        let mut ui = self.ui();
        if let Err(error) = ui.click(label) {
            panic!(
                "cannot see {label:?} on {:?}: {error}",
                self.app.session().screen()
            );
        }
        assert_eq!(
            ui.into_messages().count(),
            0,
            "{label:?} should be greyed out"
        );
    }

    /// Touch each character's key in turn.
    fn type_keys(&mut self, text: &str) {
        for c in text.chars() {
            self.touch(&c.to_string());
        }
    }

    fn sees(&self, text: &str) -> bool {
        self.ui().find(text).is_ok()
    }

    fn assert_sees(&self, text: &str) {
        assert!(
            self.sees(text),
            "{text:?} not on {:?}",
            self.app.session().screen()
        );
    }

    fn device(&mut self, event: Event) {
        let _ = self.app.update(Message::Device(event));
    }

    fn answer(&mut self, event: Event) {
        let session = self.app.session().id();
        let _ = self.app.update(Message::Answer { session, event });
    }

    fn screen(&self) -> Screen {
        self.app.session().screen()
    }

    fn commands(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.app.effects_mut().commands)
            .into_iter()
            .map(|(_, c)| c)
            .collect()
    }

    fn card(&mut self) {
        self.device(Event::CardRead(CardRead {
            run: Secret::new(HOLDER),
            document: Secret::new("A01234567"),
            birth_date: Some(Date::new(1980, 5, 5)),
            expiry: Some(Date::new(2031, 1, 1)),
            today: Date::new(2026, 11, 25),
        }));
    }

    /// Start, Spanish, and a menu entry.
    fn start(&mut self, entry: &str) {
        self.assert_sees("Toque la pantalla para comenzar");
        self.touch("Toque la pantalla para comenzar");
        self.touch("Español");
        self.assert_sees("¿Qué desea hacer?");
        self.touch(entry);
    }

    /// Card and finger, answered as the registry would.
    fn identify(&mut self) {
        self.assert_sees("Acerque su cédula al lector");
        self.card();
        assert!(matches!(self.commands()[..], [Command::VerifyCard { .. }]));
        self.assert_sees("Verificando su cédula…");
        self.answer(Event::CardChecked(CardVerdict::Valid { birth_date: None }));
        assert_eq!(self.commands(), vec![Command::CaptureFinger]);
        self.assert_sees("Ponga su dedo índice en el lector");
        self.assert_sees("Esperando su dedo…");
        self.device(Event::Finger(FingerEvent::Reading));
        self.assert_sees("Leyendo su huella: no mueva el dedo");
        self.device(Event::Finger(FingerEvent::Captured(SecretBytes::new(
            vec![3; 512],
        ))));
        assert!(matches!(
            self.commands()[..],
            [Command::VerifyFinger { .. }]
        ));
        self.answer(Event::FingerChecked(FingerVerdict::Match));
    }

    /// From the code screen to an active key.
    fn activate(&mut self, code: &str) {
        self.activate_typing(code, code);
    }

    /// The code shown is `shown`; the citizen types `typed`.
    fn activate_typing(&mut self, shown: &str, code: &str) {
        self.assert_sees("Su código de activación");
        self.assert_sees(
            &shown
                .chars()
                .map(String::from)
                .collect::<Vec<_>>()
                .join(" "),
        );
        self.touch("Continuar");
        self.assert_sees("Escriba su código de activación");
        self.type_keys(code);
        self.touch("Continuar");
        self.set_password();
    }

    fn set_password(&mut self) {
        self.assert_sees("Crear su clave ahora");
        self.type_keys("clave");
        self.touch("⇧");
        self.type_keys("Segura7");
        self.touch("Continuar");
        self.assert_sees("Repita la clave");
        self.type_keys("clave");
        self.touch("⇧");
        self.type_keys("Segura7");
        self.touch("Activar mi Clave Única");
    }

    fn assert_wiped(&self) {
        let s = self.app.session();
        assert!(
            !s.holds_personal_data(),
            "personal data left on {:?}",
            s.screen()
        );
        assert_eq!(s.email(), "");
        assert_eq!(s.code_shown(), "");
        assert_eq!(s.run_typed(), "");
    }
}

#[test]
fn first_issue_to_an_active_key() {
    let mut k = Kiosk::new();
    k.start("Obtener Clave Única (primera vez)");
    k.assert_sees("Paso 1 de 4");
    k.identify();
    k.assert_sees("Su correo electrónico");
    k.assert_sees("Paso 2 de 4");
    k.type_keys("ana@correo");
    k.touch(".cl");
    k.touch("Continuar");
    assert_eq!(
        k.commands(),
        vec![Command::IssueKey {
            run: Secret::new(HOLDER),
            email: Secret::new("ana@correo.cl")
        }]
    );
    k.assert_sees("Solicitando su código de activación…");
    k.answer(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("KIOSKO"),
    }));
    k.assert_sees("Paso 3 de 4");
    k.activate("KIOSKO");
    assert_eq!(
        k.commands(),
        vec![Command::Activate {
            run: Secret::new(HOLDER),
            code: Secret::new("KIOSKO"),
            password: Secret::new("claveSegura7"),
        }]
    );
    k.answer(Event::Activation(ActivationOutcome::Activated));
    k.assert_sees("Su Clave Única está activa");
    k.touch("Terminar");
    assert_eq!(
        k.commands(),
        vec![Command::EndSession {
            outcome: Outcome::Completed
        }]
    );
    k.assert_sees("Retire su cédula");
    k.assert_wiped();
}

#[test]
fn recover_to_an_active_key() {
    let mut k = Kiosk::new();
    k.start("Recuperar Clave Única");
    k.assert_sees("Paso 1 de 3");
    k.identify();
    assert_eq!(
        k.commands(),
        vec![Command::RecoverKey {
            run: Secret::new(HOLDER)
        }]
    );
    k.answer(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("RECUPE"),
    }));
    k.assert_sees("Paso 2 de 3");
    k.activate("RECUPE");
    k.answer(Event::Activation(ActivationOutcome::Activated));
    k.assert_sees("Su Clave Única está activa");
}

#[test]
fn a_wrong_activation_code_then_the_right_one() {
    let mut k = Kiosk::new();
    k.start("Recuperar Clave Única");
    k.identify();
    assert_eq!(
        k.commands(),
        vec![Command::RecoverKey {
            run: Secret::new(HOLDER)
        }]
    );
    k.answer(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("BUENOS"),
    }));
    k.activate_typing("BUENOS", "MALOSS");
    let sent = k.commands();
    assert!(matches!(&sent[..], [Command::Activate { code, .. }] if code.expose() == "MALOSS"));
    k.answer(Event::Activation(ActivationOutcome::WrongCode {
        remaining: 4,
    }));
    k.assert_sees("Código incorrecto. Le quedan 4 intentos.");
    k.assert_sees("Escriba su código de activación");
    k.type_keys("BUENOS");
    k.touch("Continuar");
    // The password chosen before is reused: no second password screen.
    assert_eq!(
        k.commands(),
        vec![Command::Activate {
            run: Secret::new(HOLDER),
            code: Secret::new("BUENOS"),
            password: Secret::new("claveSegura7"),
        }]
    );
    k.answer(Event::Activation(ActivationOutcome::Activated));
    k.assert_sees("Su Clave Única está activa");
}

#[test]
fn password_rules_tick_as_the_citizen_types() {
    let mut k = Kiosk::new();
    k.start("Recuperar Clave Única");
    k.identify();
    k.answer(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("ABCDEF"),
    }));
    k.touch("Continuar");
    k.type_keys("ABCDEF");
    k.touch("Continuar");
    k.type_keys("abc");
    assert!(k.sees("•••_"), "typed password hidden");
    let check = k.app.session().password_check();
    assert!(check.has_lower && !check.has_digit);
    k.touch("Mostrar");
    k.assert_sees("abc_");
    k.assert_sees("Ocultar");
}

#[test]
fn holder_only_certificate() {
    let mut k = Kiosk::new();
    k.start("Certificados gratuitos");
    k.assert_sees("Elija el certificado");
    k.assert_sees("Paso 1 de 4");
    k.touch("Antecedentes");
    k.assert_sees("Solo para usted: con su cédula y su huella");
    k.touch("Fines particulares");
    k.assert_sees("Paso 3 de 4");
    k.identify();
    k.assert_sees("Revise antes de imprimir");
    k.assert_sees("11.111.111-1");
    k.touch("Imprimir certificado");
    assert_eq!(
        k.commands(),
        vec![Command::IssueCertificate {
            kind: "antecedentes-fines-particulares".into(),
            for_run: Secret::new(HOLDER),
        }]
    );
    k.answer(Event::CertificateIssued(CertificateOutcome::Issued {
        folio: "900001".into(),
    }));
    assert_eq!(
        k.commands(),
        vec![Command::Print {
            folio: "900001".into()
        }]
    );
    k.assert_sees("Imprimiendo su certificado…");
    k.answer(Event::Printed(Ok(())));
    assert_eq!(
        k.commands(),
        vec![Command::ReportDelivery {
            folio: "900001".into(),
            delivered: true
        }]
    );
    k.assert_sees("Retire su certificado");
    k.assert_sees("Folio 900001");
    k.touch("Terminar");
    k.assert_sees("Retire su cédula");
    k.assert_wiped();
}

#[test]
fn certificate_for_another_run_with_live_check_digit() {
    let mut k = Kiosk::new();
    k.start("Certificados gratuitos");
    k.touch("Nacimiento");
    k.touch("Matrícula escolar");
    k.assert_sees("¿De quién es el certificado?");
    k.type_keys("1234567");
    k.assert_sees("Escriba el RUN completo");
    k.type_keys("84");
    k.assert_sees("12.345.678-4_");
    k.assert_sees("El dígito verificador no corresponde: revise el número");
    k.touch_greyed("Continuar");
    assert_eq!(k.screen(), Screen::RunEntry, "a wrong RUN goes nowhere");
    // Delete is the key with the ⌫ symbol.
    k.touch("⌫");
    k.type_keys("5");
    k.assert_sees("RUN correcto");
    k.touch("Continuar");
    k.assert_sees("Revise antes de imprimir");
    k.assert_sees("12.345.678-5");
    k.touch("Imprimir certificado");
    assert_eq!(
        k.commands(),
        vec![Command::IssueCertificate {
            kind: "nacimiento-matricula".into(),
            for_run: Secret::new("12345678-5")
        }]
    );
    k.answer(Event::CertificateIssued(CertificateOutcome::Issued {
        folio: "900002".into(),
    }));
    k.commands();
    // The printer fails: a reprint of the same folio is offered.
    k.answer(Event::Printed(Err(totem_flow::PrintFailure::OutOfPaper)));
    k.assert_sees("La impresora no tiene papel.");
    k.touch("Imprimir de nuevo");
    assert_eq!(
        k.commands(),
        vec![Command::Print {
            folio: "900002".into()
        }]
    );
    k.answer(Event::Printed(Ok(())));
    k.assert_sees("Folio 900002");
}

#[test]
fn inactivity_warns_counts_down_and_wipes() {
    let mut k = Kiosk::new();
    k.start("Obtener Clave Única (primera vez)");
    k.identify();
    k.type_keys("ana@");
    let start = Instant::now();
    let _ = k.app.update(Message::Tick(start + Duration::from_secs(91)));
    k.assert_sees("¿Sigue ahí?");
    k.assert_sees("20 s");
    let _ = k.app.update(Message::Tick(start + Duration::from_secs(96)));
    k.assert_sees("15 s");
    k.touch("Necesito más tiempo");
    assert!(!k.sees("¿Sigue ahí?"));
    assert_eq!(k.app.session().email(), "ana@");
    let later = Instant::now();
    let _ = k.app.update(Message::Tick(later + Duration::from_secs(91)));
    k.assert_sees("¿Sigue ahí?");
    let _ = k
        .app
        .update(Message::Tick(later + Duration::from_secs(112)));
    assert!(k.commands().contains(&Command::EndSession {
        outcome: Outcome::TimedOut
    }));
    k.assert_sees("Retire su cédula");
    k.assert_wiped();
    // After the farewell the attract screen returns by itself.
    let _ = k
        .app
        .update(Message::Tick(later + Duration::from_secs(120)));
    k.assert_sees("Toque la pantalla para comenzar");
}

/// Walk to a step through the screens; returns the kiosk there.
fn at(step: &str) -> Kiosk {
    let mut k = Kiosk::new();
    match step {
        "language" => k.touch("Toque la pantalla para comenzar"),
        "menu" => {
            k.touch("Toque la pantalla para comenzar");
            k.touch("English");
        }
        "card" => k.start("Obtener Clave Única (primera vez)"),
        "finger" => {
            k.start("Recuperar Clave Única");
            k.card();
            k.answer(Event::CardChecked(CardVerdict::Valid { birth_date: None }));
        }
        "email" => {
            k.start("Obtener Clave Única (primera vez)");
            k.identify();
            k.type_keys("ana");
        }
        "code" => {
            k.start("Recuperar Clave Única");
            k.identify();
            k.answer(Event::KeyIssued(KeyOutcome::Issued {
                code: Secret::new("ABCDEF"),
            }));
        }
        "password" => {
            k = at("code");
            k.touch("Continuar");
            k.type_keys("ABCDEF");
            k.touch("Continuar");
            k.type_keys("abc");
        }
        "families" => k.start("Certificados gratuitos"),
        "purposes" => {
            k.start("Certificados gratuitos");
            k.touch("Defunción");
        }
        "run" => {
            k = at("purposes");
            k.touch("Todo trámite");
            k.type_keys("123");
        }
        "confirm" => {
            k = at("run");
            k.type_keys("456785");
            k.touch("Continuar");
        }
        other => panic!("no route to {other}"),
    }
    k
}

#[test]
fn cancel_from_every_step() {
    for step in [
        "language", "menu", "card", "finger", "email", "code", "password", "families", "purposes",
        "run", "confirm",
    ] {
        let mut k = at(step);
        k.commands();
        let cancel = if step == "menu" { "Cancel" } else { "Cancelar" };
        k.touch(cancel);
        let sent = k.commands();
        assert!(
            sent.contains(&Command::EndSession {
                outcome: Outcome::Cancelled
            }),
            "{step}: {sent:?}"
        );
        assert!(
            matches!(k.screen(), Screen::Goodbye | Screen::Attract),
            "{step}: {:?}",
            k.screen()
        );
        k.assert_wiped();
        assert!(
            k.sees("Retire su cédula")
                || k.sees("Gracias por usar el tótem")
                || k.sees("Toque la pantalla para comenzar"),
            "{step}"
        );
    }
}

#[test]
fn back_is_offered_and_goes_back() {
    let mut k = at("purposes");
    k.touch("Volver");
    k.assert_sees("Elija el certificado");
    let mut k = at("finger");
    k.touch("Volver");
    assert_eq!(k.commands().last(), Some(&Command::CancelCapture));
    k.assert_sees("Acerque su cédula al lector");
}

#[test]
fn english_throughout_the_session_then_back_to_spanish() {
    let mut k = at("menu");
    k.assert_sees("What would you like to do?");
    k.touch("Recover your Clave Única");
    k.assert_sees("Hold your identity card to the reader");
    k.assert_sees("Step 1 of 3");
    k.touch("Cancel");
    k.assert_sees("Thank you for using the kiosk");
    let _ = k
        .app
        .update(Message::Tick(Instant::now() + Duration::from_secs(10)));
    k.assert_sees("Toque la pantalla para comenzar");
}

#[test]
fn a_late_answer_for_an_ended_session_is_dropped() {
    let mut k = at("code");
    let old = k.app.session().id();
    k.touch("Cancelar");
    let _ = k.app.update(Message::Answer {
        session: old,
        event: Event::KeyIssued(KeyOutcome::Issued {
            code: Secret::new("LATEEE"),
        }),
    });
    k.assert_wiped();
    assert!(!k.sees("L A T E E E"));
}

#[test]
fn missing_devices_grey_functions_with_the_reason() {
    let mut k = at("menu");
    k.device(Event::Availability {
        service: Service::Fingerprint,
        available: false,
    });
    k.assert_sees("Unavailable: the fingerprint reader is not working");
    k.touch_greyed("Get your Clave Única (first time)");
    assert_eq!(k.screen(), Screen::Menu);

    let mut none = App::new(
        totem_flow::Settings::default(),
        default_catalog(),
        Unconnected,
    )
    .expect("texts");
    let _ = none.update(Message::Attract(
        totem::ui::screens::attract::Message::Touched,
    ));
    let _ = none.update(Message::Language(
        totem::ui::screens::language::Message::Choose(totem_flow::Language::Es),
    ));
    let ui = Simulator::with_size(settings(), PORTRAIT, none.view());
    let mut ui = ui;
    assert!(ui
        .find("Sin conexión con el Registro Civil: por ahora no podemos atenderle en este tótem.")
        .is_ok());
    assert!(ui
        .find("No disponible: sin conexión con el Registro Civil")
        .is_ok());
}

#[test]
fn shift_gives_one_capital_then_lower_case() {
    let mut k = Kiosk::new();
    k.start("Obtener Clave Única (primera vez)");
    k.identify();
    k.touch("⇧");
    k.type_keys("Ana");
    k.assert_sees("Ana_");
    k.touch("⇧");
    k.type_keys("B");
    k.type_keys("@correo");
    k.assert_sees("AnaB@correo_");
}

#[test]
fn landscape_lays_out_every_typing_screen() {
    let mut k = Kiosk::landscape();
    k.start("Obtener Clave Única (primera vez)");
    k.identify();
    k.type_keys("ana@correo");
    k.touch(".com");
    k.assert_sees("ana@correo.com_");
    k.touch("Continuar");
    k.answer(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("PAISAJ"),
    }));
    k.activate("PAISAJ");
    k.answer(Event::Activation(ActivationOutcome::Activated));
    k.assert_sees("Su Clave Única está activa");
}

#[test]
fn both_languages_have_the_same_messages() {
    use totem::ui::i18n::Translations;
    let es = Translations::ids(totem_flow::Language::Es);
    let en = Translations::ids(totem_flow::Language::En);
    assert!(es.len() > 100, "{}", es.len());
    assert_eq!(es, en);
    let tr = Translations::load().expect("parses");
    for id in &es {
        assert_ne!(
            tr.text(totem_flow::Language::Es, id),
            *id,
            "{id} has no text"
        );
    }
}
