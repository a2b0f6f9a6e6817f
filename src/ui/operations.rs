//! What the running kiosk tells its operators: session counters for the
//! Prometheus endpoint and the systemd watchdog (totem-maintenance), fed
//! from the flow's events as the [`App`](super::App) applies them.
//!
//! Only closed lists and catalog codes reach the counters: nothing here
//! sees a RUN, a name or a code.

use std::sync::{Arc, Mutex};

use totem_device::{FailureReason, FingerprintEvent, ModuleInfo, ScannerEvent, UnreadableReason};
use totem_flow::{Event, FingerEvent, FingerVerdict, Function, Outcome, Screen, Service};
use totem_maintenance::chrono::{DateTime, Local, Utc};
use totem_maintenance::dashboard::Text;
use totem_maintenance::metrics::{
    AbandonReason, Device, FingerprintOutcome, Flow, Metrics, PrinterState as PrinterGauge,
};
use totem_maintenance::watchdog::Watchdog;

use super::screens::maintenance::Maintenance;

/// What `totem run` set up before the window: the metrics it serves and
/// the log lines the dashboard shows.
#[derive(Clone)]
pub struct Setup {
    pub metrics: Arc<Metrics>,
    pub log_tail: Option<totem_maintenance::logging::LogTail>,
    /// Where kiosk.toml and certificates.toml were read from, for the
    /// dashboard's "Reload configuration".
    pub config_files: Option<ConfigFiles>,
}

/// The two files the kiosk's configuration came from.
#[derive(Debug, Clone)]
pub struct ConfigFiles {
    pub kiosk: std::path::PathBuf,
    pub catalog: std::path::PathBuf,
}

/// The metrics and the watchdog of one running kiosk.
pub struct Operations {
    metrics: Arc<Metrics>,
    watchdog: Watchdog,
    /// READY=1 goes out once, when the attract screen is first drawn.
    ready_sent: std::cell::Cell<bool>,
    /// The technician's mode; None when the audit log could not be opened.
    pub maintenance: Option<Maintenance>,
}

impl Operations {
    pub fn new(metrics: Arc<Metrics>, watchdog: Watchdog) -> Self {
        Self {
            metrics,
            watchdog,
            ready_sent: std::cell::Cell::new(false),
            maintenance: None,
        }
    }

    pub fn with_maintenance(mut self, maintenance: Maintenance) -> Self {
        self.maintenance = Some(maintenance);
        self
    }

    pub fn metrics(&self) -> &Arc<Metrics> {
        &self.metrics
    }

    /// How often the ui loop must ping systemd; None without a watchdog.
    pub fn ping_interval(&self) -> Option<std::time::Duration> {
        self.watchdog.ping_interval()
    }

    /// A ping from the ui loop: if the loop freezes, the pings stop and
    /// systemd restarts the kiosk.
    pub fn ping(&mut self) {
        self.watchdog.ping();
    }

    /// The attract screen is drawn: the first time, start-up is done.
    pub fn attract_shown(&self) {
        if !self.ready_sent.replace(true) {
            if let Err(error) = self.watchdog.ready("attract") {
                tracing::warn!(%error, "sd_notify READY");
            }
        }
    }

    /// The kiosk is back on the attract screen after a session.
    pub fn back_to_attract(&self) {
        if let Err(error) = self.watchdog.status("attract") {
            tracing::warn!(%error, "sd_notify STATUS");
        }
    }

