//! `totem-sim`: the outside world on one machine — the reference registry
//! server and the device emulators. Never part of a kiosk's installation.

use clap::{Parser, Subcommand};

mod demo;

#[derive(Parser)]
#[command(
    name = "totem-sim",
    version,
    about = "Reference registry server and device emulators for Totem"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// The fingerprint module and the card scanner, emulated on pseudo-terminals.
    Devices(totem_sim_devices::cli::Args),
    /// The reference registry server (HTTPS + SQLite, synthetic citizens).
    Registry(totem_sim_registry::cli::RegistryArgs),
    /// Generate a CA, a server certificate and a kiosk client certificate.
    Certs(totem_sim_registry::cli::CertsArgs),
    /// The whole kiosk on this machine: registry, emulators, demo control, and the kiosk window.
    Demo(demo::Args),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Devices(args) => totem_sim_devices::cli::run(args),
        Command::Registry(args) => totem_sim_registry::cli::run_registry(args),
        Command::Certs(args) => totem_sim_registry::cli::run_certs(args),
        Command::Demo(args) => demo::run(args),
    }
}
