//! The site kiosk put together from kiosk.toml: the registry client, the
//! device drivers, the printer, the delivery-report queue, the metrics and
//! their background watches, maintenance mode; then the window.

use totem_flow::Settings;

use super::app::{window, App};
use super::catalog::default_catalog;
use super::effects::operations::{Operations, Setup};
use super::effects::site::SiteEffects;
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
    window::run(boot(kiosk, catalog, setup))
}

/// The site kiosk's app as [`run_with_config`] boots it into the window:
/// its effects (started now, with their threads), operations and
/// maintenance mode. The tests drive the same app without a window.
pub fn boot(
    kiosk: totem_config::KioskConfig,
    catalog: totem_config::Catalog,
    setup: Option<Setup>,
) -> impl Fn() -> Result<App<Box<dyn Effects>>, String> + 'static {
    let metrics = setup.as_ref().map(|s| s.metrics.clone());
    #[cfg(feature = "demo")]
    crate::ui::demo_panel::allow(kiosk.kiosk.demo);
    let settings = Settings::from_config(&kiosk);
    // Built once, here, with their threads; the window takes them at boot.
    let effects = SiteEffects::new(&kiosk, metrics);
    let printer = effects.printer();
    let paper = kiosk.printer.paper;
    let effects = std::sync::Mutex::new(Some(effects));
    let boot_kiosk = kiosk.clone();
    // What the dashboard's actions need: the printer (test page), the
    // files and what was loaded from them (reload), the serial settings
    // (raw scan).
    let maintenance_printer = printer;
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
    let site = Site::from_config(&kiosk);
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
        // iced boots once; should it boot again, the effects are made anew.
        let made = effects.lock().ok().and_then(|mut e| e.take());
        Box::new(made.unwrap_or_else(|| SiteEffects::new(&boot_kiosk, None)))
    };
    let accessibility = kiosk.accessibility.clone();
    move || {
        App::new(settings.clone(), catalog.clone(), make_effects())
            .map(|app| with_speech(app.with_accessibility(accessibility.clone())))
            .map(&operate)
    }
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
