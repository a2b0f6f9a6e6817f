//! Arbitrary card data through every encoder and back through
//! `decode_scan`: encoders never panic; an MRZ always decodes to the same
//! RUN (and the same dates when they fit the two-digit-year rules); a QR
//! decodes whenever its serial fits the `mrz` parameter; a PDF417 text
//! always gives back its RUN.
#![no_main]

use chrono::{Datelike, NaiveDate};
use libfuzzer_sys::fuzz_target;
use totem_document::{
    decode_scan_at, encode_mrz, encode_pdf417, encode_qr, CardData, QrHost, Run, Sex,
};

type Input = (u32, String, u8, i32, i32, u8, String, String, String, bool);

fuzz_target!(|input: Input| {
    let (
        body,
        document_number,
        kind,
        birth_days,
        expiry_days,
        sex,
        nationality,
        surnames,
        given_names,
        new_host,
    ) = input;
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let date = |days: i32| {
        NaiveDate::from_num_days_from_ce_opt(days.rem_euclid(1_000_000)).unwrap_or(today)
    };
    let card = CardData {
        run: Run::from_body(body.max(1) % 100_000_000),
        document_number,
        document_type: ["CEDULA", "CEDULA_EXT", "PASAPORTE_PG", "PASAPORTE_OFICIAL"]
            [usize::from(kind % 4)]
        .into(),
        birth_date: date(birth_days),
        expiry_date: date(expiry_days),
        sex: [Sex::Male, Sex::Female, Sex::Unspecified][usize::from(sex % 3)],
        nationality,
        surnames,
        given_names,
    };
    if card.run.body() == 0 {
        return;
    }
    // A living person's date: at most `MAX_AGE` years back (the card's two
    // digits then admit it among their readings).
    let birth_fits = card.birth_date <= today
        && today.year() - card.birth_date.year() < totem_document::birth::MAX_AGE;
    let expiry_fits = (2000..=2099).contains(&card.expiry_date.year());

    let mrz = decode_scan_at(&encode_mrz(&card), today).expect("an encoded MRZ decodes");
    assert_eq!(mrz.run, card.run);
    if birth_fits {
        assert!(mrz.birth_date.is_some_and(|b| b.admits(card.birth_date)));
    }
    if expiry_fits {
        assert_eq!(mrz.expiry_date, Some(card.expiry_date));
    }

    let host = if new_host {
        QrHost::New
    } else {
        QrHost::Classic
    };
    let qr = decode_scan_at(&encode_qr(&card, host), today);
    let serial_fits = (1..=9).contains(&card.document_number.len())
        && card
            .document_number
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if serial_fits {
        let qr = qr.expect("a QR with a fitting serial decodes");
        assert_eq!(qr.run, card.run);
        if birth_fits {
            assert!(qr.birth_date.is_some_and(|b| b.admits(card.birth_date)));
        }
    }

    let pdf = decode_scan_at(&encode_pdf417(&card), today).expect("a PDF417 text decodes");
    assert_eq!(pdf.run, card.run);
});
