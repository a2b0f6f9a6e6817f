//! The iced application: owns the flow [`Session`], routes touches to it,
//! hands its [`Command`]s to the [`Effects`] (devices, registry, printer),
//! and brings their answers back as flow events.
//!
//! ## The seam for the integrator
//! [`Effects::perform`] receives each command with the id of the session that
//! issued it and returns a [`Task`] whose result is
//! `Message::Answer { session, event }`; answers of a session that has ended
//! meanwhile are dropped here. [`Effects::subscription`] streams device and
//! health events as `Message::Device(event)` (card read, finger states,
//! `Availability { service, available }`).

use std::time::{Duration, Instant};

use iced::widget::{column, container};
use iced::{window, Element, Length, Padding, Size, Subscription, Task};
use totem_flow::{
    Catalog, CertificateEntry, Command, Event, Family, Screen, Service, Session, Settings,
};

use super::i18n::Translations;
use super::keyboard::Keyboard;
use super::no_cursor::no_cursor;
use super::operations::Operations;
use super::screens::{
    attract, certificates, code, done, email, goodbye, identify, language, maintenance, menu,
    notice_text, password, stopped, working,
};
use super::widgets::{footer, notice, step_header, warning_overlay};
use super::{theme, Ctx};

/// What carries the flow's commands out into the world.
pub trait Effects: 'static {
    /// Carry out `command`, issued by session `session`. Results come back as
    /// `Message::Answer { session, event }`.
    fn perform(&mut self, session: u64, command: Command) -> Task<Message>;

    /// Device and health events, as `Message::Device(event)`.
    fn subscription(&self) -> Subscription<Message> {
        Subscription::none()
    }

    /// Services known to be present when the kiosk starts; the others are
    /// marked unavailable until a `Device(Availability)` event says otherwise.
    fn present(&self) -> Vec<Service> {
        vec![
            Service::Scanner,
            Service::Fingerprint,
            Service::Backend,
            Service::Printer,
        ]
    }
}

impl Effects for Box<dyn Effects> {
    fn perform(&mut self, session: u64, command: Command) -> Task<Message> {
        (**self).perform(session, command)
    }

    fn subscription(&self) -> Subscription<Message> {
        (**self).subscription()
    }

    fn present(&self) -> Vec<Service> {
        (**self).present()
    }
}

/// No back-end connected: every command is dropped and every service shows
/// as unavailable, so the menu greys each function with its reason.
#[derive(Debug, Default, Clone, Copy)]
pub struct Unconnected;

impl Effects for Unconnected {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Message> {
        Task::none()
    }

    fn present(&self) -> Vec<Service> {
        Vec::new()
    }
}

/// Everything the window can receive.
#[derive(Debug, Clone)]
pub enum Message {
    Attract(attract::Message),
    Language(language::Message),
    Menu(menu::Message),
    Email(email::Message),
    Code(code::Message),
    Password(password::Message),
    Done(done::Message),
    Certificates(certificates::Message),
    Stopped(stopped::Message),
    Goodbye(goodbye::Message),
    /// "Volver" in the footer.
    Back,
    /// "Cancelar" in the footer.
    Cancel,
    /// "Necesito más tiempo".
    MoreTime,
    /// The clock, once a second while a session is under way.
    Tick(Instant),
    /// An answer to a command of session `session`.
    Answer {
        session: u64,
        event: Event,
    },
    /// A device or health event (not tied to a session).
    Device(Event),
    /// The window's size changed (orientation).
    Resized(Size),
    /// Time to show the next hint on the attract screen.
    NextHint,
    /// Time to tell systemd's watchdog the ui loop is alive.
    WatchdogPing,
    /// The hidden gesture, the technician's PIN pad and dashboard.
    Maintenance(maintenance::Message),
    /// The demo panel (demo kiosks only).
    Demo(super::demo_panel::Message),
}

/// The kiosk application.
pub struct App<E: Effects> {
    session: Session,
    tr: Translations,
    effects: E,
    keyboard: Keyboard,
    size: Size,
    last_screen: Screen,
    hint: usize,
    /// Metrics and watchdog, when the kiosk runs for real (`totem run`).
    ops: Option<Operations>,
    /// The demo panel, when this kiosk runs the demo (never on a site).
    demo: Option<super::demo_panel::DemoPanel>,
    /// What the devices last said of themselves, to carry over into a
    /// session rebuilt by a configuration reload.
    availability: Vec<(Service, bool)>,
}

