//! Any text into the password policy: never a panic; the rules agree with
//! a plain reading of the text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totem_document::PasswordPolicy;

fuzz_target!(|text: &str| {
    let check = PasswordPolicy::check(text);
    assert_eq!(
        check.long_enough,
        text.chars().count() >= PasswordPolicy::MIN_LEN
    );
    assert_eq!(check.has_digit, text.bytes().any(|b| b.is_ascii_digit()));
    if check.all_ok() {
        assert!(text.chars().count() >= 8);
    }
});
