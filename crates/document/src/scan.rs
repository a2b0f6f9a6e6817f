//! Decoding what an ID-card scanner sends: the cédula QR URL, the ICAO 9303
//! TD1 MRZ, or the legacy PDF417 text (see docs/documents.md).
//!
//! Errors name the field that failed and never repeat the input, so they
//! may be shown or logged.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::birth::CardBirthDate;
use crate::mrz::{self, DateError, YearRule};
use crate::run::{Run, RunError};

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
        return decode_qr(text, today);
    }
    let first = text.as_bytes().first().copied().unwrap_or(0);
    if matches!(first.to_ascii_uppercase(), b'I' | b'A' | b'C') && text.contains('<') {
        return decode_td1(text, today);
    }
    if text.len() >= 9 && text.as_bytes()[..8].iter().all(u8::is_ascii_digit) {
        return decode_pdf417(text);
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

// ---------------------------------------------------------------- QR

const QR_ENDPOINTS: [(&str, &str); 2] = [
    ("portal.sidiv.registrocivil.cl", "/docstatus"),
    ("portal.nuevosidiv.registrocivil.cl", "/document-validity"),
];

const QR_TYPES: [&str; 4] = ["CEDULA", "CEDULA_EXT", "PASAPORTE_PG", "PASAPORTE_OFICIAL"];

fn decode_qr(text: &str, today: NaiveDate) -> Result<ScannedCard, ScanError> {
    const C: Carrier = Carrier::Qr;
    const URL_EXPECTED: &str = "https://portal.sidiv.registrocivil.cl/docstatus?… or \
                                https://portal.nuevosidiv.registrocivil.cl/document-validity?…";
    let rest = text
        .get(..8)
        .filter(|p| p.eq_ignore_ascii_case("https://"))
        .and_then(|_| text.get(8..))
        .ok_or(invalid(C, "url", URL_EXPECTED))?;
    let rest = rest.split('#').next().unwrap_or("");
    let (location, query) = rest
        .split_once('?')
        .ok_or(invalid(C, "url", URL_EXPECTED))?;
    let (host, path) = match location.find('/') {
        Some(i) => location.split_at(i),
        None => (location, "/"),
    };
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    let known = QR_ENDPOINTS
        .iter()
        .any(|(h, p)| host.eq_ignore_ascii_case(h) && path.eq_ignore_ascii_case(p));
    if !known {
        return Err(invalid(C, "url", URL_EXPECTED));
    }

    let mut run_text: Option<String> = None;
    let mut doc_type: Option<String> = None;
    let mut serial: Option<String> = None;
    let mut mrz_text: Option<String> = None;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let (slot, field) = if name.eq_ignore_ascii_case("RUN") {
            (&mut run_text, "run")
        } else if name.eq_ignore_ascii_case("type") {
            (&mut doc_type, "type")
        } else if name.eq_ignore_ascii_case("serial") {
            (&mut serial, "serial")
        } else if name.eq_ignore_ascii_case("mrz") {
            (&mut mrz_text, "mrz")
        } else {
            continue;
        };
        if slot.is_some() {
            return Err(invalid(C, field, "the parameter once"));
        }
        *slot = Some(percent_decode(value).ok_or(invalid(C, field, "valid percent-encoding"))?);
    }
    let mut run_text = run_text.ok_or(invalid(C, "run", "a RUN parameter"))?;
    let doc_type = doc_type.ok_or(invalid(C, "type", "a type parameter"))?;
    let serial = serial.ok_or(invalid(C, "serial", "a serial parameter"))?;
    let mrz_text = mrz_text.ok_or(invalid(C, "mrz", "an mrz parameter"))?;

    let parsed_run = Run::parse(&run_text);
    run_text.zeroize();
    let (run, run_ok) = match parsed_run {
        Ok(run) => (Some(run), true),
        Err(RunError::BadCheckDigit) => (None, false),
        Err(_) => return Err(invalid(C, "run", "a RUN such as 12345678-5")),
    };
    if !QR_TYPES.contains(&doc_type.as_str()) {
        return Err(invalid(
            C,
            "type",
            "CEDULA, CEDULA_EXT, PASAPORTE_PG or PASAPORTE_OFICIAL",
        ));
    }
    let serial_ok = (1..=10).contains(&serial.len())
        && serial
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !serial_ok {
        return Err(invalid(C, "serial", "1 to 10 characters A-Z and 0-9"));
    }
    let m = mrz_text.as_bytes();
    if m.len() != 24 || m.iter().any(|&b| mrz::char_value(b).is_none()) {
        return Err(invalid(C, "mrz", "24 characters A-Z, 0-9 and <"));
    }
    let number = &m[0..9];
    let number_trimmed = trim_fillers(number);
    if number_trimmed.contains(&b'<') {
        return Err(invalid(
            C,
            "mrz",
            "a document number with fillers (<) only at the end",
        ));
    }
    let checks = vec![
        Check {
            field: "run",
            ok: run_ok,
        },
        Check {
            field: "document_number",
            ok: mrz::check_ok(number, m[9]),
        },
        Check {
            field: "birth_date",
            ok: mrz::check_ok(&m[10..16], m[16]),
        },
        Check {
            field: "expiry_date",
            ok: mrz::check_ok(&m[17..23], m[23]),
        },
        Check {
            field: "serial",
            ok: number_trimmed == serial.as_bytes(),
        },
    ];
    first_failed(C, &checks)?;
    let birth_date = birth_field(C, &m[10..16], today)?;
    let expiry_date = date_field(C, "expiry_date", &m[17..23], YearRule::TwentyFirstCentury)?;
    let run = run.ok_or(invalid(C, "run", "a RUN such as 12345678-5"))?;
    Ok(ScannedCard {
        carrier: C,
        run,
        document_number: Some(serial),
        document_type: doc_type,
        birth_date,
        expiry_date,
        sex: None,
        nationality: None,
        surnames: None,
        given_names: None,
        checks,
    })
}

