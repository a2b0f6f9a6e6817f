//! Framing: header, address, packet id, length, payload, checksum; a packet
//! encoded to bytes and decoded back, with every way bytes can fail to be one.

use std::fmt;

/// The two bytes every packet starts with.
pub const HEADER: [u8; 2] = [0xEF, 0x01];
/// The address a module answers to out of the box.
pub const DEFAULT_ADDRESS: u32 = 0xFFFF_FFFF;
/// Header, address, packet id and length: the bytes before the payload.
pub const PREFIX_LEN: usize = 9;
/// Bytes of framing around a payload (prefix + checksum).
pub const OVERHEAD: usize = PREFIX_LEN + 2;
/// The largest payload we accept. Data packets carry at most 256 bytes; the
/// margin admits vendor variants while still bounding what garbage can make
/// us buffer.
pub const MAX_PAYLOAD: usize = 512;

/// The packet identifier byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PacketKind {
    /// `01`: a command from the host.
    Command,
    /// `02`: a data packet, more follow.
    Data,
    /// `07`: the module's acknowledgement.
    Ack,
    /// `08`: the last data packet.
    EndData,
    /// Any other identifier, kept as it came.
    Other(u8),
}

impl PacketKind {
    pub fn from_id(id: u8) -> Self {
        match id {
            0x01 => Self::Command,
            0x02 => Self::Data,
            0x07 => Self::Ack,
            0x08 => Self::EndData,
            other => Self::Other(other),
        }
    }

    pub fn id(self) -> u8 {
        match self {
            Self::Command => 0x01,
            Self::Data => 0x02,
            Self::Ack => 0x07,
            Self::EndData => 0x08,
            Self::Other(id) => id,
        }
    }
}

/// One framed packet.
#[derive(Clone, PartialEq, Eq)]
pub struct Packet {
    pub address: u32,
    pub kind: PacketKind,
    pub payload: Vec<u8>,
}

impl fmt::Debug for Packet {
    // Payloads carry templates and images: show only their size.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Packet")
            .field("address", &format_args!("{:08X}", self.address))
            .field("kind", &self.kind)
            .field("payload_len", &self.payload.len())
            .finish()
    }
}

/// Why a packet could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    #[error("payload of {0} bytes is larger than the protocol allows ({MAX_PAYLOAD})")]
    PayloadTooLarge(usize),
}

/// Why bytes are not (yet) a packet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("more bytes are needed")]
    Incomplete,
    #[error("the bytes do not start with the packet header EF 01")]
    BadHeader,
    #[error("length field {0} is outside 2..={max}", max = MAX_PAYLOAD + 2)]
    BadLength(u16),
    #[error("checksum {found:04X} does not match the computed {computed:04X}")]
    BadChecksum { computed: u16, found: u16 },
}

/// The protocol checksum over packet id, length and payload.
pub fn checksum(kind_id: u8, length: u16, payload: &[u8]) -> u16 {
    let [hi, lo] = length.to_be_bytes();
    payload.iter().fold(
        u16::from(kind_id) + u16::from(hi) + u16::from(lo),
        |sum, &b| sum.wrapping_add(u16::from(b)),
    )
}

impl Packet {
    pub fn new(address: u32, kind: PacketKind, payload: Vec<u8>) -> Self {
        Self {
            address,
            kind,
            payload,
        }
    }

    /// Bytes on the wire for this packet.
    pub fn wire_len(&self) -> usize {
        self.payload.len() + OVERHEAD
    }

    /// Appends the framed packet to `out`.
    pub fn encode_into(&self, out: &mut Vec<u8>) -> Result<(), EncodeError> {
        if self.payload.len() > MAX_PAYLOAD {
            return Err(EncodeError::PayloadTooLarge(self.payload.len()));
        }
        // Fits: MAX_PAYLOAD + 2 < u16::MAX.
        let length = (self.payload.len() + 2) as u16;
        out.reserve(self.wire_len());
        out.extend_from_slice(&HEADER);
        out.extend_from_slice(&self.address.to_be_bytes());
        out.push(self.kind.id());
        out.extend_from_slice(&length.to_be_bytes());
        out.extend_from_slice(&self.payload);
        out.extend_from_slice(&checksum(self.kind.id(), length, &self.payload).to_be_bytes());
        Ok(())
    }

    pub fn encode(&self) -> Result<Vec<u8>, EncodeError> {
        let mut out = Vec::with_capacity(self.wire_len());
        self.encode_into(&mut out)?;
        Ok(out)
    }

    /// Decodes one packet from the start of `bytes`; returns it and how many
    /// bytes it used.
    pub fn decode(bytes: &[u8]) -> Result<(Packet, usize), DecodeError> {
        if bytes.len() < 2 {
            return if bytes.first().is_none_or(|&b| b == HEADER[0]) {
                Err(DecodeError::Incomplete)
            } else {
                Err(DecodeError::BadHeader)
            };
        }
        if bytes[..2] != HEADER {
            return Err(DecodeError::BadHeader);
        }
        if bytes.len() < PREFIX_LEN {
            return Err(DecodeError::Incomplete);
        }
        let address = u32::from_be_bytes([bytes[2], bytes[3], bytes[4], bytes[5]]);
        let kind_id = bytes[6];
        let length = u16::from_be_bytes([bytes[7], bytes[8]]);
        if !(2..=(MAX_PAYLOAD as u16 + 2)).contains(&length) {
            return Err(DecodeError::BadLength(length));
        }
        let total = PREFIX_LEN + usize::from(length);
        if bytes.len() < total {
            return Err(DecodeError::Incomplete);
        }
        let payload = &bytes[PREFIX_LEN..total - 2];
        let found = u16::from_be_bytes([bytes[total - 2], bytes[total - 1]]);
        let computed = checksum(kind_id, length, payload);
        if found != computed {
            return Err(DecodeError::BadChecksum { computed, found });
        }
        Ok((
            Packet::new(address, PacketKind::from_id(kind_id), payload.to_vec()),
            total,
        ))
    }
}
