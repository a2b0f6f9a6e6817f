//! The Clave Única activation code: six letters `A`–`Z`, single use.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

/// A well-formed activation code (upper-case). Whether it is the right one
/// is the registry's business. `Debug` redacts.
#[derive(Clone, PartialEq, Eq, Zeroize)]
pub struct ActivationCode([u8; ActivationCode::LEN]);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationCodeError {
    /// Not exactly six letters (after removing blanks).
    WrongLength,
    /// Something other than a letter A–Z.
    NotALetter,
}

impl fmt::Display for ActivationCodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ActivationCodeError::WrongLength => "the activation code must have exactly 6 letters",
            ActivationCodeError::NotALetter => "the activation code holds only letters A to Z",
        })
    }
}

impl std::error::Error for ActivationCodeError {}

impl ActivationCode {
    pub const LEN: usize = 6;

    /// Accepts upper or lower case and ignores blanks around and between
    /// letters (people type `abc def`).
    pub fn parse(text: &str) -> Result<ActivationCode, ActivationCodeError> {
        let mut code = [0u8; Self::LEN];
        let mut len = 0;
        for c in text.chars().filter(|c| !c.is_whitespace()) {
            if !c.is_ascii_alphabetic() {
                code.zeroize();
                return Err(ActivationCodeError::NotALetter);
            }
            if len == Self::LEN {
                code.zeroize();
                return Err(ActivationCodeError::WrongLength);
            }
            code[len] = c.to_ascii_uppercase() as u8;
            len += 1;
        }
        if len != Self::LEN {
            code.zeroize();
            return Err(ActivationCodeError::WrongLength);
        }
        Ok(ActivationCode(code))
    }

    /// The six upper-case letters, for sending to the registry.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("")
    }
}

impl fmt::Debug for ActivationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ActivationCode(<redacted>)")
    }
}

impl std::str::FromStr for ActivationCode {
    type Err = ActivationCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ActivationCode::parse(s)
    }
}

impl Serialize for ActivationCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ActivationCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let mut text = String::deserialize(deserializer)?;
        let code = ActivationCode::parse(&text);
        text.zeroize();
        code.map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn case_folded_and_blanks_ignored() {
        assert_eq!(ActivationCode::parse("qwerty").unwrap().as_str(), "QWERTY");
        assert_eq!(
            ActivationCode::parse(" QwE rTy\n").unwrap().as_str(),
            "QWERTY"
        );
    }

    #[test]
    fn wrong_codes_say_why() {
        assert_eq!(
            ActivationCode::parse("QWERT"),
            Err(ActivationCodeError::WrongLength)
        );
        assert_eq!(
            ActivationCode::parse("QWERTYU"),
            Err(ActivationCodeError::WrongLength)
        );
        assert_eq!(
            ActivationCode::parse(""),
            Err(ActivationCodeError::WrongLength)
        );
        assert_eq!(
            ActivationCode::parse("QWE4TY"),
            Err(ActivationCodeError::NotALetter)
        );
        assert_eq!(
            ActivationCode::parse("QWÉRTY"),
            Err(ActivationCodeError::NotALetter)
        );
    }

    #[test]
    fn debug_redacts() {
        let code = ActivationCode::parse("QWERTY").unwrap();
        assert!(!format!("{code:?}").contains("QWERTY"));
    }

    proptest! {
        #[test]
        fn any_text_never_panics(text in ".{0,20}") {
            let _ = ActivationCode::parse(&text);
        }

        #[test]
        fn six_letters_in_any_case_are_accepted(code in "[a-zA-Z]{6}") {
            let parsed = ActivationCode::parse(&code).unwrap();
            prop_assert_eq!(parsed.as_str(), code.to_ascii_uppercase());
        }
    }
}
