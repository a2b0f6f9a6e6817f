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

pub mod codec;
pub mod quality;

use std::fmt;
use std::time::Duration;

use image::GrayImage;
use tokio::sync::mpsc;
use tokio::time::Instant;
use totem_config::FingerprintSettings;
use zeroize::{Zeroize, Zeroizing};

use crate::link::{Backoff, SerialLink};
use codec::{
    Ack, Command, Confirmation, LedColour, LedConfig, LedControl, Packet, PacketDecoder,
    PacketKind, SystemParameters, IMAGE_BYTES,
};
pub use quality::Quality;

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

enum Request {
    Capture { upload_image: bool },
    Cancel,
    Led(LedConfig),
}

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

/// Timings of the driver. The defaults suit a real module; tests shorten them.
#[derive(Debug, Clone)]
pub struct Timings {
    /// How long to wait for an acknowledgement (beyond its wire time).
    pub answer_timeout: Duration,
    /// Pause between GenImg polls while no finger is there.
    pub poll_interval: Duration,
    /// How often an idle link is checked with ReadSysPara.
    pub heartbeat: Duration,
    /// Image tries (lift and place again) before `PoorImage`.
    pub max_image_tries: u32,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            answer_timeout: Duration::from_secs(2),
            poll_interval: Duration::from_millis(100),
            heartbeat: Duration::from_secs(3),
            max_image_tries: 3,
        }
    }
}

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

/// Errors of one exchange with the module.
#[derive(Debug)]
enum LinkError {
    Io,
    Timeout,
    Protocol(String),
}

impl From<LinkError> for FailureReason {
    fn from(e: LinkError) -> Self {
        match e {
            LinkError::Io => Self::LinkLost,
            LinkError::Timeout => Self::NoAnswer,
            LinkError::Protocol(what) => Self::Protocol(what),
        }
    }
}

/// The driver's end of a connected module.
struct Session {
    link: SerialLink,
    decoder: PacketDecoder,
    address: u32,
    /// Seconds per byte on the wire (10 bits a byte, 8N1).
    byte_time: f64,
    answer_timeout: Duration,
    has_led: bool,
}

impl Session {
    fn wire_time(&self, bytes: usize) -> Duration {
        Duration::from_secs_f64(self.byte_time * bytes as f64)
    }

    async fn send(&mut self, command: &Command) -> Result<(), LinkError> {
        let bytes = command
            .to_packet(self.address)
            .encode()
            .map_err(|e| LinkError::Protocol(e.to_string()))?;
        self.link.write_all(&bytes).await.map_err(|_| LinkError::Io)
    }

    /// The next packet from our module, waiting at most `timeout`.
    async fn next_packet(&mut self, timeout: Duration) -> Result<Packet, LinkError> {
        let deadline = Instant::now() + timeout;
        let mut buf = [0u8; 1024];
        loop {
            if let Some(packet) = self.decoder.next_packet() {
                if packet.address == self.address {
                    return Ok(packet);
                }
                continue;
            }
            match tokio::time::timeout_at(deadline, self.link.read(&mut buf)).await {
                Err(_) => return Err(LinkError::Timeout),
                Ok(Ok(0)) | Ok(Err(_)) => return Err(LinkError::Io),
                Ok(Ok(n)) => {
                    self.decoder.push(&buf[..n]);
                    buf[..n].zeroize();
                }
            }
        }
    }

    /// Sends `command` and waits for its acknowledgement.
    async fn transact(&mut self, command: &Command) -> Result<Ack, LinkError> {
        self.send(command).await?;
        let timeout = self.answer_timeout + self.wire_time(64);
        loop {
            let packet = self.next_packet(timeout).await?;
            if let Some(ack) = Ack::from_packet(&packet) {
                return Ok(ack);
            }
            // A stray data packet from an earlier, abandoned upload: skip it.
        }
    }

    /// Receives data packets up to the end-of-data packet.
    async fn receive_data(&mut self, max_len: usize) -> Result<Vec<u8>, LinkError> {
        let mut data = Vec::with_capacity(max_len);
        let timeout = self.answer_timeout + self.wire_time(codec::MAX_PAYLOAD + codec::OVERHEAD);
        loop {
            let mut packet = self.next_packet(timeout).await?;
            let last = match packet.kind {
                PacketKind::Data => false,
                PacketKind::EndData => true,
                other => {
                    return Err(LinkError::Protocol(format!(
                        "a {other:?} packet in the middle of a data transfer"
                    )))
                }
            };
            if data.len() + packet.payload.len() > max_len {
                data.zeroize();
                packet.payload.zeroize();
                return Err(LinkError::Protocol(format!(
                    "more than {max_len} bytes of data"
                )));
            }
            data.extend_from_slice(&packet.payload);
            packet.payload.zeroize();
            if last {
                return Ok(data);
            }
        }
    }

