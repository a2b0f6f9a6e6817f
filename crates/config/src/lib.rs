//! The kiosk's configuration: `kiosk-config/kiosk.toml` (this site's settings)
//! and `kiosk-config/certificates.toml` (the certificate catalog).
//!
//! Each section is a plain data type that the layer using it reads; every
//! field has a default so a site file only states what differs. [`load`]
//! reads and validates both files; every error names the file, the line and
//! the key, and says what is expected (see docs/configuration.md).

pub mod accessibility;
pub mod backend;
pub mod catalog;
pub mod changes;
pub mod devices;
mod error;
pub mod kiosk;
mod load;
mod locate;
pub mod printer;

pub use accessibility::{
    AccessibilitySettings, HeadsetSettings, HeadsetSource, KeypadFunction, KeypadSettings,
    ScreenSettings, SpeechSettings,
};
pub use backend::BackendSettings;
pub use catalog::{Catalog, CertificateEntry, Family, Subject};
pub use changes::{changes, tls_digest, Change, Takes};
pub use devices::{
    DeviceSettings, FingerprintSettings, ScanFraming, ScanTerminator, ScannerSettings,
};
pub use error::ConfigError;
pub use kiosk::{KioskConfig, KioskSettings, Language, MaintenanceSettings, TimeoutSettings};
pub use load::{
    load, load_catalog, load_kiosk, parse_catalog, parse_kiosk, CATALOG_FILE, KIOSK_FILE,
};
pub use printer::{PaperSize, PrinterKind, PrinterSettings};