    /// Called before the flow applies `event`, with what the session is now.
    pub fn before(&self, event: &Event, screen: Screen, chosen_kind: Option<&str>) {
        let m = &self.metrics;
        match event {
            Event::Finger(FingerEvent::NoFinger) => m.fingerprint_try(FingerprintOutcome::NoFinger),
            Event::Finger(FingerEvent::PoorImage) => {
                m.fingerprint_try(FingerprintOutcome::PoorImage)
            }
            Event::Finger(FingerEvent::Failed) => {
                m.fingerprint_try(FingerprintOutcome::DeviceError)
            }
            Event::FingerChecked(FingerVerdict::Match) => {
                m.fingerprint_try(FingerprintOutcome::Match)
            }
            Event::FingerChecked(FingerVerdict::NoMatch) => {
                m.fingerprint_try(FingerprintOutcome::NoMatch)
            }
            // Only the certificate's own print counts; the code slip is not one.
            Event::Printed(result) if screen == Screen::Printing => {
                if let Some(kind) = chosen_kind {
                    match result {
                        Ok(()) => m.certificate_printed(kind),
                        Err(_) => m.certificate_print_failed(kind),
                    }
                }
            }
            Event::Availability { service, available } => match service {
                Service::Scanner => m.device_connected(Device::Scanner, *available),
                Service::Fingerprint => m.device_connected(Device::Fingerprint, *available),
                Service::Backend | Service::Printer => {}
            },
            _ => {}
        }
    }

    /// A citizen's flow changed from `before` to `after` (chosen on the menu,
    /// or "recover instead").
    pub fn flow_chosen(&self, before: Option<Function>, after: Option<Function>) {
        if let Some(flow) = after.filter(|f| Some(*f) != before).map(flow_of) {
            self.metrics
                .session_started(flow, Local::now().date_naive());
        }
    }

    /// The flow ended a session (`EndSession`); `function` is what it was for.
    pub fn session_ended(&self, function: Option<Function>, outcome: Outcome) {
        // A touch on the attract screen that timed out on the language
        // screen chose no flow: nothing to count.
        let Some(flow) = function.map(flow_of) else {
            return;
        };
        match outcome {
            Outcome::Completed => self.metrics.session_completed(flow),
            Outcome::Cancelled => self
                .metrics
                .session_abandoned(flow, AbandonReason::Cancelled),
            Outcome::TimedOut => self.metrics.session_abandoned(flow, AbandonReason::Timeout),
            Outcome::Refused => self.metrics.session_abandoned(flow, AbandonReason::Failed),
        }
    }
}

fn flow_of(function: Function) -> Flow {
    match function {
        Function::FirstIssue => Flow::FirstIssue,
        Function::Recover => Flow::Recover,
        Function::Certificates => Flow::Certificate,
    }
}

/// Every `every`, on a thread of its own (so a busy or frozen ui does not
/// hide a live kiosk, and a slow backend does not slow the ui): refreshes
/// the spool-space and client-certificate gauges, then sends the health
/// summary to the registry as the heartbeat. A beat the backend does not
/// take is counted and tried again at the next one.
pub fn start_heartbeat(
    client: totem_registry::Client,
    metrics: Arc<Metrics>,
    kiosk_id: String,
    spool_dir: std::path::PathBuf,
    client_cert: std::path::PathBuf,
    every: std::time::Duration,
) {
    use totem_maintenance::chrono::Utc;
    let beat = move |runtime: &tokio::runtime::Runtime| {
        if let Ok(space) = totem_maintenance::disk::disk_space(&spool_dir) {
            metrics.spool_free_bytes(space.free);
        }
        if let Ok(validity) = totem_maintenance::tls::read_validity(&client_cert) {
            metrics.client_cert_not_after(validity.not_after);
        }
        let summary = metrics.health_summary(Utc::now(), Local::now().date_naive());
        let health = match serde_json::to_value(&summary) {
            Ok(health) => health,
            Err(error) => {
                tracing::error!(%error, "heartbeat: health summary");
                return;
            }
        };
        let request = totem_registry::api::Heartbeat {
            kiosk_id: kiosk_id.clone(),
            health,
        };
        if let Err(error) = runtime.block_on(client.heartbeat(&request)) {
            metrics.heartbeat_failed();
            tracing::warn!(%error, "heartbeat not taken");
        }
    };
    let spawned = std::thread::Builder::new()
        .name("totem-heartbeat".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime,
                Err(error) => {
                    tracing::error!(%error, "heartbeat: no runtime");
                    return;
                }
            };
            loop {
                beat(&runtime);
                std::thread::sleep(every);
            }
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "heartbeat thread not started");
    }
}

