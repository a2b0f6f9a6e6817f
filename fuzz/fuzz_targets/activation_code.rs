//! Any text into `ActivationCode::parse`: never a panic; an accepted code
//! is six upper-case letters.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totem_document::ActivationCode;

fuzz_target!(|text: &str| {
    if let Ok(code) = ActivationCode::parse(text) {
        assert_eq!(code.as_str().len(), 6);
        assert!(code.as_str().bytes().all(|b| b.is_ascii_uppercase()));
        assert_eq!(
            ActivationCode::parse(&code.as_str().to_lowercase()).as_ref(),
            Ok(&code)
        );
    }
});
