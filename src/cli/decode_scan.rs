//! `totem decode-scan`: what a scanner sent, decoded to one JSON object.

use std::io::Read;
use std::process::ExitCode;

use totem_document::{decode_scan, ScanError};

#[derive(clap::Args, Default)]
pub struct Args {
    /// The scanned text: a QR URL, a TD1 MRZ (the three lines as one
    /// argument, or as three arguments) or a PDF417 text; `-` reads stdin.
    #[arg(required = true, value_name = "TEXT")]
    text: Vec<String>,
    /// Indent the JSON.
    #[arg(long)]
    pretty: bool,
}

/// Input that is not a card, or fails a check.
const EXIT_BAD_INPUT: u8 = 2;

pub fn run(args: Args) -> ExitCode {
    let text = if args.text.len() == 1 && args.text[0] == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("totem decode-scan: cannot read stdin: {e}");
            return ExitCode::FAILURE;
        }
        // Old PDF417 texts may carry Latin-1 bytes: keep what is readable.
        String::from_utf8_lossy(&bytes).into_owned()
    } else {
        args.text.join("\n")
    };
    match decode_scan(&text) {
        Ok(card) => {
            let json = if args.pretty {
                serde_json::to_string_pretty(&card)
            } else {
                serde_json::to_string(&card)
            };
            match json {
                Ok(json) => {
                    println!("{json}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("totem decode-scan: cannot write JSON: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Err(error) => {
            eprintln!("totem decode-scan: {error}");
            if let ScanError::CheckFailed { checks, .. } = &error {
                let list: Vec<String> = checks
                    .iter()
                    .map(|c| format!("{} {}", c.field, if c.ok { "ok" } else { "FAILED" }))
                    .collect();
                eprintln!("checks: {}", list.join(", "));
            }
            ExitCode::from(EXIT_BAD_INPUT)
        }
    }
}
