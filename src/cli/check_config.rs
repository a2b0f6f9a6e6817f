//! `totem check-config [DIR]`: load and validate the kiosk's configuration.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use totem_config::{Catalog, KioskConfig, PrinterKind};

#[derive(clap::Args, Default)]
pub struct Args {
    /// Folder holding kiosk.toml and certificates.toml (and demo.toml,
    /// checked too when present).
    #[arg(default_value = "kiosk-config", value_name = "DIR")]
    dir: PathBuf,
}

/// A configuration error.
const EXIT_BAD_CONFIG: u8 = 2;

pub fn run(args: Args) -> ExitCode {
    let (kiosk, catalog) = match totem_config::load(&args.dir) {
        Ok(loaded) => loaded,
        Err(e) => return fail(&e),
    };
    println!(
        "OK {}: {}",
        args.dir.join(totem_config::KIOSK_FILE).display(),
        describe(&kiosk)
    );
    println!(
        "OK {}: {}",
        args.dir.join(totem_config::CATALOG_FILE).display(),
        summarize(&catalog)
    );
    let demo = args.dir.join("demo.toml");
    if demo.exists() {
        match totem_config::load_kiosk(&demo) {
            Ok(kiosk) => println!("OK {}: {}", demo.display(), describe(&kiosk)),
            Err(e) => return fail(&e),
        }
    }
    ExitCode::SUCCESS
}

fn fail(error: &totem_config::ConfigError) -> ExitCode {
    eprintln!("error: {error}");
    ExitCode::from(EXIT_BAD_CONFIG)
}

fn describe(c: &KioskConfig) -> String {
    let printer = match c.printer.kind {
        PrinterKind::Cups => format!(
            "CUPS queue {:?} on {}",
            c.printer.queue, c.printer.cups_server
        ),
        PrinterKind::Folder => format!("folder {}", Path::new(&c.printer.folder).display()),
    };
    format!(
        "kiosk {} at {:?}{}; scanner {} at {} baud; fingerprint reader {} at {} baud; backend {}; \
         printer: {printer}, {:?} paper; idle {} s (typing {} s), warning {} s",
        c.kiosk.id,
        c.kiosk.site,
        if c.kiosk.demo { " (DEMO)" } else { "" },
        c.devices.scanner.port,
        c.devices.scanner.baud,
        c.devices.fingerprint.port,
        c.devices.fingerprint.baud,
        c.backend.url,
        c.printer.paper,
        c.timeouts.idle_secs,
        c.timeouts.typing_idle_secs,
        c.timeouts.warning_secs,
    )
}

fn summarize(catalog: &Catalog) -> String {
    let all = &catalog.certificates;
    let enabled = all.iter().filter(|c| c.enabled).count();
    let holder_only = all.iter().filter(|c| c.holder_only).count();
    let families: std::collections::HashSet<_> = all.iter().map(|c| c.family).collect();
    format!(
        "{} certificates in {} families, {enabled} enabled, {holder_only} for the holder only",
        all.len(),
        families.len()
    )
}