/// `%XX` and `+` decoding; `None` for a broken escape or non-UTF-8 result.
fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = value.get(i + 1..i + 3)?;
                if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                    return None;
                }
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

fn trim_fillers(field: &[u8]) -> &[u8] {
    let end = field.iter().rposition(|&c| c != b'<').map_or(0, |i| i + 1);
    &field[..end]
}

// ---------------------------------------------------------------- TD1 MRZ

fn decode_td1(text: &str, today: NaiveDate) -> Result<ScannedCard, ScanError> {
    let mut lines: Vec<Vec<u8>> = text
        .split(['\r', '\n'])
        .map(|l| l.trim().as_bytes().to_ascii_uppercase())
        .filter(|l| !l.is_empty())
        .collect();
    // Some readers send the zone as one 90-character line.
    if lines.len() == 1 && lines[0].len() == 90 {
        let one = std::mem::take(&mut lines[0]);
        lines = one.chunks(30).map(<[u8]>::to_vec).collect();
    }
    let result = decode_td1_lines(&lines, today);
    lines.iter_mut().for_each(Zeroize::zeroize);
    result
}

fn decode_td1_lines(lines: &[Vec<u8>], today: NaiveDate) -> Result<ScannedCard, ScanError> {
    const C: Carrier = Carrier::MrzTd1;
    if lines.len() != 3 {
        return Err(invalid(C, "lines", "three lines of 30 characters"));
    }
    for (i, line) in lines.iter().enumerate() {
        let name = ["line1", "line2", "line3"][i];
        if line.len() != 30 {
            return Err(invalid(C, name, "exactly 30 characters"));
        }
        if line.iter().any(|&b| mrz::char_value(b).is_none()) {
            return Err(invalid(C, name, "only the characters A-Z, 0-9 and <"));
        }
    }
    let (l1, l2, l3) = (&lines[0], &lines[1], &lines[2]);

    // Document number: 9 characters, or (ICAO long number) continued in
    // the optional data with `<` in the check-digit position.
    let mut number: Vec<u8> = l1[5..14].to_vec();
    let mut number_cd = l1[14];
    let mut optional1: &[u8] = &l1[15..30];
    if number_cd == b'<' && !number.contains(&b'<') {
        let ext_len = optional1
            .iter()
            .position(|&c| c == b'<')
            .unwrap_or(optional1.len());
        if ext_len >= 2 {
            number.extend_from_slice(&optional1[..ext_len - 1]);
            number_cd = optional1[ext_len - 1];
            optional1 = &optional1[ext_len..];
        }
    }
    let optional2 = &l2[18..29];
    // Fillers only at the end of the number: `<` weighs 0 like `0`, so a
    // `0` misread as `<` inside it would pass the check digit.
    let filled = trim_fillers(&number);
    if filled.contains(&b'<') {
        return Err(invalid(
            C,
            "document_number",
            "letters and digits, fillers (<) only at the end",
        ));
    }

    let mut composite = Vec::with_capacity(53);
    composite.extend_from_slice(&l1[5..30]);
    composite.extend_from_slice(&l2[0..7]);
    composite.extend_from_slice(&l2[8..15]);
    composite.extend_from_slice(&l2[18..29]);

    let run = run_of_optional_data(optional1, optional2, &l1[2..5])?;
    let checks = vec![
        Check {
            field: "document_number",
            ok: mrz::check_ok(&number, number_cd),
        },
        Check {
            field: "birth_date",
            ok: mrz::check_ok(&l2[0..6], l2[6]),
        },
        Check {
            field: "expiry_date",
            ok: mrz::check_ok(&l2[8..14], l2[14]),
        },
        Check {
            field: "composite",
            ok: mrz::check_ok(&composite, l2[29]),
        },
        Check {
            field: "run",
            ok: run.is_ok(),
        },
    ];
    first_failed(C, &checks)?;
    let run = run.map_err(|_| invalid(C, "run", "a RUN of 1 to 8 digits"))?;

    if !matches!(l1[0], b'I' | b'A' | b'C') {
        return Err(invalid(
            C,
            "document_code",
            "a TD1 document code starting with I, A or C",
        ));
    }
    let birth_date = birth_field(C, &l2[0..6], today)?;
    let expiry_date = date_field(C, "expiry_date", &l2[8..14], YearRule::TwentyFirstCentury)?;
    let sex = match l2[7] {
        b'M' => Sex::Male,
        b'F' => Sex::Female,
        b'<' | b'X' => Sex::Unspecified,
        _ => return Err(invalid(C, "sex", "M, F or <")),
    };
    let issuing_state = text_of(trim_fillers(&l1[2..5]));
    let nationality = text_of(trim_fillers(&l2[15..18]));
    // A TD1 issued by Chile is a cédula; for a foreign national it is the
    // cédula de extranjería. Other states' cards keep their document code.
    let document_type = if issuing_state == "CHL" {
        if nationality == "CHL" {
            "CEDULA"
        } else {
            "CEDULA_EXT"
        }
        .to_string()
    } else {
        text_of(trim_fillers(&l1[0..2]))
    };
    let (surnames, given_names) = names_of(l3);
    Ok(ScannedCard {
        carrier: C,
        run,
        document_number: Some(text_of(trim_fillers(&number))),
        document_type,
        birth_date,
        expiry_date,
        sex: Some(sex),
        nationality: Some(nationality).filter(|n| !n.is_empty()),
        surnames,
        given_names,
        checks,
    })
}

