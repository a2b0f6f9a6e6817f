//! What the running kiosk tells its operators: session counters for the
//! Prometheus endpoint and the systemd watchdog (totem-maintenance), fed
//! from the flow's events as the app applies them.
//!
//! Only closed lists and catalog codes reach the counters: nothing here
//! sees a RUN, a name or a code.

use std::sync::Arc;

use totem_flow::{Event, FingerEvent, FingerVerdict, Function, Outcome, Screen, Service};
use totem_maintenance::chrono::Local;
use totem_maintenance::metrics::{
    AbandonReason, Device, FingerprintOutcome, Flow, Metrics, PrinterState as PrinterGauge,
};
use totem_maintenance::watchdog::Watchdog;

use super::delivery::DeliveryReports;

/// The status systemd shows while the kiosk waits on its attract screen:
/// the only one on which an update may restart it.
pub const STATUS_ATTRACT: &str = "attract";
/// The status while a citizen's session is under way.
pub const STATUS_SESSION: &str = "session";

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
}

impl Operations {
    pub fn new(metrics: Arc<Metrics>, watchdog: Watchdog) -> Self {
        Self {
            metrics,
            watchdog,
            ready_sent: std::cell::Cell::new(false),
        }
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
        self.status(STATUS_ATTRACT);
    }

    /// A citizen has left the attract screen: a session is under way.
    pub fn session_started(&self) {
        self.status(STATUS_SESSION);
    }

    /// The flow moved from screen `from` to `to`. systemd hears when a
    /// session starts and when the kiosk is idle again, so an update's
    /// restart (packaging/restart-when-idle) waits for the attract screen.
    pub fn screen_changed(&self, from: Screen, to: Screen) {
        match (from == Screen::Attract, to == Screen::Attract) {
            (true, false) => self.session_started(),
            (false, true) => self.back_to_attract(),
            _ => {}
        }
    }

    fn status(&self, status: &str) {
        if let Err(error) = self.watchdog.status(status) {
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
        // Checking a certificate is counted with the certificates.
        Function::Certificates | Function::CheckCertificate => Flow::Certificate,
    }
}

/// Every `every`, on a thread of its own (so a busy or frozen ui does not
/// hide a live kiosk, and a slow backend does not slow the ui): refreshes
/// the spool-space and client-certificate gauges, then sends the health
/// summary to the registry as the heartbeat. A beat the backend does not
/// take is counted and tried again at the next one.
///
/// Returns its [`Watch`]: a reload that changes the backend stops it and
/// starts another.
pub fn start_heartbeat(
    client: totem_registry::Client,
    metrics: Arc<Metrics>,
    kiosk_id: String,
    spool_dir: std::path::PathBuf,
    client_cert: std::path::PathBuf,
    every: std::time::Duration,
) -> Watch {
    let watch = Watch::default();
    let stopped = watch.clone();
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
            while !stopped.is_stopped() {
                beat(&runtime);
                stopped.sleep(every);
            }
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "heartbeat thread not started");
    }
    watch
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
/// Stopped by its [`Watch`] (the queue it holds goes with the backend).
pub fn start_delivery_watch(
    reports: DeliveryReports,
    metrics: Arc<Metrics>,
    every: std::time::Duration,
) -> Watch {
    let watch = Watch::default();
    let stopped = watch.clone();
    let spawned = std::thread::Builder::new()
        .name("totem-delivery-watch".into())
        .spawn(move || {
            while !stopped.is_stopped() {
                let waiting = reports.outbox().pending().len();
                metrics.delivery_reports_waiting(u64::try_from(waiting).unwrap_or(u64::MAX));
                stopped.sleep(every);
            }
        });
    if let Err(error) = spawned {
        tracing::error!(%error, "delivery watch thread not started");
    }
    watch
}

/// The stop switch of a background watch. Dropping it does not stop the
/// thread (a kiosk's watches run for its lifetime); [`Watch::stop`] does,
/// within a quarter of a second.
#[derive(Clone, Debug, Default)]
pub struct Watch(Arc<std::sync::atomic::AtomicBool>);

impl Watch {
    pub fn stop(&self) {
        self.0.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    pub fn is_stopped(&self) -> bool {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Sleeps `period`, or less once stopped.
    fn sleep(&self, period: std::time::Duration) {
        let step = std::time::Duration::from_millis(250);
        let deadline = std::time::Instant::now() + period;
        while !self.is_stopped() {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if left.is_zero() {
                return;
            }
            std::thread::sleep(left.min(step));
        }
    }
}
