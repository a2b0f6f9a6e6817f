//! Decoding what an ID-card scanner sends: the cédula QR URL (`qr`), the
//! ICAO 9303 TD1 MRZ (`td1`), or the PDF417 of cards before 2013
//! (`pdf417`); see docs/documents.md.
//!
//! Errors name the field that failed and never repeat the input, so they
//! may be shown or logged.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::birth::CardBirthDate;
use crate::mrz::{self, DateError, YearRule};
use crate::run::Run;

mod pdf417;
mod qr;
mod td1;
#[cfg(test)]
mod tests;

/// Characters of text at the start of a PDF417 read of a card before 2013;
/// fingerprint data follows.
pub use pdf417::TEXT_LEN as PDF417_TEXT_LEN;

/// Which of the card's machine-readable carriers was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Carrier {
    /// The QR code (cards since 2013): a URL.
    Qr,
    /// The three-line ICAO 9303 TD1 machine-readable zone.
    MrzTd1,
    /// The PDF417 barcode of cards before 2013.
    Pdf417,
}

impl Carrier {
    pub fn as_str(self) -> &'static str {
        match self {
            Carrier::Qr => "qr",
            Carrier::MrzTd1 => "mrz_td1",
            Carrier::Pdf417 => "pdf417",
        }
    }
}

impl fmt::Display for Carrier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Sex as printed in the MRZ (`M`, `F`, `<` → unspecified, shown `X`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "F")]
    Female,
    #[serde(rename = "X")]
    Unspecified,
}

impl Sex {
    /// The MRZ character.
    pub fn mrz_char(self) -> char {
        match self {
            Sex::Male => 'M',
            Sex::Female => 'F',
            Sex::Unspecified => '<',
        }
    }
}

/// One verification made while decoding (a check digit, or the QR serial
/// agreeing with its `mrz` parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `document_number`, `birth_date`, `expiry_date`, `composite`, `run`
    /// or `serial`.
    pub field: &'static str,
    pub ok: bool,
}

/// A card as read by the scanner. Fields a carrier does not hold are
/// `None`. `Debug` redacts; call `zeroize()` when the session ends.
#[derive(Clone, PartialEq, Serialize)]
pub struct ScannedCard {
    pub carrier: Carrier,
    pub run: Run,
    /// Document number (the card's serial). Best effort on PDF417.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// `CEDULA`, `CEDULA_EXT`, `PASAPORTE_PG`, `PASAPORTE_OFICIAL`; for a
    /// TD1 MRZ not issued by Chile, its document code (e.g. `ID`).
    pub document_type: String,
    /// Two-digit year: the century is not on the card, so this never
    /// decides an age (the registry's date does). In JSON `birth_date` when
    /// unambiguous, else `birth_date_candidates`.
    #[serde(flatten)]
    pub birth_date: Option<CardBirthDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiry_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// ICAO three-letter code, e.g. `CHL`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    /// Words separated by single spaces, upper case as on the card.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub surnames: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub given_names: Option<String>,
    /// Every check made; all `ok` in a decoded card.
    pub checks: Vec<Check>,
}

impl fmt::Debug for ScannedCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ScannedCard")
            .field("carrier", &self.carrier)
            .field("document_type", &self.document_type)
            .field("checks", &self.checks)
            .finish_non_exhaustive()
    }
}

impl Zeroize for ScannedCard {
    fn zeroize(&mut self) {
        self.run.zeroize();
        self.document_number.zeroize();
        self.document_type.zeroize();
        self.birth_date = None;
        self.expiry_date = None;
        self.sex = None;
        self.nationality.zeroize();
        self.surnames.zeroize();
        self.given_names.zeroize();
        self.checks.clear();
    }
}

/// Why a scan is not a card. Never holds any of the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScanError {
    /// Neither a QR URL, an MRZ nor a PDF417 text.
    NotACard,
    /// A field is missing or malformed.
    Invalid {
        carrier: Carrier,
        field: &'static str,
        expected: &'static str,
    },
    /// A check failed; `checks` lists them all.
    CheckFailed {
        carrier: Carrier,
        field: &'static str,
        checks: Vec<Check>,
    },
}