/// Portrait first.
pub const PORTRAIT: Size = Size {
    width: 1080.0,
    height: 1920.0,
};
pub const LANDSCAPE: Size = Size {
    width: 1920.0,
    height: 1080.0,
};

impl<E: Effects> App<E> {
    pub fn new(settings: Settings, catalog: Catalog, effects: E) -> Result<Self, String> {
        let mut session = Session::new(settings, catalog);
        let now = Instant::now();
        let present = effects.present();
        let mut availability = Vec::new();
        for service in [
            Service::Scanner,
            Service::Fingerprint,
            Service::Backend,
            Service::Printer,
        ] {
            availability.push((service, present.contains(&service)));
            if !present.contains(&service) {
                session.update(
                    now,
                    Event::Availability {
                        service,
                        available: false,
                    },
                );
            }
        }
        Ok(Self {
            session,
            tr: Translations::load()?,
            effects,
            keyboard: Keyboard::default(),
            size: PORTRAIT,
            last_screen: Screen::Attract,
            hint: 0,
            ops: None,
            demo: super::demo_panel::DemoPanel::from_env(),
            availability,
        })
    }

    /// Counts sessions into `ops.metrics()` and drives the watchdog.
    pub fn with_operations(mut self, ops: Operations) -> Self {
        self.ops = Some(ops);
        self
    }

    pub fn operations(&self) -> Option<&Operations> {
        self.ops.as_ref()
    }

    pub fn operations_mut(&mut self) -> Option<&mut Operations> {
        self.ops.as_mut()
    }

    fn maintenance_mut(&mut self) -> Option<&mut maintenance::Maintenance> {
        self.ops.as_mut().and_then(|o| o.maintenance.as_mut())
    }

    /// A configuration reload changed the flow's settings or catalog: a
    /// fresh session on the attract screen takes them, knowing what the
    /// devices last said. Only done while maintenance is open, when no
    /// citizen's session is under way.
    fn reconfigure(&mut self, new: maintenance::Reconfigure) {
        let mut session = Session::new(new.settings, new.catalog);
        let now = Instant::now();
        for (service, available) in &self.availability {
            let _ = session.update(
                now,
                Event::Availability {
                    service: *service,
                    available: *available,
                },
            );
        }
        self.session = session;
        self.last_screen = Screen::Attract;
    }

    pub fn session(&self) -> &Session {
        &self.session
    }

    pub fn effects(&self) -> &E {
        &self.effects
    }

    pub fn effects_mut(&mut self) -> &mut E {
        &mut self.effects
    }

    pub fn set_size(&mut self, size: Size) {
        self.size = size;
    }

