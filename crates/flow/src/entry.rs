//! What the citizen types on the on-screen keyboards, and the live checks the
//! screens show while they type (e-mail shape, activation code, password
//! rules, RUN check digit).
//!
//! The buffers live in the session's personal data so they are zeroized with
//! it; the functions here are pure and only look at them.

use totem_document::{ActivationCode, PasswordPolicy, Run};

/// One touch on an on-screen keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A letter, digit or symbol. Letters arrive in the case the keyboard shows.
    Char(char),
    /// A multi-character key such as `.cl` or `.com`.
    Text(&'static str),
    /// Delete the last character.
    Delete,
}

/// Longest e-mail address accepted (RFC 5321 path limit).
pub const EMAIL_MAX: usize = 254;
/// Longest password accepted; the policy only sets a minimum, this stops a
/// stuck key from growing the buffer without bound.
pub const PASSWORD_MAX: usize = 64;
/// Minimum password length of the ClaveÚnica policy.
pub const PASSWORD_MIN: usize = PasswordPolicy::MIN_LEN;
/// An activation code is exactly this many letters.
pub const CODE_LEN: usize = ActivationCode::LEN;
/// A RUN typed on the keypad: up to 8 body digits and the check digit.
pub const RUN_MAX: usize = 9;
/// An entity's number on its keypad: a RUT (8 body digits and the check
/// digit) is the longest.
pub const ENTITY_MAX: usize = 9;
/// The longest registration number in the Registro Nacional de Personas
/// Jurídicas sin Fines de Lucro this keypad takes as one.
pub const REGISTRATION_MAX: usize = 7;
/// A certificate's folio: digits only, at most this many.
pub const FOLIO_MAX: usize = 12;
/// A certificate's verification code: twelve characters, printed in three
/// groups of four (`7F3K-9QX2-LM4P`).
pub const VERIFICATION_LEN: usize = 12;
/// Legal entities' RUTs start here; a body under it is a person's RUN.
pub const ENTITY_RUT_MIN: u32 = 50_000_000;

/// Which text field a key goes to; each screen has at most one or two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Email,
    Code,
    Password,
    PasswordAgain,
    Run,
    /// A non-profit entity's registration number or RUT.
    Entity,
    /// A certificate's folio.
    Folio,
    /// A certificate's verification code (the dashes are the screen's).
    Verification,
}

impl Field {
    fn max_len(self) -> usize {
        match self {
            Field::Email => EMAIL_MAX,
            Field::Code => CODE_LEN,
            Field::Password | Field::PasswordAgain => PASSWORD_MAX,
            Field::Run => RUN_MAX,
            Field::Entity => ENTITY_MAX,
            Field::Folio => FOLIO_MAX,
            Field::Verification => VERIFICATION_LEN,
        }
    }

    /// Whether this character may go into this field at all.
    fn accepts(self, c: char, current: &str) -> bool {
        match self {
            // Printable ASCII without spaces: what an address can hold here.
            Field::Email => c.is_ascii_graphic(),
            Field::Code => c.is_ascii_alphabetic(),
            Field::Password | Field::PasswordAgain => c.is_ascii_graphic() || is_spanish_letter(c),
            Field::Folio => c.is_ascii_digit(),
            Field::Verification => c.is_ascii_alphanumeric(),
            // Digits; `K` only as the check digit, so only after a body digit
            // and never followed by anything.
            Field::Run | Field::Entity => {
                !current.ends_with('K')
                    && (c.is_ascii_digit() || (matches!(c, 'k' | 'K') && !current.is_empty()))
            }
        }
    }

    fn normalise(self, c: char) -> char {
        match self {
            // Codes are upper-case letters; input is case-folded.
            Field::Code | Field::Run | Field::Entity | Field::Verification => {
                c.to_ascii_uppercase()
            }
            _ => c,
        }
    }
}

