//! The ZhianTec R30x / R503 / AS608 UART packet protocol, as pure functions:
//! no I/O, no clock. The driver and the emulator both speak through this, so
//! they cannot disagree on a byte.
//!
//! A packet on the wire:
//!
//! ```text
//! EF 01 | address (4, BE) | packet id (1) | length (2, BE) = payload + 2 | payload | checksum (2, BE)
//! ```
//!
//! The checksum is the low 16 bits of the sum of the packet id, both length
//! bytes and every payload byte.
//!
//! One module a part of the protocol, each importing only from the ones
//! below it: `packet` (framing, checksum) at the bottom; `decoder` (a
//! stream of bytes into packets), `command` with `led` (what the host
//! sends), `ack` (what the module answers), `system` (the ReadSysPara
//! data) and `data` (templates and images in data packets) on top of it.
//! Every public name is re-exported here: callers write `codec::X`.

mod ack;
mod command;
mod data;
mod decoder;
mod led;
mod packet;
mod system;

pub use ack::{Ack, Confirmation};
pub use command::{Command, CommandError, Instruction};
pub use data::{data_packets, data_wire_len, IMAGE_BYTES, IMAGE_HEIGHT, IMAGE_WIDTH, TEMPLATE_LEN};
pub use decoder::PacketDecoder;
pub use led::{LedColour, LedConfig, LedControl};
pub use packet::{
    checksum, DecodeError, EncodeError, Packet, PacketKind, DEFAULT_ADDRESS, HEADER, MAX_PAYLOAD,
    OVERHEAD, PREFIX_LEN,
};
pub use system::{packet_size_code, SysParaError, SystemParameters};

#[cfg(test)]
mod tests;
