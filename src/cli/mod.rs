//! One module per subcommand of `totem`; each owns its `Args` and a `run`.

pub mod audit;
pub mod certificate;
pub mod check_config;
pub mod decode_scan;
pub mod devices;
pub mod run;

use std::process::ExitCode;

/// A subcommand that is not built yet says so and fails, rather than
/// pretending to work.
pub fn not_built(what: &str) -> ExitCode {
    eprintln!("totem: `{what}` is not built yet");
    ExitCode::FAILURE
}
