//! The closed lists the metrics' labels come from.

use serde::{Deserialize, Serialize};

/// The citizen's flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flow {
    /// Obtain the Clave Única for the first time.
    FirstIssue,
    /// Recover the Clave Única.
    Recover,
    /// Free certificates.
    Certificate,
}

impl Flow {
    pub const ALL: [Flow; 3] = [Flow::FirstIssue, Flow::Recover, Flow::Certificate];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstIssue => "first_issue",
            Self::Recover => "recover",
            Self::Certificate => "certificate",
        }
    }
}

/// Why a session ended without finishing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbandonReason {
    /// The inactivity clock ran out.
    Timeout,
    /// The citizen pressed "Cancelar".
    Cancelled,
    /// A refusal or fault ended it (card blocked, fingerprints exhausted, backend down...).
    Failed,
}

impl AbandonReason {
    pub const ALL: [AbandonReason; 3] = [Self::Timeout, Self::Cancelled, Self::Failed];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Timeout => "timeout",
            Self::Cancelled => "cancelled",
            Self::Failed => "failed",
        }
    }
}

/// What one fingerprint try came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FingerprintOutcome {
    Match,
    NoMatch,
    NoFinger,
    PoorImage,
    DeviceError,
}

impl FingerprintOutcome {
    pub const ALL: [FingerprintOutcome; 5] = [
        Self::Match,
        Self::NoMatch,
        Self::NoFinger,
        Self::PoorImage,
        Self::DeviceError,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Match => "match",
            Self::NoMatch => "no_match",
            Self::NoFinger => "no_finger",
            Self::PoorImage => "poor_image",
            Self::DeviceError => "device_error",
        }
    }
}

/// The serial devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Device {
    Scanner,
    Fingerprint,
}

impl Device {
    pub const ALL: [Device; 2] = [Device::Scanner, Device::Fingerprint];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Scanner => "scanner",
            Self::Fingerprint => "fingerprint",
        }
    }
}

/// The printer as the kiosk sees it (the print layer maps CUPS states here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrinterState {
    Idle,
    Printing,
    /// Stopped, or needs a person (media-empty, door-open...).
    Stopped,
    /// Not reachable (cupsd down, queue disabled, unplugged).
    Offline,
    Unknown,
}

impl PrinterState {
    pub const ALL: [PrinterState; 5] = [
        Self::Idle,
        Self::Printing,
        Self::Stopped,
        Self::Offline,
        Self::Unknown,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Idle => "idle",
            Self::Printing => "printing",
            Self::Stopped => "stopped",
            Self::Offline => "offline",
            Self::Unknown => "unknown",
        }
    }
}
