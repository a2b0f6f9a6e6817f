//! The iced application: owns the flow [`Session`] and the screens' own
//! state, and only routes. A screen's message goes to that screen's
//! `update`, which answers with a flow [`Event`] (or, for maintenance mode,
//! an [`Outcome`](maintenance::Outcome)); the event goes to the session; the
//! session's [`Command`]s go to the [`Effects`], whose answers come back as
//! `Message::Answer { session, event }`. Answers of a session that has ended
//! meanwhile are dropped here.
//!
//! - [`view`]: which screen the session is on, inside the page frame.
//! - [`window`]: the iced application and its window settings.

mod assist;
mod describe;
mod view;
pub mod window;

use std::time::{Duration, Instant};

use iced::{window as iced_window, Size, Subscription, Task};
use totem_config::AccessibilitySettings;
use totem_flow::{Aid, Catalog, Command, Event, Screen, Service, Session, Settings};

use super::effects::operations::Operations;
use super::effects::Effects;
use super::i18n::Translations;
use super::keyboard::Keyboard;
use super::screens::{
    attract, certificates, check, code, done, email, entity, goodbye, language, maintenance, menu,
    password, stopped, validity,
};
use super::theme::{self, PORTRAIT};

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
    Entity(entity::Message),
    Check(check::Message),
    Stopped(stopped::Message),
    Validity(validity::Message),
    Goodbye(goodbye::Message),
    /// "Volver" in the footer.
    Back,
    /// "Cancelar" in the footer.
    Cancel,
    /// "Necesito más tiempo".
    MoreTime,
    /// An aid turned on or off (A+, contrast, seated, speech).
    Aid(Aid),
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
    /// A key of the tactile keypad (a USB keyboard), by iced's name of it.
    Keypad(String),
    /// The headphone jack changed: plugged in (true) or out.
    Headset(bool),
    /// The demo panel (demo builds only).
    #[cfg(feature = "demo")]
    Demo(super::demo_panel::Message),
}

/// The kiosk application.
pub struct App<E: Effects> {
    session: Session,
    tr: Translations,
    effects: E,
    /// The on-screen keyboard's case, for the typing screens.
    keyboard: Keyboard,
    size: Size,
    last_screen: Screen,
    /// Screens shown so far: a new screen repaints the whole window (see
    /// [`App::clear_colour`]).
    screens_shown: u64,
    hint: usize,
    /// Metrics and watchdog, when the kiosk runs for real (`totem run`).
    ops: Option<Operations>,
    /// The technician's mode; None when the audit log could not be opened
    /// (or the kiosk runs without operations).
    maintenance: Option<maintenance::Maintenance>,
    /// The demo panel, when this kiosk runs the demo (never on a site).
    #[cfg(feature = "demo")]
    demo: Option<super::demo_panel::DemoPanel>,
    /// What the devices last said of themselves, to carry over into a
    /// session rebuilt by a configuration reload.
    availability: Vec<(Service, bool)>,
    /// `[accessibility]` of kiosk.toml: keypad, headset, the screen as
    /// mounted (the reach band), speech.
    accessibility: AccessibilitySettings,
    /// The keypad's focus and speech mode.
    assist: assist::Assist,
}

/// The services a kiosk can have, in the order the menu names them.
const SERVICES: [Service; 4] = [
    Service::Scanner,
    Service::Fingerprint,
    Service::Backend,
    Service::Printer,
];

impl<E: Effects> App<E> {
    pub fn new(settings: Settings, catalog: Catalog, effects: E) -> Result<Self, String> {
        let present = effects.present();
        let availability: Vec<(Service, bool)> = SERVICES
            .iter()
            .map(|service| (*service, present.contains(service)))
            .collect();
        Ok(Self {
            session: session_knowing(settings, catalog, &availability, false),
            tr: Translations::load()?,
            effects,
            keyboard: Keyboard::default(),
            size: PORTRAIT,
            last_screen: Screen::Attract,
            screens_shown: 0,
            hint: 0,
            ops: None,
            maintenance: None,
            #[cfg(feature = "demo")]
            demo: super::demo_panel::DemoPanel::from_env(),
            availability,
            accessibility: AccessibilitySettings::default(),
            assist: assist::Assist::default(),
        })
    }

