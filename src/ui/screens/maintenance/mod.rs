//! Maintenance mode: the hidden gesture, the technician's PIN pad and the
//! dashboard. The rules (PIN lockout, audit entries, what the dashboard
//! says) live in totem-maintenance; this draws them, in the dashboard's
//! language (Spanish first, a button switches), and carries the actions out.
//!
//! This module only routes: each panel is a module of its own with its
//! state, its messages, its work and its report.
//!
//! - [`gesture`]: the hidden gesture; [`pin_pad`]: the PIN pad.
//! - [`dashboard`]: what the dashboard is built from, and its layout.
//! - [`test_page`], [`reload`], [`led`], [`test_capture`],
//!   [`raw_scan`]: the actions that are more than an audit line.
//! - [`service`]: out of service; [`words`]: texts and colours they share.

pub mod dashboard;
pub mod gesture;
pub mod led;
pub mod pin_pad;
pub mod raw_scan;
pub mod reload;
pub mod service;
pub mod test_capture;
pub mod test_page;
pub mod words;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iced::widget::container;
use iced::{Element, Length, Subscription, Task};
use totem_config::{DeviceSettings, PaperSize, ScannerSettings};
use totem_flow::Language;
use totem_maintenance::chrono::{DateTime, Utc};
use totem_maintenance::dashboard::{Dashboard, Text};
use totem_maintenance::desk::{ActionKind, MaintenanceAction, MaintenanceDesk};
use totem_maintenance::logging::LogTail;
use totem_maintenance::metrics::Metrics;
use totem_maintenance::pin::PinOutcome;
use totem_maintenance::reports::ActionReport;
use totem_print::Printer;

pub use dashboard::Site;
use gesture::{Gesture, Pointer};
use led::LedTest;
use pin_pad::PinPad;
use raw_scan::RawScan;
use reload::Reload;
pub use reload::{LoadedConfig, Reconfigure};
use test_capture::TestCapture;
use test_page::TestPage;
pub use words::say;

use crate::ui::i18n::Translations;
use crate::ui::theme;
use crate::ui::theme::Scale;
use crate::ui::widgets::body;

/// The kiosk's state for systemd (packaging/restart-when-idle).
fn status(status: &str) {
    if let Err(error) = totem_maintenance::watchdog::notify_status(status) {
        tracing::warn!(%error, "sd_notify STATUS");
    }
}

/// Maintenance closes itself after this long without a touch.
const IDLE_LIMIT: Duration = Duration::from_secs(180);

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// A key of the PIN pad.
    Pin(pin_pad::Message),
    Act(ActionKind),
    /// Once a second while open: the countdown and the dashboard.
    Refresh,
    /// The pointer, for the hidden gesture.
    Pointer(Pointer),
    /// Spanish ⇄ English.
    ToggleLanguage,
    TestPage(test_page::Message),
    Led(led::Message),
    Capture(test_capture::Message),
    RawScan(raw_scan::Message),
    /// SIGHUP: reload the configuration, as the dashboard's button does.
    Hangup,
    /// Once a second while a reload waits for the citizen's session to end.
    Pending,
}

/// What the window shows of maintenance mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Closed,
    Pin,
    Dashboard,
}

/// What [`Maintenance::update`] asks of the app.
#[derive(Default)]
pub struct Outcome {
    /// The PIN pad has just opened: end whatever session had begun.
    pub opened: bool,
    pub task: Option<Task<Message>>,
    pub reconfigure: Option<Reconfigure>,
}

/// Maintenance mode's state for the app's lifetime.
pub struct Maintenance {
    desk: MaintenanceDesk,
    metrics: Arc<Metrics>,
    log_tail: Option<LogTail>,
    site: Site,
    gesture: Gesture,
    mode: Mode,
    language: Language,
    pad: PinPad,
    /// The last word on a PIN or an action (wrong PIN, refused action).
    said: Option<Text>,
    locked_until: Option<DateTime<Utc>>,
    dashboard: Option<Dashboard>,
    /// The technician's last touch on the pad or the dashboard.
    last_touch: Instant,
    printer: Option<(Arc<Mutex<Printer>>, PaperSize)>,
    devices: Option<DeviceSettings>,
    test_page: TestPage,
    reload: Reload,
    led: LedTest,
    capture: TestCapture,
    raw_scan: RawScan,
    /// systemd has heard "maintenance" for this visit.
    announced: bool,
}

