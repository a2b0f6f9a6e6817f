//! One exchange with a connected module: a command out, its acknowledgement
//! or its data packets back, within the time the wire and the module need.

use std::time::Duration;

use tokio::time::Instant;
use zeroize::Zeroize;

use super::codec::{self, Ack, Command, LedConfig, Packet, PacketDecoder, PacketKind};
use super::events::FailureReason;
use crate::link::SerialLink;

/// Errors of one exchange with the module.
#[derive(Debug)]
pub(super) enum LinkError {
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
pub(super) struct Session {
    pub(super) link: SerialLink,
    pub(super) decoder: PacketDecoder,
    pub(super) address: u32,
    /// Seconds per byte on the wire (10 bits a byte, 8N1).
    pub(super) byte_time: f64,
    pub(super) answer_timeout: Duration,
    pub(super) has_led: bool,
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
    pub(super) async fn transact(&mut self, command: &Command) -> Result<Ack, LinkError> {
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
    pub(super) async fn receive_data(&mut self, max_len: usize) -> Result<Vec<u8>, LinkError> {
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

    pub(super) async fn led(&mut self, led: LedConfig) -> Result<(), LinkError> {
        if self.has_led {
            self.transact(&Command::AuraLedConfig(led)).await?;
        }
        Ok(())
    }
}
