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
/// Template (character file) size, bytes.
pub const TEMPLATE_LEN: usize = 512;
/// Sensor image geometry: 256 × 288, 4 bits a pixel, high nibble first.
pub const IMAGE_WIDTH: u32 = 256;
pub const IMAGE_HEIGHT: u32 = 288;
/// Bytes of an uploaded image.
pub const IMAGE_BYTES: usize = (IMAGE_WIDTH * IMAGE_HEIGHT / 2) as usize;

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

/// A streaming decoder: feed it whatever the port gave, take packets out.
/// Garbage, cut packets and bad checksums are skipped by searching for the
/// next header, so one line glitch costs one packet, not the link.
#[derive(Debug, Default)]
pub struct PacketDecoder {
    buffer: Vec<u8>,
    discarded: u64,
    bad_checksums: u64,
}

impl PacketDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next complete packet, if the buffer holds one.
    pub fn next_packet(&mut self) -> Option<Packet> {
        loop {
            // Drop everything before the next possible header.
            let start = find_header_start(&self.buffer);
            if start > 0 {
                self.discard(start);
            }
            match Packet::decode(&self.buffer) {
                Ok((packet, used)) => {
                    self.buffer.drain(..used);
                    return Some(packet);
                }
                Err(DecodeError::Incomplete) => {
                    // A false header in garbage can claim a long payload and
                    // hold back a real packet behind it until the bytes
                    // arrive. If a complete, valid packet already starts
                    // further on, the first header was false.
                    match self.later_complete_packet() {
                        Some(at) => self.discard(at),
                        None => return None,
                    }
                }
                Err(DecodeError::BadChecksum { .. }) => {
                    self.bad_checksums += 1;
                    // The header may have been a false one inside garbage:
                    // resume the search right after it.
                    self.discard(1);
                }
                Err(DecodeError::BadHeader | DecodeError::BadLength(_)) => self.discard(1),
            }
        }
    }

    /// Bytes thrown away as garbage so far.
    pub fn discarded(&self) -> u64 {
        self.discarded
    }

    /// Packets dropped for a wrong checksum so far.
    pub fn bad_checksums(&self) -> u64 {
        self.bad_checksums
    }

    /// Bytes waiting for the rest of a packet.
    pub fn pending(&self) -> usize {
        self.buffer.len()
    }

    pub fn clear(&mut self) {
        self.discarded += self.buffer.len() as u64;
        self.buffer.clear();
    }

    fn later_complete_packet(&self) -> Option<usize> {
        let mut at = 1;
        while at < self.buffer.len() {
            let start = at + find_header_start(&self.buffer[at..]);
            if Packet::decode(&self.buffer[start..]).is_ok() {
                return Some(start);
            }
            at = start + 1;
        }
        None
    }

    fn discard(&mut self, n: usize) {
        let n = n.min(self.buffer.len());
        self.buffer.drain(..n);
        self.discarded += n as u64;
    }
}

/// Index of the first byte that could begin a header (an `EF 01` pair, or a
/// trailing `EF` whose partner has not arrived yet).
fn find_header_start(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == HEADER[0] && bytes.get(i + 1).is_none_or(|&b| b == HEADER[1]) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}

/// Instruction codes: the first byte of a command payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Instruction {
    GenImg,
    Img2Tz,
    Match,
    Search,
    RegModel,
    Store,
    LoadChar,
    UpChar,
    DownChar,
    UpImage,
    DownImage,
    DeleteChar,
    Empty,
    SetSysPara,
    ReadSysPara,
    VfyPwd,
    TemplateNum,
    AuraLedConfig,
    Unknown(u8),
}

