//! Any bytes a scanner could send into `decode_scan`: never a panic; a
//! decoded card passed every check and its RUN's check digit; an error on a
//! recognised carrier names a field and never repeats the input.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use totem_document::{decode_scan_at, Run, ScanError};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    match decode_scan_at(&text, today) {
        Ok(card) => {
            assert!(card.checks.iter().all(|c| c.ok));
            assert_eq!(Run::check_digit(card.run.body()), card.run.dv());
            if let Some(birth) = card.birth_date {
                assert!(birth.candidates().iter().all(|b| *b <= today));
            }
            assert!(serde_json_like(&card));
        }
        Err(ScanError::NotACard) => {}
        Err(error) => {
            assert!(error.field().is_some());
            let _ = error.to_string();
        }
    }
});

/// The CLI prints the card as JSON: its Debug must not leak the RUN.
fn serde_json_like(card: &totem_document::ScannedCard) -> bool {
    !format!("{card:?}").contains(&card.run.compact())
}
