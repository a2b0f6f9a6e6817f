//! What the module answers: the confirmation code that starts every
//! acknowledgement, and the data that follows it.

use super::packet::{Packet, PacketKind};

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
