//! RUN / RUT: body of 1–8 digits and a modulo-11 check digit.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

/// Largest body accepted: 8 digits.
const MAX_BODY: u32 = 99_999_999;

/// A RUN whose check digit has been validated (or computed).
///
/// `Display` gives `12.345.678-5`, [`Run::compact`] gives `12345678-5`;
/// `Debug` never shows a digit, so a RUN cannot leak through `{:?}`.
#[derive(Clone, PartialEq, Eq, Hash, Zeroize)]
pub struct Run {
    body: u32,
    dv: char,
}

/// Why a text is not a RUN. Messages never repeat the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunError {
    /// Nothing but blanks.
    Empty,
    /// A character other than digits, `.`, `-`, spaces and a final `K`.
    BadCharacter,
    /// Dots not grouping the body by thousands, or a dash not before the check digit.
    BadFormat,
    /// The body has no digits, is zero, or has more than 8 digits.
    BadBody,
    /// The check digit does not match the body.
    BadCheckDigit,
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RunError::Empty => "the RUN is empty; expected a RUN such as 12.345.678-5",
            RunError::BadCharacter => {
                "the RUN holds a character that is not a digit, '.', '-' or a final 'K'"
            }
            RunError::BadFormat => {
                "the RUN is badly written; expected 12.345.678-5, 12345678-5 or 123456785"
            }
            RunError::BadBody => "the RUN number must have 1 to 8 digits and not be zero",
            RunError::BadCheckDigit => "the RUN check digit does not match its number",
        })
    }
}

impl std::error::Error for RunError {}

impl Run {
    /// The check digit of `body`: digits weighted 2,3,4,5,6,7,2,… from the
    /// right, `11 - sum mod 11`, with 11 → `0` and 10 → `K`.
    pub fn check_digit(body: u32) -> char {
        let mut rest = body;
        let mut sum = 0u32;
        let mut weight = 2;
        while rest > 0 {
            sum += (rest % 10) * weight;
            rest /= 10;
            weight = if weight == 7 { 2 } else { weight + 1 };
        }
        match 11 - sum % 11 {
            11 => '0',
            10 => 'K',
            d => char::from_digit(d, 10).unwrap_or('0'),
        }
    }

    /// A RUN from its body, computing the check digit. Bodies above
    /// 99.999.999 are reduced to their last 8 digits (there are none such).
    pub fn from_body(body: u32) -> Run {
        let body = body % (MAX_BODY + 1);
        Run {
            body,
            dv: Run::check_digit(body),
        }
    }

    /// A RUN from body and check digit as read from a document; the check
    /// digit must match.
    pub fn from_parts(body: u32, dv: char) -> Result<Run, RunError> {
        if body == 0 || body > MAX_BODY {
            return Err(RunError::BadBody);
        }
        let dv = dv.to_ascii_uppercase();
        if !(dv.is_ascii_digit() || dv == 'K') {
            return Err(RunError::BadCharacter);
        }
        if Run::check_digit(body) != dv {
            return Err(RunError::BadCheckDigit);
        }
        Ok(Run { body, dv })
    }

    /// Parses every usual spelling: `12.345.678-5`, `12345678-5`,
    /// `123456785`, lower-case `k`, spaces anywhere, leading zeros.
    pub fn parse(text: &str) -> Result<Run, RunError> {
        // Work on a small stack buffer so no heap copy of the RUN lingers.
        let mut chars = [0u8; 24];
        let mut len = 0;
        for c in text.chars() {
            if c.is_whitespace() {
                continue;
            }
            let b = match c {
                '0'..='9' | '.' | '-' => c as u8,
                'k' | 'K' => b'K',
                _ => return Err(RunError::BadCharacter),
            };
            if len == chars.len() {
                return Err(RunError::BadBody);
            }
            chars[len] = b;
            len += 1;
        }
        let result = Run::parse_compacted(&chars[..len]);
        chars.zeroize();
        result
    }

    fn parse_compacted(s: &[u8]) -> Result<Run, RunError> {
        let (&dv, rest) = s.split_last().ok_or(RunError::Empty)?;
        if !(dv.is_ascii_digit() || dv == b'K') {
            return Err(RunError::BadFormat);
        }
        let body_text = match rest.split_last() {
            Some((b'-', body)) => body,
            _ => rest,
        };
        if body_text.contains(&b'-') || body_text.contains(&b'K') {
            return Err(RunError::BadFormat);
        }
        if body_text.contains(&b'.') && !dots_group_thousands(body_text) {
            return Err(RunError::BadFormat);
        }
        let mut body: u64 = 0;
        let mut digits = 0;
        for &b in body_text {
            if b == b'.' {
                continue;
            }
            body = body * 10 + u64::from(b - b'0');
            digits += 1;
            if body > u64::from(MAX_BODY) {
                return Err(RunError::BadBody);
            }
        }
        if digits == 0 {
            return Err(RunError::BadBody);
        }
        let body = u32::try_from(body).map_err(|_| RunError::BadBody)?;
        Run::from_parts(body, dv as char)
    }

    /// The number without the check digit.
    pub fn body(&self) -> u32 {
        self.body
    }

    /// The check digit, `0`–`9` or `K`.
    pub fn dv(&self) -> char {
        self.dv
    }

    /// `12345678-5`: the form used on the wire and in JSON.
    pub fn compact(&self) -> String {
        format!("{}-{}", self.body, self.dv)
    }
}

