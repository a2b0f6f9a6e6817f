//! Writing the card carriers from card data: the inverse of [`crate::scan`],
//! for the device emulators, the demo and round-trip tests. Output is
//! always decodable when the data fits the carrier (see each function).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::mrz;
use crate::run::Run;
use crate::scan::Sex;

/// What a card says about its holder. Synthetic data only in this
/// repository. `Debug` redacts.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardData {
    pub run: Run,
    /// The card's serial, e.g. `A012345678` (old cards) or `B5F089055`.
    pub document_number: String,
    /// QR `type`: `CEDULA`, `CEDULA_EXT`, `PASAPORTE_PG`, `PASAPORTE_OFICIAL`.
    pub document_type: String,
    pub birth_date: NaiveDate,
    pub expiry_date: NaiveDate,
    pub sex: Sex,
    /// ICAO three-letter code, e.g. `CHL`.
    pub nationality: String,
    /// Words separated by spaces.
    pub surnames: String,
    pub given_names: String,
}

impl fmt::Debug for CardData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardData")
            .field("document_type", &self.document_type)
            .finish_non_exhaustive()
    }
}

impl zeroize::Zeroize for CardData {
    fn zeroize(&mut self) {
        self.run.zeroize();
        self.document_number.zeroize();
        self.surnames.zeroize();
        self.given_names.zeroize();
        self.nationality.zeroize();
    }
}

/// Which of the two QR URL forms of DOMAIN.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum QrHost {
    /// `https://portal.sidiv.registrocivil.cl/docstatus`
    Classic,
    /// `https://portal.nuevosidiv.registrocivil.cl/document-validity`
    New,
}

/// The cédula QR URL. The `mrz` parameter holds the first 9 characters of
/// the document number (decoding checks it equals `serial`, so use serials
/// of at most 9 characters).
pub fn encode_qr(card: &CardData, host: QrHost) -> String {
    let base = match host {
        QrHost::Classic => "https://portal.sidiv.registrocivil.cl/docstatus",
        QrHost::New => "https://portal.nuevosidiv.registrocivil.cl/document-validity",
    };
    let number = mrz_field(&card.document_number, 9);
    let birth = mrz::format_yymmdd(Some(card.birth_date));
    let expiry = mrz::format_yymmdd(Some(card.expiry_date));
    let mrz_param = format!(
        "{number}{}{birth}{}{expiry}{}",
        cd(&number),
        cd(&birth),
        cd(&expiry)
    );
    format!(
        "{base}?RUN={}&type={}&serial={}&mrz={mrz_param}",
        card.run.compact(),
        percent_encode(&card.document_type),
        percent_encode(&card.document_number)
    )
}

/// The TD1 MRZ: three lines of 30 characters joined by `\n`, no final
/// terminator (a scanner emulator sends each line with its configured
/// terminator). Issuing state `CHL`, document code `IN`; the RUN goes in
/// line 2's optional data as `<body><<DV>`. Names are upper-cased, accents
/// dropped, and truncated to fit line 3. Document numbers over 9 characters
/// use the ICAO continuation in line 1's optional data (up to 23 characters;
/// longer ones are cut); characters other than letters and digits are left
/// out of the number; the nationality is cut to 3 characters.
pub fn encode_mrz(card: &CardData) -> String {
    // At most 9 characters in place plus 14 continued in the optional
    // data (which also holds the check digit).
    // Only letters and digits: a `<` inside would end the ICAO
    // continuation early.
    let mut number: String = card
        .document_number
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    number.truncate(23);
    let line1 = if number.len() <= 9 {
        let n = pad(&number, 9);
        format!("INCHL{n}{}{}", cd(&n), "<".repeat(15))
    } else {
        let ext = format!("{}{}", &number[9..], cd(&number));
        format!("INCHL{}<{}", &number[..9], pad(&ext, 15))
    };
    let birth = mrz::format_yymmdd(Some(card.birth_date));
    let expiry = mrz::format_yymmdd(Some(card.expiry_date));
    let optional2 = pad(&format!("{}<{}", card.run.body(), card.run.dv()), 11);
    let nationality = mrz_field(&card.nationality, 3);
    let line2_head = format!(
        "{birth}{}{}{expiry}{}{nationality}{optional2}",
        cd(&birth),
        card.sex.mrz_char(),
        cd(&expiry)
    );
    let composite: String = [
        &line1[5..30],
        &line2_head[0..7],
        &line2_head[8..15],
        &line2_head[18..29],
    ]
    .concat();
    let line2 = format!("{line2_head}{}", cd(&composite));
    let words = |text: &str| {
        mrz::mrz_name_chars(text)
            .split('<')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("<")
    };
    let mut line3 = format!("{}<<{}", words(&card.surnames), words(&card.given_names));
    line3.truncate(30);
    let line3 = pad(&line3, 30);
    format!("{line1}\n{line2}\n{line3}")
}

