//! Maintenance mode: the hidden gesture, the technician's PIN pad and the
//! dashboard. The rules (PIN lockout, audit entries, what the dashboard
//! says) live in totem-maintenance; this draws them, in the dashboard's
//! language (Spanish first, a button switches), and carries the actions out:
//! the test page (the printer), the configuration reload, the LED test and
//! the test capture (the fingerprint reader), the raw scan (a listener on the
//! scanner's port while the kiosk's own drivers are paused).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iced::futures::SinkExt;
use iced::widget::{button, column, container, image, row, scrollable, text};
use iced::{Alignment, Color, Element, Length, Subscription, Task};
use totem_config::{DeviceSettings, KioskConfig, PaperSize, ScannerSettings};
use totem_device::fingerprint::codec::{LedColour, LedConfig, LedControl};
use totem_device::scanner::RawRead;
use totem_device::{FingerprintEvent, PoorImageReason};
use totem_flow::{Catalog, Language};
use totem_maintenance::chrono::{DateTime, Local, Utc};
use totem_maintenance::dashboard::{
    self, Arg, BackendInput, Dashboard, DashboardInputs, DeviceInput, PrinterInput, Severity, Text,
};
use totem_maintenance::desk::{ActionKind, MaintenanceAction, MaintenanceDesk};
use totem_maintenance::gesture::{EntryGesture, Point};
use totem_maintenance::logging::LogTail;
use totem_maintenance::metrics::{Device, Metrics};
use totem_maintenance::pin::PinOutcome;
use totem_maintenance::reports::{
    self, ActionReport, CaptureQuality, CaptureTest, LedTest, RawScan, ReloadOutcome,
    TestPageProgress, LED_COLOURS,
};
use totem_print::{JobPhase, Printer};
use zeroize::Zeroize;

use crate::ui::i18n::Translations;
use crate::ui::operations::{self, ConfigFiles};
use crate::ui::theme;
use crate::ui::widgets::{action, body, hint, title, Look};

/// The longest PIN the pad takes.
const MAX_PIN: usize = 12;
/// Maintenance closes itself after this long without a touch.
const IDLE_LIMIT: Duration = Duration::from_secs(180);
/// What citizens read while the kiosk is out of service.
const OUT_OF_SERVICE_MESSAGE: &str = "Tótem fuera de servicio. Disculpe las molestias.";
/// How long each LED colour shows during the LED test.
const LED_STEP: Duration = Duration::from_millis(1200);
/// How often the test page's job is looked at.
const TEST_PAGE_POLL: Duration = Duration::from_millis(500);
/// A test page still not on paper after this long is no longer followed.
const TEST_PAGE_WATCH: Duration = Duration::from_secs(600);
/// How long the raw-scan listener waits for the paused driver to let go of
/// the port.
const PORT_WAIT: Duration = Duration::from_secs(8);
/// A scan is over when the scanner has been quiet this long.
const SCAN_QUIET: Duration = Duration::from_millis(400);
/// The most of one scan the listener keeps.
const MAX_RAW: usize = 2048;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Digit(char),
    Delete,
    Submit,
    /// Close the PIN pad without entering.
    Close,
    Act(ActionKind),
    /// Once a second while open: the countdown and the dashboard.
    Refresh,
    /// The pointer, for the hidden gesture.
    Pointer(Pointer),
    /// Spanish ⇄ English.
    ToggleLanguage,
    /// The test page moved on.
    TestPage(String, TestPageProgress),
    Led(LedTest),
    /// The test capture moved on; the image comes with its end.
    Capture(CaptureTest, Option<FingerImage>),
    /// What the raw-scan listener has now.
    RawScan(RawScan),
    /// Stop listening for a raw scan (the drivers come back).
    StopRawScan,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pointer {
    Moved(f32, f32),
    Down,
    Up,
    TouchDown(f32, f32),
}

/// What the window shows of maintenance mode.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    Closed,
    Pin,
    Dashboard,
}

/// What the dashboard is built from, besides the metrics.
#[derive(Debug, Clone)]
pub struct Site {
    pub kiosk_id: String,
    pub site: String,
    pub backend_url: String,
    pub client_cert: PathBuf,
    pub printer_queue: String,
    pub spool_dir: String,
    pub scanner: (String, u32),
    pub fingerprint: (String, u32),
}

/// A test capture's image, for the technician's eyes only: its pixels are
/// wiped when the last copy is dropped (leaving the screen, a new test).
#[derive(Clone)]
pub struct FingerImage(Arc<image::Handle>);

impl std::fmt::Debug for FingerImage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FingerImage(<redacted>)")
    }
}