impl Instruction {
    pub fn from_code(code: u8) -> Self {
        match code {
            0x01 => Self::GenImg,
            0x02 => Self::Img2Tz,
            0x03 => Self::Match,
            0x04 => Self::Search,
            0x05 => Self::RegModel,
            0x06 => Self::Store,
            0x07 => Self::LoadChar,
            0x08 => Self::UpChar,
            0x09 => Self::DownChar,
            0x0A => Self::UpImage,
            0x0B => Self::DownImage,
            0x0C => Self::DeleteChar,
            0x0D => Self::Empty,
            0x0E => Self::SetSysPara,
            0x0F => Self::ReadSysPara,
            0x13 => Self::VfyPwd,
            0x1D => Self::TemplateNum,
            0x35 => Self::AuraLedConfig,
            other => Self::Unknown(other),
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Self::GenImg => 0x01,
            Self::Img2Tz => 0x02,
            Self::Match => 0x03,
            Self::Search => 0x04,
            Self::RegModel => 0x05,
            Self::Store => 0x06,
            Self::LoadChar => 0x07,
            Self::UpChar => 0x08,
            Self::DownChar => 0x09,
            Self::UpImage => 0x0A,
            Self::DownImage => 0x0B,
            Self::DeleteChar => 0x0C,
            Self::Empty => 0x0D,
            Self::SetSysPara => 0x0E,
            Self::ReadSysPara => 0x0F,
            Self::VfyPwd => 0x13,
            Self::TemplateNum => 0x1D,
            Self::AuraLedConfig => 0x35,
            Self::Unknown(code) => code,
        }
    }
}

/// A command with its parameters, as the host sends it.
#[derive(Clone, PartialEq, Eq)]
pub enum Command {
    GenImg,
    Img2Tz {
        buffer: u8,
    },
    Match,
    Search {
        buffer: u8,
        start: u16,
        count: u16,
    },
    RegModel,
    Store {
        buffer: u8,
        page: u16,
    },
    LoadChar {
        buffer: u8,
        page: u16,
    },
    UpChar {
        buffer: u8,
    },
    DownChar {
        buffer: u8,
    },
    UpImage,
    DownImage,
    DeleteChar {
        page: u16,
        count: u16,
    },
    Empty,
    SetSysPara {
        parameter: u8,
        value: u8,
    },
    ReadSysPara,
    VfyPwd {
        password: u32,
    },
    TemplateNum,
    AuraLedConfig(LedConfig),
    /// An instruction we do not model (or one whose parameters did not have
    /// the expected length), kept byte for byte.
    Other {
        code: u8,
        parameters: Vec<u8>,
    },
}

impl fmt::Debug for Command {
    // The password is a secret: never print it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::VfyPwd { .. } => f.write_str("VfyPwd { password: <redacted> }"),
            Self::GenImg => f.write_str("GenImg"),
            Self::Img2Tz { buffer } => write!(f, "Img2Tz {{ buffer: {buffer} }}"),
            Self::Match => f.write_str("Match"),
            Self::Search {
                buffer,
                start,
                count,
            } => write!(
                f,
                "Search {{ buffer: {buffer}, start: {start}, count: {count} }}"
            ),
            Self::RegModel => f.write_str("RegModel"),
            Self::Store { buffer, page } => write!(f, "Store {{ buffer: {buffer}, page: {page} }}"),
            Self::LoadChar { buffer, page } => {
                write!(f, "LoadChar {{ buffer: {buffer}, page: {page} }}")
            }
            Self::UpChar { buffer } => write!(f, "UpChar {{ buffer: {buffer} }}"),
            Self::DownChar { buffer } => write!(f, "DownChar {{ buffer: {buffer} }}"),
            Self::UpImage => f.write_str("UpImage"),
            Self::DownImage => f.write_str("DownImage"),
            Self::DeleteChar { page, count } => {
                write!(f, "DeleteChar {{ page: {page}, count: {count} }}")
            }
            Self::Empty => f.write_str("Empty"),
            Self::SetSysPara { parameter, value } => {
                write!(f, "SetSysPara {{ parameter: {parameter}, value: {value} }}")
            }
            Self::ReadSysPara => f.write_str("ReadSysPara"),
            Self::TemplateNum => f.write_str("TemplateNum"),
            Self::AuraLedConfig(led) => write!(f, "AuraLedConfig({led:?})"),
            Self::Other { code, parameters } => write!(
                f,
                "Other {{ code: {code:#04X}, parameters: {} bytes }}",
                parameters.len()
            ),
        }
    }
}

