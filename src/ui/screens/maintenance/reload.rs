//! "Reload configuration": kiosk.toml and certificates.toml read again. A
//! bad file changes nothing; a good one is compared with the running
//! configuration part by part: what the app can apply now is handed back
//! ([`Reconfigure`]), the rest waits for a restart.

use totem_config::KioskConfig;
use totem_flow::Catalog;
use totem_maintenance::chrono::{DateTime, Utc};
use totem_maintenance::desk::MaintenanceDesk;
use totem_maintenance::reports::{self, ActionReport, ReloadOutcome};

use crate::ui::effects::operations::ConfigFiles;

/// Parts of the configuration that take effect without a restart, handed
/// to the app (a fresh flow session with them).
#[derive(Debug, Clone)]
pub struct Reconfigure {
    pub settings: totem_flow::Settings,
    pub catalog: Catalog,
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
    outcome: Option<ReloadOutcome>,
}

impl Reload {
    pub fn new(config: Option<LoadedConfig>) -> Self {
        Self {
            config,
            outcome: None,
        }
    }

    pub fn report(&self) -> Option<ActionReport> {
        self.outcome.as_ref().map(reports::reload)
    }

    pub fn clear(&mut self) {
        self.outcome = None;
    }

    /// Reads the files again; the audit log says what changed. Returns
    /// what the app applies now, and the site's name if it changed.
    pub fn reload(
        &mut self,
        desk: &mut MaintenanceDesk,
        now: DateTime<Utc>,
    ) -> (Option<Reconfigure>, Option<String>) {
        let Some(current) = &self.config else {
            self.outcome = Some(ReloadOutcome::Refused {
                error: "the kiosk was not started from configuration files".into(),
            });
            return (None, None);
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
                return (None, None);
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
        if let Err(error) = desk.config_reloaded(detail.as_deref(), now) {
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
        let site = kiosk.kiosk.site.clone();
        self.outcome = Some(ReloadOutcome::Loaded {
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
        (reconfigure, Some(site))
    }
}
