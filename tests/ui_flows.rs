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
    ActivationOutcome, CardRead, CardVerdict, CertificateOutcome, CheckOutcome, CheckedCertificate,
    Command, Date, EntityNumber, Event, Finger, FingerEvent, FingerVerdict, KeyOutcome, Outcome,
    Screen, Secret, SecretBytes, Service,
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
        self.answer(Event::CardChecked(CardVerdict::Valid {
            birth_date: None,
            finger: None,
        }));
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
        self.touch("Activar mi ClaveÚnica");
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
    k.start("Obtener ClaveÚnica (primera vez)");
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
    k.assert_sees("Su ClaveÚnica está activa");
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
    k.start("Recuperar ClaveÚnica");
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
    k.assert_sees("Su ClaveÚnica está activa");
}

#[test]
fn a_wrong_activation_code_then_the_right_one() {
    let mut k = Kiosk::new();
    k.start("Recuperar ClaveÚnica");
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
    k.assert_sees("Su ClaveÚnica está activa");
}

#[test]
fn password_rules_tick_as_the_citizen_types() {
    let mut k = Kiosk::new();
    k.start("Recuperar ClaveÚnica");
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
    k.start("Obtener ClaveÚnica (primera vez)");
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
        "card" => k.start("Obtener ClaveÚnica (primera vez)"),
        "finger" => {
            k.start("Recuperar ClaveÚnica");
            k.card();
            k.answer(Event::CardChecked(CardVerdict::Valid {
                birth_date: None,
                finger: None,
            }));
        }
        "email" => {
            k.start("Obtener ClaveÚnica (primera vez)");
            k.identify();
            k.type_keys("ana");
        }
        "code" => {
            k.start("Recuperar ClaveÚnica");
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
    k.touch("Recover your ClaveÚnica");
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
    k.touch_greyed("Get your ClaveÚnica (first time)");
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
    k.start("Obtener ClaveÚnica (primera vez)");
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
    k.start("Obtener ClaveÚnica (primera vez)");
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
    k.assert_sees("Su ClaveÚnica está activa");
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

#[test]
fn entity_certificate_by_registration_number_or_rut_on_its_own_keypad() {
    let mut k = Kiosk::new();
    k.start("Certificados gratuitos");
    k.touch("Personas jurídicas sin fines de lucro");
    k.touch("Vigencia");
    k.assert_sees("¿De qué entidad es el certificado?");
    k.assert_sees("Paso 3 de 4");
    assert_eq!(k.screen(), Screen::EntityEntry);
    // A person's RUN is refused here, without a trip to the registry.
    k.type_keys("123456785");
    k.assert_sees("Ese es el RUN de una persona: escriba el número o el RUT de la entidad");
    k.touch_greyed("Continuar");
    for _ in 0..9 {
        k.touch("⌫");
    }
    k.type_keys("10102");
    k.assert_sees("Número de inscripción 10102");
    k.touch("Continuar");
    k.assert_sees("Revise antes de imprimir");
    k.assert_sees("N.º de inscripción");
    k.assert_sees("10102");
    k.touch("Imprimir certificado");
    assert_eq!(
        k.commands(),
        vec![Command::IssueEntityCertificate {
            kind: "personas-juridicas-vigencia".into(),
            entity: EntityNumber::Registration(10102),
        }]
    );
    // No such entity: back on its keypad, told what to check.
    k.answer(Event::CertificateIssued(CertificateOutcome::NotFound));
    assert_eq!(k.screen(), Screen::EntityEntry);
    k.assert_sees("No encontramos esa entidad. Revise el número de inscripción o el RUT.");
    for _ in 0..5 {
        k.touch("⌫");
    }
    // The entity's RUT instead, check digit judged live.
    k.type_keys("650000014");
    k.assert_sees("El dígito verificador no corresponde: revise el RUT");
    k.touch("⌫");
    let dv = totem_flow::entry::check_digit(65_000_001).to_string();
    k.type_keys(&dv);
    k.assert_sees("RUT de la entidad correcto");
    k.assert_sees(&format!("65.000.001-{dv}_"));
    k.touch("Continuar");
    k.assert_sees("RUT de la entidad");
    k.touch("Imprimir certificado");
    assert_eq!(
        k.commands(),
        vec![Command::IssueEntityCertificate {
            kind: "personas-juridicas-vigencia".into(),
            entity: EntityNumber::Rut(format!("65000001-{dv}")),
        }]
    );
    k.answer(Event::CertificateIssued(CertificateOutcome::NotFound));
    assert_eq!(k.screen(), Screen::EntityEntry);
    k.touch("Cancelar");
    k.assert_wiped();
}

#[test]
fn a_holder_without_the_record_is_not_asked_to_check_a_number() {
    let mut k = Kiosk::new();
    k.start("Certificados gratuitos");
    k.touch("Registro Nacional de la Discapacidad");
    k.assert_sees("Solo para usted: con su cédula y su huella");
    k.touch("Inscripción");
    k.identify();
    k.touch("Imprimir certificado");
    k.commands();
    k.answer(Event::CertificateIssued(CertificateOutcome::NotFound));
    k.assert_sees("El Registro Civil no tiene una inscripción de este tipo a su nombre.");
    assert!(!k.sees("No encontramos ese certificado para ese RUN. Revise el número."));
}

#[test]
fn the_finger_instruction_names_the_finger_the_registry_matches() {
    let mut k = Kiosk::new();
    k.start("Recuperar ClaveÚnica");
    k.card();
    k.commands();
    k.answer(Event::CardChecked(CardVerdict::Valid {
        birth_date: None,
        finger: Some(Finger::LeftIndex),
    }));
    k.assert_sees("Ponga su dedo índice izquierdo en el lector");
    assert!(!k.sees("Ponga su dedo índice en el lector"));
}

#[test]
fn an_expired_or_blocked_card_shows_its_validity_and_what_to_do() {
    let mut k = Kiosk::new();
    k.start("Obtener ClaveÚnica (primera vez)");
    k.device(Event::CardRead(CardRead {
        run: Secret::new(HOLDER),
        document: Secret::new("A01234567"),
        birth_date: None,
        expiry: Some(Date::new(2025, 3, 12)),
        today: Date::new(2026, 11, 25),
    }));
    assert!(
        k.commands().is_empty(),
        "nothing is sent for an expired card"
    );
    k.assert_sees("Vigencia de su cédula");
    k.assert_sees("Su cédula está vencida. Renuévela en una oficina del Registro Civil.");
    k.assert_sees("Venció el 12/03/2025.");
    k.assert_sees("Qué hacer");
    k.assert_sees("3. Mientras tanto, aquí puede obtener certificados escribiendo su RUN.");
    k.touch("Terminar");
    k.assert_sees("Retire su cédula");
    k.assert_wiped();

    let mut k = Kiosk::new();
    k.start("Recuperar ClaveÚnica");
    k.card();
    k.commands();
    k.answer(Event::CardChecked(CardVerdict::Blocked));
    k.assert_sees("Vigencia de su cédula");
    k.assert_sees("Su cédula está bloqueada. Acuda a una oficina del Registro Civil.");
    k.assert_sees("1. Si tiene una cédula más nueva, use esa: al emitirse una nueva, la anterior queda bloqueada.");
    assert!(
        !k.sees("Venció el"),
        "a blocked card's printed date says nothing"
    );
    k.touch("Terminar");
    k.assert_wiped();
}

#[test]
fn a_certificate_is_checked_by_folio_and_code_on_the_kiosk() {
    let mut k = Kiosk::new();
    k.start("Verificar un certificado");
    k.assert_sees("Folio del certificado");
    k.assert_sees("Paso 1 de 3");
    k.touch_greyed("Continuar");
    k.type_keys("500000123");
    k.assert_sees("500000123_");
    k.touch("Continuar");
    k.assert_sees("Código de verificación");
    k.type_keys("7F3K9QX2LM4");
    k.assert_sees("7F3K-9QX2-LM4_");
    k.touch_greyed("Continuar");
    k.type_keys("P");
    k.touch("Continuar");
    assert_eq!(
        k.commands(),
        vec![Command::CheckCertificate {
            folio: "500000123".into(),
            code: "7F3K-9QX2-LM4P".into(),
        }]
    );
    k.assert_sees("Consultando el certificado…");
    // A wrong code and an unknown folio read the same.
    k.answer(Event::CertificateChecked(CheckOutcome::NotFound));
    k.assert_sees("No existe un certificado con ese folio y ese código. Revise ambos.");
    assert_eq!(k.screen(), Screen::VerificationEntry);
    k.touch("Continuar");
    k.commands();
    k.answer(Event::CertificateChecked(CheckOutcome::Genuine(
        CheckedCertificate {
            folio: "500000123".into(),
            title: "Certificado de Nacimiento".into(),
            issued_on: Date::new(2026, 11, 25),
            subject_masked: Secret::new("M. J. González N."),
            delivered: true,
        },
    )));
    k.assert_sees("El certificado es auténtico");
    k.assert_sees("Certificado de Nacimiento");
    k.assert_sees("25/11/2026");
    k.assert_sees("M. J. González N.");
    k.assert_sees("Impreso y entregado.");
    k.touch("Verificar otro");
    k.assert_sees("Folio del certificado");
    k.type_keys("500000124");
    k.touch("Continuar");
    k.type_keys("7F3K9QX2LM4P");
    k.touch("Continuar");
    k.answer(Event::CertificateChecked(CheckOutcome::NotValid));
    k.assert_sees("Este certificado no es válido");
    k.touch("Terminar");
    k.assert_wiped();
}