/// R503 ring LED: what it does, how fast, which colour, how many cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LedConfig {
    pub control: LedControl,
    /// 0..=255, lower is faster (breathing and flashing only).
    pub speed: u8,
    pub colour: LedColour,
    /// Cycles for breathing/flashing; 0 = forever.
    pub count: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedControl {
    Breathing,
    Flashing,
    On,
    Off,
    GraduallyOn,
    GraduallyOff,
    Other(u8),
}

impl LedControl {
    pub fn from_code(code: u8) -> Self {
        match code {
            1 => Self::Breathing,
            2 => Self::Flashing,
            3 => Self::On,
            4 => Self::Off,
            5 => Self::GraduallyOn,
            6 => Self::GraduallyOff,
            other => Self::Other(other),
        }
    }
    pub fn code(self) -> u8 {
        match self {
            Self::Breathing => 1,
            Self::Flashing => 2,
            Self::On => 3,
            Self::Off => 4,
            Self::GraduallyOn => 5,
            Self::GraduallyOff => 6,
            Self::Other(code) => code,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LedColour {
    Red,
    Blue,
    Purple,
    Other(u8),
}

impl LedColour {
    pub fn from_code(code: u8) -> Self {
        match code {
            1 => Self::Red,
            2 => Self::Blue,
            3 => Self::Purple,
            other => Self::Other(other),
        }
    }
    pub fn code(self) -> u8 {
        match self {
            Self::Red => 1,
            Self::Blue => 2,
            Self::Purple => 3,
            Self::Other(code) => code,
        }
    }
}

/// Why a command payload could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("the command payload is empty")]
    Empty,
}

impl Command {
    pub fn instruction(&self) -> Instruction {
        match self {
            Self::GenImg => Instruction::GenImg,
            Self::Img2Tz { .. } => Instruction::Img2Tz,
            Self::Match => Instruction::Match,
            Self::Search { .. } => Instruction::Search,
            Self::RegModel => Instruction::RegModel,
            Self::Store { .. } => Instruction::Store,
            Self::LoadChar { .. } => Instruction::LoadChar,
            Self::UpChar { .. } => Instruction::UpChar,
            Self::DownChar { .. } => Instruction::DownChar,
            Self::UpImage => Instruction::UpImage,
            Self::DownImage => Instruction::DownImage,
            Self::DeleteChar { .. } => Instruction::DeleteChar,
            Self::Empty => Instruction::Empty,
            Self::SetSysPara { .. } => Instruction::SetSysPara,
            Self::ReadSysPara => Instruction::ReadSysPara,
            Self::VfyPwd { .. } => Instruction::VfyPwd,
            Self::TemplateNum => Instruction::TemplateNum,
            Self::AuraLedConfig(_) => Instruction::AuraLedConfig,
            Self::Other { code, .. } => Instruction::from_code(*code),
        }
    }

    /// The payload of the command packet.
    pub fn to_payload(&self) -> Vec<u8> {
        let mut p = vec![self.instruction().code()];
        match self {
            Self::Img2Tz { buffer } | Self::UpChar { buffer } | Self::DownChar { buffer } => {
                p.push(*buffer)
            }
            Self::Search {
                buffer,
                start,
                count,
            } => {
                p.push(*buffer);
                p.extend_from_slice(&start.to_be_bytes());
                p.extend_from_slice(&count.to_be_bytes());
            }
            Self::Store { buffer, page } | Self::LoadChar { buffer, page } => {
                p.push(*buffer);
                p.extend_from_slice(&page.to_be_bytes());
            }
            Self::DeleteChar { page, count } => {
                p.extend_from_slice(&page.to_be_bytes());
                p.extend_from_slice(&count.to_be_bytes());
            }
            Self::SetSysPara { parameter, value } => p.extend_from_slice(&[*parameter, *value]),
            Self::VfyPwd { password } => p.extend_from_slice(&password.to_be_bytes()),
            Self::AuraLedConfig(led) => {
                p.extend_from_slice(&[led.control.code(), led.speed, led.colour.code(), led.count])
            }
            Self::Other { parameters, .. } => p.extend_from_slice(parameters),
            Self::GenImg
            | Self::Match
            | Self::RegModel
            | Self::UpImage
            | Self::DownImage
            | Self::Empty
            | Self::ReadSysPara
            | Self::TemplateNum => {}
        }
        p
    }

    /// Reads a command payload. Parameters of the wrong length give
    /// `Command::Other`, so the receiver can answer "packet error" instead of
    /// guessing.
    pub fn from_payload(payload: &[u8]) -> Result<Self, CommandError> {
        let (&code, params) = payload.split_first().ok_or(CommandError::Empty)?;
        let u16_at = |i: usize| u16::from_be_bytes([params[i], params[i + 1]]);
        let command = match (Instruction::from_code(code), params.len()) {
            (Instruction::GenImg, 0) => Self::GenImg,
            (Instruction::Img2Tz, 1) => Self::Img2Tz { buffer: params[0] },
            (Instruction::Match, 0) => Self::Match,
            (Instruction::Search, 5) => Self::Search {
                buffer: params[0],
                start: u16_at(1),
                count: u16_at(3),
            },
            (Instruction::RegModel, 0) => Self::RegModel,
            (Instruction::Store, 3) => Self::Store {
                buffer: params[0],
                page: u16_at(1),
            },
            (Instruction::LoadChar, 3) => Self::LoadChar {
                buffer: params[0],
                page: u16_at(1),
            },
            (Instruction::UpChar, 1) => Self::UpChar { buffer: params[0] },
            (Instruction::DownChar, 1) => Self::DownChar { buffer: params[0] },
            (Instruction::UpImage, 0) => Self::UpImage,
            (Instruction::DownImage, 0) => Self::DownImage,
            (Instruction::DeleteChar, 4) => Self::DeleteChar {
                page: u16_at(0),
                count: u16_at(2),
            },
            (Instruction::Empty, 0) => Self::Empty,
            (Instruction::SetSysPara, 2) => Self::SetSysPara {
                parameter: params[0],
                value: params[1],
            },
            (Instruction::ReadSysPara, 0) => Self::ReadSysPara,
            (Instruction::VfyPwd, 4) => Self::VfyPwd {
                password: u32::from_be_bytes([params[0], params[1], params[2], params[3]]),
            },
            (Instruction::TemplateNum, 0) => Self::TemplateNum,
            (Instruction::AuraLedConfig, 4) => Self::AuraLedConfig(LedConfig {
                control: LedControl::from_code(params[0]),
                speed: params[1],
                colour: LedColour::from_code(params[2]),
                count: params[3],
            }),
            _ => Self::Other {
                code,
                parameters: params.to_vec(),
            },
        };
        Ok(command)
    }

    /// The command as a packet to `address`.
    pub fn to_packet(&self, address: u32) -> Packet {
        Packet::new(address, PacketKind::Command, self.to_payload())
    }
}

/// The confirmation code that starts every acknowledgement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Confirmation {
    Ok,
    PacketError,
    NoFinger,
    ImageCaptureFailed,
    ImageTooDry,
    ImageTooWet,
    ImageTooMessy,
    TooFewFeaturePoints,
    NoMatch,
    NotFound,
    EnrollMergeFailed,
    PageOutOfRange,
    InvalidTemplate,
    UploadTemplateFailed,
    CannotReceiveData,
    UploadImageFailed,
    DeleteFailed,
    EmptyLibraryFailed,
    WrongPassword,
    NoValidImage,
    FlashWriteFailed,
    UndefinedError,
    InvalidRegister,
    BadRegisterConfiguration,
    BadNotepadPage,
    PortOperationFailed,
    Unknown(u8),
}

impl Confirmation {
    pub fn from_code(code: u8) -> Self {
        match code {
            0x00 => Self::Ok,
            0x01 => Self::PacketError,
            0x02 => Self::NoFinger,
            0x03 => Self::ImageCaptureFailed,
            0x04 => Self::ImageTooDry,
            0x05 => Self::ImageTooWet,
            0x06 => Self::ImageTooMessy,
            0x07 => Self::TooFewFeaturePoints,
            0x08 => Self::NoMatch,
            0x09 => Self::NotFound,
            0x0A => Self::EnrollMergeFailed,
            0x0B => Self::PageOutOfRange,
            0x0C => Self::InvalidTemplate,
            0x0D => Self::UploadTemplateFailed,
            0x0E => Self::CannotReceiveData,
            0x0F => Self::UploadImageFailed,
            0x10 => Self::DeleteFailed,
            0x11 => Self::EmptyLibraryFailed,
            0x13 => Self::WrongPassword,
            0x15 => Self::NoValidImage,
            0x18 => Self::FlashWriteFailed,
            0x19 => Self::UndefinedError,
            0x1A => Self::InvalidRegister,
            0x1B => Self::BadRegisterConfiguration,
            0x1C => Self::BadNotepadPage,
            0x1D => Self::PortOperationFailed,
            other => Self::Unknown(other),
        }
    }

