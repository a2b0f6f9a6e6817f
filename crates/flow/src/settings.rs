//! The session's clocks and limits, read once from kiosk.toml.
//!
//! Plain data at the bottom of the crate: every flow reads it, none changes it.

use std::time::Duration;

use totem_config::Language;

/// The session's clocks and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Idle time before the "do you need more time?" warning.
    pub idle: Duration,
    /// Idle time on screens where the citizen types.
    pub typing_idle: Duration,
    /// How long the warning counts down before the session ends.
    pub warning: Duration,
    /// How long the farewell ("Retire su cédula") stays before the attract screen.
    pub goodbye: Duration,
    /// A back-end call or a print job that has not answered by then counts as failed.
    pub work_timeout: Duration,
    pub max_finger_tries: u8,
    pub max_code_tries: u8,
    pub print_attempts: u8,
    /// Minimum age for a ClaveÚnica.
    pub min_age: u8,
    pub default_language: Language,
}

/// The least warning time a citizen gets to answer (accessibility rule).
pub const MIN_WARNING: Duration = Duration::from_secs(20);

impl Default for Settings {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(45),
            typing_idle: Duration::from_secs(90),
            warning: Duration::from_secs(20),
            goodbye: Duration::from_secs(6),
            work_timeout: Duration::from_secs(90),
            max_finger_tries: 3,
            max_code_tries: 5,
            print_attempts: 3,
            min_age: 14,
            default_language: Language::Es,
        }
    }
}

impl Settings {
    /// Settings from kiosk.toml; the warning is never shorter than 20 s.
    pub fn from_config(config: &totem_config::KioskConfig) -> Self {
        let t = &config.timeouts;
        Self {
            idle: Duration::from_secs(t.idle_secs.max(5)),
            typing_idle: Duration::from_secs(t.typing_idle_secs.max(t.idle_secs).max(5)),
            warning: Duration::from_secs(t.warning_secs).max(MIN_WARNING),
            default_language: config
                .kiosk
                .languages
                .first()
                .copied()
                .unwrap_or(Language::Es),
            ..Self::default()
        }
    }
}