    pub fn accessibility(&self) -> &AccessibilitySettings {
        &self.accessibility
    }

    /// The keypad, headset, screen and speech settings of kiosk.toml.
    pub fn with_accessibility(mut self, accessibility: AccessibilitySettings) -> Self {
        self.accessibility = accessibility;
        self
    }

    /// Counts sessions into `ops.metrics()` and drives the watchdog.
    pub fn with_operations(mut self, ops: Operations) -> Self {
        self.ops = Some(ops);
        self
    }

    /// The hidden gesture opens maintenance mode.
    pub fn with_maintenance(mut self, maintenance: maintenance::Maintenance) -> Self {
        self.maintenance = Some(maintenance);
        self
    }

    pub fn operations(&self) -> Option<&Operations> {
        self.ops.as_ref()
    }

    pub fn maintenance(&self) -> Option<&maintenance::Maintenance> {
        self.maintenance.as_ref()
    }

    pub fn maintenance_mut(&mut self) -> Option<&mut maintenance::Maintenance> {
        self.maintenance.as_mut()
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

    /// The colour the window is cleared with. iced's software renderer
    /// repaints only the rectangles that changed, and draws every quad and
    /// glyph crossing one of them through a window-sized clip mask; a new
    /// screen changes nearly everything, so that masked path cost most of a
    /// touch's frame. A clear colour different from the last frame's makes it
    /// repaint the whole window in one pass, unmasked. The two colours give
    /// the same pixels: the alpha step vanishes in 8-bit, and the window has
    /// no alpha.
    pub fn clear_colour(&self) -> iced::Color {
        let page = theme::colours(&self.theme()).page;
        theme::repaint_colour(self.screens_shown, page)
    }

    /// A configuration reload: the effects rebuild what changed, and a
    /// fresh session on the attract screen takes the settings and catalog,
    /// knowing what the devices last said. Only done when no citizen's
    /// session is under way (maintenance keeps a reload until then).
    fn reconfigure(&mut self, new: maintenance::Reconfigure) {
        self.effects.reconfigure(&new.kiosk);
        self.session = session_knowing(new.settings, new.catalog, &self.availability, true);
        self.last_screen = Screen::Attract;
    }

    /// Apply a flow event now and hand its commands to the effects; their
    /// answers come back tagged with this session.
    fn flow(&mut self, now: Instant, event: Event) -> Task<Message> {
        let id = self.session.id();
        let function = self.session.function();
        if let Some(ops) = &self.ops {
            let kind = self.session.chosen_kind().map(|entry| entry.kind.as_str());
            ops.before(&event, self.session.screen(), kind);
        }
        self.typed(&event);
        let commands = self.session.update(now, event);
        if let Some(ops) = &self.ops {
            ops.flow_chosen(function, self.session.function());
            for command in &commands {
                if let Command::EndSession { outcome } = command {
                    ops.session_ended(function, *outcome);
                }
            }
            ops.screen_changed(self.last_screen, self.session.screen());
        }
        if self.session.screen() != self.last_screen {
            // A new screen starts with lower case, as a keyboard does.
            self.keyboard = Keyboard::default();
            self.last_screen = self.session.screen();
            self.screens_shown = self.screens_shown.wrapping_add(1);
            // Screen names carry no personal data; they let a technician (and
            // the window tests) follow a session.
            tracing::info!(screen = ?self.last_screen, "screen");
        }
        Task::batch(
            commands
                .into_iter()
                .map(|c| {
                    self.effects
                        .perform(id, c)
                        .map(move |event| Message::Answer { session: id, event })
                })
                .collect::<Vec<_>>(),
        )
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        let task = self.route(message);
        self.assist_after();
        task
    }

    /// A message to the screen, the session, maintenance or the keypad.
    fn route(&mut self, message: Message) -> Task<Message> {
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
            Message::Entity(m) => entity::update(m, &mut self.keyboard),
            Message::Check(m) => check::update(m, &mut self.keyboard),
            Message::Stopped(m) => Some(stopped::update(m)),
            Message::Validity(m) => Some(validity::update(m)),
            Message::Goodbye(m) => Some(goodbye::update(m)),
            Message::Back => Some(Event::Back),
            Message::Cancel => Some(Event::Cancel),
            Message::MoreTime => Some(Event::MoreTime),
            Message::Aid(aid) => Some(Event::Aid(aid)),
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
                if let Some(m) = &mut self.maintenance {
                    m.resize(size.width);
                }
                None
            }
            #[cfg(feature = "demo")]
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
            Message::Maintenance(m) => return self.maintenance_update(now, m),
            Message::Keypad(name) => return self.keypad(now, &name),
            Message::Headset(plugged) => return self.headset_changed(now, plugged),
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

    /// Maintenance mode's message, and what it asks of the app.
    fn maintenance_update(&mut self, now: Instant, message: maintenance::Message) -> Task<Message> {
        let attract = self.session.screen() == Screen::Attract;
        let language = self.session.settings().default_language;
        let Some(desk) = &mut self.maintenance else {
            return Task::none();
        };
        let outcome = desk.update(message, attract);
        if outcome.opened {
            desk.set_language(language);
        }
        if let Some(new) = outcome.reconfigure {
            self.reconfigure(new);
        }
        let task = outcome
            .task
            .map(|t| t.map(Message::Maintenance))
            .unwrap_or_else(Task::none);
        // A citizen's session (only language or menu can be under way here)
        // ends before the technician's pad shows.
        if outcome.opened && !attract {
            return Task::batch([self.flow(now, Event::Cancel), task]);
        }
        task
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![iced_window::resize_events().map(|(_id, size)| Message::Resized(size))];
        // The technician listens to the scanner's raw bytes: the device
        // drivers stop (their subscription ends) and come back after.
        if !self
            .maintenance
            .as_ref()
            .is_some_and(maintenance::Maintenance::drivers_paused)
        {
            subs.push(self.effects.subscription().map(Message::Device));
        }
        // The attract screen has no session clock, only its slow hint
        // rotation: an idle kiosk does almost no work.
        if self.session.screen() == Screen::Attract {
            subs.push(iced::time::every(Duration::from_secs(4)).map(|_| Message::NextHint));
        } else {
            subs.push(iced::time::every(Duration::from_secs(1)).map(Message::Tick));
        }
        if let Some(m) = &self.maintenance {
            // The hidden gesture, only where no citizen's data is shown.
            let gesture = matches!(
                self.session.screen(),
                Screen::Attract | Screen::Language | Screen::Menu
            );
            subs.push(m.subscription(gesture).map(Message::Maintenance));
        }
        // A plug starts speech mode; only changes wake the ui.
        if let Some(jack) = self.headset_subscription() {
            subs.push(jack.map(Message::Headset));
        }
        // Pinged from the ui loop's own timer: a frozen loop stops the pings.
        if let Some(period) = self.ops.as_ref().and_then(Operations::ping_interval) {
            subs.push(iced::time::every(period).map(|_| Message::WatchdogPing));
        }
        #[cfg(feature = "demo")]
        if let Some(panel) = &self.demo {
            subs.push(panel.subscription().map(Message::Demo));
        }
        Subscription::batch(subs)
    }
}

/// A fresh session told which services are missing (or, `all`, what each
/// one last said).
fn session_knowing(
    settings: Settings,
    catalog: Catalog,
    availability: &[(Service, bool)],
    all: bool,
) -> Session {
    let mut session = Session::new(settings, catalog);
    let now = Instant::now();
    for (service, available) in availability {
        if all || !available {
            let _ = session.update(
                now,
                Event::Availability {
                    service: *service,
                    available: *available,
                },
            );
        }
    }
    session
}