    pub fn code(self) -> u8 {
        match self {
            Self::Ok => 0x00,
            Self::PacketError => 0x01,
            Self::NoFinger => 0x02,
            Self::ImageCaptureFailed => 0x03,
            Self::ImageTooDry => 0x04,
            Self::ImageTooWet => 0x05,
            Self::ImageTooMessy => 0x06,
            Self::TooFewFeaturePoints => 0x07,
            Self::NoMatch => 0x08,
            Self::NotFound => 0x09,
            Self::EnrollMergeFailed => 0x0A,
            Self::PageOutOfRange => 0x0B,
            Self::InvalidTemplate => 0x0C,
            Self::UploadTemplateFailed => 0x0D,
            Self::CannotReceiveData => 0x0E,
            Self::UploadImageFailed => 0x0F,
            Self::DeleteFailed => 0x10,
            Self::EmptyLibraryFailed => 0x11,
            Self::WrongPassword => 0x13,
            Self::NoValidImage => 0x15,
            Self::FlashWriteFailed => 0x18,
            Self::UndefinedError => 0x19,
            Self::InvalidRegister => 0x1A,
            Self::BadRegisterConfiguration => 0x1B,
            Self::BadNotepadPage => 0x1C,
            Self::PortOperationFailed => 0x1D,
            Self::Unknown(code) => code,
        }
    }
}

/// An acknowledgement: the confirmation code and whatever data follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ack {
    pub confirmation: Confirmation,
    pub data: Vec<u8>,
}