    /// Apply a flow event now and hand its commands to the effects.
    fn flow(&mut self, now: Instant, event: Event) -> Task<Message> {
        let id = self.session.id();
        let function = self.session.function();
        if let Some(ops) = &self.ops {
            let kind = self.session.chosen_kind().map(|entry| entry.kind.as_str());
            ops.before(&event, self.session.screen(), kind);
        }
        let commands = self.session.update(now, event);
        if let Some(ops) = &self.ops {
            ops.flow_chosen(function, self.session.function());
            for command in &commands {
                if let Command::EndSession { outcome } = command {
                    ops.session_ended(function, *outcome);
                }
            }
            if self.session.screen() == Screen::Attract && self.last_screen != Screen::Attract {
                ops.back_to_attract();
            }
        }
        if self.session.screen() != self.last_screen {
            // A new screen starts with lower case, as a keyboard does.
            self.keyboard = Keyboard::default();
            self.last_screen = self.session.screen();
            // Screen names carry no personal data; they let a technician (and
            // the window tests) follow a session.
            tracing::info!(screen = ?self.last_screen, "screen");
        }
        Task::batch(
            commands
                .into_iter()
                .map(|c| self.effects.perform(id, c))
                .collect::<Vec<_>>(),
        )
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let now = Instant::now();
        let event = match message {
            Message::Attract(m) => Some(attract::update(m)),
            Message::Language(m) => Some(language::update(m)),
            Message::Menu(m) => Some(menu::update(m)),
            Message::Email(m) => email::update(m, &mut self.keyboard),
            Message::Code(m) => code::update(m, &mut self.keyboard),
            Message::Password(m) => password::update(m, &mut self.keyboard),
            Message::Done(m) => Some(done::update(m)),
            Message::Certificates(m) => certificates::update(m, &mut self.keyboard),
            Message::Stopped(m) => Some(stopped::update(m)),
            Message::Goodbye(m) => Some(goodbye::update(m)),
            Message::Back => Some(Event::Back),
            Message::Cancel => Some(Event::Cancel),
            Message::MoreTime => Some(Event::MoreTime),
            Message::Tick(at) => return self.flow(at, Event::Tick),
            Message::Answer { session, event } => {
                // An answer for a session that has ended is dropped: its data is gone.
                (session == self.session.id()).then_some(event)
            }
            Message::Device(event) => {
                if let Event::Availability { service, available } = &event {
                    self.availability.retain(|(s, _)| s != service);
                    self.availability.push((*service, *available));
                }
                Some(event)
            }
            Message::Resized(size) => {
                self.size = size;
                if let Some(m) = self.maintenance_mut() {
                    m.resize(size.width);
                }
                None
            }
            Message::Demo(m) => {
                return match self.demo.as_mut() {
                    Some(panel) => panel.update(m).map(Message::Demo),
                    None => Task::none(),
                };
            }
            Message::NextHint => {
                self.hint = self.hint.wrapping_add(1);
                None
            }
            Message::Maintenance(m) => {
                let attract = self.session.screen() == Screen::Attract;
                let language = self.session.settings().default_language;
                let Some(outcome) = self.maintenance_mut().map(|desk| {
                    let outcome = desk.update(m);
                    if outcome.opened {
                        desk.set_language(language);
                    }
                    outcome
                }) else {
                    return Task::none();
                };
                if let Some(new) = outcome.reconfigure {
                    self.reconfigure(new);
                }
                let task = outcome
                    .task
                    .map(|t| t.map(Message::Maintenance))
                    .unwrap_or_else(Task::none);
                // A citizen's session (only language or menu can be under
                // way here) ends before the technician's pad shows.
                if outcome.opened && !attract {
                    return Task::batch([self.flow(now, Event::Cancel), task]);
                }
                return task;
            }
            Message::WatchdogPing => {
                if let Some(ops) = &mut self.ops {
                    ops.ping();
                }
                None
            }
        };
        match event {
            Some(event) => self.flow(now, event),
            None => Task::none(),
        }
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![window::resize_events().map(|(_id, size)| Message::Resized(size))];
        let maintenance = self.ops.as_ref().and_then(|o| o.maintenance.as_ref());
        match maintenance.filter(|m| m.drivers_paused()) {
            // The technician listens to the scanner's raw bytes: the device
            // drivers stop (their subscription ends) and come back after.
            Some(m) => subs.push(m.raw_scan_subscription().map(Message::Maintenance)),
            None => subs.push(self.effects.subscription()),
        }
        // The attract screen has no session clock, only its slow hint
        // rotation: an idle kiosk does almost no work.
        if self.session.screen() == Screen::Attract {
            subs.push(iced::time::every(Duration::from_secs(4)).map(|_| Message::NextHint));
        } else {
            subs.push(iced::time::every(Duration::from_secs(1)).map(Message::Tick));
        }
        if let Some(m) = self.ops.as_ref().and_then(|o| o.maintenance.as_ref()) {
            if m.is_open() {
                subs.push(
                    iced::time::every(Duration::from_secs(1))
                        .map(|_| Message::Maintenance(maintenance::Message::Refresh)),
                );
            } else if matches!(
                self.session.screen(),
                Screen::Attract | Screen::Language | Screen::Menu
            ) {
                // The hidden gesture, only where no citizen's data is shown.
                subs.push(iced::event::listen_with(|event, _status, _window| {
                    maintenance::pointer(event)
                        .map(|p| Message::Maintenance(maintenance::Message::Pointer(p)))
                }));
            }
        }
        // Pinged from the ui loop's own timer: a frozen loop stops the pings.
        if let Some(period) = self.ops.as_ref().and_then(Operations::ping_interval) {
            subs.push(iced::time::every(period).map(|_| Message::WatchdogPing));
        }
        if let Some(panel) = &self.demo {
            subs.push(panel.subscription().map(Message::Demo));
        }
        Subscription::batch(subs)
    }