/// The RUN in a TD1's optional data. Either field may hold it, and the other
/// may hold digits of its own (e.g. a serial), so both are tried and the one
/// whose RUN check digit holds is kept: on a card issued by Chile line 2
/// (where the Registro Civil writes it) wins; elsewhere two different RUNs
/// that both hold are refused rather than guessed. `Err(BadCheckDigit)`
/// when a field looks like a RUN but none holds (the `run` check fails).
fn run_of_optional_data(
    optional1: &[u8],
    optional2: &[u8],
    issuing_state: &[u8],
) -> Result<Result<Run, RunError>, ScanError> {
    const C: Carrier = Carrier::MrzTd1;
    let read = |field: &[u8]| {
        run_in_optional_data(field).map(|(body, dv)| Run::from_parts(body, dv as char))
    };
    let (line1, line2) = (read(optional1), read(optional2));
    let chilean = issuing_state == b"CHL";
    match (line1, line2) {
        (_, Some(Ok(run))) if chilean => Ok(Ok(run)),
        (Some(Ok(a)), Some(Ok(b))) if a != b => Err(invalid(
            C,
            "run",
            "one RUN in the optional data (both fields hold a different one)",
        )),
        (Some(Ok(run)), _) | (_, Some(Ok(run))) => Ok(Ok(run)),
        // Neither holds: report the field a reader would look at first.
        (first, second) => {
            let shown = if chilean {
                second.or(first)
            } else {
                first.or(second)
            };
            shown.ok_or(invalid(
                C,
                "run",
                "a RUN (digits, optional <, check digit) in the optional data",
            ))
        }
    }
}

/// `<body><DV>` or `<body><<DV>` at the start of an optional-data field,
/// the rest fillers. Returns the body and the (unchecked) DV.
fn run_in_optional_data(field: &[u8]) -> Option<(u32, u8)> {
    let field = trim_fillers(field);
    let (&dv, rest) = field.split_last()?;
    if !(dv.is_ascii_digit() || dv == b'K') {
        return None;
    }
    let digits = rest.strip_suffix(b"<").unwrap_or(rest);
    if digits.is_empty() || digits.len() > 9 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let body = digits
        .iter()
        .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    Some((body, dv))
}

fn text_of(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| b as char).collect()
}

/// Line 3: `SURNAMES<<GIVEN<NAMES`, words split by `<`.
fn names_of(line: &[u8]) -> (Option<String>, Option<String>) {
    let line = trim_fillers(line);
    let (surnames, given) = match line.windows(2).position(|w| w == b"<<") {
        Some(i) => (&line[..i], &line[i + 2..]),
        None => (line, &line[line.len()..]),
    };
    let words = |part: &[u8]| {
        let text = part
            .split(|&c| c == b'<')
            .filter(|w| !w.is_empty())
            .map(text_of)
            .collect::<Vec<_>>()
            .join(" ");
        Some(text).filter(|t| !t.is_empty())
    };
    (words(surnames), words(given))
}