impl Maintenance {
    pub fn new(
        desk: MaintenanceDesk,
        metrics: Arc<Metrics>,
        log_tail: Option<LogTail>,
        site: Site,
    ) -> Self {
        Self {
            desk,
            metrics,
            log_tail,
            site,
            gesture: Gesture::default(),
            mode: Mode::Closed,
            language: Language::Es,
            pad: PinPad::default(),
            said: None,
            locked_until: None,
            dashboard: None,
            last_touch: Instant::now(),
            printer: None,
            devices: None,
            test_page: TestPage::default(),
            reload: Reload::default(),
            led: LedTest::default(),
            capture: TestCapture::default(),
            raw_scan: RawScan::default(),
            announced: false,
        }
    }

    /// The printer, for "Print a test page".
    pub fn with_printer(mut self, printer: Arc<Mutex<Printer>>, paper: PaperSize) -> Self {
        self.printer = Some((printer, paper));
        self
    }

    /// The configuration it runs with and its files, for "Reload configuration".
    pub fn with_config(mut self, config: LoadedConfig) -> Self {
        self.reload = Reload::new(Some(config));
        self
    }

    /// The serial settings, for the raw-scan listener (terminator, framing).
    pub fn with_devices(mut self, devices: DeviceSettings) -> Self {
        self.devices = Some(devices);
        self
    }

    pub fn mode(&self) -> &Mode {
        &self.mode
    }

