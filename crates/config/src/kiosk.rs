use serde::{Deserialize, Serialize};

use crate::{AccessibilitySettings, BackendSettings, DeviceSettings, PrinterSettings};

/// All of kiosk.toml.
#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct KioskConfig {
    pub kiosk: KioskSettings,
    pub devices: DeviceSettings,
    pub backend: BackendSettings,
    pub printer: PrinterSettings,
    pub timeouts: TimeoutSettings,
    pub maintenance: MaintenanceSettings,
    pub accessibility: AccessibilitySettings,
}

/// Who this kiosk is and where it stands.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct KioskSettings {
    /// Unique id of this kiosk in the fleet, e.g. "TOT-0001".
    pub id: String,
    /// Human-readable site, e.g. "Hospital Regional, hall 2".
    pub site: String,
    /// Languages offered, first is the default.
    pub languages: Vec<Language>,
    /// Demo mode: allows plain http and the demo panel. Never on a real site.
    pub demo: bool,
}

impl Default for KioskSettings {
    fn default() -> Self {
        Self {
            id: "TOT-DEMO".into(),
            site: "Demo".into(),
            languages: vec![Language::Es, Language::En],
            demo: false,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Es,
    En,
}

/// Inactivity clocks (seconds).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TimeoutSettings {
    /// Idle time before the "do you need more time?" warning.
    pub idle_secs: u64,
    /// Idle time while the citizen types a password or e-mail.
    pub typing_idle_secs: u64,
    /// How long the warning counts down before the session ends (at least 20).
    pub warning_secs: u64,
}

impl Default for TimeoutSettings {
    fn default() -> Self {
        Self {
            idle_secs: 45,
            typing_idle_secs: 90,
            warning_secs: 20,
        }
    }
}

/// Technician mode.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MaintenanceSettings {
    /// Argon2 PHC string of the technician PIN.
    pub pin_hash: String,
    /// Wrong PINs before entry locks.
    pub max_pin_attempts: u32,
    /// How long entry stays locked (seconds).
    pub lockout_secs: u64,
    /// Where the count of wrong PINs and the lock's end are kept, so a
    /// restart does not lift a lockout. Holds no PIN.
    pub pin_state_file: String,
    /// Append-only, hash-chained audit log.
    pub audit_log: String,
    /// Prometheus text endpoint (loopback only).
    pub metrics_listen: String,
}

impl Default for MaintenanceSettings {
    fn default() -> Self {
        Self {
            pin_hash: String::new(),
            max_pin_attempts: 5,
            lockout_secs: 15 * 60,
            pin_state_file: "/var/lib/totem/pin-lock.json".into(),
            audit_log: "/var/lib/totem/audit.log".into(),
            metrics_listen: "127.0.0.1:9898".into(),
        }
    }
}