impl PartialEq for FingerImage {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// RGBA pixels that zeroize themselves when iced lets go of them.
struct WipedPixels(Vec<u8>);

impl AsRef<[u8]> for WipedPixels {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Drop for WipedPixels {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl FingerImage {
    fn from_gray(width: u32, height: u32, gray: &[u8]) -> Self {
        let mut rgba = Vec::with_capacity(gray.len() * 4);
        for &g in gray {
            rgba.extend_from_slice(&[g, g, g, 255]);
        }
        let pixels = bytes::Bytes::from_owner(WipedPixels(rgba));
        Self(Arc::new(image::Handle::from_rgba(width, height, pixels)))
    }
}

/// Parts of the configuration that take effect without a restart, handed
/// to the app (a fresh flow session with them).
#[derive(Debug, Clone)]
pub struct Reconfigure {
    pub settings: totem_flow::Settings,
    pub catalog: Catalog,
}

/// What [`Maintenance::update`] asks of the app.
#[derive(Default)]
pub struct Outcome {
    /// The PIN pad has just opened: end whatever session had begun.
    pub opened: bool,
    pub task: Option<Task<Message>>,
    pub reconfigure: Option<Reconfigure>,
}

/// The configuration as loaded, and where from, for "Reload configuration".
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub files: ConfigFiles,
    pub kiosk: KioskConfig,
    pub catalog: Catalog,
}

/// Maintenance mode's state for the app's lifetime.
pub struct Maintenance {
    desk: MaintenanceDesk,
    metrics: Arc<Metrics>,
    log_tail: Option<LogTail>,
    site: Site,
    gesture: EntryGesture,
    cursor: Point,
    mode: Mode,
    language: Language,
    pin: String,
    said: Option<Text>,
    locked_until: Option<DateTime<Utc>>,
    dashboard: Option<Dashboard>,
    /// The technician's last touch on the pad or the dashboard.
    last_touch: Instant,
    printer: Option<(Arc<Mutex<Printer>>, PaperSize)>,
    config: Option<LoadedConfig>,
    devices: Option<DeviceSettings>,
    /// The test page being followed: its id and where it is.
    test_page: Option<(String, TestPageProgress)>,
    reload: Option<ReloadOutcome>,
    led: Option<LedTest>,
    capture: Option<(CaptureTest, Option<FingerImage>)>,
    raw_scan: Option<RawScan>,
    /// The kiosk's drivers are stopped while the raw-scan listener runs.
    listening: bool,
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
            gesture: EntryGesture::new(crate::ui::app::PORTRAIT.width),
            cursor: Point { x: -1.0, y: -1.0 },
            mode: Mode::Closed,
            language: Language::Es,
            pin: String::new(),
            said: None,
            locked_until: None,
            dashboard: None,
            last_touch: Instant::now(),
            printer: None,
            config: None,
            devices: None,
            test_page: None,
            reload: None,
            led: None,
            capture: None,
            raw_scan: None,
            listening: false,
        }
    }

    /// The printer, for "Print a test page".
    pub fn with_printer(mut self, printer: Arc<Mutex<Printer>>, paper: PaperSize) -> Self {
        self.printer = Some((printer, paper));
        self
    }