/// totem_print's printer state, as the metrics gauge counts it: anything
/// that still prints is idle or printing (its warnings go in the reasons),
/// anything unreachable is offline, anything waiting for a hand is stopped.
pub fn gauge_state(state: &totem_print::PrinterState) -> PrinterGauge {
    use totem_print::PrinterState as P;
    match state {
        P::Ready | P::MediaLow | P::SuppliesLow => PrinterGauge::Idle,
        P::Printing => PrinterGauge::Printing,
        P::Offline | P::ServiceUnreachable | P::QueueMissing | P::FolderUnavailable => {
            PrinterGauge::Offline
        }
        P::MediaEmpty
        | P::MediaJam
        | P::DoorOpen
        | P::SuppliesEmpty
        | P::QueueDisabled
        | P::NotAcceptingJobs
        | P::OtherError(_) => PrinterGauge::Stopped,
    }
}

/// Puts the printer's status into the metrics gauge.
pub fn publish_printer(metrics: &Metrics, status: &totem_print::PrinterStatus) {
    let mut reasons: Vec<&str> = status.reasons.iter().map(String::as_str).collect();
    // The folder printer gives no IPP reasons: its state's code stands in.
    if reasons.is_empty() && status.state.severity() != totem_print::Severity::Ok {
        reasons.push(status.state.code());
    }
    metrics.printer_state(gauge_state(&status.state), &reasons);
}

/// Every `every`, on a thread of its own (printer calls block for up to a
/// few seconds): polls the printer — which also moves spooled jobs on — and
/// feeds the printer-state gauge, so a printer that runs out of paper while
/// the kiosk is idle shows on the dashboard and in Prometheus.
pub fn start_printer_watch(
    printer: Arc<std::sync::Mutex<totem_print::Printer>>,
    metrics: Arc<Metrics>,
    every: std::time::Duration,
) {
    let spawned = std::thread::Builder::new()
        .name("totem-printer-watch".into())
        .spawn(move || loop {
            let status = match printer.lock() {
                Ok(mut printer) => printer.poll().clone(),
                // A panic while printing poisoned the lock: nothing to watch.
                Err(_) => return,
            };
            publish_printer(&metrics, &status);
            std::thread::sleep(every);
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "printer watch thread not started");
    }
}

/// Counts the delivery reports waiting on disk into the metrics (the
/// dashboard, /metrics and the heartbeat), so a registry that stopped
/// taking them shows before the queue grows.
pub fn start_delivery_watch(
    reports: crate::ui::services::DeliveryReports,
    metrics: Arc<Metrics>,
    every: std::time::Duration,
) {
    let spawned = std::thread::Builder::new()
        .name("totem-delivery-watch".into())
        .spawn(move || loop {
            let waiting = reports.outbox().pending().len();
            metrics.delivery_reports_waiting(u64::try_from(waiting).unwrap_or(u64::MAX));
            std::thread::sleep(every);
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "delivery watch thread not started");
    }
}

/// What the device drivers last said of themselves, for the dashboard:
/// when each connected (as the driver reported it), the fingerprint
/// module's parameters, the last error. Fed by [`watch_scanner`] and
/// [`watch_fingerprint`] from the drivers' event loop (devices.rs). Holds no
/// personal data: card reads and captures are not kept here.
#[derive(Debug, Default, Clone)]
pub struct DeviceWatch {
    pub scanner_since: Option<DateTime<Utc>>,
    pub scanner_error: Option<Text>,
    pub fingerprint_since: Option<DateTime<Utc>>,
    pub fingerprint_error: Option<Text>,
    pub module: Option<ModuleInfo>,
}

struct Watch {
    state: DeviceWatch,
    /// A technician's test capture under way: its events go here instead of
    /// to the citizen's flow.
    test_capture: Option<tokio::sync::mpsc::UnboundedSender<FingerprintEvent>>,
}

static WATCH: Mutex<Watch> = Mutex::new(Watch {
    state: DeviceWatch {
        scanner_since: None,
        scanner_error: None,
        fingerprint_since: None,
        fingerprint_error: None,
        module: None,
    },
    test_capture: None,
});

