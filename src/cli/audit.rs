//! `totem audit verify FILE`: checks the hash chain of the technicians'
//! audit log. Exit 0 and "OK" when intact, 2 with the first bad line when
//! not, 1 when the file cannot be read.

use std::path::PathBuf;
use std::process::ExitCode;

use totem_maintenance::audit::{self, AuditError};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Verify the audit log's hash chain; print the first broken line.
    Verify {
        /// The audit log (maintenance.audit_log in kiosk.toml).
        file: PathBuf,
    },
}

pub fn run(command: Command) -> ExitCode {
    match command {
        Command::Verify { file } => match audit::verify(&file) {
            Ok(summary) => {
                println!(
                    "OK {} entries, head {}{}",
                    summary.head.entries,
                    summary.head.hash,
                    match (&summary.first_time, &summary.last_time) {
                        (Some(first), Some(last)) => format!(", {first} .. {last}"),
                        _ => String::new(),
                    }
                );
                ExitCode::SUCCESS
            }
            Err(AuditError::Broken { line, what }) => {
                println!("BROKEN {}: line {line}: {what}", file.display());
                ExitCode::from(2)
            }
            Err(e @ AuditError::Io { .. }) => {
                eprintln!("totem audit verify: {e}");
                ExitCode::FAILURE
            }
        },
    }
}
