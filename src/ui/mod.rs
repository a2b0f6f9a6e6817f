//! The kiosk's screens (iced 0.14): it draws the flow's session and turns
//! touches into flow events. It holds no business rule.
//!
//! - [`app`]: the application (state, update, view, subscriptions) and the
//!   [`Effects`](app::Effects) seam where devices, registry and printer plug in.
//! - [`screens`]: one module per screen.
//! - [`widgets`], [`keyboard`]: shared pieces; [`theme`]: colours, type, fonts;
//!   [`i18n`]: Fluent texts from assets/i18n.

pub mod app;
pub mod demo_panel;
pub mod devices;
pub mod i18n;
pub mod keyboard;
pub mod no_cursor;
pub mod operations;
pub mod printing;
pub mod screens;
pub mod services;
pub mod theme;
pub mod widgets;

use totem_flow::{Language, Session};

pub use app::{App, Effects, Message, Unconnected};

/// What every view needs: texts, language, orientation and the session.
pub struct Ctx<'a> {
    pub tr: &'a i18n::Translations,
    pub language: Language,
    pub portrait: bool,
    pub session: &'a Session,
    pub keyboard: keyboard::Keyboard,
    /// Which attract-screen hint stands out now.
    pub hint: usize,
}

impl Ctx<'_> {
    /// The text of a message id in the session's language.
    pub fn t(&self, id: &str) -> String {
        self.tr.text(self.language, id)
    }
}

/// Run the kiosk window with no back-ends connected (every function shows
/// as unavailable with its reason).
pub fn run() -> iced::Result {
    app::run(
        || Unconnected,
        totem_flow::Settings::default(),
        app::default_catalog(),
    )
}

