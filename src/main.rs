//! `totem`: the kiosk, and the technician's command-line tools around it.
//!
//! Each subcommand lives in its own module under `cli/`, which owns its
//! arguments; this file only dispatches.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod cli;

#[derive(Parser)]
#[command(name = "totem", version, about = "Self-service civil-registry kiosk")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the kiosk, fullscreen (the default when no subcommand is given).
    Run(cli::run::Args),
    /// Decode what an ID-card scanner sent (QR URL, TD1 MRZ or PDF417 text) and print it as JSON.
    DecodeScan(cli::decode_scan::Args),
    /// Load and validate kiosk.toml and certificates.toml.
    CheckConfig(cli::check_config::Args),
    /// Probe a device on a serial port (technicians).
    #[command(subcommand)]
    Devices(cli::devices::Command),
    /// Certificates: render a sample PDF with synthetic data.
    #[command(subcommand)]
    Certificate(cli::certificate::Command),
    /// The technicians' audit log.
    #[command(subcommand)]
    Audit(cli::audit::Command),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        None => cli::run::run(cli::run::Args::default()),
        Some(Command::Run(args)) => cli::run::run(args),
        Some(Command::DecodeScan(args)) => cli::decode_scan::run(args),
        Some(Command::CheckConfig(args)) => cli::check_config::run(args),
        Some(Command::Devices(command)) => cli::devices::run(command),
        Some(Command::Certificate(command)) => cli::certificate::run(command),
        Some(Command::Audit(command)) => cli::audit::run(command),
    }
}
