//! The ZhianTec R30x / R503 / AS608 fingerprint module.
//!
//! [`FingerprintReader::spawn`] starts a task that owns the port. It connects
//! (VfyPwd, ReadSysPara), reports [`FingerprintEvent::Connected`], watches the
//! link while idle, and reconnects by itself with backoff when the port goes
//! away or the module stops answering. The app asks for a capture with
//! [`FingerprintReader::capture`] and follows it through events; every capture
//! ends with exactly one of `Captured`, `NoFinger`, `PoorImage`, `Cancelled`
//! or `Failed`. A finger still on the sensor when a capture ends must be
//! lifted before the next capture takes an image (`LiftAndPlaceAgain`).
//!
//! Inside, each module imports only from the ones below it: `reader` (the
//! app's handle) starts the `driver` (connect, serve, reconnect), whose
//! captures are in `capture`; both talk through `exchange` (one command and
//! its answer on the port) in the `codec`'s packets, and report in the
//! types of `events`.

pub mod codec;
pub mod quality;

mod capture;
mod driver;
mod events;
mod exchange;
mod reader;

pub use driver::Timings;
pub use events::{Capture, FailureReason, FingerprintEvent, ModuleInfo, PoorImageReason};
pub use quality::Quality;
pub use reader::{DriverStopped, FingerprintReader};
