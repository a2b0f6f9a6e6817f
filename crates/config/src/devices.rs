use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DeviceSettings {
    pub scanner: ScannerSettings,
    pub fingerprint: FingerprintSettings,
}

/// The ID-card scanner: ASCII reads over a serial port.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ScannerSettings {
    pub port: String,
    pub baud: u32,
    /// What ends one read.
    pub terminator: ScanTerminator,
    /// Whether reads come wrapped in STX ... ETX.
    pub framing: ScanFraming,
}

impl Default for ScannerSettings {
    fn default() -> Self {
        Self {
            port: "/dev/ttyACM0".into(),
            baud: 9600,
            terminator: ScanTerminator::Cr,
            framing: ScanFraming::None,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ScanTerminator {
    Cr,
    Crlf,
    Lf,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum ScanFraming {
    None,
    StxEtx,
}

/// The ZhianTec R30x-family fingerprint module.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct FingerprintSettings {
    pub port: String,
    /// 9600 × N, N = 1..12.
    pub baud: u32,
    /// Module address, default 0xFFFFFFFF.
    pub address: u32,
    /// Module password, default 0.
    pub password: u32,
    /// Seconds to wait for a finger before "no finger".
    pub finger_timeout_secs: u64,
    /// Also upload the image (slow: ~7 s at 57600 baud) to check quality.
    pub upload_image: bool,
}

impl Default for FingerprintSettings {
    fn default() -> Self {
        Self {
            port: "/dev/ttyUSB0".into(),
            baud: 57_600,
            address: 0xFFFF_FFFF,
            password: 0,
            finger_timeout_secs: 15,
            upload_image: false,
        }
    }
}
