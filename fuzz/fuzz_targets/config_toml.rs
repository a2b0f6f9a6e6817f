//! Any text as kiosk.toml or certificates.toml: never a panic (in the
//! parser, the validation, or the code that finds an error's line and key);
//! an error's line is within the file.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let lines = text.matches('\n').count() + 1;
    if let Err(e) = totem_config::parse_kiosk(Path::new("kiosk.toml"), text) {
        assert!(e.line.is_none_or(|l| l >= 1 && l <= lines), "{e}");
        let _ = e.to_string();
    }
    if let Err(e) = totem_config::parse_catalog(Path::new("certificates.toml"), text) {
        assert!(e.line.is_none_or(|l| l >= 1 && l <= lines), "{e}");
        let _ = e.to_string();
    }
});
