//! The module's system parameters (ReadSysPara's 16 bytes): library size,
//! security level, address, data packet size and baud rate.

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
