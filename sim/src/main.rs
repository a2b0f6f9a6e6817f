//! `totem-sim`: the outside world on one machine — the reference registry
//! server and the device emulators. Never part of a kiosk's installation.

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "totem-sim", version, about = "Reference registry server and device emulators for Totem")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {}
}