/// `1.234.567`: every group after the first has exactly three digits.
fn dots_group_thousands(body: &[u8]) -> bool {
    let mut groups = body.split(|&b| b == b'.');
    let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
    first_ok && groups.all(|g| g.len() == 3)
}

impl fmt::Display for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = self.body;
        if b >= 1_000_000 {
            write!(
                f,
                "{}.{:03}.{:03}-{}",
                b / 1_000_000,
                b / 1000 % 1000,
                b % 1000,
                self.dv
            )
        } else if b >= 1000 {
            write!(f, "{}.{:03}-{}", b / 1000, b % 1000, self.dv)
        } else {
            write!(f, "{}-{}", b, self.dv)
        }
    }
}

impl fmt::Debug for Run {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Run(<redacted>)")
    }
}

impl std::str::FromStr for Run {
    type Err = RunError;
    fn from_str(s: &str) -> Result<Run, RunError> {
        Run::parse(s)
    }
}

impl Serialize for Run {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.compact())
    }
}

impl<'de> Deserialize<'de> for Run {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Run, D::Error> {
        let mut text = String::deserialize(deserializer)?;
        let run = Run::parse(&text);
        text.zeroize();
        run.map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn check_digit_of_known_bodies() {
        assert_eq!(Run::check_digit(12_345_678), '5');
        assert_eq!(Run::check_digit(11_111_111), '1');
        assert_eq!(Run::check_digit(22_222_222), '2');
        // 10 → K and 11 → 0 both occur.
        assert_eq!(Run::check_digit(10_000_013), 'K');
        assert_eq!(Run::check_digit(10_000_004), '0');
    }

    #[test]
    fn every_usual_spelling_parses_to_the_same_run() {
        let expected = Run::from_body(12_345_678);
        for text in [
            "12.345.678-5",
            "12345678-5",
            "123456785",
            " 12 345 678 - 5 ",
            "012345678-5",
            "12.345.678 5",
        ] {
            assert_eq!(Run::parse(text), Ok(expected.clone()), "{text}");
        }
        assert_eq!(Run::parse("10.000.013-k").map(|r| r.dv()), Ok('K'));
        assert_eq!(
            Run::parse("10000013K").map(|r| r.to_string()).as_deref(),
            Ok("10.000.013-K")
        );
    }

    #[test]
    fn display_and_compact() {
        assert_eq!(Run::from_body(12_345_678).to_string(), "12.345.678-5");
        assert_eq!(Run::from_body(12_345_678).compact(), "12345678-5");
        assert_eq!(Run::from_body(1_234_567).to_string(), "1.234.567-4");
        assert_eq!(
            Run::from_body(1234).to_string(),
            format!("1.234-{}", Run::check_digit(1234))
        );
        assert_eq!(
            Run::from_body(12).to_string(),
            format!("12-{}", Run::check_digit(12))
        );
    }

    #[test]
    fn bad_inputs_are_rejected_with_the_reason() {
        assert_eq!(Run::parse(""), Err(RunError::Empty));
        assert_eq!(Run::parse("   "), Err(RunError::Empty));
        assert_eq!(Run::parse("12.345.678-4"), Err(RunError::BadCheckDigit));
        assert_eq!(Run::parse("12.345.678-X"), Err(RunError::BadCharacter));
        assert_eq!(Run::parse("1234.5678-5"), Err(RunError::BadFormat));
        assert_eq!(Run::parse("12-345678-5"), Err(RunError::BadFormat));
        assert_eq!(Run::parse("123456789-5"), Err(RunError::BadBody));
        assert_eq!(Run::parse("0-0"), Err(RunError::BadBody));
        assert_eq!(Run::parse("-5"), Err(RunError::BadBody));
        assert_eq!(Run::parse("K"), Err(RunError::BadBody));
    }

    #[test]
    fn debug_redacts_and_serde_uses_compact_form() {
        let run = Run::from_body(12_345_678);
        let debug = format!("{run:?}");
        assert!(!debug.chars().any(|c| c.is_ascii_digit()), "{debug}");
        assert_eq!(serde_json::to_string(&run).unwrap(), "\"12345678-5\"");
        let back: Run = serde_json::from_str("\"12.345.678-5\"").unwrap();
        assert_eq!(back, run);
        assert!(serde_json::from_str::<Run>("\"12.345.678-4\"").is_err());
    }

    proptest! {
        #[test]
        fn any_text_never_panics(text in ".{0,40}") {
            let _ = Run::parse(&text);
        }

        #[test]
        fn every_body_round_trips_through_both_forms(body in 1u32..=99_999_999) {
            let run = Run::from_body(body);
            prop_assert_eq!(Run::parse(&run.to_string()), Ok(run.clone()));
            prop_assert_eq!(Run::parse(&run.compact()), Ok(run.clone()));
            prop_assert_eq!(Run::parse(&run.compact().replace('-', "")), Ok(run));
        }

        #[test]
        fn a_wrong_check_digit_is_caught(body in 1u32..=99_999_999, dv in "[0-9K]") {
            let dv = dv.chars().next().unwrap();
            prop_assume!(dv != Run::check_digit(body));
            prop_assert_eq!(Run::parse(&format!("{body}-{dv}")), Err(RunError::BadCheckDigit));
        }
    }
}