    /// The configuration it runs with and its files, for "Reload configuration".
    pub fn with_config(mut self, config: LoadedConfig) -> Self {
        self.config = Some(config);
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
    /// runs [`Maintenance::raw_scan_subscription`] instead.
    pub fn drivers_paused(&self) -> bool {
        self.listening && self.mode == Mode::Dashboard
    }

    pub fn resize(&mut self, width: f32) {
        self.gesture.resize(width);
    }

    /// Handles a message.
    pub fn update(&mut self, message: Message) -> Outcome {
        let now = Utc::now();
        if !matches!(
            message,
            Message::Refresh
                | Message::Pointer(_)
                | Message::TestPage(..)
                | Message::Led(_)
                | Message::Capture(..)
                | Message::RawScan(_)
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
                | Message::StopRawScan
                | Message::ToggleLanguage
        );
        match message {
            Message::Pointer(pointer) => outcome.opened = self.pointer(pointer),
            Message::Digit(c) if self.mode == Mode::Pin && self.pin.len() < MAX_PIN => {
                self.pin.push(c)
            }
            Message::Digit(_) => {}
            Message::Delete => {
                self.pin.pop();
            }
            Message::Close => self.close(),
            Message::Submit if self.mode == Mode::Pin => self.submit(now),
            Message::Submit => {}
            Message::Act(kind) => return self.act(kind, now),
            Message::Refresh if self.last_touch.elapsed() >= IDLE_LIMIT => self.time_out(now),
            Message::Refresh => self.refresh(now),
            Message::ToggleLanguage => {
                self.language = match self.language {
                    Language::Es => Language::En,
                    Language::En => Language::Es,
                };
            }
            // Late news of a visit that has ended is dropped.
            _ if self.mode != Mode::Dashboard => {}
            Message::TestPage(id, progress) => {
                if self
                    .test_page
                    .as_ref()
                    .is_some_and(|(known, _)| *known == id)
                {
                    self.test_page = Some((id, progress));
                }
            }
            Message::Led(test) => self.led = Some(test),
            Message::Capture(test, image) => {
                // The old image (if any) is dropped, and wiped, here.
                let image = image.or_else(|| self.capture.take().and_then(|(_, i)| i));
                self.capture = Some((test, image));
            }
            Message::RawScan(scan) => {
                if self.listening {
                    // The previous read is replaced: only the last one is kept.
                    self.raw_scan = Some(scan);
                }
            }
            Message::StopRawScan => self.listening = false,
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
        let now = Instant::now();
        let opened = match pointer {
            Pointer::Moved(x, y) => {
                self.cursor = Point { x, y };
                self.gesture.touch_moved(self.cursor);
                false
            }
            Pointer::TouchDown(x, y) => {
                self.cursor = Point { x, y };
                self.gesture.touch_down(self.cursor, now)
            }
            Pointer::Down => self.gesture.touch_down(self.cursor, now),
            Pointer::Up => {
                self.gesture.touch_up(now);
                false
            }
        };
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
        self.pin.zeroize();
        self.said = None;
        self.mode = Mode::Closed;
        // The test capture's image and the raw scan are wiped as they drop.
        if matches!(
            self.capture,
            Some((
                CaptureTest::Waiting | CaptureTest::Reading | CaptureTest::LiftAndPlaceAgain,
                _
            ))
        ) {
            // The capture's last events (Cancelled) still go to the test,
            // never to the citizen's flow; the routing ends with them.
            if let Some(reader) = crate::ui::devices::reader() {
                tokio_spawn(async move {
                    let _ = reader.cancel().await;
                });
            }
        }
        self.capture = None;
        if let Some(RawScan::Read { masked, .. }) = &mut self.raw_scan {
            masked.zeroize();
        }
        self.raw_scan = None;
        self.listening = false;
        self.led = None;
        self.reload = None;
        // A test page not printed yet must not come out during a citizen's
        // session: it is withdrawn.
        if let (Some((id, progress)), Some((printer, _))) = (self.test_page.take(), &self.printer) {
            if progress != TestPageProgress::Printed {
                if let Ok(mut printer) = printer.lock() {
                    let _ = printer.give_up(&id, "technician-left");
                    let _ = printer.acknowledge(&id);
                }
            }
        }
    }

    fn submit(&mut self, now: DateTime<Utc>) {
        let result = self.desk.enter(&self.pin, now);
        self.pin.zeroize();
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
            ActionKind::TestFingerprintCapture => matches!(
                self.capture,
                Some((
                    CaptureTest::Waiting | CaptureTest::Reading | CaptureTest::LiftAndPlaceAgain,
                    _
                ))
            ),
            ActionKind::LedTest => matches!(self.led, Some(LedTest::Showing(_))),
            ActionKind::PrintTestPage => matches!(
                self.test_page,
                Some((
                    _,
                    TestPageProgress::Waiting | TestPageProgress::PrinterProblem(_)
                ))
            ),
            ActionKind::ShowLastRawScan => self.listening,
            _ => false,
        };
        running.then(|| Text::new("maint-why-busy"))
    }

    fn act(&mut self, kind: ActionKind, now: DateTime<Utc>) -> Outcome {
        let mut outcome = Outcome::default();
        if self.mode != Mode::Dashboard || self.busy(kind).is_some() {
            return outcome;
        }
        let action = match kind {
            ActionKind::LeaveMaintenance => MaintenanceAction::LeaveMaintenance,
            ActionKind::PutOutOfService => MaintenanceAction::PutOutOfService {
                message: OUT_OF_SERVICE_MESSAGE.into(),
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
            ActionKind::PrintTestPage => outcome.task = Some(self.print_test_page()),
            ActionKind::ReloadConfiguration => outcome.reconfigure = self.reload_configuration(now),
            ActionKind::LedTest => outcome.task = Some(self.led_test()),
            ActionKind::TestFingerprintCapture => outcome.task = Some(self.test_capture()),
            ActionKind::ShowLastRawScan => {
                let port = self.scanner_settings().port;
                self.raw_scan = Some(RawScan::Listening { port });
                self.listening = true;
            }
            _ => {}
        }
        self.refresh(now);
        outcome
    }

    // ------------------------------------------------------------ test page

    fn print_test_page(&mut self) -> Task<Message> {
        let Some((printer, paper)) = self.printer.clone() else {
            self.test_page = Some((
                String::new(),
                TestPageProgress::NotSpooled("no printer".into()),
            ));
            return Task::none();
        };
        let spooled = printer
            .lock()
            .map_err(|_| "printer lock poisoned".to_owned())
            .and_then(|mut p| {
                p.enqueue_test_page(&self.site.kiosk_id, paper)
                    .map_err(|e| e.to_string())
            });
        let id = match spooled {
            Ok(id) => id,
            Err(error) => {
                self.test_page = Some((String::new(), TestPageProgress::NotSpooled(error)));
                return Task::none();
            }
        };
        self.test_page = Some((id.clone(), TestPageProgress::Waiting));
        let metrics = self.metrics.clone();
        let follow = iced::stream::channel(4, async move |mut out| {
            let started = Instant::now();
            let mut last = None;
            while started.elapsed() < TEST_PAGE_WATCH {
                let (printer, job, metrics) = (printer.clone(), id.clone(), metrics.clone());
                let progress = tokio::task::spawn_blocking(move || {
                    let mut p = printer.lock().ok()?;
                    let status = p.poll().clone();
                    operations::publish_printer(&metrics, &status);
                    let phase = p.job(&job).map(|j| j.phase.clone())?;
                    Some(match phase {
                        JobPhase::Printed => TestPageProgress::Printed,
                        JobPhase::Failed { reason } => TestPageProgress::Failed(reason),
                        _ if !status.state.can_print() => {
                            TestPageProgress::PrinterProblem(print_state_text(&status.state))
                        }
                        _ => TestPageProgress::Waiting,
                    })
                })
                .await
                .ok()
                .flatten();
                // The job is gone (withdrawn when the technician left).
                let Some(progress) = progress else { break };
                let done = matches!(
                    progress,
                    TestPageProgress::Printed | TestPageProgress::Failed(_)
                );
                if last.as_ref() != Some(&progress) {
                    last = Some(progress.clone());
                    if out.send(progress).await.is_err() {
                        break;
                    }
                }
                if done {
                    break;
                }
                tokio::time::sleep(TEST_PAGE_POLL).await;
            }
        });
        let page = self
            .test_page
            .as_ref()
            .map(|(id, _)| id.clone())
            .unwrap_or_default();
        let printed_page = page.clone();
        let cleanup = self.printer.clone();
        Task::run(follow, move |progress| {
            Message::TestPage(page.clone(), progress)
        })
        .chain(
            Task::future(async move {
                // A finished test page leaves the spool (nothing to report
                // upstream); one still waiting is withdrawn when the
                // technician leaves.
                if let Some((printer, _)) = cleanup {
                    let _ = tokio::task::spawn_blocking(move || {
                        if let Ok(mut p) = printer.lock() {
                            if p.job(&printed_page).is_some_and(|j| {
                                matches!(j.phase, JobPhase::Printed | JobPhase::Failed { .. })
                            }) {
                                let _ = p.acknowledge(&printed_page);
                            }
                        }
                    })
                    .await;
                }
            })
            .discard(),
        )
    }

    // ------------------------------------------------------------ reload

    /// Reads the files again. A bad file changes nothing; a good one is
    /// compared with the running configuration part by part: what the app
    /// can apply now is handed back, the rest waits for a restart.
    fn reload_configuration(&mut self, now: DateTime<Utc>) -> Option<Reconfigure> {
        let Some(current) = &self.config else {
            self.reload = Some(ReloadOutcome::Refused {
                error: "the kiosk was not started from configuration files".into(),
            });
            return None;
        };
        let loaded = totem_config::load_kiosk(&current.files.kiosk).and_then(|kiosk| {
            totem_config::load_catalog(&current.files.catalog).map(|catalog| (kiosk, catalog))
        });
        let (kiosk, catalog) = match loaded {
            Ok(loaded) => loaded,
            Err(error) => {
                tracing::warn!(%error, "configuration reload refused");
                self.reload = Some(ReloadOutcome::Refused {
                    error: error.to_string(),
                });
                return None;
            }
        };
        let old = &current.kiosk;
        let mut applied = Vec::new();
        let mut need_restart = Vec::new();
        // Applied now: the flow's timings and languages, the catalog, the
        // site's name on this dashboard.
        if old.timeouts != kiosk.timeouts {
            applied.push("[timeouts]".to_owned());
        }
        // Only the first language is used: the one the kiosk starts in.
        if old.kiosk.languages.first() != kiosk.kiosk.languages.first() {
            applied.push("[kiosk] languages (default)".to_owned());
        }
        if old.kiosk.site != kiosk.kiosk.site {
            applied.push("[kiosk] site".to_owned());
        }
        if current.catalog != catalog {
            applied.push("certificates.toml".to_owned());
        }
        // After a restart: what the running parts were built from.
        if old.kiosk.id != kiosk.kiosk.id || old.kiosk.demo != kiosk.kiosk.demo {
            need_restart.push("[kiosk] id/demo".to_owned());
        }
        if old.devices.scanner != kiosk.devices.scanner {
            need_restart.push("[devices.scanner]".to_owned());
        }
        if old.devices.fingerprint != kiosk.devices.fingerprint {
            need_restart.push("[devices.fingerprint]".to_owned());
        }
        if old.backend != kiosk.backend {
            need_restart.push("[backend]".to_owned());
        }
        if old.printer != kiosk.printer {
            need_restart.push("[printer]".to_owned());
        }
        if old.maintenance != kiosk.maintenance {
            need_restart.push("[maintenance]".to_owned());
        }
        let changed: Vec<String> = applied.iter().chain(&need_restart).cloned().collect();
        let detail = (!changed.is_empty()).then(|| changed.join(" "));
        if let Err(error) = self.desk.config_reloaded(detail.as_deref(), now) {
            tracing::error!(%error, "audit: config_reloaded");
        }
        tracing::info!(
            applied = applied.len(),
            need_restart = need_restart.len(),
            "configuration reloaded"
        );
        let reconfigure = (!applied.is_empty()).then(|| Reconfigure {
            settings: totem_flow::Settings::from_config(&kiosk),
            catalog: catalog.clone(),
        });
        self.site.site = kiosk.kiosk.site.clone();
        self.reload = Some(ReloadOutcome::Loaded {
            applied,
            need_restart,
        });
        // The parts waiting for a restart keep their running values: the
        // next reload compares with what runs, not with the file.
        if let Some(current) = &mut self.config {
            current.kiosk.timeouts = kiosk.timeouts;
            current.kiosk.kiosk.languages = kiosk.kiosk.languages;
            current.kiosk.kiosk.site = kiosk.kiosk.site;
            current.catalog = catalog;
        }
        reconfigure
    }

    // ------------------------------------------------------------ LED

    fn led_test(&mut self) -> Task<Message> {
        let has_led = operations::device_watch().module.map(|m| m.has_led);
        if has_led == Some(false) {
            self.led = Some(LedTest::NoLed);
            return Task::none();
        }
        let Some(reader) = crate::ui::devices::reader() else {
            self.led = Some(LedTest::Failed);
            return Task::none();
        };
        self.led = Some(LedTest::Showing(0));
        let cycle = iced::stream::channel(4, async move |mut out| {
            for (i, name) in LED_COLOURS.iter().enumerate() {
                let colour = match *name {
                    "blue" => LedColour::Blue,
                    "purple" => LedColour::Purple,
                    _ => LedColour::Red,
                };
                let led = LedConfig {
                    control: LedControl::On,
                    speed: 0,
                    colour,
                    count: 0,
                };
                if reader.set_led(led).await.is_err() {
                    let _ = out.send(LedTest::Failed).await;
                    return;
                }
                let _ = out.send(LedTest::Showing(i)).await;
                tokio::time::sleep(LED_STEP).await;
            }
            // Back to the idle light (off), as the driver leaves it.
            let off = LedConfig {
                control: LedControl::Off,
                speed: 0,
                colour: LedColour::Blue,
                count: 0,
            };
            let end = match reader.set_led(off).await {
                Ok(()) => LedTest::Done,
                Err(_) => LedTest::Failed,
            };
            let _ = out.send(end).await;
        });
        Task::run(cycle, Message::Led)
    }

    // ------------------------------------------------------------ capture

    fn test_capture(&mut self) -> Task<Message> {
        let Some(reader) = crate::ui::devices::reader() else {
            self.capture = Some((
                CaptureTest::Failed(Text::new("maint-error-not-connected")),
                None,
            ));
            return Task::none();
        };
        // The previous image goes (and is wiped) now.
        self.capture = Some((CaptureTest::Waiting, None));
        let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
        operations::take_test_capture(tx);
        let follow = iced::stream::channel(4, async move |mut out| {
            if reader.capture(true).await.is_err() {
                operations::end_test_capture();
                let failed = CaptureTest::Failed(Text::new("maint-error-not-connected"));
                let _ = out.send((failed, None)).await;
                return;
            }
            while let Some(event) = events.recv().await {
                let (test, image) = capture_step(event);
                let end = !matches!(
                    test,
                    CaptureTest::Waiting | CaptureTest::Reading | CaptureTest::LiftAndPlaceAgain
                );
                if out.send((test, image)).await.is_err() || end {
                    break;
                }
            }
        });
        Task::run(follow, |(test, image)| Message::Capture(test, image))
    }

    // ------------------------------------------------------------ raw scan

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

    /// The listener on the scanner's port, while [`drivers_paused`](Self::drivers_paused).
    pub fn raw_scan_subscription(&self) -> Subscription<Message> {
        let settings = serde_json::to_string(&self.scanner_settings()).unwrap_or_default();
        Subscription::run_with(settings, raw_listener)
    }

    // ------------------------------------------------------------ dashboard

    fn refresh(&mut self, now: DateTime<Utc>) {
        self.locked_until = self.desk.locked_until(now);
        if self.mode != Mode::Dashboard {
            return;
        }
        let health = self.metrics.health_summary(now, Local::now().date_naive());
        let watch = operations::device_watch();
        let paused = self.drivers_paused();
        let mut devices = Vec::new();
        for (device, (port, baud)) in [
            (Device::Scanner, &self.site.scanner),
            (Device::Fingerprint, &self.site.fingerprint),
        ] {
            let (since, error) = match device {
                Device::Scanner => (watch.scanner_since, watch.scanner_error.clone()),
                Device::Fingerprint => (watch.fingerprint_since, watch.fingerprint_error.clone()),
            };
            let mut params = Vec::new();
            let mut has_led = None;
            if let (Device::Fingerprint, Some(info)) = (device, &watch.module) {
                has_led = Some(info.has_led);
                params = vec![
                    (
                        Text::new("maint-param-baud"),
                        Text::new("maint-param-baud-value").arg("baud", info.baud),
                    ),
                    (
                        Text::new("maint-param-packet-size"),
                        Text::new("maint-param-packet-size-value")
                            .arg("bytes", u32::try_from(info.packet_size).unwrap_or(u32::MAX)),
                    ),
                    (
                        Text::new("maint-param-library-size"),
                        Text::raw(info.library_size.to_string()),
                    ),
                    (
                        Text::new("maint-param-security-level"),
                        Text::raw(info.security_level.to_string()),
                    ),
                    (
                        Text::new("maint-param-led"),
                        dashboard::yes_no(info.has_led),
                    ),
                ];
            }
            devices.push(DeviceInput {
                device,
                port: port.clone(),
                baud: *baud,
                params,
                connected_since: since,
                last_error: error,
                has_led,
                paused,
            });
        }
        let jobs_waiting = self
            .printer
            .as_ref()
            .and_then(|(p, _)| p.try_lock().ok())
            .map(|p| {
                p.jobs()
                    .iter()
                    .filter(|j| matches!(j.phase, JobPhase::Queued | JobPhase::Submitted { .. }))
                    .count()
            })
            .unwrap_or(0);
        let inputs = DashboardInputs {
            now,
            kiosk_id: self.site.kiosk_id.clone(),
            site: self.site.site.clone(),
            version: env!("CARGO_PKG_VERSION").into(),
            uptime: self.metrics.uptime(),
            sessions_today: health.sessions_today,
            devices,
            backend: BackendInput {
                url: self.site.backend_url.clone(),
                reachable: health.backend_reachable,
                last_latency: health.backend_last_latency_ms.map(Duration::from_millis),
                client_cert_not_after: totem_maintenance::tls::read_validity(
                    &self.site.client_cert,
                )
                .map(|v| v.not_after)
                .map_err(|e| e.to_string()),
                reports_waiting: health.delivery_reports_waiting,
            },
            printer: PrinterInput {
                queue: self.site.printer_queue.clone(),
                state: health.printer_state,
                reasons: health.printer_reasons.clone(),
                jobs_waiting: u32::try_from(jobs_waiting).unwrap_or(u32::MAX),
            },
            spool_dir: self.site.spool_dir.clone(),
            spool_space: totem_maintenance::disk::disk_space(std::path::Path::new(
                &self.site.spool_dir,
            ))
            .map_err(|e| e.to_string()),
            out_of_service: self.desk.out_of_service().map(str::to_owned),
            log_tail: self
                .log_tail
                .as_ref()
                .map(LogTail::lines)
                .unwrap_or_default(),
            recent_audit: totem_maintenance::audit::tail(self.desk.audit_path(), 8)
                .unwrap_or_default(),
        };
        self.dashboard = Some(dashboard::build(&inputs));
    }

    /// The dashboard as last built (refreshed every second while open).
    pub fn dashboard(&self) -> Option<&Dashboard> {
        self.dashboard.as_ref()
    }

    /// Whether a test capture's image is held (for the tests: it must not
    /// outlive the visit).
    pub fn holds_finger_image(&self) -> bool {
        matches!(self.capture, Some((_, Some(_))))
    }

    /// The reports of the actions under way or just done, newest kinds first.
    pub fn reports(&self) -> Vec<ActionReport> {
        let mut all = Vec::new();
        if let Some(scan) = &self.raw_scan {
            all.push(reports::raw_scan(scan));
        }
        if let Some((test, _)) = &self.capture {
            all.push(reports::capture(test));
        }
        if let Some(test) = self.led {
            all.push(reports::led(test));
        }
        if let Some((id, progress)) = &self.test_page {
            all.push(reports::test_page(id, progress));
        }
        if let Some(outcome) = &self.reload {
            all.push(reports::reload(outcome));
        }
        all
    }

    pub fn view<'a>(&'a self, tr: &'a Translations) -> Element<'a, Message> {
        let say = |t: &Text| say(tr, self.language, t);
        let page = match self.mode {
            Mode::Dashboard => self.dashboard_view(&say),
            _ => container(self.pin_view(&say)).center_x(Length::Fill).into(),
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

    fn pin_view(&self, say: &dyn Fn(&Text) -> String) -> Element<'_, Message> {
        let locked = self.locked_until.filter(|until| *until > Utc::now());
        let mut page = column![title(say(&Text::new("maint-title")))]
            .spacing(32)
            .align_x(Alignment::Center);
        if let Some(until) = locked {
            let left = (until - Utc::now()).num_seconds().max(0);
            page = page.push(body(say(&Text::new("maint-locked"))));
            page = page.push(body(say(&Text::new("maint-locked-until")
                .arg(
                    "time",
                    until.with_timezone(&Local).format("%H:%M").to_string(),
                )
                .arg("left", format!("{}:{:02}", left / 60, left % 60)))));
        } else {
            page = page.push(body(say(&Text::new("maint-pin-prompt"))));
            let dots: String = "●".repeat(self.pin.chars().count());
            page = page.push(
                container(text(dots).font(theme::ICONS).size(56))
                    .height(80)
                    .align_y(Alignment::Center),
            );
            // The line is kept even when empty so the keys never move under a finger.
            let said = self.said.as_ref().map(say).unwrap_or_default();
            page = page.push(
                container(text(said).size(theme::BODY).color(RED))
                    .height(48)
                    .align_y(Alignment::Center),
            );
            let key = |label: &'static str, message: Message| {
                button(container(text(label).size(56).font(theme::BOLD)).center(Length::Fill))
                    .on_press(message)
                    .width(Length::Fill)
                    .height(120)
                    .padding(0)
                    .style(theme::key)
            };
            let digit = |c: &'static str| key(c, Message::Digit(c.chars().next().unwrap_or('0')));
            page = page.push(
                column![
                    row![digit("1"), digit("2"), digit("3")].spacing(14),
                    row![digit("4"), digit("5"), digit("6")].spacing(14),
                    row![digit("7"), digit("8"), digit("9")].spacing(14),
                    row![
                        key("⌫", Message::Delete),
                        digit("0"),
                        key("OK", Message::Submit)
                    ]
                    .spacing(14),
                ]
                .spacing(14)
                .max_width(640),
            );
        }
        page = page.push(action(
            "✕",
            say(&Text::new("maint-close")),
            Some(Message::Close),
            Look::Secondary,
        ));
        page.max_width(760).into()
    }

    fn dashboard_view(&self, say: &dyn Fn(&Text) -> String) -> Element<'_, Message> {
        let Some(d) = &self.dashboard else {
            return body("…".into()).into();
        };
        let language = button(text(say(&Text::new("maint-language"))).size(24))
            .on_press(Message::ToggleLanguage)
            .padding(12)
            .style(theme::secondary);
        let mut page = column![row![
            dot(d.overall, 28.0),
            text(d.heading.clone())
                .size(40)
                .font(theme::BOLD)
                .width(Length::Fill),
            language,
        ]
        .spacing(16)
        .align_y(Alignment::Center)]
        .spacing(20);
        if let Some(said) = &self.said {
            page = page.push(text(say(said)).size(theme::HINT).color(RED));
        }
        for problem in &d.problems {
            page = page.push(
                text(format!("• {}", say(problem)))
                    .size(theme::HINT)
                    .color(RED),
            );
        }
        for report in self.reports() {
            let mut lines = column![row![
                dot(report.severity, 20.0),
                // Not the button's bare label: a touch must find the button.
                text(format!("{}:", say(&dashboard::action_label(report.kind))))
                    .size(28)
                    .font(theme::BOLD)
            ]
            .spacing(12)
            .align_y(Alignment::Center)]
            .spacing(6);
            for line in &report.lines {
                let words = say(line);
                // The raw scan's text, in a face where every byte shows.
                let shown = if line.key == "maint-raw" && report.kind == ActionKind::ShowLastRawScan
                {
                    // A URL has no spaces: it breaks anywhere rather than run off the screen.
                    text(words)
                        .size(22)
                        .font(theme::ICONS)
                        .wrapping(text::Wrapping::WordOrGlyph)
                } else {
                    text(words).size(24)
                };
                lines = lines.push(shown);
            }
            if report.kind == ActionKind::TestFingerprintCapture {
                if let Some((_, Some(FingerImage(handle)))) = &self.capture {
                    lines = lines.push(
                        image(handle.as_ref().clone())
                            .width(256)
                            .height(288)
                            .content_fit(iced::ContentFit::Contain),
                    );
                }
            }
            if report.kind == ActionKind::ShowLastRawScan && self.listening {
                lines = lines.push(
                    button(text(say(&Text::new("maint-stop"))).size(24))
                        .on_press(Message::StopRawScan)
                        .padding(12)
                        .style(theme::secondary),
                );
            }
            page = page.push(
                container(lines)
                    .padding(12)
                    .width(Length::Fill)
                    .style(theme::panel),
            );
        }
        for section in &d.sections {
            let mut rows = column![row![
                dot(section.severity, 20.0),
                text(say(&section.title)).size(30).font(theme::BOLD)
            ]
            .spacing(12)
            .align_y(Alignment::Center)]
            .spacing(4);
            for r in &section.rows {
                rows = rows.push(
                    row![
                        text(say(&r.label)).size(24).width(Length::FillPortion(2)),
                        text(say(&r.value))
                            .size(24)
                            .width(Length::FillPortion(3))
                            .color(colour(r.severity)),
                    ]
                    .spacing(12),
                );
            }
            page = page.push(container(rows).padding(12).style(theme::panel));
        }
        if !d.audit_lines.is_empty() {
            page = page.push(
                text(say(&Text::new("maint-audit")))
                    .size(30)
                    .font(theme::BOLD),
            );
            for line in &d.audit_lines {
                page = page.push(hint(line.clone()));
            }
        }
        let mut buttons = column![].spacing(8);
        for pair in d.actions.chunks(2) {
            let mut line = row![].spacing(8);
            for b in pair {
                let reason = b
                    .disabled_because
                    .clone()
                    .or_else(|| self.busy(b.kind))
                    .or_else(|| self.desk.allowed(b.kind).err().map(Text::raw));
                let label = match &reason {
                    Some(why) => format!("{} ({})", say(&b.label), say(why)),
                    None => say(&b.label),
                };
                line = line.push(
                    button(text(label).size(22))
                        .on_press_maybe(reason.is_none().then_some(Message::Act(b.kind)))
                        .width(Length::Fill)
                        .padding(12)
                        .style(if b.kind == ActionKind::LeaveMaintenance {
                            theme::primary
                        } else {
                            theme::secondary
                        }),
                );
            }
            buttons = buttons.push(line);
        }
        // The actions stay in view; the sections scroll above them (clear
        // of the scrollbar).
        let page = page.padding(iced::Padding {
            right: 20.0,
            ..iced::Padding::ZERO
        });
        column![scrollable(page).height(Length::Fill), buttons]
            .spacing(20)
            .into()
    }
}

/// Translates a dashboard text (nested texts first).
pub fn say(tr: &Translations, language: Language, t: &Text) -> String {
    let args: Vec<(&str, fluent_bundle::FluentValue<'static>)> = t
        .args
        .iter()
        .map(|(name, arg)| {
            let value = match arg {
                Arg::Str(s) => crate::ui::i18n::txt(s),
                Arg::Num(n) => fluent_bundle::FluentValue::from(*n),
                Arg::Text(inner) => crate::ui::i18n::txt(&say(tr, language, inner)),
            };
            (*name, value)
        })
        .collect();
    tr.with(language, t.key, &args)
}

/// A printer state in the technician's words (`maint-print-*`).
pub fn print_state_text(state: &totem_print::PrinterState) -> Text {
    use totem_print::PrinterState as P;
    Text::new(match state {
        P::Ready => "maint-print-ready",
        P::Printing => "maint-print-printing",
        P::MediaLow => "maint-print-media-low",
        P::SuppliesLow => "maint-print-supplies-low",
        P::MediaEmpty => "maint-print-media-empty",
        P::MediaJam => "maint-print-media-jam",
        P::DoorOpen => "maint-print-door-open",
        P::SuppliesEmpty => "maint-print-supplies-empty",
        P::Offline => "maint-print-offline",
        P::QueueDisabled => "maint-print-queue-disabled",
        P::NotAcceptingJobs => "maint-print-not-accepting-jobs",
        P::QueueMissing => "maint-print-queue-missing",
        P::ServiceUnreachable => "maint-print-cups-unreachable",
        P::FolderUnavailable => "maint-print-folder-unavailable",
        P::OtherError(keyword) => {
            return Text::new("maint-print-other").arg("keyword", keyword.as_str())
        }
    })
}

/// Runs a future on the current tokio runtime, if there is one (there is
/// under iced and in the tests that drive the drivers).
fn tokio_spawn(future: impl std::future::Future<Output = ()> + Send + 'static) {
    if let Ok(runtime) = tokio::runtime::Handle::try_current() {
        runtime.spawn(future);
    }
}

/// One event of a test capture, for the dashboard.
fn capture_step(event: FingerprintEvent) -> (CaptureTest, Option<FingerImage>) {
    let quality = |q: &totem_device::Quality| CaptureQuality {
        coverage: q.coverage,
        contrast: q.contrast,
        score: q.score,
        min_coverage: totem_device::Quality::MIN_COVERAGE,
        min_contrast: totem_device::Quality::MIN_CONTRAST,
    };
    match event {
        FingerprintEvent::WaitingForFinger => (CaptureTest::Waiting, None),
        FingerprintEvent::FingerDetected => (CaptureTest::Reading, None),
        FingerprintEvent::LiftAndPlaceAgain => (CaptureTest::LiftAndPlaceAgain, None),
        FingerprintEvent::Captured(capture) => {
            // The template is dropped (and wiped) here: only its size is shown.
            let (width, height, shown) = match &capture.image {
                Some(img) => (
                    img.width(),
                    img.height(),
                    Some(FingerImage::from_gray(
                        img.width(),
                        img.height(),
                        img.as_raw(),
                    )),
                ),
                None => (0, 0, None),
            };
            let test = CaptureTest::Captured {
                width,
                height,
                quality: capture.quality.as_ref().map(quality),
                template_bytes: capture.template.len(),
            };
            (test, shown)
        }
        FingerprintEvent::NoFinger => (CaptureTest::NoFinger, None),
        FingerprintEvent::PoorImage(PoorImageReason::LowQuality(q)) => {
            (CaptureTest::PoorImage(Some(quality(&q))), None)
        }
        FingerprintEvent::PoorImage(PoorImageReason::Module(_)) => {
            (CaptureTest::PoorImage(None), None)
        }
        FingerprintEvent::Failed(reason) => {
            (CaptureTest::Failed(operations::failure_text(&reason)), None)
        }
        FingerprintEvent::Cancelled | FingerprintEvent::Disconnected => (
            CaptureTest::Failed(Text::new("maint-error-link-lost")),
            None,
        ),
        FingerprintEvent::Connected(_) => (CaptureTest::Waiting, None),
    }
}

/// Listens on the scanner's port (the driver is paused) and reports each
/// read, masked, with what the decoder made of it. Nothing is logged.
// `Subscription::run_with` hands its data back as `&D`; here `D` is a String.
#[allow(clippy::ptr_arg)]
fn raw_listener(settings: &String) -> impl iced::futures::Stream<Item = Message> {
    let settings: ScannerSettings = serde_json::from_str(settings).unwrap_or_default();
    iced::stream::channel(8, async move |mut out| {
        use totem_device::link::SerialLink;
        use totem_device::scanner::ReadAssembler;
        // The paused driver lets go of the port within moments.
        let started = Instant::now();
        let link = loop {
            match SerialLink::open(&settings.port, settings.baud) {
                Ok(link) => break link,
                Err(error) if started.elapsed() > PORT_WAIT => {
                    let _ = out
                        .send(Message::RawScan(RawScan::PortFailed {
                            port: settings.port.clone(),
                            error: error.to_string(),
                        }))
                        .await;
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        let mut assembler = ReadAssembler::new(settings.terminator, settings.framing);
        let mut buf = [0u8; 256];
        // The bytes of the scan under way, as they came, and the reads the
        // assembler cut from them (an MRZ comes as three).
        let mut raw: Vec<u8> = Vec::new();
        let mut reads: Vec<RawRead> = Vec::new();
        loop {
            let read = if raw.is_empty() {
                Ok(link.read(&mut buf).await)
            } else {
                tokio::time::timeout(SCAN_QUIET, link.read(&mut buf)).await
            };
            let n = match read {
                Ok(Ok(n)) if n > 0 => n,
                Ok(_) => {
                    raw.zeroize();
                    let _ = out
                        .send(Message::RawScan(RawScan::PortFailed {
                            port: settings.port.clone(),
                            error: "disconnected".into(),
                        }))
                        .await;
                    return;
                }
                // Quiet: the scan is over.
                Err(_) => {
                    let scan = raw_report(&raw, std::mem::take(&mut reads));
                    raw.zeroize();
                    raw.clear();
                    if out.send(Message::RawScan(scan)).await.is_err() {
                        return;
                    }
                    continue;
                }
            };
            if raw.len() < MAX_RAW {
                raw.extend_from_slice(&buf[..n.min(MAX_RAW - raw.len())]);
            }
            reads.extend(assembler.push(&buf[..n]));
            buf[..n].zeroize();
        }
    })
}

/// The scan as the technician sees it: the bytes masked, and what the
/// decoder made of the reads they hold.
fn raw_report(raw: &[u8], reads: Vec<RawRead>) -> RawScan {
    let mut texts: Vec<String> = Vec::new();
    let mut whole = true;
    for read in reads {
        match read {
            RawRead::Complete(mut bytes) => {
                match std::str::from_utf8(&bytes) {
                    Ok(t) if !t.trim().is_empty() => texts.push(t.trim().to_owned()),
                    Ok(_) => {}
                    Err(_) => whole = false,
                }
                bytes.zeroize();
            }
            RawRead::TooLong | RawRead::Incomplete => whole = false,
        }
    }
    let mut joined = texts.join("\n");
    texts.zeroize();
    let verdict = if !whole || joined.is_empty() {
        Text::new("maint-raw-not-a-card").arg("error", "incomplete or not text")
    } else {
        match totem_document::scan::decode_scan(&joined) {
            Ok(card) => Text::new("maint-raw-decoded")
                .arg("carrier", card.carrier.as_str())
                .arg("document", card.document_type.clone()),
            Err(error) => Text::new("maint-raw-not-a-card").arg("error", error.to_string()),
        }
    };
    joined.zeroize();
    RawScan::Read {
        masked: reports::mask_raw_scan(raw),
        bytes: raw.len(),
        verdict,
    }
}

/// The attract screen while a technician has put the kiosk out of service.
pub fn out_of_service_view(message: &str) -> Element<'_, Message> {
    container(
        column![title("Fuera de servicio".into()), body(message.to_owned())]
            .spacing(32)
            .align_x(Alignment::Center),
    )
    .center(Length::Fill)
    .padding(48)
    .style(|_t| container::Style {
        background: Some(iced::Background::Color(theme::WHITE)),
        text_color: Some(theme::INK),
        ..Default::default()
    })
    .into()
}

/// The pointer events the hidden gesture needs, from the window's events.
pub fn pointer(event: iced::Event) -> Option<Pointer> {
    use iced::{mouse, touch};
    match event {
        iced::Event::Mouse(mouse::Event::CursorMoved { position }) => {
            Some(Pointer::Moved(position.x, position.y))
        }
        iced::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => Some(Pointer::Down),
        iced::Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)) => Some(Pointer::Up),
        iced::Event::Touch(touch::Event::FingerPressed { position, .. }) => {
            Some(Pointer::TouchDown(position.x, position.y))
        }
        iced::Event::Touch(touch::Event::FingerMoved { position, .. }) => {
            Some(Pointer::Moved(position.x, position.y))
        }
        iced::Event::Touch(touch::Event::FingerLifted { .. } | touch::Event::FingerLost { .. }) => {
            Some(Pointer::Up)
        }
        _ => None,
    }
}

const RED: Color = Color::from_rgb(0.72, 0.11, 0.11);
const AMBER: Color = Color::from_rgb(0.70, 0.42, 0.0);
const GREEN: Color = Color::from_rgb(0.10, 0.50, 0.20);

fn colour(severity: Severity) -> Color {
    match severity {
        Severity::Ok => theme::INK,
        Severity::Unknown => theme::MUTED,
        Severity::Warning => AMBER,
        Severity::Fault => RED,
    }
}

fn dot<'a>(severity: Severity, size: f32) -> Element<'a, Message> {
    let c = match severity {
        Severity::Ok => GREEN,
        other => colour(other),
    };
    text("●").font(theme::ICONS).size(size).color(c).into()
}
