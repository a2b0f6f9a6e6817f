//! The R503 ring LED's settings, as AuraLedConfig carries them.

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
