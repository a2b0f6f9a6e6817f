//! The Clave Única password policy, rule by rule, so the ui can tick each
//! one as the citizen types. The registry enforces it again.

/// The policy: at least [`PasswordPolicy::MIN_LEN`] characters, an
/// upper-case letter, a lower-case letter and a digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PasswordPolicy;

/// Which rules a password meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PasswordCheck {
    pub long_enough: bool,
    pub has_upper: bool,
    pub has_lower: bool,
    pub has_digit: bool,
}

impl PasswordCheck {
    /// Every rule holds: the password may be sent.
    pub fn all_ok(&self) -> bool {
        self.long_enough && self.has_upper && self.has_lower && self.has_digit
    }
}

impl PasswordPolicy {
    /// Characters (not bytes) a password needs at least.
    pub const MIN_LEN: usize = 8;

    /// Checks each rule. Letters outside ASCII (`Ñ`, `á`) count as upper or
    /// lower case; digits are `0`–`9`.
    pub fn check(password: &str) -> PasswordCheck {
        let mut check = PasswordCheck::default();
        let mut count = 0;
        for c in password.chars() {
            count += 1;
            check.has_upper |= c.is_uppercase();
            check.has_lower |= c.is_lowercase();
            check.has_digit |= c.is_ascii_digit();
        }
        check.long_enough = count >= Self::MIN_LEN;
        check
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn each_rule_ticks_on_its_own() {
        let c = PasswordPolicy::check("");
        assert_eq!(c, PasswordCheck::default());
        assert!(!c.all_ok());
        assert!(PasswordPolicy::check("a").has_lower);
        assert!(PasswordPolicy::check("Ñ").has_upper);
        assert!(PasswordPolicy::check("7").has_digit);
        assert!(PasswordPolicy::check("ññññññññ").long_enough);
        assert!(!PasswordPolicy::check("Abcdef1").long_enough);
        assert!(PasswordPolicy::check("Abcdefg1").all_ok());
        assert!(!PasswordPolicy::check("abcdefg1").all_ok());
        assert!(!PasswordPolicy::check("ABCDEFG1").all_ok());
        assert!(!PasswordPolicy::check("Abcdefgh").all_ok());
    }

    proptest! {
        #[test]
        fn any_text_never_panics(text in ".{0,40}") {
            let _ = PasswordPolicy::check(&text);
        }

        #[test]
        fn policy_passwords_pass(a in "[A-Z]", b in "[a-z]", c in "[0-9]", rest in "[a-zA-Z0-9!@#]{5,20}") {
            let password = format!("{rest}{a}{b}{c}");
            prop_assert!(PasswordPolicy::check(&password).all_ok());
        }
    }
}
