//! The site kiosk put together from kiosk.toml: the registry client, the
//! device drivers, the printer, the delivery-report queue, the metrics and
//! their background watches, maintenance mode; then the window.

use totem_flow::Settings;

use super::app::{window, App};
use super::catalog::default_catalog;
use super::effects::delivery::DeliveryReports;
use super::effects::devices::DeviceEffects;
use super::effects::operations::{
    start_delivery_watch, start_heartbeat, start_printer_watch, Operations, Setup,
};
use super::effects::printing::{Issued, PrintEffects};
use super::effects::registry::RegistryEffects;
use super::effects::{Effects, Unconnected};
use super::screens::maintenance::{LoadedConfig, Maintenance, Site};

/// Run the kiosk window with no back-ends connected (every function shows
/// as unavailable with its reason).
pub fn run() -> iced::Result {
    window::run(|| App::new(Settings::default(), default_catalog(), Unconnected))
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
    setup: Option<Setup>,
) -> iced::Result {
    let metrics = setup.as_ref().map(|s| s.metrics.clone());
    #[cfg(feature = "demo")]
    crate::ui::demo_panel::allow(kiosk.kiosk.demo);
    let settings = Settings::from_config(&kiosk);
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
        start_heartbeat(
            client.clone(),
            metrics.clone(),
            kiosk.kiosk.id.clone(),
            kiosk.printer.spool_dir.clone().into(),
            kiosk.backend.client_cert_file.clone().into(),
            std::time::Duration::from_secs(kiosk.backend.heartbeat_secs.max(1)),
        );
    }
    // Delivery reports wait on disk, beside the spool, until the registry has them.
    let reports = DeliveryReports::start(
        &DeliveryReports::dir_for_spool(std::path::Path::new(&kiosk.printer.spool_dir)),
        client.clone(),
        totem_registry::Backoff::default(),
    )
    .map_err(|error| tracing::error!(%error, "delivery-report queue"))
    .ok();
    if let (Some(reports), Some(metrics)) = (&reports, &metrics) {
        start_delivery_watch(
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
        start_printer_watch(
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
        .map(|files| LoadedConfig {
            files,
            kiosk: kiosk.clone(),
            catalog: catalog.clone(),
        });
    let maintenance_settings = kiosk.maintenance.clone();
    let site = Site {
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
    // What a site kiosk adds to the window: metrics and watchdog, and
    // maintenance mode behind the hidden gesture.
    let operate = move |app: App<Box<dyn Effects>>| {
        let Some(setup) = &setup else {
            return app;
        };
        let app = app.with_operations(Operations::new(
            setup.metrics.clone(),
            totem_maintenance::watchdog::Watchdog::from_env(),
        ));
        // Writes `application_started` to the audit log.
        let desk = match totem_maintenance::desk::MaintenanceDesk::open(
            &maintenance_settings,
            &site.kiosk_id,
            Some(setup.metrics.clone()),
            totem_maintenance::chrono::Utc::now(),
        ) {
            Ok(desk) => desk,
            Err(error) => {
                tracing::error!(%error, "maintenance mode unavailable");
                return app;
            }
        };
        let mut maintenance = Maintenance::new(
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
        app.with_maintenance(maintenance)
    };
    let make_effects = move || -> Box<dyn Effects> {
        let issued = Issued::default();
        let devices = DeviceEffects::new(&devices, Unconnected);
        let local: Box<dyn Effects> = match &printer {
            Some(printer) => Box::new(
                PrintEffects::new(printer.clone(), issued.clone(), paper, &kiosk_id, devices)
                    .reporting_to(reports.clone()),
            ),
            None => Box::new(devices),
        };
        match &client {
            Some(client) => Box::new(
                RegistryEffects::new(client.clone())
                    .keeping_certificates(issued)
                    .reporting_to(reports.clone())
                    .with_others(local),
            ),
            None => local,
        }
    };
    let accessibility = kiosk.accessibility.clone();
    window::run(move || {
        App::new(settings.clone(), catalog.clone(), make_effects())
            .map(|app| with_speech(app.with_accessibility(accessibility.clone())))
            .map(&operate)
    })
}

/// Speech output through the headset and the loudspeaker of
/// `[accessibility]`, following the headphone jack. Without espeak-ng or
/// a thread for it, the kiosk runs without speech and says why in its log.
fn with_speech<E: Effects>(app: App<E>) -> App<E> {
    let settings = app.accessibility().clone();
    let (headset, _changes) =
        totem_speech::watch(totem_speech::Signal::from_settings(&settings.headset));
    match totem_speech::Speaker::start(
        &settings.speech,
        totem_speech::Voices::from_settings(&settings.speech),
        totem_speech::Outputs::alsa(&settings.speech),
        headset.clone(),
    ) {
        Ok(speaker) => app.with_speech(speaker, headset),
        Err(error) => {
            tracing::error!(%error, "speech output");
            app
        }
    }
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
