//! Where the citizen is: the menu's functions, the services they need, the
//! screens and the short notices shown on them.
//!
//! These are what the ui draws from; the flows above only choose among them.

use totem_config::Family;

/// What the citizen came for (the menu entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    FirstIssue,
    Recover,
    Certificates,
    /// Check a printed certificate by its folio and verification code.
    CheckCertificate,
}

/// Something outside the flow a function depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Scanner,
    Fingerprint,
    Backend,
    Printer,
}

/// Where the fingerprint reader stands during a capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FingerState {
    Waiting,
    Reading,
    LiftAndPlaceAgain,
    PressFirmer,
}

/// A back-end call or device job in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    VerifyingCard,
    VerifyingFinger,
    IssuingKey,
    Activating,
    IssuingCertificate,
    CheckingCertificate,
}

/// Why a flow stopped before its end (each has its own explanation screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    CardBlocked,
    CardExpired,
    CardUnknown,
    TooYoung,
    /// Three fingerprints did not match: go to a Civil Registry office.
    FingerTriesExhausted,
    AlreadyHasKey,
    NoKeyYet,
    /// Five wrong activation codes: a new one must be requested.
    CodeBlocked,
    CodeUsed,
    /// The back-end failed or did not answer.
    ServiceFailed,
    /// The print failed and no more attempts are offered.
    PrintGaveUp,
}

impl Stop {
    /// Whether the screen offers "Recover my key" (a new activation code).
    pub fn offers_recovery(self) -> bool {
        matches!(
            self,
            Stop::AlreadyHasKey | Stop::CodeBlocked | Stop::CodeUsed
        )
    }
}

/// Why a print failed, as the printer layer reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFailure {
    OutOfPaper,
    PaperJam,
    Offline,
    Other,
}

/// A short message shown on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    CardUnreadable,
    FingerNoMatch {
        remaining: u8,
    },
    WrongCode {
        remaining: u8,
    },
    PasswordRejected,
    CertificateNotFound,
    ServiceFailed,
    /// A device or the back-end the current step needs is missing.
    Missing(Service),
    SlipPrinting,
}

/// The screen the session is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Attract,
    Language,
    Menu,
    PresentCard,
    PlaceFinger(FingerState),
    Email,
    ShowCode,
    CodeEntry,
    NewPassword,
    Done,
    Families,
    Purposes(Family),
    RunEntry,
    /// A non-profit entity's registration number or RUT, on its own keypad.
    EntityEntry,
    /// Checking a certificate: its folio, on the numeric keypad.
    FolioEntry,
    /// Checking a certificate: its verification code.
    VerificationEntry,
    /// What the registry said of the certificate checked.
    CertificateChecked,
    Confirm,
    Printing,
    PrintFailed(PrintFailure),
    TakeIt,
    Working(Job),
    Stopped(Stop),
    Goodbye,
}

impl Screen {
    /// Screens where the citizen types; they get the longer idle time.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Screen::Email
                | Screen::CodeEntry
                | Screen::NewPassword
                | Screen::RunEntry
                | Screen::EntityEntry
                | Screen::FolioEntry
                | Screen::VerificationEntry
        )
    }

    /// Screens that end a flow (they carry their own "Terminar") or where
    /// the kiosk is working: no "Cancelar" is offered on them, since a
    /// second way out would only confuse.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Screen::Done
                | Screen::TakeIt
                | Screen::CertificateChecked
                | Screen::Stopped(_)
                | Screen::PrintFailed(_)
                | Screen::Printing
                | Screen::Working(_)
        )
    }

    /// Screens with no citizen to wait for (no inactivity clock).
    pub(crate) fn is_unattended(self) -> bool {
        matches!(
            self,
            Screen::Attract | Screen::Goodbye | Screen::Working(_) | Screen::Printing
        )
    }
}

/// "Step 2 of 4" in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub index: u8,
    pub total: u8,
}