    fn ctx(&self) -> Ctx<'_> {
        Ctx {
            tr: &self.tr,
            language: self.session.language(),
            portrait: self.size.height >= self.size.width,
            session: &self.session,
            keyboard: self.keyboard,
            hint: self.hint,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        super::demo_panel::overlay(self.screen_view(), self.demo.as_ref(), Message::Demo)
    }

    fn screen_view(&self) -> Element<'_, Message> {
        if let Some(m) = self.ops.as_ref().and_then(|o| o.maintenance.as_ref()) {
            if m.is_open() {
                return m.view(&self.tr).map(Message::Maintenance);
            }
            if let Some(message) = m
                .out_of_service()
                .filter(|_| self.session.screen() == Screen::Attract)
            {
                if let Some(ops) = &self.ops {
                    ops.attract_shown();
                }
                return no_cursor(
                    maintenance::out_of_service_view(message).map(Message::Maintenance),
                )
                .into();
            }
        }
        let ctx = self.ctx();
        let s = &self.session;
        let screen = s.screen();
        let content: Element<'_, Message> = match screen {
            Screen::Attract => {
                if let Some(ops) = &self.ops {
                    ops.attract_shown();
                }
                return no_cursor(attract::view(&ctx).map(Message::Attract)).into();
            }
            Screen::Goodbye => return no_cursor(goodbye::view(&ctx).map(Message::Goodbye)).into(),
            Screen::Language => language::view(&ctx).map(Message::Language),
            Screen::Menu => menu::view(&ctx).map(Message::Menu),
            Screen::PresentCard | Screen::PlaceFinger(_) => {
                identify::view(&ctx).map(|m| match m {})
            }
            Screen::Working(job) => working::view(&ctx, job).map(|m| match m {}),
            Screen::Email => email::view(&ctx).map(Message::Email),
            Screen::ShowCode | Screen::CodeEntry => code::view(&ctx).map(Message::Code),
            Screen::NewPassword => password::view(&ctx).map(Message::Password),
            Screen::Done => done::view(&ctx).map(Message::Done),
            Screen::Stopped(stop) => stopped::view(&ctx, stop).map(Message::Stopped),
            Screen::Families
            | Screen::Purposes(_)
            | Screen::RunEntry
            | Screen::Confirm
            | Screen::Printing
            | Screen::PrintFailed(_)
            | Screen::TakeIt => certificates::view(&ctx).map(Message::Certificates),
        };
        let mut body = column![].spacing(28).height(Length::Fill);
        if let Some(n) = s.notice().filter(|_| screen != Screen::Menu) {
            body = body.push(notice(notice_text(&ctx, n)));
        }
        body = body.push(content);
        let back = s.can_go_back().then_some(Message::Back);
        let cancel = s.offers_cancel().then_some(Message::Cancel);
        let side = if ctx.portrait { 48.0 } else { 72.0 };
        let page: Element<'_, Message> = column![
            step_header(&ctx, s.step()),
            container(body)
                .padding(Padding {
                    top: 40.0,
                    right: side,
                    bottom: 8.0,
                    left: side
                })
                .width(Length::Fill)
                .height(Length::Fill),
            footer(&ctx, back, cancel),
        ]
        .into();
        let page = match s.warning_seconds_left() {
            Some(seconds) => warning_overlay(&ctx, page, seconds, Message::MoreTime),
            None => page,
        };
        no_cursor(container(page).style(|_t| iced::widget::container::Style {
            background: Some(iced::Background::Color(theme::WHITE)),
            text_color: Some(theme::INK),
            ..Default::default()
        }))
        .into()
    }
}

/// The fonts the kiosk ships; the ui and the tests load the same ones.
pub fn fonts() -> Vec<std::borrow::Cow<'static, [u8]>> {
    vec![
        theme::FONT_REGULAR_BYTES.into(),
        theme::FONT_BOLD_BYTES.into(),
        theme::FONT_ICONS_BYTES.into(),
    ]
}

