//! Everything that can happen to a session: the citizen's touches, the
//! devices' readings, the registry's and the printer's answers, the clock.
//!
//! The answers are typed per call (card, finger, key, activation,
//! certificate) so that a flow matches only the outcomes its call can have.

use totem_config::{Family, Language};
use zeroize::Zeroize;

use crate::aids::Aid;
use crate::entry::{Field, Key};
use crate::screen::{Function, PrintFailure, Service};
use crate::secret::{Secret, SecretBytes};

/// A calendar date (birth, expiry, today), enough for the age and expiry rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Zeroize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Self {
        Self { year, month, day }
    }

    /// Whole years from `self` (a birth date) to `today`.
    pub fn age_on(self, today: Date) -> i32 {
        let before_birthday = (today.month, today.day) < (self.month, self.day);
        today.year - self.year - i32::from(before_birthday)
    }
}

/// A card the scanner read and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRead {
    /// Canonical `12345678-5`.
    pub run: Secret,
    /// The card's document number (serial), checked by the registry with the RUN.
    pub document: Secret,
    /// The card's birth date when its two-digit year can mean only one
    /// date for a living person (see `totem_document::CardBirthDate`).
    /// Never decides an age: `25` is a centenarian's year as well as a
    /// child's, so the registry's date does ([`CardVerdict::Valid`], and
    /// its own answer to issue-key).
    pub birth_date: Option<Date>,
    pub expiry: Option<Date>,
    /// The kiosk's date when the card was read (the flow has no clock).
    pub today: Date,
}

impl CardRead {
    /// What the flow needs of a decoded card read on `today`.
    pub fn from_scanned(card: &totem_document::ScannedCard, today: Date) -> CardRead {
        use chrono::Datelike;
        let date = |d: chrono::NaiveDate| Date::new(d.year(), d.month() as u8, d.day() as u8);
        CardRead {
            run: Secret::new(card.run.compact()),
            document: Secret::new(card.document_number.clone().unwrap_or_default()),
            birth_date: card.birth_date.and_then(|b| b.unambiguous()).map(date),
            expiry: card.expiry_date.map(date),
            today,
        }
    }
}

/// What the fingerprint reader reports during a capture.
#[derive(Debug, Clone, PartialEq)]
pub enum FingerEvent {
    Waiting,
    Reading,
    LiftAndPlaceAgain,
    /// A blank or smudged image was rejected; the reader captures again.
    PoorImage,
    /// No finger came before the reader's timeout.
    NoFinger,
    Captured(SecretBytes),
    /// The reader failed (not answering, disconnected).
    Failed,
}

/// A finger, in the order of the ANSI/NIST and ISO/IEC 19794 finger
/// positions (right thumb first, left little last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Finger {
    RightThumb,
    RightIndex,
    RightMiddle,
    RightRing,
    RightLittle,
    LeftThumb,
    LeftIndex,
    LeftMiddle,
    LeftRing,
    LeftLittle,
}

impl Finger {
    pub const ALL: [Finger; 10] = [
        Finger::RightThumb,
        Finger::RightIndex,
        Finger::RightMiddle,
        Finger::RightRing,
        Finger::RightLittle,
        Finger::LeftThumb,
        Finger::LeftIndex,
        Finger::LeftMiddle,
        Finger::LeftRing,
        Finger::LeftLittle,
    ];

    /// 0 (right thumb) to 9 (left little): the finger position less one.
    pub fn index(self) -> u8 {
        self as u8
    }

    pub fn from_index(index: u8) -> Option<Finger> {
        Finger::ALL.get(usize::from(index)).copied()
    }
}

/// The registry's answer about a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardVerdict {
    /// `finger`: the finger the registry will match, when it says.
    Valid {
        birth_date: Option<Date>,
        finger: Option<Finger>,
    },
    Blocked,
    Expired,
    Unknown,
}

/// The registry's 1:1 fingerprint answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FingerVerdict {
    Match,
    NoMatch,
    /// The registry's own limit of tries for this session was reached.
    TooManyTries,
}

/// The registry's answer to issue-key and recover-key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyOutcome {
    Issued { code: Secret },
    AlreadyHasKey,
    NoKeyYet,
    TooYoung,
}

/// The registry's answer to activate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationOutcome {
    Activated,
    WrongCode { remaining: u8 },
    CodeBlocked,
    CodeUsed,
    PasswordRejected,
}

/// The registry's answer to issue-certificate.
#[derive(Debug, Clone, PartialEq)]
pub enum CertificateOutcome {
    Issued {
        folio: String,
    },
    /// No record of that kind for that RUN.
    NotFound,
}

/// What the registry says of a certificate checked by folio and code.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckOutcome {
    /// It exists and was issued with that code.
    Genuine(CheckedCertificate),
    /// No certificate has that folio with that code: the registry does not
    /// say which of the two was wrong, and neither does the kiosk.
    NotFound,
    /// Issued but never delivered in time: no paper bearing it is valid.
    NotValid,
}

/// A genuine certificate, as much as a verifier may see of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckedCertificate {
    pub folio: String,
    /// Its heading, e.g. "Certificado de Nacimiento".
    pub title: String,
    pub issued_on: Date,
    /// Initials and first surname only (`M. J. González N.`), or the
    /// entity's name.
    pub subject_masked: Secret,
    /// The kiosk reported it printed (otherwise still pending).
    pub delivered: bool,
}

/// Everything that can happen to a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    // The citizen.
    /// A touch on the attract screen.
    Touch,
    ChooseLanguage(Language),
    Choose(Function),
    Back,
    Cancel,
    /// "Terminar" on a final screen.
    Finish,
    MoreTime,
    /// An aid turned on or off (speech, text size, contrast, seated).
    Aid(Aid),
    Key(Key),
    Focus(Field),
    ToggleReveal,
    /// "Continuar" / "Confirmar" on the current step.
    Submit,
    ChooseFamily(Family),
    ChooseKind(String),
    PrintCodeSlip,
    Reprint,
    AnotherCertificate,
    /// "Recover my key" offered after AlreadyHasKey / CodeBlocked / CodeUsed.
    RecoverInstead,
    // The clock.
    Tick,
    // Devices.
    CardRead(CardRead),
    CardUnreadable,
    Finger(FingerEvent),
    Availability {
        service: Service,
        available: bool,
    },
    // The registry and the printer.
    CardChecked(CardVerdict),
    FingerChecked(FingerVerdict),
    KeyIssued(KeyOutcome),
    Activation(ActivationOutcome),
    CertificateIssued(CertificateOutcome),
    CertificateChecked(CheckOutcome),
    Printed(Result<(), PrintFailure>),
    /// A registry call failed (unreachable, timeout, server error).
    ServiceFailed,
}

impl Event {
    pub(crate) fn is_citizen(&self) -> bool {
        matches!(
            self,
            Event::Touch
                | Event::ChooseLanguage(_)
                | Event::Choose(_)
                | Event::Back
                | Event::Cancel
                | Event::Finish
                | Event::MoreTime
                | Event::Key(_)
                | Event::Focus(_)
                | Event::ToggleReveal
                | Event::Submit
                | Event::ChooseFamily(_)
                | Event::ChooseKind(_)
                | Event::PrintCodeSlip
                | Event::Reprint
                | Event::AnotherCertificate
                | Event::RecoverInstead
                | Event::CardRead(_)
                | Event::Finger(_)
                | Event::Aid(_)
        )
    }
}
