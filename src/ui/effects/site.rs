//! The effects of a site kiosk, built from kiosk.toml and rebuilt from a
//! reloaded one: the registry client (and its heartbeat and delivery-report
//! queue), the printer, the two serial devices, chained as
//! `RegistryEffects` → `PrintEffects` → `DeviceEffects`.
//!
//! A reload ([`Effects::reconfigure`]) comes while no citizen's session is
//! under way. What changed is made anew; what did not keeps running:
//!
//! - devices: a new `DeviceEffects`, whose subscription's identity is its
//!   settings (port, speed...), so iced stops the old drivers (closing
//!   their ports) and starts new ones;
//! - backend (URL, timeouts, certificate files or their contents): a new
//!   client, a new health probe, heartbeat and delivery-report sender;
//!   reports still waiting on disk go to the new backend;
//! - printer: the printer inside the shared handle is replaced, so the
//!   printer-state watch and the dashboard's test page follow it; jobs the
//!   old spool holds stay there until a kiosk opens it again.
//!
//! A printer or client that cannot be made from the new settings shows as
//! unavailable with its reason in the log, as at start.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use iced::{Subscription, Task};
use totem_config::KioskConfig;
use totem_flow::{Command, Event, Service};
use totem_maintenance::metrics::Metrics;
use totem_print::Printer;

use super::delivery::DeliveryReports;
use super::devices::DeviceEffects;
use super::operations::{start_delivery_watch, start_heartbeat, start_printer_watch, Watch};
use super::printing::{Issued, PrintEffects};
use super::registry::RegistryEffects;
use super::{Effects, Unconnected};

/// How often the printer and the delivery queue are looked at while idle.
const WATCH_EVERY: Duration = Duration::from_secs(5);

/// The effects of a kiosk configured by kiosk.toml.
pub struct SiteEffects {
    kiosk: KioskConfig,
    /// What the certificate files held when the client was made.
    tls: u64,
    metrics: Option<Arc<Metrics>>,
    client: Option<totem_registry::Client>,
    /// The heartbeat and the delivery watch of this client and queue.
    watches: Vec<Watch>,
    reports: Option<DeliveryReports>,
    printer: Option<Arc<Mutex<Printer>>>,
    chain: Box<dyn Effects>,
}

impl SiteEffects {
    /// Opens everything `kiosk` names. With `metrics`, the registry calls,
    /// the heartbeat, the printer's state and the delivery queue are
    /// counted there.
    pub fn new(kiosk: &KioskConfig, metrics: Option<Arc<Metrics>>) -> Self {
        let mut site = Self {
            kiosk: kiosk.clone(),
            tls: totem_config::tls_digest(&kiosk.backend),
            metrics,
            client: None,
            watches: Vec::new(),
            reports: None,
            printer: None,
            chain: Box::new(Unconnected),
        };
        site.connect_backend();
        site.open_printer();
        site.chain = site.chain();
        site
    }

    /// The printer's shared handle (the dashboard's test page uses it);
    /// None when it could not be opened at start.
    pub fn printer(&self) -> Option<Arc<Mutex<Printer>>> {
        self.printer.clone()
    }

    /// The configuration the effects run with now.
    pub fn config(&self) -> &KioskConfig {
        &self.kiosk
    }

    /// The registry client (and its heartbeat and delivery queue) for the
    /// current `[backend]`; the previous one's threads stop.
    fn connect_backend(&mut self) {
        self.watches.drain(..).for_each(|watch| watch.stop());
        let kiosk = &self.kiosk;
        let client =
            match totem_registry::Client::new(&kiosk.backend, &kiosk.kiosk.id, kiosk.kiosk.demo) {
                Ok(client) => Some(match &self.metrics {
                    Some(metrics) => client.with_observer(registry_observer(metrics.clone())),
                    None => client,
                }),
                Err(error) => {
                    // The window still comes up and says the registry is unavailable.
                    tracing::error!(%error, "registry client");
                    None
                }
            };
        // Delivery reports wait on disk, beside the spool, until the registry has them.
        let spool = std::path::Path::new(&kiosk.printer.spool_dir);
        self.reports = DeliveryReports::start(
            &DeliveryReports::dir_for_spool(spool),
            client.clone(),
            totem_registry::Backoff::default(),
        )
        .map_err(|error| tracing::error!(%error, "delivery-report queue"))
        .ok();
        let mut watches = Vec::new();
        if let Some(metrics) = &self.metrics {
            if let Some(client) = &client {
                watches.push(start_heartbeat(
                    client.clone(),
                    metrics.clone(),
                    kiosk.kiosk.id.clone(),
                    spool.into(),
                    kiosk.backend.client_cert_file.clone().into(),
                    Duration::from_secs(kiosk.backend.heartbeat_secs.max(1)),
                ));
            }
            if let Some(reports) = &self.reports {
                watches.push(start_delivery_watch(
                    reports.clone(),
                    metrics.clone(),
                    WATCH_EVERY,
                ));
            }
        }
        self.watches = watches;
        self.client = client;
    }

