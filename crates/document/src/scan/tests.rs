//! Decoding tests: hand-worked ICAO and RUN examples, every error field,
//! and round trips through the encoders.

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
    // The public layout (see pdf417.rs for every field).
    let text = "1111111110001234567PRUEBA SINTETICA              CHL300101A111111111";
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
