//! "Reload configuration" (the dashboard's button, or SIGHUP):
//! kiosk.toml and certificates.toml read again. A bad file changes
//! nothing; a good one is compared with the running configuration part by
//! part (`totem_config::changes`): the site's name applies at once; the
//! flow's settings, the catalog, the devices, the backend and the printer
//! are handed to the app ([`Reconfigure`]), which applies them when no
//! citizen's session is under way; the kiosk's identity and maintenance
//! settings wait for a restart. The audit log names what changed.

use totem_config::{KioskConfig, Takes};
use totem_flow::Catalog;
use totem_maintenance::chrono::{DateTime, Utc};
use totem_maintenance::desk::MaintenanceDesk;
use totem_maintenance::reports::{self, ActionReport, ReloadOutcome};

use super::dashboard::Site;
use crate::ui::effects::operations::ConfigFiles;

/// Parts of the configuration that take effect without a restart, handed
/// to the app: a fresh flow session with the settings and catalog, and
/// the effects rebuilt from `kiosk` (ports, backend, printer).
#[derive(Debug, Clone)]
pub struct Reconfigure {
    pub settings: totem_flow::Settings,
    pub catalog: Catalog,
    pub kiosk: KioskConfig,
}

impl Site {
    /// What the dashboard shows of a configuration.
    pub fn from_config(kiosk: &KioskConfig) -> Self {
        Self {
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
        }
    }
}

/// The configuration as loaded, and where from, for "Reload configuration".
#[derive(Debug, Clone)]
pub struct LoadedConfig {
    pub files: ConfigFiles,
    pub kiosk: KioskConfig,
    pub catalog: Catalog,
}

/// The configuration the kiosk runs with, and what the last reload found.
#[derive(Default)]
pub struct Reload {
    config: Option<LoadedConfig>,
    /// What the certificate files held when the running client was made.
    tls: u64,
    outcome: Option<ReloadOutcome>,
    /// Read during a citizen's session: for the app at the attract screen.
    pending: Option<Reconfigure>,
}

/// What a reload that was read hands back to the router.
pub struct Reloaded {
    /// For the app now, when something it runs changed and it is idle.
    pub reconfigure: Option<Reconfigure>,
    /// The configuration as it runs now (the dashboard's site, the raw
    /// scan's serial settings).
    pub kiosk: KioskConfig,
}

impl Reload {
    pub fn new(config: Option<LoadedConfig>) -> Self {
        let tls = config
            .as_ref()
            .map(|c| totem_config::tls_digest(&c.kiosk.backend))
            .unwrap_or_default();
        Self {
            config,
            tls,
            outcome: None,
            pending: None,
        }
    }

    /// Whether a reload waits for the citizen's session to end.
    pub fn waiting(&self) -> bool {
        self.pending.is_some()
    }

    /// The waiting reload, once the kiosk is `idle`.
    pub fn take_pending(&mut self, idle: bool) -> Option<Reconfigure> {
        if idle {
            self.pending.take()
        } else {
            None
        }
    }

    pub fn report(&self) -> Option<ActionReport> {
        self.outcome.as_ref().map(reports::reload)
    }

    pub fn clear(&mut self) {
        self.outcome = None;
    }

    /// Reads the files again; the audit log says what changed. None when
    /// they were refused (the outcome says why) or there are none. What
    /// the app runs waits in [`Reload::take_pending`] unless `idle`.
    pub fn reload(
        &mut self,
        desk: &mut MaintenanceDesk,
        now: DateTime<Utc>,
        idle: bool,
    ) -> Option<Reloaded> {
        let Some(current) = &self.config else {
            self.outcome = Some(ReloadOutcome::Refused {
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
                self.outcome = Some(ReloadOutcome::Refused {
                    error: error.to_string(),
                });
                return None;
            }
        };
        let tls = totem_config::tls_digest(&kiosk.backend);
        let changes = totem_config::changes(&current.kiosk, &kiosk, tls != self.tls);
        let mut applied: Vec<String> = changes
            .iter()
            .filter(|c| c.takes != Takes::Restart)
            .map(|c| c.name.to_owned())
            .collect();
        if current.catalog != catalog {
            applied.push("certificates.toml".to_owned());
        }
        let need_restart: Vec<String> = changes
            .iter()
            .filter(|c| c.takes == Takes::Restart)
            .map(|c| c.name.to_owned())
            .collect();
        let changed: Vec<String> = applied.iter().chain(&need_restart).cloned().collect();
        let detail = (!changed.is_empty()).then(|| changed.join(" "));
        if let Err(error) = desk.config_reloaded(detail.as_deref(), now) {
            tracing::error!(%error, "audit: config_reloaded");
        }
        tracing::info!(
            applied = applied.len(),
            need_restart = need_restart.len(),
            "configuration reloaded"
        );
        // What runs from now on: the file, but for the parts that wait for
        // a restart, which keep their running values (the next reload
        // compares with what runs, not with the file).
        let mut running = kiosk;
        running.kiosk.id = current.kiosk.kiosk.id.clone();
        running.kiosk.demo = current.kiosk.kiosk.demo;
        running.maintenance = current.kiosk.maintenance.clone();
        running.accessibility = current.kiosk.accessibility.clone();
        let app_changes =
            changes.iter().any(|c| c.takes == Takes::AtAttract) || current.catalog != catalog;
        let reconfigure = app_changes.then(|| Reconfigure {
            settings: totem_flow::Settings::from_config(&running),
            catalog: catalog.clone(),
            kiosk: running.clone(),
        });
        self.outcome = Some(ReloadOutcome::Loaded {
            applied,
            need_restart,
        });
        self.tls = tls;
        if let Some(current) = &mut self.config {
            current.kiosk = running.clone();
            current.catalog = catalog;
        }
        // A newer reload replaces one still waiting.
        self.pending = None;
        let reconfigure = match reconfigure {
            Some(new) if !idle => {
                tracing::info!("the reloaded configuration waits for the attract screen");
                self.pending = Some(new);
                None
            }
            other => other,
        };
        Some(Reloaded {
            reconfigure,
            kiosk: running,
        })
    }
}

/// SIGHUP, as `systemctl reload totem` sends it: each one is a reload. The
/// handler is installed when the subscription starts; from then on SIGHUP
/// no longer ends the process.
pub fn hangups() -> iced::Subscription<()> {
    iced::Subscription::run(hangup_stream)
}

fn hangup_stream() -> impl iced::futures::Stream<Item = ()> {
    iced::stream::channel(
        4,
        async |mut output: iced::futures::channel::mpsc::Sender<()>| {
            use iced::futures::SinkExt;
            use tokio::signal::unix::{signal, SignalKind};
            let mut hangup = match signal(SignalKind::hangup()) {
                Ok(hangup) => hangup,
                Err(error) => {
                    tracing::error!(%error, "SIGHUP handler not installed");
                    return;
                }
            };
            while hangup.recv().await.is_some() {
                if output.send(()).await.is_err() {
                    return;
                }
            }
        },
    )
}