/// The window: fullscreen, no decorations, nothing that closes it.
pub fn window_settings(size: Size) -> window::Settings {
    window::Settings {
        size,
        fullscreen: true,
        decorations: false,
        resizable: false,
        closeable: false,
        minimizable: false,
        // Close requests (Alt+F4, a window manager's close) are ignored.
        exit_on_close_request: false,
        ..window::Settings::default()
    }
}

/// Run the kiosk window with the given effects.
pub fn run<E, F>(make_effects: F, settings: Settings, catalog: Catalog) -> iced::Result
where
    E: Effects,
    F: Fn() -> E + 'static,
{
    run_operated(make_effects, || None, settings, catalog)
}

/// As [`run`], with metrics and watchdog from `make_operations`.
pub fn run_operated<E, F, O>(
    make_effects: F,
    make_operations: O,
    settings: Settings,
    catalog: Catalog,
) -> iced::Result
where
    E: Effects,
    F: Fn() -> E + 'static,
    O: Fn() -> Option<Operations> + 'static,
{
    let boot = move || match App::new(settings.clone(), catalog.clone(), make_effects()) {
        Ok(app) => match make_operations() {
            Some(ops) => app.with_operations(ops),
            None => app,
        },
        Err(error) => {
            // The texts are compiled in; a broken file is caught by the tests.
            eprintln!("totem: translations: {error}");
            std::process::exit(1)
        }
    };
    let mut application = iced::application(boot, App::<E>::update, App::<E>::view)
        .title("Totem")
        .subscription(App::<E>::subscription)
        .theme(|_: &App<E>| theme::theme())
        .default_font(theme::REGULAR)
        .window(window_settings(PORTRAIT))
        .exit_on_close_request(false);
    for font in fonts() {
        application = application.font(font);
    }
    application.run()
}

/// The catalog of DOMAIN.md, used when no certificates.toml is given.
pub fn default_catalog() -> Catalog {
    let entry = |kind: &str, family, es: &str, en: &str, holder_only| CertificateEntry {
        kind: kind.to_string(),
        family,
        purpose_es: es.to_string(),
        purpose_en: en.to_string(),
        holder_only,
        enabled: true,
    };
    use Family::*;
    Catalog {
        certificates: vec![
            entry(
                "nacimiento-asignacion-familiar",
                Nacimiento,
                "Asignación familiar",
                "Family allowance",
                false,
            ),
            entry(
                "nacimiento-matricula",
                Nacimiento,
                "Matrícula escolar",
                "School enrolment",
                false,
            ),
            entry(
                "nacimiento-todo-tramite",
                Nacimiento,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "matrimonio-asignacion-familiar",
                Matrimonio,
                "Asignación familiar",
                "Family allowance",
                false,
            ),
            entry(
                "matrimonio-todo-tramite",
                Matrimonio,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "matrimonio-subinscripciones",
                Matrimonio,
                "Con subinscripciones",
                "With annotations",
                false,
            ),
            entry(
                "defuncion-asignacion-familiar",
                Defuncion,
                "Asignación familiar",
                "Family allowance",
                false,
            ),
            entry(
                "defuncion-todo-tramite",
                Defuncion,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "defuncion-causa-muerte",
                Defuncion,
                "Con causa de muerte",
                "With cause of death",
                false,
            ),
            entry(
                "antecedentes-fines-particulares",
                Antecedentes,
                "Fines particulares",
                "Private purposes",
                true,
            ),
            entry(
                "antecedentes-fines-especiales",
                Antecedentes,
                "Fines especiales",
                "Special purposes",
                true,
            ),
            entry(
                "hoja-de-vida-conductor",
                HojaDeVidaConductor,
                "Todo trámite",
                "All purposes",
                true,
            ),
            entry(
                "auc-todo-tramite",
                UnionCivil,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "pj-vigencia",
                PersonasJuridicas,
                "Vigencia",
                "Standing",
                false,
            ),
            entry(
                "pj-directorio",
                PersonasJuridicas,
                "Directorio",
                "Board of directors",
                false,
            ),
            entry(
                "discapacidad-inscripcion",
                Discapacidad,
                "Inscripción",
                "Registration",
                false,
            ),
        ],
    }
}