// ---------------------------------------------------------------- PDF417

fn decode_pdf417(text: &str) -> Result<ScannedCard, ScanError> {
    const C: Carrier = Carrier::Pdf417;
    let b = text.as_bytes();
    let dv = b[8].to_ascii_uppercase();
    if !(dv.is_ascii_digit() || dv == b'K') {
        return Err(invalid(
            C,
            "run",
            "9 characters: the RUN number zero-padded to 8 digits and its check digit",
        ));
    }
    let body = b[..8]
        .iter()
        .fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'));
    let run = match Run::from_parts(body, dv as char) {
        Ok(run) => run,
        Err(RunError::BadCheckDigit) => {
            let checks = vec![Check {
                field: "run",
                ok: false,
            }];
            return Err(ScanError::CheckFailed {
                carrier: C,
                field: "run",
                checks,
            });
        }
        Err(_) => return Err(invalid(C, "run", "a RUN number from 1 to 99999999")),
    };
    let rest = &text[9..];
    // The surname: letters and single spaces, up to the padding.
    let mut surname = String::new();
    let mut prev_space = false;
    for c in rest.chars() {
        if c.is_alphabetic() {
            surname.push(c);
            prev_space = false;
        } else if c == ' ' && !prev_space && !surname.is_empty() {
            surname.push(c);
            prev_space = true;
        } else {
            break;
        }
    }
    let surname = surname.trim().to_string();
    // The serial: `A` and 9 digits, then (best effort) the expiry YYMMDD.
    let rb = rest.as_bytes();
    let serial_at = (0..rb.len().saturating_sub(9))
        .find(|&i| rb[i] == b'A' && rb[i + 1..i + 10].iter().all(u8::is_ascii_digit));
    let serial = serial_at.map(|i| text_of(&rb[i..i + 10]));
    let expiry_date = serial_at
        .and_then(|i| rb.get(i + 10..i + 16))
        .and_then(|raw| {
            mrz::parse_yymmdd(raw, YearRule::TwentyFirstCentury)
                .ok()
                .flatten()
        });
    Ok(ScannedCard {
        carrier: C,
        run,
        document_number: serial,
        document_type: "CEDULA".into(),
        birth_date: None,
        expiry_date,
        sex: None,
        nationality: None,
        surnames: Some(surname).filter(|s| !s.is_empty()),
        given_names: None,
        checks: vec![Check {
            field: "run",
            ok: true,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::{encode_mrz, encode_pdf417, encode_qr, CardData, QrHost};
    use proptest::prelude::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn decode(text: &str) -> Result<ScannedCard, ScanError> {
        decode_scan_at(text, today())
    }

    // A synthetic TD1 written by hand (not by encode_mrz) so the decoder is
    // checked against independent arithmetic: RUN 11.111.111-1 in line 2.
    // line1 check: "A11111111" → 6; birth 900101 → 1; expiry 300101 → 9.
    fn sample_td1() -> String {
        let line1 = "INCHLA111111116<<<<<<<<<<<<<<<";
        let line2_head = "9001011M3001019CHL11111111<1<";
        let composite: String = [
            &line1[5..30],
            &line2_head[0..7],
            &line2_head[8..15],
            &line2_head[18..29],
        ]
        .concat();
        let c = mrz::check_digit(composite.as_bytes()).unwrap() as char;
        format!("{line1}\r\n{line2_head}{c}\r\nPRUEBA<SINTETICA<<ANA<MARIA<<<\r\n")
    }

    #[test]
    fn hand_written_td1_decodes() {
        assert_eq!(mrz::check_digit(b"A11111111"), Some(b'6'));
        assert_eq!(mrz::check_digit(b"900101"), Some(b'1'));
        assert_eq!(mrz::check_digit(b"300101"), Some(b'9'));
        let card = decode(&sample_td1()).unwrap();
        assert_eq!(card.carrier, Carrier::MrzTd1);
        assert_eq!(card.run.compact(), "11111111-1");
        assert_eq!(card.document_number.as_deref(), Some("A11111111"));
        assert_eq!(card.document_type, "CEDULA");
        assert_eq!(
            card.birth_date.and_then(|b| b.unambiguous()),
            Some(date(1990, 1, 1))
        );
        assert_eq!(card.expiry_date, Some(date(2030, 1, 1)));
        assert_eq!(card.sex, Some(Sex::Male));
        assert_eq!(card.nationality.as_deref(), Some("CHL"));
        assert_eq!(card.surnames.as_deref(), Some("PRUEBA SINTETICA"));
        assert_eq!(card.given_names.as_deref(), Some("ANA MARIA"));
        assert_eq!(card.checks.len(), 5);
        assert!(card.checks.iter().all(|c| c.ok));
    }

    #[test]
    fn td1_line_separators_and_single_line() {
        let lf = sample_td1().replace("\r\n", "\n");
        let cr = sample_td1().replace("\r\n", "\r");
        let one = sample_td1().replace("\r\n", "");
        let framed = format!("\u{2}{}\u{3}", sample_td1());
        for text in [lf, cr, one, framed] {
            assert_eq!(decode(&text).unwrap().run.compact(), "11111111-1");
        }
    }

    #[test]
    fn td1_run_in_line1_without_filler() {
        let line1 = "INCHLA111111116111111111<<<<<<";
        let line2_head = "9001011F3001019ARG<<<<<<<<<<<";
        let composite: String = [
            &line1[5..30],
            &line2_head[0..7],
            &line2_head[8..15],
            &line2_head[18..29],
        ]
        .concat();
        let c = mrz::check_digit(composite.as_bytes()).unwrap() as char;
        let text = format!("{line1}\n{line2_head}{c}\nPRUEBA<<ANA<<<<<<<<<<<<<<<<<<<");
        let card = decode(&text).unwrap();
        assert_eq!(card.run.compact(), "11111111-1");
        assert_eq!(card.document_type, "CEDULA_EXT");
        assert_eq!(card.sex, Some(Sex::Female));
    }

    /// A TD1 from its line 1, the first 29 characters of line 2 and line 3,
    /// with the composite check digit worked out.
    fn td1(line1: &str, line2_head: &str, line3: &str) -> String {
        let composite: String = [
            &line1[5..30],
            &line2_head[0..7],
            &line2_head[8..15],
            &line2_head[18..29],
        ]
        .concat();
        let c = mrz::check_digit(composite.as_bytes()).unwrap() as char;
        format!("{line1}\n{line2_head}{c}\n{line3}")
    }

    /// Digits in optional data 1 (here `20070513`, whose last digit is not
    /// the check digit of 2007051, and `987654325`, which happens to be a
    /// valid RUN) do not hide the holder's RUN in line 2 of a Chilean card.
    #[test]
    fn td1_digits_in_optional_data_1_read_the_right_run() {
        let line2 = "9001011M3001019CHL11111111<1<";
        let line3 = "PRUEBA<SINTETICA<<ANA<MARIA<<<";
        for optional1 in ["20070513<<<<<<<", "987654325<<<<<<"] {
            let line1 = format!("INCHLA111111116{optional1}");
            let card = decode(&td1(&line1, line2, line3)).unwrap();
            assert_eq!(card.run.compact(), "11111111-1", "{optional1}");
            assert!(card.checks.iter().all(|c| c.ok));
        }
        // Neither holds: the `run` check fails rather than a guess.
        let line1 = "INCHLA11111111620070513<<<<<<<";
        let bad_line2 = "9001011M3001019CHL11111111<2<";
        match decode(&td1(line1, bad_line2, line3)).unwrap_err() {
            ScanError::CheckFailed { field, .. } => assert_eq!(field, "run"),
            other => panic!("{other}"),
        }
    }

    /// A card of another state: the field whose check digit holds is kept,
    /// and two different valid RUNs are refused, not guessed.
    #[test]
    fn td1_foreign_card_keeps_the_holding_field_and_refuses_two_runs() {
        let line3 = "PRUEBA<<ANA<<<<<<<<<<<<<<<<<<<";
        let line1 = "IDPERA111111116111111111<<<<<<";
        let line2 = "9001011F3001019PER20070513<<<";
        let card = decode(&td1(line1, line2, line3)).unwrap();
        assert_eq!(card.run.compact(), "11111111-1");
        assert_eq!(card.document_type, "ID");
        let line2 = "9001011F3001019PER987654325<<";
        let err = decode(&td1(line1, line2, line3)).unwrap_err();
        assert_eq!(err.field(), Some("run"), "{err}");
        let line2 = "9001011F3001019PER111111111<<";
        assert_eq!(
            decode(&td1(line1, line2, line3)).unwrap().run.compact(),
            "11111111-1"
        );
    }

    #[test]
    fn td1_each_check_digit_names_its_field() {
        let good = sample_td1();
        // (line, column, replacement, field)
        let cases = [
            (0, 14, '2', "document_number"),
            (1, 6, '5', "birth_date"),
            (1, 14, '7', "expiry_date"),
            (1, 29, 'X', "composite"),
        ];
        for (line, col, with, field) in cases {
            let mut lines: Vec<String> = good.lines().map(str::to_string).collect();
            let mut bytes = lines[line].clone().into_bytes();
            bytes[col] = if bytes[col] as char == with {
                b'0'
            } else {
                with as u8
            };
            lines[line] = String::from_utf8(bytes).unwrap();
            let err = decode(&lines.join("\n")).unwrap_err();
            assert_eq!(err.field(), Some(field), "{err}");
        }
        // A wrong RUN DV: the composite covers line 2's optional data, so
        // both fail; the RUN is listed among the failed checks.
        let bad_run = good.replace("11111111<1<", "11111111<2<");
        match decode(&bad_run).unwrap_err() {
            ScanError::CheckFailed { checks, .. } => {
                assert!(checks.contains(&Check {
                    field: "run",
                    ok: false
                }));
            }
            other => panic!("{other}"),
        }
    }

    #[test]
    fn td1_structural_errors() {
        let good = sample_td1();
        let short = good.replacen("<<<<<<<<<<<<<<<", "<<<<<<<<<<<<<<", 1);
        assert_eq!(decode(&short).unwrap_err().field(), Some("line1"));
        let two = good.lines().take(2).collect::<Vec<_>>().join("\n");
        assert_eq!(decode(&two).unwrap_err().field(), Some("lines"));
        // `<` weighs 0 like `0`: a `0` misread as `<` passes the check
        // digit, so a lone `<` inside a number or a date is refused.
        let zero_number = good.replace("INCHLA11111111", "INCHLA10111111");
        let zero_number = zero_number.replace(
            "A101111116",
            &format!(
                "A10111111{}",
                mrz::check_digit(b"A10111111").unwrap() as char
            ),
        );
        let composite_fixed = |text: &str| {
            let lines: Vec<&str> = text.lines().collect();
            let (l1, l2) = (lines[0], lines[1]);
            let composite: String = [&l1[5..30], &l2[0..7], &l2[8..15], &l2[18..29]].concat();
            let c = mrz::check_digit(composite.as_bytes()).unwrap() as char;
            format!("{l1}\n{}{c}\n{}", &l2[..29], lines[2])
        };
        let zero_number = composite_fixed(&zero_number);
        assert!(decode(&zero_number).is_ok());
        let lone_filler = zero_number.replacen("A10111111", "A1<111111", 1);
        assert_eq!(
            decode(&lone_filler).unwrap_err().field(),
            Some("document_number")
        );
        let lone_date_filler = composite_fixed(&good.replacen("9001011M", "9<01011M", 1));
        assert_eq!(
            decode(&lone_date_filler).unwrap_err().field(),
            Some("birth_date")
        );
        let no_run = good.replace("11111111<1<", "<<<<<<<<<<<");
        assert_eq!(decode(&no_run).unwrap_err().field(), Some("run"));
    }

    #[test]
    fn qr_both_hosts() {
        let classic = "https://portal.sidiv.registrocivil.cl/docstatus?RUN=11111111-1&type=CEDULA&serial=A11111111&mrz=A11111111690010113001019";
        let card = decode(classic).unwrap();
        assert_eq!(card.carrier, Carrier::Qr);
        assert_eq!(card.run.compact(), "11111111-1");
        assert_eq!(card.document_type, "CEDULA");
        assert_eq!(card.document_number.as_deref(), Some("A11111111"));
        assert_eq!(
            card.birth_date.and_then(|b| b.unambiguous()),
            Some(date(1990, 1, 1))
        );
        assert_eq!(card.expiry_date, Some(date(2030, 1, 1)));
        assert_eq!(card.surnames, None);
        let new = "https://portal.nuevosidiv.registrocivil.cl/document-validity?RUN=11111111-1&type=CEDULA_EXT&serial=A11111111&mrz=A11111111690010113001019";
        assert_eq!(decode(new).unwrap().document_type, "CEDULA_EXT");
    }

    /// Born 1926 and 1916 (100 and 110 years old in 2026): the card's `26`
    /// and `16` also read as 2026 and 2016, so the card gives both dates and
    /// decides no age.
    #[test]
    fn centenarians_cards_keep_both_centuries() {
        for (birth, child) in [
            (date(1926, 3, 14), date(2026, 3, 14)),
            (date(1916, 8, 2), date(2016, 8, 2)),
        ] {
            let card = CardData {
                run: Run::from_body(4_321_987),
                document_number: "A04321987".into(),
                document_type: "CEDULA".into(),
                birth_date: birth,
                expiry_date: date(2031, 1, 1),
                sex: Sex::Female,
                nationality: "CHL".into(),
                surnames: "PRUEBA CENTENARIA".into(),
                given_names: "ROSA".into(),
            };
            for text in [encode_mrz(&card), encode_qr(&card, QrHost::New)] {
                let scanned = decode(&text).unwrap();
                let read = scanned.birth_date.unwrap();
                assert_eq!(read.candidates(), vec![child, birth]);
                assert_eq!(read.unambiguous(), None);
                let json = serde_json::to_value(&scanned).unwrap();
                assert!(json.get("birth_date").is_none(), "{json}");
                assert_eq!(json["birth_date_candidates"][1], birth.to_string());
            }
        }
    }

    #[test]
    fn qr_errors_name_the_field() {
        let base = "https://portal.sidiv.registrocivil.cl/docstatus?RUN=11111111-1&type=CEDULA&serial=A11111111&mrz=A11111111690010113001019";
        let field = |text: &str| decode(text).unwrap_err().field();
        assert_eq!(
            field(&base.replace("11111111-1", "11111111-2")),
            Some("run")
        );
        assert_eq!(field(&base.replace("=CEDULA", "=LICENCIA")), Some("type"));
        assert_eq!(
            field(&base.replace("69001011", "69001012")),
            Some("birth_date")
        );
        assert_eq!(
            field(&base.replace("3001019", "3001018")),
            Some("expiry_date")
        );
        assert_eq!(
            field(&base.replace("mrz=A111111116", "mrz=A111111126")),
            Some("document_number")
        );
        assert_eq!(
            field(&base.replace("serial=A11111111", "serial=B11111111")),
            Some("serial")
        );
        assert_eq!(
            field(&base.replace("&mrz=A11111111690010113001019", "")),
            Some("mrz")
        );
        assert_eq!(field(&base.replace("mrz=A1", "mrz=1")), Some("mrz"));
        assert_eq!(
            field(&base.replace("/docstatus", "/document-validity")),
            Some("url")
        );
        assert_eq!(field(&base.replace("https", "http")), Some("url"));
        assert_eq!(field(&base.replace("sidiv", "example")), Some("url"));
    }

    #[test]
    fn pdf417_best_effort() {
        let text = "111111111PRUEBA SINTETICA              CHLA111111111300101";
        let card = decode(text).unwrap();
        assert_eq!(card.carrier, Carrier::Pdf417);
        assert_eq!(card.run.compact(), "11111111-1");
        assert_eq!(card.surnames.as_deref(), Some("PRUEBA SINTETICA"));
        assert_eq!(card.document_number.as_deref(), Some("A111111111"));
        assert_eq!(card.expiry_date, Some(date(2030, 1, 1)));
        let bare = decode("111111111").unwrap();
        assert_eq!(bare.document_number, None);
        assert_eq!(decode("111111112 X").unwrap_err().field(), Some("run"));
    }

    #[test]
    fn not_a_card() {
        for text in ["", "hello", "   ", "1234", "<<<", "ftp://x"] {
            assert_eq!(decode(text).unwrap_err(), ScanError::NotACard, "{text:?}");
        }
    }

    #[test]
    fn errors_and_debug_hold_no_personal_data() {
        let card = decode(&sample_td1()).unwrap();
        let debug = format!("{card:?}");
        assert!(
            !debug.contains("11111111") && !debug.contains("PRUEBA"),
            "{debug}"
        );
        let err =
            decode(&sample_td1().replace("PRUEBA<SINTETICA<<ANA<MARIA<<<", "PRUEBA")).unwrap_err();
        assert!(!err.to_string().contains("PRUEBA"));
    }

    fn card_strategy() -> impl Strategy<Value = CardData> {
        let names = "[A-Z]{2,6}( [A-Z]{2,6})?";
        (
            1u32..=99_999_999,
            "[A-Z][0-9A-Z]{8}",
            prop::bool::ANY,
            (1900i32..=2026, 1u32..=12, 1u32..=28),
            (2026i32..=2099, 1u32..=12, 1u32..=28),
            prop::sample::select(vec![Sex::Male, Sex::Female, Sex::Unspecified]),
            names,
            names,
        )
            .prop_map(
                |(body, number, chilean, b, e, sex, surnames, given_names)| CardData {
                    run: Run::from_body(body),
                    document_number: number,
                    document_type: if chilean { "CEDULA" } else { "CEDULA_EXT" }.into(),
                    birth_date: date(b.0, b.1, b.2).min(today()),
                    expiry_date: date(e.0, e.1, e.2),
                    sex,
                    nationality: if chilean { "CHL" } else { "PER" }.into(),
                    surnames,
                    given_names,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn any_text_never_panics(text in "\\PC{0,120}") {
            let _ = decode(&text);
        }

        #[test]
        fn any_mrz_like_text_never_panics(text in "[A-Z0-9<\r\n]{60,100}") {
            let _ = decode(&format!("I{text}"));
        }

        #[test]
        fn any_url_like_text_never_panics(query in "[A-Za-z0-9=&%<-]{0,80}") {
            let _ = decode(&format!("https://portal.sidiv.registrocivil.cl/docstatus?{query}"));
        }

        #[test]
        fn generated_card_round_trips_through_mrz(card in card_strategy()) {
            let scanned = decode(&encode_mrz(&card)).unwrap();
            prop_assert_eq!(scanned.carrier, Carrier::MrzTd1);
            prop_assert_eq!(&scanned.run, &card.run);
            prop_assert_eq!(scanned.document_number.as_deref(), Some(card.document_number.as_str()));
            prop_assert_eq!(&scanned.document_type, &card.document_type);
            prop_assert!(scanned.birth_date.is_some_and(|b| b.admits(card.birth_date)));
            prop_assert_eq!(scanned.expiry_date, Some(card.expiry_date));
            prop_assert_eq!(scanned.sex, Some(card.sex));
            prop_assert_eq!(scanned.nationality.as_deref(), Some(card.nationality.as_str()));
            prop_assert_eq!(scanned.surnames.as_deref(), Some(card.surnames.as_str()));
            prop_assert_eq!(scanned.given_names.as_deref(), Some(card.given_names.as_str()));
        }

        #[test]
        fn generated_card_round_trips_through_qr(card in card_strategy(), new in prop::bool::ANY) {
            let host = if new { QrHost::New } else { QrHost::Classic };
            let scanned = decode(&encode_qr(&card, host)).unwrap();
            prop_assert_eq!(scanned.carrier, Carrier::Qr);
            prop_assert_eq!(&scanned.run, &card.run);
            prop_assert_eq!(scanned.document_number.as_deref(), Some(card.document_number.as_str()));
            prop_assert_eq!(&scanned.document_type, &card.document_type);
            prop_assert!(scanned.birth_date.is_some_and(|b| b.admits(card.birth_date)));
            prop_assert_eq!(scanned.expiry_date, Some(card.expiry_date));
        }

        #[test]
        fn generated_card_round_trips_through_pdf417(mut card in card_strategy(), serial in 0u32..1_000_000_000) {
            card.document_number = format!("A{serial:09}");
            let scanned = decode(&encode_pdf417(&card)).unwrap();
            prop_assert_eq!(scanned.carrier, Carrier::Pdf417);
            prop_assert_eq!(&scanned.run, &card.run);
            prop_assert_eq!(scanned.document_number.as_deref(), Some(card.document_number.as_str()));
            prop_assert_eq!(scanned.surnames.as_deref(), Some(card.surnames.as_str()));
            prop_assert_eq!(scanned.expiry_date, Some(card.expiry_date));
        }

        /// Changing one character of a checked MRZ field to any other MRZ
        /// character is caught, unless the two weigh the same modulo 10
        /// (`0`/`A`/`K`/`U`, `<`/`0` at the end of a number…): the blind
        /// spot of ICAO's 7-3-1 check digits, which no decoder can see.
        #[test]
        fn a_changed_mrz_character_is_caught(
            card in card_strategy(),
            pos in 0usize..100,
            with in prop::sample::select(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<".to_vec()),
        ) {
            let text = encode_mrz(&card);
            let mut bytes = text.into_bytes();
            // Checked positions: line 1 cols 6-30, line 2 except sex and nationality.
            let checked: Vec<usize> = (5..30).chain((31..61).filter(|&i| ![38, 46, 47, 48].contains(&i))).collect();
            let at = checked[pos % checked.len()];
            let (old, new) = (mrz::char_value(bytes[at]).unwrap(), mrz::char_value(with).unwrap());
            prop_assume!(old.abs_diff(new) % 10 != 0);
            bytes[at] = with;
            let changed = String::from_utf8(bytes).unwrap();
            let result = decode(&changed);
            prop_assert!(result.is_err(), "position {} changed to {} not caught", at, with as char);
        }

        /// Changing one digit of the QR's RUN or mrz parameter is caught.
        #[test]
        fn a_flipped_qr_digit_is_caught(card in card_strategy(), pos in 0usize..100, delta in 1u8..10) {
            let text = encode_qr(&card, QrHost::Classic);
            let mrz_at = text.find("mrz=").unwrap() + 4;
            let run_at = text.find("RUN=").unwrap() + 4;
            let run_len = card.run.compact().len();
            let positions: Vec<usize> = (run_at..run_at + run_len).chain(mrz_at..mrz_at + 24).collect();
            let at = positions[pos % positions.len()];
            let mut bytes = text.into_bytes();
            prop_assume!(bytes[at].is_ascii_digit());
            bytes[at] = b'0' + (bytes[at] - b'0' + delta) % 10;
            let result = decode(&String::from_utf8(bytes).unwrap());
            prop_assert!(result.is_err(), "position {} not caught", at);
        }
    }
}
