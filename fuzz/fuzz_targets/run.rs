//! Any text into `Run::parse`: never a panic; what parses prints back to
//! the same RUN in both written forms.
#![no_main]

use libfuzzer_sys::fuzz_target;
use totem_document::Run;

fuzz_target!(|text: &str| {
    if let Ok(run) = Run::parse(text) {
        assert_eq!(Run::parse(&run.to_string()).as_ref(), Ok(&run));
        assert_eq!(Run::parse(&run.compact()).as_ref(), Ok(&run));
        assert_eq!(Run::check_digit(run.body()), run.dv());
    }
});