impl ScanError {
    /// The field that failed, if the input was recognised as a card.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            ScanError::NotACard => None,
            ScanError::Invalid { field, .. } | ScanError::CheckFailed { field, .. } => Some(field),
        }
    }

    pub fn carrier(&self) -> Option<Carrier> {
        match self {
            ScanError::NotACard => None,
            ScanError::Invalid { carrier, .. } | ScanError::CheckFailed { carrier, .. } => {
                Some(*carrier)
            }
        }
    }
}

impl fmt::Display for ScanError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScanError::NotACard => f.write_str(
                "not a card: expected a cédula QR URL, a three-line TD1 MRZ or a PDF417 text",
            ),
            ScanError::Invalid {
                carrier,
                field,
                expected,
            } => {
                write!(f, "{carrier}: {field}: invalid, expected {expected}")
            }
            ScanError::CheckFailed { carrier, field, .. } if *field == "serial" => {
                write!(
                    f,
                    "{carrier}: serial: does not match the document number in mrz"
                )
            }
            ScanError::CheckFailed { carrier, field, .. } => {
                write!(f, "{carrier}: {field}: check digit does not match")
            }
        }
    }
}

impl std::error::Error for ScanError {}

/// Decodes a scan, reading two-digit birth years against today's local
/// date.
pub fn decode_scan(text: &str) -> Result<ScannedCard, ScanError> {
    decode_scan_at(text, chrono::Local::now().date_naive())
}

/// Decodes a scan; `today` bounds the readings of a two-digit birth year
/// (none after `today`, none older than [`crate::birth::MAX_AGE`]).
pub fn decode_scan_at(text: &str, today: NaiveDate) -> Result<ScannedCard, ScanError> {
    let text = text.trim_matches(|c: char| c.is_whitespace() || c == '\u{2}' || c == '\u{3}');
    let starts_with = |prefix: &str| {
        text.get(..prefix.len())
            .is_some_and(|p| p.eq_ignore_ascii_case(prefix))
    };
    if starts_with("https://") || starts_with("http://") {
        return qr::decode(text, today);
    }
    let first = text.as_bytes().first().copied().unwrap_or(0);
    if matches!(first.to_ascii_uppercase(), b'I' | b'A' | b'C') && text.contains('<') {
        return td1::decode(text, today);
    }
    if pdf417::looks_like(text) {
        return pdf417::decode(text);
    }
    Err(ScanError::NotACard)
}

fn invalid(carrier: Carrier, field: &'static str, expected: &'static str) -> ScanError {
    ScanError::Invalid {
        carrier,
        field,
        expected,
    }
}

fn first_failed(carrier: Carrier, checks: &[Check]) -> Result<(), ScanError> {
    match checks.iter().find(|c| !c.ok) {
        Some(failed) => Err(ScanError::CheckFailed {
            carrier,
            field: failed.field,
            checks: checks.to_vec(),
        }),
        None => Ok(()),
    }
}

fn date_field(
    carrier: Carrier,
    field: &'static str,
    raw: &[u8],
    rule: YearRule,
) -> Result<Option<NaiveDate>, ScanError> {
    mrz::parse_yymmdd(raw, rule).map_err(|e| match e {
        DateError::NotDigits => invalid(carrier, field, "a date YYMMDD"),
        DateError::NoSuchDate if field == "birth_date" => {
            invalid(carrier, field, "a calendar date YYMMDD not after today")
        }
        DateError::NoSuchDate => invalid(carrier, field, "a calendar date YYMMDD"),
    })
}

/// A two-digit-year birth date with every century it can mean.
fn birth_field(
    carrier: Carrier,
    raw: &[u8],
    today: NaiveDate,
) -> Result<Option<CardBirthDate>, ScanError> {
    let latest = date_field(carrier, "birth_date", raw, YearRule::NotInFuture(today))?;
    Ok(latest.map(|date| CardBirthDate::from_latest(date, today)))
}

fn trim_fillers(field: &[u8]) -> &[u8] {
    let end = field.iter().rposition(|&c| c != b'<').map_or(0, |i| i + 1);
    &field[..end]
}

fn text_of(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}
