//! One capture: poll for a finger, take the image (and check it, when it
//! is uploaded), extract the template, with lift-and-place-again between
//! tries and one terminal event at the end.

use std::time::Duration;

use image::GrayImage;
use tokio::time::Instant;
use zeroize::{Zeroize, Zeroizing};

use super::codec::{Command, Confirmation, IMAGE_BYTES};
use super::driver::{Driver, WAITING_LED};
use super::events::{Capture, FailureReason, FingerprintEvent, PoorImageReason};
use super::exchange::{LinkError, Session};
use super::quality::{self, Quality};

/// What one capture remembers from try to try.
struct Attempt {
    /// How long a finger gets to come (back).
    timeout: Duration,
    /// When to give up waiting for a (new) finger.
    deadline: Instant,
    waiting_reported: bool,
    /// Take no image before the sensor is seen empty: the last image was
    /// poor, or a finger was still there from the capture before.
    must_lift: bool,
    /// `LiftAndPlaceAgain` was sent for this wait.
    lift_reported: bool,
    /// The last GenImg found a finger on the sensor.
    finger_on: bool,
    last_poor: Option<PoorImageReason>,
}

impl Attempt {
    fn new(timeout: Duration, finger_left_on: bool) -> Self {
        Self {
            timeout,
            deadline: Instant::now() + timeout,
            waiting_reported: false,
            must_lift: finger_left_on,
            lift_reported: false,
            finger_on: finger_left_on,
            last_poor: None,
        }
    }

    /// A poor image with tries left (`LiftAndPlaceAgain` already sent): the
    /// finger must be lifted and placed again, and it gets a whole finger
    /// timeout to come back.
    fn again(&mut self, reason: PoorImageReason) {
        self.last_poor = Some(reason);
        self.must_lift = true;
        self.lift_reported = true;
        self.waiting_reported = false;
        self.deadline = Instant::now() + self.timeout;
    }
}

impl Driver {
    /// One capture. `Ok` carries the terminal event; `Err` means the link
    /// failed.
    pub(super) async fn capture(
        &mut self,
        session: &mut Session,
        upload_image: bool,
    ) -> Result<FingerprintEvent, LinkError> {
        let timeout = Duration::from_secs(self.settings.finger_timeout_secs.max(1));
        let mut attempt = Attempt::new(timeout, self.finger_left_on);
        let outcome = self.try_images(session, upload_image, &mut attempt).await;
        // However the capture ended, the next one must see this finger leave.
        self.finger_left_on = attempt.finger_on;
        outcome
    }

    /// The tries of one capture, up to its terminal event.
    async fn try_images(
        &mut self,
        session: &mut Session,
        upload_image: bool,
        attempt: &mut Attempt,
    ) -> Result<FingerprintEvent, LinkError> {
        let mut tries = 0u32;
        session.led(WAITING_LED).await?;
        loop {
            if self.cancelled() {
                return Ok(FingerprintEvent::Cancelled);
            }
            if Instant::now() >= attempt.deadline {
                return Ok(match attempt.last_poor {
                    Some(reason) => FingerprintEvent::PoorImage(reason),
                    None => FingerprintEvent::NoFinger,
                });
            }
            let ack = session.transact(&Command::GenImg).await?;
            // Anything but "no finger" may be a finger resting there.
            attempt.finger_on = ack.confirmation != Confirmation::NoFinger;
            match ack.confirmation {
                Confirmation::NoFinger => {
                    attempt.must_lift = false;
                    if !attempt.waiting_reported {
                        attempt.waiting_reported = true;
                        self.emit(FingerprintEvent::WaitingForFinger).await;
                    }
                    tokio::time::sleep(self.timings.poll_interval).await;
                    continue;
                }
                Confirmation::Ok | Confirmation::ImageCaptureFailed if attempt.must_lift => {
                    if !attempt.lift_reported {
                        // Still the finger of the capture before.
                        attempt.lift_reported = true;
                        self.emit(FingerprintEvent::LiftAndPlaceAgain).await;
                    }
                    tokio::time::sleep(self.timings.poll_interval).await;
                    continue;
                }
                Confirmation::Ok => {
                    self.emit(FingerprintEvent::FingerDetected).await;
                }
                Confirmation::ImageCaptureFailed => {
                    let reason = PoorImageReason::Module(ack.confirmation);
                    match self.poor(&mut tries, reason).await {
                        Some(end) => return Ok(end),
                        None => {
                            attempt.again(reason);
                            continue;
                        }
                    }
                }
                other => return Ok(FingerprintEvent::Failed(FailureReason::Module(other))),
            }

            let mut captured_image = None;
            let mut quality = None;
            if upload_image {
                let image = match self.upload_image(session).await? {
                    Ok(image) => image,
                    Err(code) => {
                        return Ok(FingerprintEvent::Failed(FailureReason::Module(code)));
                    }
                };
                let measured = Quality::assess(&image);
                quality = Some(measured);
                captured_image = Some(image);
                if !measured.acceptable() {
                    let reason = PoorImageReason::LowQuality(measured);
                    match self.poor(&mut tries, reason).await {
                        Some(end) => return Ok(end),
                        None => {
                            attempt.again(reason);
                            continue;
                        }
                    }
                }
            }

            let ack = session.transact(&Command::Img2Tz { buffer: 1 }).await?;
            match ack.confirmation {
                Confirmation::Ok => {}
                Confirmation::ImageTooMessy
                | Confirmation::TooFewFeaturePoints
                | Confirmation::NoValidImage
                | Confirmation::ImageTooDry
                | Confirmation::ImageTooWet => {
                    let reason = PoorImageReason::Module(ack.confirmation);
                    match self.poor(&mut tries, reason).await {
                        Some(end) => return Ok(end),
                        None => {
                            attempt.again(reason);
                            continue;
                        }
                    }
                }
                other => return Ok(FingerprintEvent::Failed(FailureReason::Module(other))),
            }

            let ack = session.transact(&Command::UpChar { buffer: 1 }).await?;
            if ack.confirmation != Confirmation::Ok {
                return Ok(FingerprintEvent::Failed(FailureReason::Module(
                    ack.confirmation,
                )));
            }
            let template = Zeroizing::new(session.receive_data(4096).await?);
            if template.is_empty() {
                return Err(LinkError::Protocol("an empty template".into()));
            }
            return Ok(FingerprintEvent::Captured(Capture {
                template,
                image: captured_image,
                quality,
            }));
        }
    }

    /// Counts a poor image; `Some(PoorImage)` when the tries are used up,
    /// otherwise asks to lift and place again.
    async fn poor(&mut self, tries: &mut u32, reason: PoorImageReason) -> Option<FingerprintEvent> {
        *tries += 1;
        if *tries >= self.timings.max_image_tries.max(1) {
            return Some(FingerprintEvent::PoorImage(reason));
        }
        self.emit(FingerprintEvent::LiftAndPlaceAgain).await;
        None
    }

    /// The sensor image; `Ok(Err(code))` when the module refuses to send it.
    async fn upload_image(
        &mut self,
        session: &mut Session,
    ) -> Result<Result<GrayImage, Confirmation>, LinkError> {
        let ack = session.transact(&Command::UpImage).await?;
        if ack.confirmation != Confirmation::Ok {
            return Ok(Err(ack.confirmation));
        }
        let mut packed = session.receive_data(IMAGE_BYTES).await?;
        let image = quality::unpack_image(&packed);
        packed.zeroize();
        image
            .map(Ok)
            .ok_or_else(|| LinkError::Protocol("an image of the wrong size".into()))
    }
}
