//! A birth date read from a card: ICAO 9303 (the TD1 MRZ and the QR's `mrz`
//! parameter) keeps only the year's last two digits, so the century is not
//! on the card. A citizen born in 1925 and a child born in 2025 carry the
//! same `25`; only the registry knows which. [`CardBirthDate`] keeps that
//! honest: it holds every date the digits can mean for a living person.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Older than this nobody is alive (the oldest verified person reached
/// 122): a reading that would make the holder older is not a candidate.
pub const MAX_AGE: i32 = 130;

/// The dates a card's `YYMMDD` birth date can mean, latest first: the latest
/// date with those digits not after the day of reading and, when it is a
/// calendar date and leaves the holder at most [`MAX_AGE`], the same day a
/// century earlier. Never decides an age by itself. `Debug` redacts.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct CardBirthDate {
    latest: NaiveDate,
    century_earlier: Option<NaiveDate>,
}

impl CardBirthDate {
    /// From the latest reading not after `today` (see
    /// [`crate::mrz::YearRule::NotInFuture`]).
    pub fn from_latest(latest: NaiveDate, today: NaiveDate) -> Self {
        let century_earlier =
            NaiveDate::from_ymd_opt(latest.year() - 100, latest.month(), latest.day())
                .filter(|earlier| age_on(*earlier, today) <= MAX_AGE);
        Self {
            latest,
            century_earlier,
        }
    }

    /// The latest reading (the youngest holder the digits allow).
    pub fn latest(&self) -> NaiveDate {
        self.latest
    }

    /// Every reading, latest first (one or two).
    pub fn candidates(&self) -> Vec<NaiveDate> {
        std::iter::once(self.latest)
            .chain(self.century_earlier)
            .collect()
    }

    /// The date when the digits can mean only one date for a living person
    /// (e.g. `90` read in 2026 is 1990: 1890 would make the holder 136).
    pub fn unambiguous(&self) -> Option<NaiveDate> {
        match self.century_earlier {
            None => Some(self.latest),
            Some(_) => None,
        }
    }

    /// Whether `date` is one of the readings (e.g. the registry's date).
    pub fn admits(&self, date: NaiveDate) -> bool {
        date == self.latest || Some(date) == self.century_earlier
    }
}

impl fmt::Debug for CardBirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardBirthDate(<redacted>)")
    }
}

/// Flattened into a card's JSON: `"birth_date": "1990-01-01"` when
/// unambiguous, else `"birth_date_candidates": ["2020-05-01", "1920-05-01"]`.
impl Serialize for CardBirthDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        match self.unambiguous() {
            Some(date) => map.serialize_entry("birth_date", &date)?,
            None => map.serialize_entry("birth_date_candidates", &self.candidates())?,
        }
        map.end()
    }
}

/// Whole years from `birth` to `today`.
fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let before_birthday = (today.month(), today.day()) < (birth.month(), birth.day());
    today.year() - birth.year() - i32::from(before_birthday)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_centenarian_and_a_child_share_the_digits() {
        let today = date(2026, 11, 25);
        let birth = CardBirthDate::from_latest(date(2025, 3, 1), today);
        assert_eq!(birth.candidates(), vec![date(2025, 3, 1), date(1925, 3, 1)]);
        assert_eq!(birth.unambiguous(), None);
        assert!(birth.admits(date(1925, 3, 1)));
        assert!(!birth.admits(date(1825, 3, 1)));
        // 110 years old: still a candidate.
        let birth = CardBirthDate::from_latest(date(2016, 6, 1), today);
        assert!(birth.admits(date(1916, 6, 1)));
    }

    #[test]
    fn an_impossible_age_is_no_candidate() {
        let today = date(2026, 11, 25);
        let birth = CardBirthDate::from_latest(date(1990, 1, 1), today);
        assert_eq!(birth.unambiguous(), Some(date(1990, 1, 1)));
        // Born 1895-11-26 makes 130 today: a candidate; a day earlier, 131 is not.
        let birth = CardBirthDate::from_latest(date(1995, 11, 26), today);
        assert_eq!(birth.candidates().len(), 2);
        let birth = CardBirthDate::from_latest(date(1995, 11, 25), today);
        assert_eq!(birth.candidates().len(), 1);
        // 29 February 2000 has no 1900 twin.
        let birth = CardBirthDate::from_latest(date(2000, 2, 29), today);
        assert_eq!(birth.unambiguous(), Some(date(2000, 2, 29)));
    }

    #[test]
    fn debug_redacts_and_json_says_what_is_known() {
        let today = date(2026, 11, 25);
        let birth = CardBirthDate::from_latest(date(2020, 5, 1), today);
        assert!(!format!("{birth:?}").contains("2020"));
        let json = serde_json::to_string(&birth).unwrap();
        assert_eq!(
            json,
            r#"{"birth_date_candidates":["2020-05-01","1920-05-01"]}"#
        );
        let birth = CardBirthDate::from_latest(date(1990, 1, 1), today);
        let json = serde_json::to_string(&birth).unwrap();
        assert_eq!(json, r#"{"birth_date":"1990-01-01"}"#);
    }
}
