use std::process::ExitCode;

#[derive(clap::Args, Default)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    match totem::ui::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("totem: {error}");
            ExitCode::FAILURE
        }
    }
}
