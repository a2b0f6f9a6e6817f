//! The PDF417 barcode on the back of cédulas issued before 2013, in the
//! layout public decoders read (see docs/documents.md): fixed-width text
//! fields, then data about the holder's fingerprint, partly binary.

use std::ops::Range;

use super::{invalid, Carrier, Check, ScanError, ScannedCard};
use crate::mrz::{self, YearRule};
use crate::run::{Run, RunError};

/// Character positions of the text fields. What follows the serial (a
/// disability flag, the document type, the finger, the length and bytes of
/// the fingerprint) is not read.
const RUN: Range<usize> = 0..9;
const APPLICATION_NUMBER: Range<usize> = 9..19;
const SURNAME: Range<usize> = 19..49;
const NATIONALITY: Range<usize> = 49..52;
const EXPIRY: Range<usize> = 52..58;
const SERIAL: Range<usize> = 58..68;
/// Characters of text before the fingerprint data.
pub const TEXT_LEN: usize = 68;

const RUN_EXPECTED: &str =
    "9 characters: the RUN number zero-padded to 8 digits and its check digit";

/// Whether `text` starts like this barcode: the RUN's 8 digits and its DV.
pub(super) fn looks_like(text: &str) -> bool {
    text.len() >= 9 && text.as_bytes()[..8].iter().all(u8::is_ascii_digit)
}

/// Decodes the text fields. A read cut short gives the fields it holds
/// (the RUN is always there, with its check digit); a field that is not
/// what the layout says is left out, except the RUN and the application
/// number, whose misreading means the columns are shifted.
pub(super) fn decode(text: &str) -> Result<ScannedCard, ScanError> {
    const C: Carrier = Carrier::Pdf417;
    // Characters, not bytes: a surname may hold `Ñ`.
    let chars: Vec<char> = text.chars().take(TEXT_LEN).collect();
    let field =
        |range: Range<usize>| -> Option<String> { chars.get(range).map(|c| c.iter().collect()) };
    let run = run_of(chars.get(RUN).ok_or(invalid(C, "run", RUN_EXPECTED))?)?;
    let application_ok =
        field(APPLICATION_NUMBER).is_none_or(|a| a.chars().all(|c| c.is_ascii_digit() || c == ' '));
    if !application_ok {
        return Err(invalid(
            C,
            "application_number",
            "10 digits after the RUN (the PDF417 layout of cards before 2013)",
        ));
    }
    // Trailing padding may be trimmed off a read: the surname is what is there.
    let surname_end = SURNAME.end.min(chars.len().max(SURNAME.start));
    let surnames = field(SURNAME.start..surname_end)
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty() && s.chars().all(|c| c.is_alphabetic() || c == ' '));
    let nationality = field(NATIONALITY).filter(|n| n.bytes().all(|b| b.is_ascii_uppercase()));
    let expiry_date = field(EXPIRY).and_then(|raw| {
        mrz::parse_yymmdd(raw.as_bytes(), YearRule::TwentyFirstCentury)
            .ok()
            .flatten()
    });
    let serial = field(SERIAL).filter(|s| {
        let b = s.as_bytes();
        b.len() == 10 && b[0] == b'A' && b[1..].iter().all(u8::is_ascii_digit)
    });
    // As on a TD1: a card issued to a foreign national is a cédula de extranjería.
    let document_type = match nationality.as_deref() {
        Some("CHL") | None => "CEDULA",
        Some(_) => "CEDULA_EXT",
    };
    Ok(ScannedCard {
        carrier: C,
        run,
        document_number: serial,
        document_type: document_type.into(),
        birth_date: None,
        expiry_date,
        sex: None,
        nationality,
        surnames,
        given_names: None,
        checks: vec![Check {
            field: "run",
            ok: true,
        }],
    })
}