impl Ack {
    pub fn new(confirmation: Confirmation, data: Vec<u8>) -> Self {
        Self { confirmation, data }
    }

    /// Reads an acknowledgement packet; `None` if it is not one or is empty.
    pub fn from_packet(packet: &Packet) -> Option<Self> {
        if packet.kind != PacketKind::Ack {
            return None;
        }
        let (&code, data) = packet.payload.split_first()?;
        Some(Self::new(Confirmation::from_code(code), data.to_vec()))
    }

    pub fn to_packet(&self, address: u32) -> Packet {
        let mut payload = Vec::with_capacity(1 + self.data.len());
        payload.push(self.confirmation.code());
        payload.extend_from_slice(&self.data);
        Packet::new(address, PacketKind::Ack, payload)
    }
}

/// The 16 bytes of ReadSysPara.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemParameters {
    pub status: u16,
    pub system_id: u16,
    pub library_size: u16,
    pub security_level: u16,
    pub address: u32,
    /// Code 0..=3 (32, 64, 128, 256 bytes).
    pub packet_size_code: u16,
    /// The baud rate is 9600 × this.
    pub baud_factor: u16,
}

/// Why ReadSysPara data could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SysParaError {
    #[error("system parameters are 16 bytes, got {0}")]
    WrongLength(usize),
}

impl SystemParameters {
    pub const LEN: usize = 16;

    pub fn parse(data: &[u8]) -> Result<Self, SysParaError> {
        if data.len() < Self::LEN {
            return Err(SysParaError::WrongLength(data.len()));
        }
        let u16_at = |i: usize| u16::from_be_bytes([data[i], data[i + 1]]);
        Ok(Self {
            status: u16_at(0),
            system_id: u16_at(2),
            library_size: u16_at(4),
            security_level: u16_at(6),
            address: u32::from_be_bytes([data[8], data[9], data[10], data[11]]),
            packet_size_code: u16_at(12),
            baud_factor: u16_at(14),
        })
    }