    /// The printer of the current `[printer]`, in the shared handle.
    fn open_printer(&mut self) {
        let printer = match Printer::open(&self.kiosk.printer) {
            Ok(printer) => printer,
            Err(error) => {
                // Certificates say the printer is missing; the dashboard says why.
                tracing::error!(%error, "printer");
                self.printer = None;
                return;
            }
        };
        // The running handle takes the new printer; a new handle only at
        // start (or if a panic while printing poisoned the old one).
        let unplaced = match &self.printer {
            Some(shared) => match shared.lock() {
                Ok(mut running) => {
                    *running = printer;
                    None
                }
                Err(_) => Some(printer),
            },
            None => Some(printer),
        };
        if let Some(printer) = unplaced {
            let shared = Arc::new(Mutex::new(printer));
            if let Some(metrics) = &self.metrics {
                // The printer-state gauge follows the printer even while idle.
                start_printer_watch(shared.clone(), metrics.clone(), WATCH_EVERY);
            }
            self.printer = Some(shared);
        }
    }

    /// The chain of effects over the parts as they are now.
    fn chain(&self) -> Box<dyn Effects> {
        let issued = Issued::default();
        let devices = DeviceEffects::new(&self.kiosk.devices, Unconnected);
        let local: Box<dyn Effects> = match &self.printer {
            Some(printer) => Box::new(
                PrintEffects::new(
                    printer.clone(),
                    issued.clone(),
                    self.kiosk.printer.paper,
                    &self.kiosk.kiosk.id,
                    devices,
                )
                .reporting_to(self.reports.clone()),
            ),
            None => Box::new(devices),
        };
        match &self.client {
            Some(client) => Box::new(
                RegistryEffects::new(client.clone())
                    .keeping_certificates(issued)
                    .reporting_to(self.reports.clone())
                    .with_others(local),
            ),
            None => local,
        }
    }
}

impl Effects for SiteEffects {
    fn perform(&mut self, session: u64, command: Command) -> Task<Event> {
        self.chain.perform(session, command)
    }

    fn subscription(&self) -> Subscription<Event> {
        self.chain.subscription()
    }

    fn reconfigure(&mut self, kiosk: &KioskConfig) {
        let tls = totem_config::tls_digest(&kiosk.backend);
        let old = std::mem::replace(&mut self.kiosk, kiosk.clone());
        let backend = old.backend != kiosk.backend
            || tls != self.tls
            || old.kiosk.id != kiosk.kiosk.id
            || old.kiosk.demo != kiosk.kiosk.demo
            // The delivery queue lives beside the spool.
            || old.printer.spool_dir != kiosk.printer.spool_dir;
        if backend {
            self.tls = tls;
            self.connect_backend();
        }
        if old.printer != kiosk.printer {
            self.open_printer();
        }
        // The devices' new settings are the new chain's subscription; the
        // rest of the chain holds nothing between sessions.
        self.chain = self.chain();
        tracing::info!(
            backend,
            printer = old.printer != kiosk.printer,
            devices = old.devices != kiosk.devices,
            "effects rebuilt from the reloaded configuration"
        );
    }

    fn present(&self) -> Vec<Service> {
        self.chain.present()
    }
}

/// Registry calls into the latency histogram; calls with no answer apart.
fn registry_observer(metrics: Arc<Metrics>) -> totem_registry::Observer {
    Arc::new(
        move |call: &totem_registry::CallRecord| match call.outcome {
            totem_registry::CallOutcome::Timeout | totem_registry::CallOutcome::Unreachable => {
                metrics.backend_unreachable()
            }
            _ => metrics.backend_call(call.latency),
        },
    )
}
