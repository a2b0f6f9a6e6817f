//! `totem run`: the kiosk window, with the devices and the registry of
//! kiosk.toml.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Default)]
pub struct Args {
    /// Folder with kiosk.toml and certificates.toml.
    #[arg(long, default_value = "kiosk-config")]
    pub config_dir: PathBuf,
    /// The site settings file, if not DIR/kiosk.toml (e.g. kiosk-config/demo.toml).
    #[arg(long)]
    pub kiosk: Option<PathBuf>,
}

pub fn run(args: Args) -> ExitCode {
    // `totem` with no subcommand arrives here with empty defaults.
    let dir = if args.config_dir.as_os_str().is_empty() {
        PathBuf::from("kiosk-config")
    } else {
        args.config_dir
    };
    let kiosk_path = args.kiosk.unwrap_or_else(|| dir.join("kiosk.toml"));
    let loaded = totem_config::load_kiosk(&kiosk_path).and_then(|kiosk| {
        totem_config::load_catalog(&dir.join("certificates.toml")).map(|catalog| (kiosk, catalog))
    });
    let (kiosk, catalog) = match loaded {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("totem: {error}");
            return ExitCode::FAILURE;
        }
    };
    match totem::ui::run_with_config(kiosk, catalog) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("totem: {error}");
            ExitCode::FAILURE
        }
    }
}
