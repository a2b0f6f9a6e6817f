//! The ICAO 9303 TD1 machine-readable zone: three lines of 30 characters.

use chrono::NaiveDate;
use zeroize::Zeroize;

use super::{birth_field, date_field, first_failed, invalid, text_of, trim_fillers};
use super::{Carrier, Check, ScanError, ScannedCard, Sex};
use crate::mrz::{self, YearRule};
use crate::run::{Run, RunError};

pub(super) fn decode(text: &str, today: NaiveDate) -> Result<ScannedCard, ScanError> {
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
