//! The driver task: it owns the port, connects (VfyPwd, ReadSysPara, the
//! LED probe), serves the app's requests while connected, watches an idle
//! link, and reconnects with backoff when it goes away. A capture itself is
//! in `capture`.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::time::Instant;
use totem_config::FingerprintSettings;

use super::codec::{
    Command, Confirmation, LedColour, LedConfig, LedControl, PacketDecoder, SystemParameters,
};
use super::events::{FailureReason, FingerprintEvent, ModuleInfo};
use super::exchange::{LinkError, Session};
use crate::link::{Backoff, SerialLink};

/// What the app's handle asks of the driver task.
pub(super) enum Request {
    Capture { upload_image: bool },
    Cancel,
    Led(LedConfig),
}

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

/// What kept the module from coming up, to report each cause once.
#[derive(Debug, Clone, PartialEq, Eq)]
enum DownReason {
    PortMissing,
    Failure(FailureReason),
}

pub(super) struct Driver {
    pub(super) settings: FingerprintSettings,
    pub(super) timings: Timings,
    pub(super) requests: mpsc::Receiver<Request>,
    pub(super) events: mpsc::Sender<FingerprintEvent>,
    /// A finger was on the sensor when the last capture ended. A real sensor
    /// reports a resting finger for as long as it rests there, so the next
    /// capture takes no image before it has seen the sensor empty: one
    /// placement is never read twice (a wrong finger left lying there would
    /// otherwise use up every try at once).
    pub(super) finger_left_on: bool,
}

/// How a phase of the driver ended.
enum Next {
    Reconnect,
    Stop,
}

pub(super) const WAITING_LED: LedConfig = LedConfig {
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

impl Driver {
    pub(super) async fn emit(&self, event: FingerprintEvent) -> bool {
        self.events.send(event).await.is_ok()
    }

    pub(super) async fn run(mut self) {
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
    pub(super) fn cancelled(&mut self) -> bool {
        let mut cancelled = false;
        while let Ok(request) = self.requests.try_recv() {
            cancelled |= matches!(request, Request::Cancel);
        }
        cancelled
    }
}