fn is_spanish_letter(c: char) -> bool {
    matches!(
        c,
        'ñ' | 'Ñ' | 'á' | 'é' | 'í' | 'ó' | 'ú' | 'Á' | 'É' | 'Í' | 'Ó' | 'Ú' | 'ü' | 'Ü'
    )
}

/// Apply one key to a field's buffer. Keys the field does not take are
/// ignored (the keyboard may show them, e.g. digits while typing a code).
pub fn apply(field: Field, buffer: &mut String, key: Key) {
    match key {
        Key::Delete => {
            buffer.pop();
        }
        Key::Char(c) => {
            if buffer.chars().count() < field.max_len() && field.accepts(c, buffer) {
                buffer.push(field.normalise(c));
            }
        }
        Key::Text(text) => {
            if buffer.chars().count() + text.chars().count() <= field.max_len()
                && text.chars().all(|c| field.accepts(c, ""))
            {
                buffer.extend(text.chars().map(|c| field.normalise(c)));
            }
        }
    }
}

/// A plausible e-mail address: one `@`, something before it, and a domain
/// with a dot that neither starts nor ends it. The registry checks it again.
pub fn email_is_plausible(email: &str) -> bool {
    if email.len() > EMAIL_MAX || !email.chars().all(|c| c.is_ascii_graphic()) {
        return false;
    }
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

/// A complete activation code: six letters A–Z (the document crate's rule).
pub fn code_is_complete(code: &str) -> bool {
    code.len() == CODE_LEN && ActivationCode::parse(code).is_ok()
}

/// The password rules, each ticked live on the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PasswordCheck {
    pub long_enough: bool,
    pub has_upper: bool,
    pub has_lower: bool,
    pub has_digit: bool,
    /// The second entry equals the first (and is not empty).
    pub both_match: bool,
}

impl PasswordCheck {
    /// The policy is the document crate's (the one the registry enforces);
    /// this adds the screen's own rule, the repeat.
    pub fn of(password: &str, again: &str) -> Self {
        let policy = PasswordPolicy::check(password);
        Self {
            long_enough: policy.long_enough,
            has_upper: policy.has_upper,
            has_lower: policy.has_lower,
            has_digit: policy.has_digit,
            both_match: !password.is_empty() && password == again,
        }
    }

    /// The policy holds (all rules but the repeat).
    pub fn policy_holds(&self) -> bool {
        self.long_enough && self.has_upper && self.has_lower && self.has_digit
    }

    /// Everything holds: the password may be sent.
    pub fn all(&self) -> bool {
        self.policy_holds() && self.both_match
    }
}

/// The check digit (DV) of a RUN body.
pub fn check_digit(body: u32) -> char {
    Run::check_digit(body)
}

/// What the RUN keypad shows under the number, live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunCheck {
    /// Not enough typed to judge.
    Incomplete,
    /// Body and check digit agree.
    Valid,
    /// The last character is not the check digit of the body.
    WrongCheckDigit,
}

/// Judge a RUN typed as digits with the check digit last (no dots or dash).
pub fn run_check(typed: &str) -> RunCheck {
    // People's RUNs have at least 7 body digits; judging a shorter one would
    // flash "wrong" at every keystroke.
    if typed.len() < 8 {
        return RunCheck::Incomplete;
    }
    let (body, dv) = typed.split_at(typed.len() - 1);
    match body.parse::<u32>() {
        Ok(number) if number > 0 && dv.starts_with(check_digit(number)) => RunCheck::Valid,
        Ok(_) => RunCheck::WrongCheckDigit,
        Err(_) => RunCheck::WrongCheckDigit,
    }
}

