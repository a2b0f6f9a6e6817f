//! ICAO 9303 building blocks shared by the TD1 MRZ and the QR `mrz`
//! parameter: character values, check digits, YYMMDD dates.

use chrono::{Datelike, NaiveDate};

/// Value of an MRZ character: `0-9` → 0–9, `A-Z` → 10–35, `<` → 0.
/// `None` for anything else.
pub fn char_value(c: u8) -> Option<u32> {
    match c {
        b'0'..=b'9' => Some(u32::from(c - b'0')),
        b'A'..=b'Z' => Some(u32::from(c - b'A') + 10),
        b'<' => Some(0),
        _ => None,
    }
}

/// The check digit of `field` (weights 7, 3, 1 repeating, sum mod 10), or
/// `None` if it holds a character outside the MRZ alphabet.
pub fn check_digit(field: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (i, &c) in field.iter().enumerate() {
        sum += char_value(c)? * [7, 3, 1][i % 3];
    }
    Some(b'0' + (sum % 10) as u8)
}

/// Whether `digit` is the check digit of `field`. ICAO lets an all-filler
/// field carry `<` as its check digit.
pub fn check_ok(field: &[u8], digit: u8) -> bool {
    if digit == b'<' && field.iter().all(|&c| c == b'<') {
        return true;
    }
    check_digit(field) == Some(digit)
}

/// Which two-digit-year rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearRule {
    /// The latest date not after `today` (a birth date).
    NotInFuture(NaiveDate),
    /// 20YY (an expiry date).
    TwentyFirstCentury,
}

/// Why a YYMMDD field is not a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    NotDigits,
    NoSuchDate,
}

/// Parses YYMMDD. A field of fillers (`<<<<<<`) or with an unknown part
/// (`<<` for the day, allowed by ICAO) gives `Ok(None)`; a lone `<` is an
/// error.
pub fn parse_yymmdd(field: &[u8], rule: YearRule) -> Result<Option<NaiveDate>, DateError> {
    if field.len() != 6 {
        return Err(DateError::NotDigits);
    }
    if field.contains(&b'<') {
        // ICAO marks an unknown part with a whole `<<`; a lone `<` is a
        // misread (and `<` weighs 0 like `0`, so no check digit sees it).
        let pairs_ok = field
            .chunks(2)
            .all(|p| p == b"<<" || p.iter().all(u8::is_ascii_digit));
        return if pairs_ok {
            Ok(None)
        } else {
            Err(DateError::NotDigits)
        };
    }
    if !field.iter().all(u8::is_ascii_digit) {
        return Err(DateError::NotDigits);
    }
    let n = |i: usize| u32::from(field[i] - b'0') * 10 + u32::from(field[i + 1] - b'0');
    let (yy, mm, dd) = (n(0) as i32, n(2), n(4));
    match rule {
        YearRule::TwentyFirstCentury => NaiveDate::from_ymd_opt(2000 + yy, mm, dd)
            .map(Some)
            .ok_or(DateError::NoSuchDate),
        YearRule::NotInFuture(today) => {
            let century = today.year().div_euclid(100) * 100;
            // Try this century, then the previous one: the first date that
            // exists and is not after today wins. 29 February of a year
            // that is not leap in one century may be in the other.
            for year in [century + yy, century - 100 + yy] {
                if let Some(date) = NaiveDate::from_ymd_opt(year, mm, dd) {
                    if date <= today {
                        return Ok(Some(date));
                    }
                }
            }
            Err(DateError::NoSuchDate)
        }
    }
}

/// YYMMDD of a date (`<<<<<<` for none).
pub fn format_yymmdd(date: Option<NaiveDate>) -> String {
    match date {
        Some(d) => format!(
            "{:02}{:02}{:02}",
            d.year().rem_euclid(100),
            d.month(),
            d.day()
        ),
        None => "<<<<<<".into(),
    }
}

/// Upper-cases and turns a name into MRZ characters: letters kept (accents
/// dropped, `Ñ` → `N`), anything else becomes `<`.
pub fn mrz_name_chars(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_uppercase().next().unwrap_or(c) {
            c @ 'A'..='Z' => c,
            'Á' | 'À' | 'Ä' | 'Â' => 'A',
            'É' | 'È' | 'Ë' | 'Ê' => 'E',
            'Í' | 'Ì' | 'Ï' | 'Î' => 'I',
            'Ó' | 'Ò' | 'Ö' | 'Ô' => 'O',
            'Ú' | 'Ù' | 'Ü' | 'Û' => 'U',
            'Ñ' => 'N',
            'Ç' => 'C',
            _ => '<',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn icao_specimen_check_digits() {
        // ICAO 9303 part 3 worked examples.
        assert_eq!(check_digit(b"520727"), Some(b'3'));
        assert_eq!(check_digit(b"D23145890"), Some(b'7'));
        assert_eq!(check_digit(b"L898902C<"), Some(b'3'));
        assert_eq!(check_digit(b"a"), None);
        assert!(check_ok(b"<<<<<<", b'<'));
        assert!(check_ok(b"<<<<<<", b'0'));
    }

    #[test]
    fn two_digit_years() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let birth = |s: &[u8]| parse_yymmdd(s, YearRule::NotInFuture(today));
        assert_eq!(birth(b"261125"), Ok(NaiveDate::from_ymd_opt(2026, 11, 25)));
        assert_eq!(birth(b"261126"), Ok(NaiveDate::from_ymd_opt(1926, 11, 26)));
        assert_eq!(birth(b"900101"), Ok(NaiveDate::from_ymd_opt(1990, 1, 1)));
        assert_eq!(birth(b"000229"), Ok(NaiveDate::from_ymd_opt(2000, 2, 29)));
        assert_eq!(birth(b"011301"), Err(DateError::NoSuchDate));
        assert_eq!(birth(b"01<<01"), Ok(None));
        assert_eq!(birth(b"<<<<<<"), Ok(None));
        assert_eq!(birth(b"0<0101"), Err(DateError::NotDigits));
        assert_eq!(birth(b"01AB01"), Err(DateError::NotDigits));
        let expiry = |s: &[u8]| parse_yymmdd(s, YearRule::TwentyFirstCentury);
        assert_eq!(expiry(b"991231"), Ok(NaiveDate::from_ymd_opt(2099, 12, 31)));
        assert_eq!(expiry(b"300230"), Err(DateError::NoSuchDate));
    }
}