    pub fn to_bytes(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[0..2].copy_from_slice(&self.status.to_be_bytes());
        out[2..4].copy_from_slice(&self.system_id.to_be_bytes());
        out[4..6].copy_from_slice(&self.library_size.to_be_bytes());
        out[6..8].copy_from_slice(&self.security_level.to_be_bytes());
        out[8..12].copy_from_slice(&self.address.to_be_bytes());
        out[12..14].copy_from_slice(&self.packet_size_code.to_be_bytes());
        out[14..16].copy_from_slice(&self.baud_factor.to_be_bytes());
        out
    }

    /// Data packet size in bytes, if the code is one of the four defined.
    pub fn packet_size(&self) -> Option<usize> {
        match self.packet_size_code {
            0 => Some(32),
            1 => Some(64),
            2 => Some(128),
            3 => Some(256),
            _ => None,
        }
    }

    pub fn baud(&self) -> u32 {
        u32::from(self.baud_factor) * 9600
    }
}

/// The packet-size code for a data packet size (32/64/128/256).
pub fn packet_size_code(size: usize) -> Option<u16> {
    match size {
        32 => Some(0),
        64 => Some(1),
        128 => Some(2),
        256 => Some(3),
        _ => None,
    }
}

/// Splits `data` into data packets of `packet_size` bytes, the last one
/// marked as end-of-data.
pub fn data_packets(address: u32, data: &[u8], packet_size: usize) -> Vec<Packet> {
    let size = packet_size.clamp(1, MAX_PAYLOAD);
    let count = data.len().div_ceil(size).max(1);
    let mut chunks: Vec<&[u8]> = data.chunks(size).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let kind = if i + 1 == count {
                PacketKind::EndData
            } else {
                PacketKind::Data
            };
            Packet::new(address, kind, chunk.to_vec())
        })
        .collect()
}