/// The text of the PDF417 barcode of cards before 2013, in the public
/// layout (see docs/documents.md), as [`crate::decode_scan`] reads it:
/// the RUN body zero-padded to 8 digits and its DV; a 10-digit application
/// number (synthetic: the serial's digits); the surnames upper-cased and
/// space-padded (or cut) to 30 characters; the nationality in 3; the expiry
/// YYMMDD; the serial in 10 (decoded only when it is `A` + 9 digits).
pub fn encode_pdf417(card: &CardData) -> String {
    let digits: String = card
        .document_number
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let application = &digits[digits.len().saturating_sub(10)..];
    format!(
        "{:08}{}{application:0>10}{}{}{}{}",
        card.run.body(),
        card.run.dv(),
        fixed(&card.surnames.to_uppercase(), 30),
        fixed(&card.nationality, 3),
        mrz::format_yymmdd(Some(card.expiry_date)),
        fixed(&card.document_number, 10),
    )
}

/// What a scanner reads from that barcode: the text of [`encode_pdf417`],
/// then the fingerprint part: a disability flag, a document-type character,
/// a finger code (4 digits), the length of the data (4 digits) and the
/// data itself: synthetic bytes of `0x80..=0xFF`, never UTF-8 (a
/// fingerprint template is binary) and never a control byte (so no line
/// terminator or STX/ETX frame is cut short by it).
pub fn encode_pdf417_scan(card: &CardData) -> Vec<u8> {
    const DATA_LEN: usize = 400;
    let mut bytes = encode_pdf417(card).into_bytes();
    bytes.extend_from_slice(format!("01{:04}{DATA_LEN:04}", 1).as_bytes());
    let mut state = card.run.body().wrapping_mul(2_654_435_761) | 1;
    for _ in 0..DATA_LEN {
        // xorshift: repeatable noise, not anyone's fingerprint.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        bytes.push(0x80 | (state & 0x7f) as u8);
    }
    bytes
}

/// `text` cut or space-padded to `len` characters.
fn fixed(text: &str, len: usize) -> String {
    let mut s: String = text.chars().take(len).collect();
    while s.chars().count() < len {
        s.push(' ');
    }
    s
}

fn cd(field: &str) -> char {
    mrz::check_digit(field.as_bytes()).map_or('<', char::from)
}

/// Upper case, and anything outside A-Z0-9 becomes `<`.
fn mrz_name_free(text: &str) -> String {
    text.chars()
        .map(|c| c.to_ascii_uppercase())
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '<' })
        .collect()
}

fn mrz_field(text: &str, len: usize) -> String {
    let mut s = mrz_name_free(text);
    s.truncate(len);
    pad(&s, len)
}

fn pad(text: &str, len: usize) -> String {
    let mut s = text.to_string();
    while s.len() < len {
        s.push('<');
    }
    s
}

fn percent_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::{decode_scan_at, Carrier};

    fn card() -> CardData {
        CardData {
            run: Run::from_body(11_111_111),
            document_number: "A11111111".into(),
            document_type: "CEDULA".into(),
            birth_date: NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
            expiry_date: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
            sex: Sex::Female,
            nationality: "CHL".into(),
            surnames: "Núñez Peña".into(),
            given_names: "José María".into(),
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 25).unwrap()
    }

    #[test]
    fn mrz_lines_are_30_characters_and_names_are_folded() {
        let text = encode_mrz(&card());
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines.len(), 3);
        assert!(lines.iter().all(|l| l.len() == 30), "{text}");
        assert_eq!(lines[2], "NUNEZ<PENA<<JOSE<MARIA<<<<<<<<");
        assert!(lines[1].contains("11111111<1"));
    }

    #[test]
    fn oversized_fields_still_give_a_decodable_mrz() {
        let mut long = card();
        long.document_number = "ABCDEFGHIJ KLMNOPQRSTUVWXYZ0123456789".into();
        long.nationality = "CHILE".into();
        long.surnames = "X".repeat(40);
        let scanned = decode_scan_at(&encode_mrz(&long), today()).unwrap();
        assert_eq!(scanned.carrier, Carrier::MrzTd1);
        assert_eq!(
            scanned.document_number.as_deref(),
            Some("ABCDEFGHIJKLMNOPQRSTUVW")
        );
        assert_eq!(scanned.nationality.as_deref(), Some("CHI"));
        assert_eq!(scanned.run, long.run);
    }

    /// Found by the card_roundtrip fuzz target: punctuation in a long
    /// number used to become `<` and cut the ICAO continuation short.
    #[test]
    fn punctuation_in_the_document_number_is_left_out() {
        let mut odd = card();
        odd.document_number = "..\u{12}....8\0\0".into();
        let scanned = decode_scan_at(&encode_mrz(&odd), today()).unwrap();
        assert_eq!(scanned.document_number.as_deref(), Some("8"));
        odd.document_number = "AB-CD.EF GH/IJ KL".into();
        let scanned = decode_scan_at(&encode_mrz(&odd), today()).unwrap();
        assert_eq!(scanned.document_number.as_deref(), Some("ABCDEFGHIJKL"));
    }

    #[test]
    fn qr_and_pdf417_shapes() {
        let qr = encode_qr(&card(), QrHost::New);
        assert!(qr.starts_with("https://portal.nuevosidiv.registrocivil.cl/document-validity?RUN=11111111-1&type=CEDULA&serial=A11111111&mrz="));
        let pdf = encode_pdf417(&card());
        assert!(pdf.starts_with("111111111"));
        assert_eq!(
            pdf.chars().skip(19).take(10).collect::<String>(),
            "NÚÑEZ PEÑA"
        );
        let scanned = decode_scan_at(&pdf, today()).unwrap();
        assert_eq!(scanned.surnames.as_deref(), Some("NÚÑEZ PEÑA"));
    }
}