fn watch() -> std::sync::MutexGuard<'static, Watch> {
    // The data is plain values: a panic elsewhere leaves it usable.
    WATCH.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the drivers last said.
pub fn device_watch() -> DeviceWatch {
    watch().state.clone()
}

/// A scanner event, as the driver sent it (called before the flow sees it).
pub fn watch_scanner(event: &ScannerEvent) {
    let mut w = watch();
    match event {
        ScannerEvent::Connected { .. } => w.state.scanner_since = Some(Utc::now()),
        ScannerEvent::Disconnected => w.state.scanner_since = None,
        // The reason names what failed, never what was read.
        ScannerEvent::Unreadable { reason } => {
            let why = match reason {
                UnreadableReason::NotText => Text::new("maint-unreadable-not-text"),
                UnreadableReason::TooLong => Text::new("maint-unreadable-too-long"),
                UnreadableReason::Incomplete => Text::new("maint-unreadable-incomplete"),
                UnreadableReason::NotACard(e) => {
                    Text::new("maint-unreadable-not-a-card").arg("detail", e.to_string())
                }
            };
            w.state.scanner_error = Some(at_now(
                Text::new("maint-error-unreadable").arg("reason", why),
            ))
        }
        ScannerEvent::CardRead(_) => {}
    }
}

/// An error with the local time it happened ("10:02:03: …").
fn at_now(error: Text) -> Text {
    Text::new("maint-error-at")
        .arg("time", Local::now().format("%H:%M:%S").to_string())
        .arg("error", error)
}

/// The reader's failure in words.
pub fn failure_text(reason: &FailureReason) -> Text {
    match reason {
        FailureReason::NotConnected => Text::new("maint-error-not-connected"),
        FailureReason::WrongPassword => Text::new("maint-error-wrong-password"),
        FailureReason::NoAnswer => Text::new("maint-error-no-answer"),
        FailureReason::LinkLost => Text::new("maint-error-link-lost"),
        FailureReason::Module(code) => {
            Text::new("maint-error-module").arg("code", format!("{code:?}"))
        }
        FailureReason::Protocol(what) => {
            Text::new("maint-error-protocol").arg("what", what.as_str())
        }
    }
}

/// A fingerprint event, as the driver sent it. Returns it for the flow, or
/// None when it belongs to a technician's test capture (which the citizen's
/// flow must never see).
pub fn watch_fingerprint(event: FingerprintEvent) -> Option<FingerprintEvent> {
    let mut w = watch();
    match &event {
        FingerprintEvent::Connected(info) => {
            w.state.fingerprint_since = Some(Utc::now());
            w.state.module = Some(info.clone());
        }
        FingerprintEvent::Disconnected => w.state.fingerprint_since = None,
        FingerprintEvent::Failed(reason) => {
            w.state.fingerprint_error = Some(at_now(failure_text(reason)))
        }
        _ => {}
    }
    let Some(test) = &w.test_capture else {
        return Some(event);
    };
    // Nobody listens to the test any more (the app dropped it): the reader
    // is the flow's again.
    if test.is_closed() {
        w.test_capture = None;
        return Some(event);
    }
    let ends = !matches!(
        event,
        FingerprintEvent::Connected(_)
            | FingerprintEvent::WaitingForFinger
            | FingerprintEvent::FingerDetected
            | FingerprintEvent::LiftAndPlaceAgain
    );
    if matches!(event, FingerprintEvent::Connected(_)) {
        return Some(event);
    }
    let disconnected = matches!(event, FingerprintEvent::Disconnected);
    let _ = test.send(event.clone());
    if ends {
        w.test_capture = None;
    }
    // Availability changes still reach the flow.
    disconnected.then_some(event)
}

/// Routes the reader's next capture events to `to` (a technician's test).
pub fn take_test_capture(to: tokio::sync::mpsc::UnboundedSender<FingerprintEvent>) {
    watch().test_capture = Some(to);
}

/// The test capture is over or abandoned.
pub fn end_test_capture() {
    watch().test_capture = None;
}