/// Run the kiosk with the devices and the registry of kiosk.toml.
///
/// A part that cannot be opened (registry client, printer) shows as
/// unavailable in the window, with its reason, rather than stopping it.
///
/// With `setup`, sessions and registry calls are counted in its metrics,
/// the systemd watchdog (if any) is pinged from the ui loop, and the hidden
/// gesture opens maintenance mode.
pub fn run_with_config(
    kiosk: totem_config::KioskConfig,
    catalog: totem_config::Catalog,
    setup: Option<operations::Setup>,
) -> iced::Result {
    let metrics = setup.as_ref().map(|s| s.metrics.clone());
    demo_panel::allow(kiosk.kiosk.demo);
    let settings = totem_flow::Settings::from_config(&kiosk);
    let client =
        match totem_registry::Client::new(&kiosk.backend, &kiosk.kiosk.id, kiosk.kiosk.demo) {
            Ok(client) => Some(match &metrics {
                Some(metrics) => client.with_observer(registry_observer(metrics.clone())),
                None => client,
            }),
            Err(error) => {
                // The window still comes up and says the registry is unavailable.
                tracing::error!(%error, "registry client");
                None
            }
        };
    if let (Some(client), Some(metrics)) = (&client, &metrics) {
        operations::start_heartbeat(
            client.clone(),
            metrics.clone(),
            kiosk.kiosk.id.clone(),
            kiosk.printer.spool_dir.clone().into(),
            kiosk.backend.client_cert_file.clone().into(),
            std::time::Duration::from_secs(kiosk.backend.heartbeat_secs.max(1)),
        );
    }
    // Delivery reports wait on disk, beside the spool, until the registry has them.
    let reports = services::DeliveryReports::start(
        &services::DeliveryReports::dir_for_spool(std::path::Path::new(&kiosk.printer.spool_dir)),
        client.clone(),
        totem_registry::Backoff::default(),
    )
    .map_err(|error| tracing::error!(%error, "delivery-report queue"))
    .ok();
    if let (Some(reports), Some(metrics)) = (&reports, &metrics) {
        operations::start_delivery_watch(
            reports.clone(),
            metrics.clone(),
            std::time::Duration::from_secs(5),
        );
    }
    let devices = kiosk.devices.clone();
    let printer = match totem_print::Printer::open(&kiosk.printer) {
        Ok(printer) => Some(std::sync::Arc::new(std::sync::Mutex::new(printer))),
        Err(error) => {
            // The window still comes up; certificates say the printer is missing.
            tracing::error!(%error, "printer");
            None
        }
    };
    let (paper, kiosk_id) = (kiosk.printer.paper, kiosk.kiosk.id.clone());
    if let (Some(printer), Some(metrics)) = (&printer, &metrics) {
        // The printer-state gauge follows the printer even while idle.
        operations::start_printer_watch(
            printer.clone(),
            metrics.clone(),
            std::time::Duration::from_secs(5),
        );
    }
    // What the dashboard's actions need: the printer (test page), the
    // files and what was loaded from them (reload), the serial settings
    // (raw scan).
    let maintenance_printer = printer.clone();
    let maintenance_devices = kiosk.devices.clone();
    let loaded = setup
        .as_ref()
        .and_then(|s| s.config_files.clone())
        .map(|files| screens::maintenance::LoadedConfig {
            files,
            kiosk: kiosk.clone(),
            catalog: catalog.clone(),
        });
    let maintenance_settings = kiosk.maintenance.clone();
    let site = screens::maintenance::Site {
        kiosk_id: kiosk.kiosk.id.clone(),
        site: kiosk.kiosk.site.clone(),
        backend_url: kiosk.backend.url.clone(),
        client_cert: kiosk.backend.client_cert_file.clone().into(),
        printer_queue: kiosk.printer.queue.clone(),
        spool_dir: kiosk.printer.spool_dir.clone(),
        scanner: (
            kiosk.devices.scanner.port.clone(),
            kiosk.devices.scanner.baud,
        ),
        fingerprint: (
            kiosk.devices.fingerprint.port.clone(),
            kiosk.devices.fingerprint.baud,
        ),
    };
    let make_operations = move || {
        setup.as_ref().map(|setup| {
            let ops = operations::Operations::new(
                setup.metrics.clone(),
                totem_maintenance::watchdog::Watchdog::from_env(),
            );
            // Writes `application_started` to the audit log.
            match totem_maintenance::desk::MaintenanceDesk::open(
                &maintenance_settings,
                &site.kiosk_id,
                Some(setup.metrics.clone()),
                totem_maintenance::chrono::Utc::now(),
            ) {
                Ok(desk) => {
                    let mut maintenance = screens::maintenance::Maintenance::new(
                        desk,
                        setup.metrics.clone(),
                        setup.log_tail.clone(),
                        site.clone(),
                    )
                    .with_devices(maintenance_devices.clone());
                    if let Some(printer) = &maintenance_printer {
                        maintenance = maintenance.with_printer(printer.clone(), paper);
                    }
                    if let Some(loaded) = &loaded {
                        maintenance = maintenance.with_config(loaded.clone());
                    }
                    ops.with_maintenance(maintenance)
                }
                Err(error) => {
                    tracing::error!(%error, "maintenance mode unavailable");
                    ops
                }
            }
        })
    };
    app::run_operated(
        move || -> Box<dyn Effects> {
            let issued = printing::Issued::default();
            let devices = devices::DeviceEffects::new(&devices, Unconnected);
            let local: Box<dyn Effects> = match &printer {
                Some(printer) => Box::new(
                    printing::PrintEffects::new(
                        printer.clone(),
                        issued.clone(),
                        paper,
                        &kiosk_id,
                        devices,
                    )
                    .reporting_to(reports.clone()),
                ),
                None => Box::new(devices),
            };
            match &client {
                Some(client) => Box::new(
                    services::RegistryEffects::new(client.clone())
                        .keeping_certificates(issued)
                        .reporting_to(reports.clone())
                        .with_others(local),
                ),
                None => local,
            }
        },
        make_operations,
        settings,
        catalog,
    )
}

/// Registry calls into the latency histogram; calls with no answer apart.
fn registry_observer(
    metrics: std::sync::Arc<totem_maintenance::metrics::Metrics>,
) -> totem_registry::Observer {
    std::sync::Arc::new(
        move |call: &totem_registry::CallRecord| match call.outcome {
            totem_registry::CallOutcome::Timeout | totem_registry::CallOutcome::Unreachable => {
                metrics.backend_unreachable()
            }
            _ => metrics.backend_call(call.latency),
        },
    )
}