    async fn led(&mut self, led: LedConfig) -> Result<(), LinkError> {
        if self.has_led {
            self.transact(&Command::AuraLedConfig(led)).await?;
        }
        Ok(())
    }
}

/// What kept the module from coming up, to report each cause once.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DownReason {
    PortMissing,
    Failure(FailureReason),
}

struct Driver {
    settings: FingerprintSettings,
    timings: Timings,
    requests: mpsc::Receiver<Request>,
    events: mpsc::Sender<FingerprintEvent>,
    /// A finger was on the sensor when the last capture ended. A real sensor
    /// reports a resting finger for as long as it rests there, so the next
    /// capture takes no image before it has seen the sensor empty: one
    /// placement is never read twice (a wrong finger left lying there would
    /// otherwise use up every try at once).
    finger_left_on: bool,
}

/// How a phase of the driver ended.
enum Next {
    Reconnect,
    Stop,
}

const WAITING_LED: LedConfig = LedConfig {
    control: LedControl::Breathing,
    speed: 100,
    colour: LedColour::Blue,
    count: 0,
};
const SUCCESS_LED: LedConfig = LedConfig {
    control: LedControl::On,
    speed: 0,
    colour: LedColour::Purple,
    count: 0,
};
const PROBLEM_LED: LedConfig = LedConfig {
    control: LedControl::Flashing,
    speed: 30,
    colour: LedColour::Red,
    count: 3,
};
const IDLE_LED: LedConfig = LedConfig {
    control: LedControl::Off,
    speed: 0,
    colour: LedColour::Blue,
    count: 0,
};

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
    async fn emit(&self, event: FingerprintEvent) -> bool {
        self.events.send(event).await.is_ok()
    }

    async fn run(mut self) {
        let mut backoff = Backoff::new();
        // `None` until the first state is known, so the app always hears one.
        let mut reported_down: Option<DownReason> = None;
        let mut first = true;
        loop {
            match self.connect().await {
                Ok((session, info)) => {
                    backoff.reset();
                    first = false;
                    tracing::info!(port = %info.port, baud = info.baud, "fingerprint reader connected");
                    if !self.emit(FingerprintEvent::Connected(info)).await {
                        return;
                    }
                    match self.serve(session).await {
                        Next::Stop => return,
                        Next::Reconnect => {
                            tracing::warn!("fingerprint reader disconnected");
                            reported_down = Some(DownReason::PortMissing);
                            if !self.emit(FingerprintEvent::Disconnected).await {
                                return;
                            }
                        }
                    }
                }
                Err(reason) => {
                    if reported_down.as_ref() != Some(&reason) {
                        if first || reported_down.is_none() {
                            first = false;
                            if !self.emit(FingerprintEvent::Disconnected).await {
                                return;
                            }
                        }
                        if let DownReason::Failure(failure) = &reason {
                            tracing::warn!(%failure, "fingerprint reader not available");
                            if !self.emit(FingerprintEvent::Failed(failure.clone())).await {
                                return;
                            }
                        }
                        reported_down = Some(reason);
                    }
                    let delay = backoff.next_delay();
                    if let Next::Stop = self.wait_disconnected(delay).await {
                        return;
                    }
                }
            }
        }
    }

    /// Waits before the next connection attempt, answering requests.
    async fn wait_disconnected(&mut self, delay: Duration) -> Next {
        let until = Instant::now() + delay;
        loop {
            tokio::select! {
                _ = tokio::time::sleep_until(until) => return Next::Reconnect,
                request = self.requests.recv() => match request {
                    None => return Next::Stop,
                    Some(Request::Capture { .. }) => {
                        if !self.emit(FingerprintEvent::Failed(FailureReason::NotConnected)).await {
                            return Next::Stop;
                        }
                    }
                    Some(Request::Cancel | Request::Led(_)) => {}
                },
            }
        }
    }

    async fn connect(&mut self) -> Result<(Session, ModuleInfo), DownReason> {
        let link = SerialLink::open(&self.settings.port, self.settings.baud)
            .map_err(|_| DownReason::PortMissing)?;
        link.discard_input();
        let mut session = Session {
            link,
            decoder: PacketDecoder::new(),
            address: self.settings.address,
            byte_time: 10.0 / f64::from(self.settings.baud.max(1)),
            answer_timeout: self.timings.answer_timeout,
            has_led: false,
        };
        let fail = |e: LinkError| match e {
            LinkError::Io => DownReason::PortMissing,
            other => DownReason::Failure(other.into()),
        };
        let ack = session
            .transact(&Command::VfyPwd {
                password: self.settings.password,
            })
            .await
            .map_err(fail)?;
        match ack.confirmation {
            Confirmation::Ok => {}
            Confirmation::WrongPassword => {
                return Err(DownReason::Failure(FailureReason::WrongPassword))
            }
            other => return Err(DownReason::Failure(FailureReason::Module(other))),
        }
        let ack = session
            .transact(&Command::ReadSysPara)
            .await
            .map_err(fail)?;
        if ack.confirmation != Confirmation::Ok {
            return Err(DownReason::Failure(FailureReason::Module(ack.confirmation)));
        }
        let params = SystemParameters::parse(&ack.data).map_err(|e| {
            DownReason::Failure(FailureReason::Protocol(format!(
                "bad system parameters: {e}"
            )))
        })?;
        // Only an R503-style module accepts AuraLedConfig; others answer with
        // an error code, which is how we tell.
        let led = session
            .transact(&Command::AuraLedConfig(IDLE_LED))
            .await
            .map_err(fail)?;
        session.has_led = led.confirmation == Confirmation::Ok;
        let info = ModuleInfo {
            port: self.settings.port.clone(),
            baud: params.baud(),
            packet_size: params.packet_size().unwrap_or(128),
            library_size: params.library_size,
            security_level: params.security_level,
            system_id: params.system_id,
            has_led: session.has_led,
        };
        Ok((session, info))
    }

    /// Serves requests while connected; returns when the link is lost.
    async fn serve(&mut self, mut session: Session) -> Next {
        // A new connection starts with no memory of a finger.
        self.finger_left_on = false;
        let mut buf = [0u8; 256];
        loop {
            let request = tokio::select! {
                request = self.requests.recv() => request,
                read = session.link.read(&mut buf) => match read {
                    // Unsolicited bytes: line noise, or a module that
                    // rebooted. Nothing is waiting for them.
                    Ok(n) if n > 0 => { session.decoder.clear(); continue; }
                    _ => return Next::Reconnect,
                },
                _ = tokio::time::sleep(self.timings.heartbeat) => {
                    match session.transact(&Command::ReadSysPara).await {
                        Ok(_) => continue,
                        Err(_) => return Next::Reconnect,
                    }
                }
            };
            match request {
                None => return Next::Stop,
                Some(Request::Cancel) => {}
                Some(Request::Led(led)) => {
                    if session.led(led).await.is_err() {
                        return Next::Reconnect;
                    }
                }
                Some(Request::Capture { upload_image }) => {
                    let outcome = self.capture(&mut session, upload_image).await;
                    let (event, link_ok) = match outcome {
                        Ok(event) => (event, true),
                        Err(e) => (FingerprintEvent::Failed(e.into()), false),
                    };
                    let led = match &event {
                        FingerprintEvent::Captured(_) => SUCCESS_LED,
                        FingerprintEvent::Cancelled => IDLE_LED,
                        _ => PROBLEM_LED,
                    };
                    // The LED first, so it already shows the outcome when
                    // the app hears of it.
                    let link_ok = link_ok && session.led(led).await.is_ok();
                    if !self.emit(event).await {
                        return Next::Stop;
                    }
                    if !link_ok {
                        return Next::Reconnect;
                    }
                }
            }
        }
    }

    /// Whether the app cancelled (other requests during a capture are
    /// dropped: one capture at a time).
    fn cancelled(&mut self) -> bool {
        let mut cancelled = false;
        while let Ok(request) = self.requests.try_recv() {
            cancelled |= matches!(request, Request::Cancel);
        }
        cancelled
    }

    /// One capture. `Ok` carries the terminal event; `Err` means the link
    /// failed.
    async fn capture(
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