    pub fn is_open(&self) -> bool {
        self.mode != Mode::Closed
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// The language the pad and dashboard open in (the kiosk's default);
    /// the dashboard's button switches it for the visit.
    pub fn set_language(&mut self, language: Language) {
        self.language = language;
    }

    /// The message citizens see instead of the attract screen, if any.
    pub fn out_of_service(&self) -> Option<&str> {
        self.desk.out_of_service()
    }

    /// While true the app stops the device drivers (their subscription) and
    /// [`Maintenance::subscription`] runs the raw-scan listener instead.
    pub fn drivers_paused(&self) -> bool {
        self.raw_scan.listening() && self.mode == Mode::Dashboard
    }

    pub fn resize(&mut self, width: f32) {
        self.gesture.resize(width);
    }

    /// Handles a message. `idle`: the kiosk is on its attract screen, no
    /// citizen's session under way (a reload waits for it).
    pub fn update(&mut self, message: Message, idle: bool) -> Outcome {
        let now = Utc::now();
        if !matches!(
            message,
            Message::Refresh
                | Message::Pointer(_)
                | Message::TestPage(..)
                | Message::Led(_)
                | Message::Capture(..)
                | Message::RawScan(raw_scan::Message::Scan(_))
                | Message::Hangup
                | Message::Pending
        ) {
            self.last_touch = Instant::now();
        }
        let mut outcome = Outcome::default();
        // Whether the dashboard is rebuilt after this message (the pad's keys
        // and the pointer do not need it; Refresh does its own).
        let rebuild = matches!(
            message,
            Message::TestPage(..)
                | Message::Led(_)
                | Message::Capture(..)
                | Message::RawScan(_)
                | Message::ToggleLanguage
        );
        match message {
            Message::Pointer(pointer) => outcome.opened = self.pointer(pointer),
            Message::Pin(pin_pad::Message::Digit(_)) if self.mode != Mode::Pin => {}
            Message::Pin(key) => match self.pad.update(key) {
                Some(pin_pad::Request::Enter) if self.mode == Mode::Pin => self.submit(now),
                Some(pin_pad::Request::Enter) => {}
                Some(pin_pad::Request::Close) => self.close(),
                None => {}
            },
            Message::Act(kind) => return self.act(kind, now, idle),
            Message::Hangup => {
                tracing::info!("SIGHUP: reloading the configuration");
                self.reload(now, idle, &mut outcome);
                if self.mode == Mode::Dashboard {
                    self.refresh(now);
                }
            }
            Message::Pending => outcome.reconfigure = self.reload.take_pending(idle),
            Message::Refresh if self.last_touch.elapsed() >= IDLE_LIMIT => self.time_out(now),
            Message::Refresh => {
                // Said after the app has ended the session the gesture cut
                // short (which says "attract"): no update restarts it now.
                if !self.announced {
                    self.announced = true;
                    status("maintenance");
                }
                self.refresh(now);
            }
            Message::ToggleLanguage => {
                self.language = match self.language {
                    Language::Es => Language::En,
                    Language::En => Language::Es,
                };
            }
            // Late news of a visit that has ended is dropped.
            _ if self.mode != Mode::Dashboard => {}
            Message::TestPage(progress) => self.test_page.update(progress),
            Message::Led(progress) => self.led.update(progress),
            Message::Capture(progress) => self.capture.update(progress),
            Message::RawScan(scan) => self.raw_scan.update(scan),
        }
        // A report and the rows it concerns (the printer's state, a paused
        // device) change together.
        if rebuild && self.mode == Mode::Dashboard {
            self.refresh(now);
        }
        outcome
    }

    /// Opens the PIN pad (what the gesture does).
    pub fn open_pad(&mut self) {
        if self.mode == Mode::Closed {
            self.last_touch = Instant::now();
            self.mode = Mode::Pin;
            self.said = None;
            self.refresh(Utc::now());
        }
    }

    fn pointer(&mut self, pointer: Pointer) -> bool {
        let opened = self.gesture.feed(pointer, Instant::now());
        if opened && self.mode == Mode::Closed {
            self.open_pad();
            return true;
        }
        false
    }

    /// Nobody touched the pad or the dashboard for a while: a technician who
    /// walked away must not leave the kiosk open.
    fn time_out(&mut self, now: DateTime<Utc>) {
        if self.mode == Mode::Dashboard {
            if let Err(error) = self.desk.leave(now) {
                tracing::error!(%error, "leaving maintenance on timeout");
            }
        }
        self.close();
    }

    /// Leaves the pad or the dashboard: nothing of the visit stays.
    fn close(&mut self) {
        if std::mem::take(&mut self.announced) {
            status("attract");
        }
        self.pad.clear();
        self.said = None;
        self.mode = Mode::Closed;
        // The test capture's image and the raw scan are wiped as they drop.
        self.capture.end();
        self.raw_scan.end();
        self.led.clear();
        self.reload.clear();
        self.test_page
            .withdraw(self.printer.as_ref().map(|(printer, _)| printer));
    }

    fn submit(&mut self, now: DateTime<Utc>) {
        let result = self.desk.enter(self.pad.pin(), now);
        self.pad.clear();
        self.said = match result {
            Ok(PinOutcome::Accepted) => {
                self.mode = Mode::Dashboard;
                self.refresh(now);
                None
            }
            Ok(PinOutcome::Rejected { attempts_left }) => {
                Some(Text::new("maint-pin-wrong").arg("left", attempts_left))
            }
            Ok(PinOutcome::LockedNow { .. } | PinOutcome::Locked { .. }) => None,
            Err(error) => Some(Text::raw(error.to_string())),
        };
        self.locked_until = self.desk.locked_until(now);
    }

    /// Why a button is greyed beyond what the dashboard model says: a test
    /// of the same kind still running, or nothing to do it with.
    fn busy(&self, kind: ActionKind) -> Option<Text> {
        let running = match kind {
            ActionKind::TestFingerprintCapture => self.capture.busy(),
            ActionKind::LedTest => self.led.busy(),
            ActionKind::PrintTestPage => self.test_page.busy(),
            ActionKind::ShowLastRawScan => self.raw_scan.listening(),
            _ => false,
        };
        running.then(|| Text::new("maint-why-busy"))
    }

    fn act(&mut self, kind: ActionKind, now: DateTime<Utc>, idle: bool) -> Outcome {
        let mut outcome = Outcome::default();
        if self.mode != Mode::Dashboard || self.busy(kind).is_some() {
            return outcome;
        }
        let action = match kind {
            ActionKind::LeaveMaintenance => MaintenanceAction::LeaveMaintenance,
            ActionKind::PutOutOfService => MaintenanceAction::PutOutOfService {
                message: service::OUT_OF_SERVICE_MESSAGE.into(),
            },
            ActionKind::BackInService => MaintenanceAction::BackInService,
            ActionKind::PaperRefilled => MaintenanceAction::PaperRefilled,
            ActionKind::RestartApplication => MaintenanceAction::RestartApplication,
            ActionKind::PrintTestPage => MaintenanceAction::PrintTestPage,
            ActionKind::ReloadConfiguration => MaintenanceAction::ReloadConfiguration,
            ActionKind::LedTest => MaintenanceAction::LedTest,
            ActionKind::TestFingerprintCapture => MaintenanceAction::TestFingerprintCapture,
            ActionKind::ShowLastRawScan => MaintenanceAction::ShowLastRawScan,
        };
        // The desk writes the audit entry before anything is done.
        if let Err(error) = self.desk.act(&action, now) {
            tracing::error!(%error, action = kind.as_str(), "maintenance action");
            self.said = Some(Text::raw(error.to_string()));
            return outcome;
        }
        tracing::info!(action = kind.as_str(), "maintenance action");
        match kind {
            ActionKind::RestartApplication => {
                // systemd (Restart=always) starts a fresh kiosk; the audit line is written.
                std::process::exit(0);
            }
            ActionKind::LeaveMaintenance => {
                self.close();
                return outcome;
            }
            ActionKind::PrintTestPage => {
                let task = self.test_page.start(
                    self.printer.clone(),
                    &self.site.kiosk_id,
                    self.metrics.clone(),
                );
                outcome.task = Some(task.map(Message::TestPage));
            }
            ActionKind::ReloadConfiguration => self.reload(now, idle, &mut outcome),
            ActionKind::LedTest => outcome.task = Some(self.led.start().map(Message::Led)),
            ActionKind::TestFingerprintCapture => {
                outcome.task = Some(self.capture.start().map(Message::Capture));
            }
            ActionKind::ShowLastRawScan => self.raw_scan.start(self.scanner_settings().port),
            _ => {}
        }
        self.refresh(now);
        outcome
    }

    /// Reads the configuration again: the dashboard shows the new one at
    /// once, the app gets it when `idle` (else at [`Message::Pending`]).
    fn reload(&mut self, now: DateTime<Utc>, idle: bool, outcome: &mut Outcome) {
        if let Some(reloaded) = self.reload.reload(&mut self.desk, now, idle) {
            self.site = Site::from_config(&reloaded.kiosk);
            self.devices = Some(reloaded.kiosk.devices.clone());
            if let Some((_, paper)) = &mut self.printer {
                *paper = reloaded.kiosk.printer.paper;
            }
            outcome.reconfigure = reloaded.reconfigure;
        }
    }

    fn scanner_settings(&self) -> ScannerSettings {
        match &self.devices {
            Some(devices) => devices.scanner.clone(),
            None => ScannerSettings {
                port: self.site.scanner.0.clone(),
                baud: self.site.scanner.1,
                ..ScannerSettings::default()
            },
        }
    }

    /// The timers and listeners maintenance mode needs now: the dashboard's
    /// refresh while open, the raw-scan listener while the drivers are
    /// paused, and (closed, where `gesture` allows it) the hidden gesture.
    pub fn subscription(&self, gesture: bool) -> Subscription<Message> {
        let mut subs = vec![reload::hangups().map(|()| Message::Hangup)];
        if self.reload.waiting() {
            subs.push(iced::time::every(Duration::from_secs(1)).map(|_| Message::Pending));
        }
        if self.drivers_paused() {
            subs.push(RawScan::subscription(&self.scanner_settings()).map(Message::RawScan));
        }
        if self.is_open() {
            subs.push(iced::time::every(Duration::from_secs(1)).map(|_| Message::Refresh));
        } else if gesture {
            subs.push(gesture::listen().map(Message::Pointer));
        }
        Subscription::batch(subs)
    }

    fn refresh(&mut self, now: DateTime<Utc>) {
        self.locked_until = self.desk.locked_until(now);
        if self.mode != Mode::Dashboard {
            return;
        }
        self.dashboard = Some(dashboard::build(
            now,
            &self.site,
            &self.metrics,
            &self.desk,
            self.log_tail.as_ref(),
            self.printer.as_ref().map(|(printer, _)| printer),
            self.drivers_paused(),
        ));
    }

    /// The dashboard as last built (refreshed every second while open).
    pub fn dashboard(&self) -> Option<&Dashboard> {
        self.dashboard.as_ref()
    }

    /// Whether a test capture's image is held (for the tests: it must not
    /// outlive the visit).
    pub fn holds_finger_image(&self) -> bool {
        self.capture.holds_image()
    }

    /// The reports of the actions under way or just done, newest kinds first.
    pub fn reports(&self) -> Vec<ActionReport> {
        [
            self.raw_scan.report(),
            self.capture.report(),
            self.led.report(),
            self.test_page.report(),
            self.reload.report(),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    /// The PIN pad or the dashboard.
    pub fn view<'a>(&'a self, tr: &'a Translations) -> Element<'a, Message> {
        let say = |t: &Text| say(tr, self.language, t);
        let page = match self.mode {
            Mode::Dashboard => self.dashboard_view(&say),
            _ => container(
                self.pad
                    .view(self.locked_until, self.said.as_ref(), &say)
                    .map(Message::Pin),
            )
            .center_x(Length::Fill)
            .into(),
        };
        container(page)
            .padding(48)
            .width(Length::Fill)
            .height(Length::Fill)
            .style(|_t| container::Style {
                background: Some(iced::Background::Color(theme::WHITE)),
                text_color: Some(theme::INK),
                ..Default::default()
            })
            .into()
    }

    fn dashboard_view(&self, say: &dyn Fn(&Text) -> String) -> Element<'_, Message> {
        let Some(d) = &self.dashboard else {
            return body(Scale::NORMAL, "…".into()).into();
        };
        let reports = self
            .reports()
            .into_iter()
            .map(|report| {
                let extra = match report.kind {
                    ActionKind::TestFingerprintCapture => self.capture.image(),
                    ActionKind::ShowLastRawScan if self.raw_scan.listening() => Some(
                        iced::widget::button(
                            iced::widget::text(say(&Text::new("maint-stop"))).size(24),
                        )
                        .on_press(Message::RawScan(raw_scan::Message::Stop))
                        .padding(12)
                        .style(theme::secondary)
                        .into(),
                    ),
                    _ => None,
                };
                dashboard::Report { report, extra }
            })
            .collect();
        let buttons = d
            .actions
            .iter()
            .map(|b| {
                let reason = b
                    .disabled_because
                    .clone()
                    .or_else(|| self.busy(b.kind))
                    .or_else(|| self.desk.allowed(b.kind).err().map(Text::raw));
                let label = match &reason {
                    Some(why) => format!("{} ({})", say(&b.label), say(why)),
                    None => say(&b.label),
                };
                dashboard::Button {
                    kind: b.kind,
                    label,
                    on_press: reason.is_none().then_some(Message::Act(b.kind)),
                }
            })
            .collect();
        dashboard::view(
            d,
            self.said.as_ref().map(say),
            reports,
            buttons,
            Message::ToggleLanguage,
            say,
        )
    }

    /// What citizens see instead of the attract screen while the kiosk is
    /// out of service.
    pub fn out_of_service_view(&self) -> Option<Element<'_, Message>> {
        self.out_of_service().map(service::out_of_service_view)
    }
}
