//! The cédula QR (cards since 2013): a URL on one of the Registro Civil's
//! two hosts whose `mrz` parameter holds ICAO check digits.

use chrono::NaiveDate;
use zeroize::Zeroize;

use super::{birth_field, date_field, first_failed, invalid, trim_fillers};
use super::{Carrier, Check, ScanError, ScannedCard};
use crate::mrz::{self, YearRule};
use crate::run::{Run, RunError};

const QR_ENDPOINTS: [(&str, &str); 2] = [
    ("portal.sidiv.registrocivil.cl", "/docstatus"),
    ("portal.nuevosidiv.registrocivil.cl", "/document-validity"),
];

const QR_TYPES: [&str; 4] = ["CEDULA", "CEDULA_EXT", "PASAPORTE_PG", "PASAPORTE_OFICIAL"];

pub(super) fn decode(text: &str, today: NaiveDate) -> Result<ScannedCard, ScanError> {
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
