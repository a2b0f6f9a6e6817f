//! One module per subcommand of `totem`; each owns its `Args` and a `run`.

pub mod audit;
pub mod certificate;
pub mod check_config;
pub mod decode_scan;
pub mod devices;
pub mod run;
