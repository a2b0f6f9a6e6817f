//! The kiosk's configuration: `kiosk-config/kiosk.toml` (this site's settings)
//! and `kiosk-config/certificates.toml` (the certificate catalog).
//!
//! Each section is a plain data type that the layer using it reads; every
//! field has a default so a site file only states what differs. Validation
//! (with errors naming file, line and key) lives in `load`.

pub mod backend;
pub mod catalog;
pub mod devices;
pub mod kiosk;
pub mod printer;

pub use backend::BackendSettings;
pub use catalog::{Catalog, CertificateEntry, Family};
pub use devices::{DeviceSettings, FingerprintSettings, ScanFraming, ScanTerminator, ScannerSettings};
pub use kiosk::{KioskConfig, KioskSettings, Language, MaintenanceSettings, TimeoutSettings};
pub use printer::{PaperSize, PrinterKind, PrinterSettings};