/// Show a typed RUN as it is written: `12.345.678-5`; while typing, the last
/// character is shown as the check digit only once the body is long enough.
pub fn format_run(typed: &str) -> String {
    if typed.len() < 2 {
        return typed.to_string();
    }
    let (body, dv) = typed.split_at(typed.len() - 1);
    let mut grouped = String::new();
    for (i, c) in body.chars().enumerate() {
        if i > 0 && (body.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("{grouped}-{dv}")
}

/// The canonical text form sent to the back-ends: `12345678-5`.
pub fn canonical_run(typed: &str) -> String {
    let (body, dv) = typed.split_at(typed.len().saturating_sub(1));
    format!("{body}-{dv}")
}

/// A folio worth asking about: digits, not all zero.
pub fn folio_is_complete(folio: &str) -> bool {
    !folio.is_empty() && folio.parse::<u64>().is_ok_and(|n| n > 0)
}

/// A verification code is complete at twelve characters.
pub fn verification_is_complete(code: &str) -> bool {
    code.len() == VERIFICATION_LEN
}

/// The verification code as printed: groups of four joined by dashes.
pub fn format_verification(code: &str) -> String {
    let chars: Vec<char> = code.chars().collect();
    chars
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-")
}

/// What the entity keypad shows under the number, live: a registration
/// number (up to 7 digits) or an entity's RUT (9 characters, body from 50
/// million), never a person's RUN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityCheck {
    /// Nothing typed, or 8 characters: too long for a registration number,
    /// too short for an entity's RUT.
    Incomplete,
    /// A registration number.
    Registration(u32),
    /// An entity's RUT whose check digit holds.
    Rut,
    /// A RUT whose last character is not the check digit of its body.
    WrongCheckDigit,
    /// A valid RUN of a person (body under 50 million): this keypad is for
    /// organisations.
    PersonRun,
}

/// Judge what was typed on the entity keypad (digits, `K` only last).
pub fn entity_check(typed: &str) -> EntityCheck {
    if typed.is_empty() {
        return EntityCheck::Incomplete;
    }
    if typed.len() <= REGISTRATION_MAX && typed.chars().all(|c| c.is_ascii_digit()) {
        return match typed.parse::<u32>() {
            Ok(number) if number > 0 => EntityCheck::Registration(number),
            _ => EntityCheck::Incomplete,
        };
    }
    if typed.len() < ENTITY_MAX {
        return EntityCheck::Incomplete;
    }
    match run_check(typed) {
        RunCheck::Valid => {
            let body = typed[..typed.len() - 1].parse::<u32>().unwrap_or(0);
            if body >= ENTITY_RUT_MIN {
                EntityCheck::Rut
            } else {
                EntityCheck::PersonRun
            }
        }
        _ => EntityCheck::WrongCheckDigit,
    }
}

/// The entity's number as written: a RUT `65.000.001-5` once it is nine
/// characters, else the digits as typed.
pub fn format_entity(typed: &str) -> String {
    if typed.len() == ENTITY_MAX {
        format_run(typed)
    } else {
        typed.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(field: Field, keys: &[Key]) -> String {
        let mut s = String::new();
        for k in keys {
            apply(field, &mut s, *k);
        }
        s
    }

    fn chars(text: &str) -> Vec<Key> {
        text.chars().map(Key::Char).collect()
    }

    #[test]
    fn check_digit_matches_the_domain_example_and_k_and_zero() {
        assert_eq!(check_digit(12_345_678), '5');
        assert_eq!(check_digit(11_111_111), '1');
        // Bodies whose DV is K and 0, found by the rule itself.
        assert_eq!(check_digit(10_000_013), 'K');
        assert_eq!(check_digit(10_000_004), '0');
    }

    #[test]
    fn run_keypad_gives_live_feedback() {
        assert_eq!(run_check("1234567"), RunCheck::Incomplete);
        assert_eq!(run_check("123456785"), RunCheck::Valid);
        assert_eq!(run_check("123456784"), RunCheck::WrongCheckDigit);
        assert_eq!(run_check("10000013K"), RunCheck::Valid);
        assert_eq!(format_run("123456785"), "12.345.678-5");
        assert_eq!(format_run("11111111"), "1.111.111-1");
        assert_eq!(canonical_run("123456785"), "12345678-5");
    }

    #[test]
    fn run_keypad_takes_k_only_as_the_last_character() {
        assert_eq!(typed(Field::Run, &[Key::Char('K')]), "");
        let s = typed(
            Field::Run,
            &[Key::Char('1'), Key::Char('k'), Key::Char('2')],
        );
        assert_eq!(s, "1K");
        let long = typed(Field::Run, &chars("1234567890123"));
        assert_eq!(long, "123456789");
    }

    #[test]
    fn entity_keypad_tells_a_registration_number_from_a_rut_and_a_persons_run() {
        assert_eq!(entity_check(""), EntityCheck::Incomplete);
        assert_eq!(entity_check("1234"), EntityCheck::Registration(1234));
        assert_eq!(entity_check("0"), EntityCheck::Incomplete);
        assert_eq!(
            entity_check("1234567"),
            EntityCheck::Registration(1_234_567)
        );
        assert_eq!(entity_check("12345678"), EntityCheck::Incomplete);
        let rut = format!("65000001{}", check_digit(65_000_001));
        assert_eq!(entity_check(&rut), EntityCheck::Rut);
        assert_eq!(
            format_entity(&rut),
            format!("65.000.001-{}", check_digit(65_000_001))
        );
        assert_eq!(entity_check("123456785"), EntityCheck::PersonRun);
        assert_eq!(entity_check("123456784"), EntityCheck::WrongCheckDigit);
        assert_eq!(format_entity("1234"), "1234");
        assert_eq!(typed(Field::Entity, &chars("6500000155")).len(), ENTITY_MAX);
    }

    #[test]
    fn folio_and_verification_code_fields() {
        assert_eq!(typed(Field::Folio, &chars("50K0x000123")), "500000123");
        assert!(folio_is_complete("500000123"));
        assert!(!folio_is_complete("") && !folio_is_complete("000"));
        let code = typed(Field::Verification, &chars("7f3k-9qx2-lm4p-zz"));
        assert_eq!(code, "7F3K9QX2LM4P");
        assert!(verification_is_complete(&code));
        assert_eq!(format_verification(&code), "7F3K-9QX2-LM4P");
        assert_eq!(format_verification("7F3K9"), "7F3K-9");
    }

    #[test]
    fn code_is_case_folded_letters_only_and_six_long() {
        let s = typed(Field::Code, &chars("ab1c-dEFGH"));
        assert_eq!(s, "ABCDEF");
        assert!(code_is_complete(&s));
        assert!(!code_is_complete("ABCDE"));
        assert_eq!(typed(Field::Code, &[Key::Char('a'), Key::Delete]), "");
    }

    #[test]
    fn email_keys_and_plausibility() {
        let mut keys = chars("ana");
        keys.push(Key::Char('@'));
        keys.extend(chars("correo"));
        keys.push(Key::Text(".cl"));
        let s = typed(Field::Email, &keys);
        assert_eq!(s, "ana@correo.cl");
        assert!(email_is_plausible(&s));
        for bad in [
            "",
            "ana",
            "ana@",
            "@correo.cl",
            "ana@correo",
            "a@b@c.cl",
            "ana@.cl",
            "ana@c..cl",
            "a na@c.cl",
        ] {
            assert!(!email_is_plausible(bad), "{bad}");
        }
        // Spaces never get in.
        assert_eq!(typed(Field::Email, &[Key::Char(' ')]), "");
    }

    #[test]
    fn password_rules_tick_one_by_one() {
        let c = PasswordCheck::of("", "");
        assert_eq!(c, PasswordCheck::default());
        let c = PasswordCheck::of("abc", "");
        assert!(c.has_lower && !c.has_upper && !c.has_digit && !c.long_enough);
        let c = PasswordCheck::of("abcDEF12", "abcDEF1");
        assert!(c.policy_holds() && !c.both_match && !c.all());
        let c = PasswordCheck::of("abcDEF12", "abcDEF12");
        assert!(c.all());
        let c = PasswordCheck::of("ñandúES9", "ñandúES9");
        assert!(c.all());
        assert_eq!(
            typed(Field::Password, &chars(&"a".repeat(100))).len(),
            PASSWORD_MAX
        );
    }
}
