//! The app's handle on the driver task: start it, ask for a capture, cancel
//! it, set the LED. Progress and results come back as events.

use tokio::sync::mpsc;
use totem_config::FingerprintSettings;

use super::codec::LedConfig;
use super::driver::{Driver, Request, Timings};
use super::events::FingerprintEvent;

/// Handle to the driver task. Cloneable; the task stops when every handle is
/// dropped.
#[derive(Clone, Debug)]
pub struct FingerprintReader {
    requests: mpsc::Sender<Request>,
}

/// The driver task is gone (its runtime shut down).
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the fingerprint driver has stopped")]
pub struct DriverStopped;

impl FingerprintReader {
    /// Starts the driver on the current tokio runtime.
    pub fn spawn(settings: FingerprintSettings) -> (Self, mpsc::Receiver<FingerprintEvent>) {
        Self::spawn_with(settings, Timings::default())
    }

    pub fn spawn_with(
        settings: FingerprintSettings,
        timings: Timings,
    ) -> (Self, mpsc::Receiver<FingerprintEvent>) {
        let (request_tx, request_rx) = mpsc::channel(8);
        let (event_tx, event_rx) = mpsc::channel(64);
        let driver = Driver {
            settings,
            timings,
            requests: request_rx,
            events: event_tx,
            finger_left_on: false,
        };
        tokio::spawn(driver.run());
        (
            Self {
                requests: request_tx,
            },
            event_rx,
        )
    }

    /// Starts a capture. Progress and the result come as events.
    pub async fn capture(&self, upload_image: bool) -> Result<(), DriverStopped> {
        self.send(Request::Capture { upload_image }).await
    }

    /// Stops a capture in progress (it ends with `Cancelled`).
    pub async fn cancel(&self) -> Result<(), DriverStopped> {
        self.send(Request::Cancel).await
    }

    /// Sets the ring LED, where the module has one.
    pub async fn set_led(&self, led: LedConfig) -> Result<(), DriverStopped> {
        self.send(Request::Led(led)).await
    }

    async fn send(&self, request: Request) -> Result<(), DriverStopped> {
        self.requests.send(request).await.map_err(|_| DriverStopped)
    }
}
