use std::process::ExitCode;

#[derive(clap::Args, Default)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    super::not_built("check_config")
}