/// Bytes on the wire for `data` sent as data packets of `packet_size`.
pub fn data_wire_len(data_len: usize, packet_size: usize) -> usize {
    let size = packet_size.clamp(1, MAX_PAYLOAD);
    data_len + data_len.div_ceil(size).max(1) * OVERHEAD
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn gen_img_matches_the_datasheet_bytes() {
        let bytes = Command::GenImg.to_packet(DEFAULT_ADDRESS).encode().unwrap();
        assert_eq!(
            bytes,
            [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x03, 0x01, 0x00, 0x05]
        );
    }

    #[test]
    fn vfy_pwd_with_the_default_password_matches_the_datasheet_bytes() {
        let bytes = Command::VfyPwd { password: 0 }
            .to_packet(DEFAULT_ADDRESS)
            .encode()
            .unwrap();
        assert_eq!(
            bytes,
            [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x07, 0x13, 0, 0, 0, 0, 0x00, 0x1B]
        );
    }

    #[test]
    fn a_flipped_bit_is_caught_by_the_checksum() {
        let mut bytes = Ack::new(Confirmation::Ok, vec![])
            .to_packet(DEFAULT_ADDRESS)
            .encode()
            .unwrap();
        bytes[9] ^= 0x02;
        assert!(matches!(
            Packet::decode(&bytes),
            Err(DecodeError::BadChecksum { .. })
        ));
    }

    #[test]
    fn unknown_codes_are_kept() {
        assert_eq!(Confirmation::from_code(0x77), Confirmation::Unknown(0x77));
        assert_eq!(Confirmation::Unknown(0x77).code(), 0x77);
        let cmd = Command::from_payload(&[0x42, 1, 2]).unwrap();
        assert_eq!(cmd.to_payload(), vec![0x42, 1, 2]);
        // A known instruction with parameters of the wrong length is kept as is.
        let cmd = Command::from_payload(&[0x02]).unwrap();
        assert!(matches!(cmd, Command::Other { code: 0x02, .. }));
    }

    #[test]
    fn every_confirmation_code_round_trips() {
        for code in 0..=255u8 {
            assert_eq!(Confirmation::from_code(code).code(), code);
            assert_eq!(Instruction::from_code(code).code(), code);
            assert_eq!(PacketKind::from_id(code).id(), code);
        }
    }

    #[test]
    fn system_parameters_round_trip_and_name_the_packet_size_and_baud() {
        let params = SystemParameters {
            status: 0,
            system_id: 0x0009,
            library_size: 200,
            security_level: 3,
            address: DEFAULT_ADDRESS,
            packet_size_code: 2,
            baud_factor: 6,
        };
        let parsed = SystemParameters::parse(&params.to_bytes()).unwrap();
        assert_eq!(parsed, params);
        assert_eq!(parsed.packet_size(), Some(128));
        assert_eq!(parsed.baud(), 57_600);
        assert!(SystemParameters::parse(&[0; 5]).is_err());
    }

    #[test]
    fn an_image_splits_into_end_marked_data_packets() {
        let image = vec![0x5A; IMAGE_BYTES];
        let packets = data_packets(DEFAULT_ADDRESS, &image, 128);
        assert_eq!(packets.len(), IMAGE_BYTES / 128);
        assert!(packets[..packets.len() - 1]
            .iter()
            .all(|p| p.kind == PacketKind::Data));
        assert_eq!(packets.last().unwrap().kind, PacketKind::EndData);
        let wire: usize = packets.iter().map(Packet::wire_len).sum();
        assert_eq!(wire, data_wire_len(IMAGE_BYTES, 128));
    }

    #[test]
    fn the_debug_of_a_password_command_does_not_show_it() {
        let text = format!(
            "{:?}",
            Command::VfyPwd {
                password: 0x1234_5678
            }
        );
        assert!(!text.contains("305419896") && !text.contains("12345678"));
    }

    fn any_kind() -> impl Strategy<Value = PacketKind> {
        any::<u8>().prop_map(PacketKind::from_id)
    }

    fn any_packet() -> impl Strategy<Value = Packet> {
        (
            any::<u32>(),
            any_kind(),
            proptest::collection::vec(any::<u8>(), 0..=MAX_PAYLOAD),
        )
            .prop_map(|(a, k, p)| Packet::new(a, k, p))
    }

    proptest! {
        #[test]
        fn encode_then_decode_gives_the_packet_back(packet in any_packet()) {
            let bytes = packet.encode().unwrap();
            let (decoded, used) = Packet::decode(&bytes).unwrap();
            prop_assert_eq!(used, bytes.len());
            prop_assert_eq!(decoded, packet);
        }

        #[test]
        fn any_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = Packet::decode(&bytes);
            let mut decoder = PacketDecoder::new();
            decoder.push(&bytes);
            while decoder.next_packet().is_some() {}
            if let Some(packet) = Packet::decode(&bytes).ok().map(|(p, _)| p) {
                let _ = Command::from_payload(&packet.payload);
                let _ = Ack::from_packet(&packet);
            }
            let _ = Command::from_payload(&bytes);
            let _ = SystemParameters::parse(&bytes);
        }

        #[test]
        fn garbage_then_a_packet_still_yields_the_packet(
            garbage in proptest::collection::vec(any::<u8>(), 0..600),
            packet in any_packet(),
            split in any::<usize>(),
        ) {
            let mut stream = garbage.clone();
            packet.encode_into(&mut stream).unwrap();
            // Fed in two pieces cut anywhere, as a serial port would.
            let cut = split % (stream.len() + 1);
            let mut decoder = PacketDecoder::new();
            decoder.push(&stream[..cut]);
            let mut got = Vec::new();
            while let Some(p) = decoder.next_packet() { got.push(p); }
            decoder.push(&stream[cut..]);
            while let Some(p) = decoder.next_packet() { got.push(p); }
            // Garbage may by chance frame a packet of its own, but the real
            // one is always the last thing decoded.
            prop_assert_eq!(got.last(), Some(&packet));
        }

        #[test]
        fn command_payloads_round_trip(payload in proptest::collection::vec(any::<u8>(), 1..16)) {
            let cmd = Command::from_payload(&payload).unwrap();
            prop_assert_eq!(cmd.to_payload(), payload);
        }
    }
}
