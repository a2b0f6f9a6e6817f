//! What the host sends: the instruction codes, and a command with its
//! parameters to and from a command packet's payload.

use std::fmt;

use super::led::{LedColour, LedConfig, LedControl};
use super::packet::{Packet, PacketKind};

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
