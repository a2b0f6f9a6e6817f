//! What the driver tells the app: the module it found, each step of a
//! capture and how it ended, and why something failed.

use std::fmt;

use image::GrayImage;
use zeroize::{Zeroize, Zeroizing};

use super::codec::Confirmation;
use super::quality::Quality;

/// What the driver learnt from the module when it connected.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModuleInfo {
    pub port: String,
    /// The baud the module reports (9600 × N).
    pub baud: u32,
    /// Data packet size, bytes.
    pub packet_size: usize,
    pub library_size: u16,
    pub security_level: u16,
    pub system_id: u16,
    /// Whether the module took an AuraLedConfig (R503 ring LED).
    pub has_led: bool,
}

/// A successful capture. The template is biometric data: it is wiped from
/// memory when dropped and never shown by `Debug`.
#[derive(Clone)]
pub struct Capture {
    pub template: Zeroizing<Vec<u8>>,
    /// The sensor image, when it was asked for.
    pub image: Option<GrayImage>,
    /// Measured on the image; `None` when no image was uploaded (the module's
    /// own Img2Tz check still applied).
    pub quality: Option<Quality>,
}

impl fmt::Debug for Capture {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Capture")
            .field(
                "template",
                &format_args!("<{} bytes redacted>", self.template.len()),
            )
            .field("image", &self.image.as_ref().map(|i| i.dimensions()))
            .field("quality", &self.quality)
            .finish()
    }
}

impl Drop for Capture {
    fn drop(&mut self) {
        if let Some(image) = self.image.as_mut() {
            // The image is as personal as the template.
            let raw: &mut [u8] = &mut *image;
            raw.zeroize();
        }
    }
}

/// Why a capture was not good enough.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PoorImageReason {
    /// The module could not extract features (its confirmation code).
    Module(Confirmation),
    /// Our own check of the image failed.
    LowQuality(Quality),
}

/// Why something failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FailureReason {
    /// A capture was asked while no module is connected.
    NotConnected,
    /// The module refused the configured password.
    WrongPassword,
    /// The module stopped answering.
    NoAnswer,
    /// The link went away in the middle of an exchange.
    LinkLost,
    /// The module answered with an error code.
    Module(Confirmation),
    /// The module sent something the protocol does not allow.
    Protocol(String),
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotConnected => f.write_str("the fingerprint reader is not connected"),
            Self::WrongPassword => f.write_str("the fingerprint reader refused the password"),
            Self::NoAnswer => f.write_str(
                "the fingerprint reader does not answer (check its power, cable and baud rate)",
            ),
            Self::LinkLost => f.write_str("the fingerprint reader was disconnected"),
            Self::Module(code) => write!(f, "the fingerprint reader reported {code:?}"),
            Self::Protocol(what) => write!(f, "the fingerprint reader sent {what}"),
        }
    }
}

/// What the driver tells the app.
#[derive(Debug, Clone)]
pub enum FingerprintEvent {
    Connected(ModuleInfo),
    Disconnected,
    /// A capture is waiting for a finger on the sensor.
    WaitingForFinger,
    FingerDetected,
    /// Lift the finger and place it again: the last image was not usable,
    /// or a capture began with the finger of the capture before still on
    /// the sensor. Sent once per wait; no image is taken until the sensor
    /// has been seen empty.
    LiftAndPlaceAgain,
    /// Capture ended: still no usable image after the allowed tries.
    PoorImage(PoorImageReason),
    /// Capture ended: success.
    Captured(Capture),
    /// Capture ended: no finger within the timeout.
    NoFinger,
    /// Capture ended because the app cancelled it.
    Cancelled,
    /// Capture ended in an error, or the module could not be brought up.
    Failed(FailureReason),
}
