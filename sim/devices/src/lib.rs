//! Byte-exact emulators of Totem's two serial devices, on pseudo-terminals:
//! the ZhianTec R30x fingerprint module ([`FingerprintEmulator`]) and the
//! ID-card scanner ([`ScannerEmulator`]). Any host program that speaks the
//! protocol can use them; `totem-sim devices` runs both (see docs/devices.md).

pub mod cli;
pub mod fingerprint;
mod pacing;
mod pty;
pub mod ridges;
pub mod scanner;

pub use fingerprint::{
    FingerprintEmulator, FingerprintEmulatorConfig, FingerprintFault, FingerprintStats,
};
pub use pacing::byte_time;
pub use scanner::{ScannerEmulator, ScannerEmulatorConfig};
