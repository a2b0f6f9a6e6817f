//! `totem run`: the kiosk window, with the devices and the registry of
//! kiosk.toml.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use totem_maintenance::metrics::Metrics;

/// Log lines kept in memory for the maintenance dashboard.
const LOG_TAIL_LINES: usize = 200;

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
    // JSON lines to stdout (journald), scrubbed of personal data. A second
    // init (a test harness that set its own) is not an error.
    let log_tail = totem_maintenance::logging::init(LOG_TAIL_LINES).ok();
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
    let metrics = Arc::new(Metrics::new(&kiosk.kiosk.id, env!("CARGO_PKG_VERSION")));
    // The endpoint is for the fleet's agent; the kiosk serves citizens without it.
    match totem_maintenance::http::start_in_background(
        &kiosk.maintenance.metrics_listen,
        metrics.clone(),
    ) {
        Ok(endpoint) => tracing::info!(addr = %endpoint.addr, "metrics endpoint"),
        Err(error) => tracing::error!(%error, "metrics endpoint not started"),
    }
    let config_files = Some(totem::ui::effects::operations::ConfigFiles {
        kiosk: kiosk_path.clone(),
        catalog: dir.join("certificates.toml"),
    });
    let setup = totem::ui::effects::operations::Setup {
        metrics,
        log_tail,
        config_files,
    };
    match totem::ui::run_with_config(kiosk, catalog, Some(setup)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("totem: {error}");
            ExitCode::FAILURE
        }
    }
}
