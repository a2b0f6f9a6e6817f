//! totem-device: the kiosk's two serial devices.
//!
//! - [`fingerprint`]: the ZhianTec R30x / R503 / AS608 module — a pure packet
//!   [`fingerprint::codec`] and an async driver, [`FingerprintReader`].
//! - [`scanner`]: the ID-card scanner — a line driver, [`CardScanner`], whose
//!   reads go through `totem_document::scan::decode_scan`.
//!
//! Both drivers run as tokio tasks, send events through an mpsc channel, and
//! reconnect with backoff when their port disappears and comes back.
//! See docs/devices.md.

pub mod fingerprint;
pub mod link;
pub mod probe;
pub mod scanner;

pub use fingerprint::{
    Capture, FailureReason, FingerprintEvent, FingerprintReader, ModuleInfo, PoorImageReason,
    Quality, Timings,
};
pub use scanner::{CardScanner, ScannerEvent, UnreadableReason};