/// The first 9 characters: 8 digits (looks_like checked them) and the DV.
fn run_of(field: &[char]) -> Result<Run, ScanError> {
    const C: Carrier = Carrier::Pdf417;
    let dv = field[8].to_ascii_uppercase();
    if !(dv.is_ascii_digit() || dv == 'K') {
        return Err(invalid(C, "run", RUN_EXPECTED));
    }
    let body = field[..8]
        .iter()
        .filter_map(|d| d.to_digit(10))
        .fold(0u32, |n, d| n * 10 + d);
    match Run::from_parts(body, dv) {
        Ok(run) => Ok(run),
        Err(RunError::BadCheckDigit) => Err(ScanError::CheckFailed {
            carrier: C,
            field: "run",
            checks: vec![Check {
                field: "run",
                ok: false,
            }],
        }),
        Err(_) => Err(invalid(C, "run", "a RUN number from 1 to 99999999")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::decode_scan_at;
    use super::*;
    use crate::encode::{encode_pdf417, encode_pdf417_scan, CardData};
    use crate::scan::Sex;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn decode(text: &str) -> Result<ScannedCard, ScanError> {
        decode_scan_at(text, date(2026, 11, 25))
    }

    /// Written by hand in the public layout: RUN, application number,
    /// surname padded to 30, nationality, expiry, serial, then the
    /// fingerprint part (flag, type, finger, length, data).
    #[test]
    fn public_layout_decodes() {
        let text = concat!(
            "111111111",
            "0001234567",
            "PRUEBA SINTETICA              ",
            "CHL",
            "300101",
            "A111111111",
            "01",
            "0002",
            "0004",
            "\u{fffd}\u{fffd}\u{fffd}\u{fffd}",
        );
        let card = decode(text).unwrap();
        assert_eq!(card.carrier, Carrier::Pdf417);
        assert_eq!(card.run.compact(), "11111111-1");
        assert_eq!(card.surnames.as_deref(), Some("PRUEBA SINTETICA"));
        assert_eq!(card.nationality.as_deref(), Some("CHL"));
        assert_eq!(card.expiry_date, Some(date(2030, 1, 1)));
        assert_eq!(card.document_number.as_deref(), Some("A111111111"));
        assert_eq!(card.document_type, "CEDULA");
        assert_eq!(card.birth_date, None);
        // Cut short after the surname: what is there is read.
        let short = decode(&text[..49]).unwrap();
        assert_eq!(short.surnames.as_deref(), Some("PRUEBA SINTETICA"));
        assert_eq!((short.document_number, short.expiry_date), (None, None));
        // Only the RUN.
        assert_eq!(decode("111111111").unwrap().document_number, None);
        // A wrong DV, or letters where the application number goes.
        assert_eq!(decode("111111112 X").unwrap_err().field(), Some("run"));
        let shifted = text.replacen("0001234567", "PRUEBA SIN", 1);
        assert_eq!(
            decode(&shifted).unwrap_err().field(),
            Some("application_number")
        );
    }

    #[test]
    fn the_encoder_writes_the_public_layout() {
        let card = CardData {
            run: Run::from_body(4_321_987),
            document_number: "A004321987".into(),
            document_type: "CEDULA".into(),
            birth_date: date(1950, 4, 2),
            expiry_date: date(2031, 6, 30),
            sex: Sex::Male,
            nationality: "CHL".into(),
            surnames: "Núñez Peña".into(),
            given_names: "José".into(),
        };
        let text = encode_pdf417(&card);
        let chars: Vec<char> = text.chars().collect();
        let at = |r: Range<usize>| chars[r].iter().collect::<String>();
        assert_eq!(at(RUN), "043219871");
        assert!(at(APPLICATION_NUMBER).bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(at(SURNAME).trim_end(), "NÚÑEZ PEÑA");
        assert_eq!(at(NATIONALITY), "CHL");
        assert_eq!(at(EXPIRY), "310630");
        assert_eq!(at(SERIAL), "A004321987");
        let scanned = decode(&text).unwrap();
        assert_eq!(scanned.surnames.as_deref(), Some("NÚÑEZ PEÑA"));
        // What the emulated scanner sends: the same text, then binary data
        // that is not UTF-8.
        let bytes = encode_pdf417_scan(&card);
        assert!(bytes.starts_with(text.as_bytes()));
        assert!(std::str::from_utf8(&bytes).is_err());
    }
}
