//! `totem-sim devices`: both emulators on pseudo-terminals, driven by line
//! commands on stdin (see docs/devices.md), until interrupted.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use tokio::io::AsyncBufReadExt;
use totem_config::{ScanFraming, ScanTerminator};

use totem_document::{encode_mrz, encode_pdf417_scan, encode_qr, QrHost};
use totem_sim_people::Population;
use zeroize::Zeroize;

use crate::fingerprint::describe;
use crate::{
    FingerprintEmulator, FingerprintEmulatorConfig, FingerprintFault, ScannerEmulator,
    ScannerEmulatorConfig,
};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Symlink the fingerprint module's pty here (e.g. /tmp/totem-fingerprint).
    #[arg(long)]
    pub fingerprint_link: Option<PathBuf>,
    /// Symlink the scanner's pty here (e.g. /tmp/totem-scanner).
    #[arg(long)]
    pub scanner_link: Option<PathBuf>,
    /// Fingerprint module baud rate (9600 × N).
    #[arg(long, default_value_t = 57_600)]
    pub baud: u32,
    /// Fingerprint module password.
    #[arg(long, default_value_t = 0)]
    pub password: u32,
    /// Scanner baud rate.
    #[arg(long, default_value_t = 9600)]
    pub scanner_baud: u32,
    /// What ends a scanner read: cr, crlf or lf.
    #[arg(long, default_value = "cr", value_parser = parse_terminator)]
    pub terminator: ScanTerminator,
    /// Scanner framing: none or stx-etx.
    #[arg(long, default_value = "none", value_parser = parse_framing)]
    pub framing: ScanFraming,
}

fn parse_terminator(s: &str) -> Result<ScanTerminator, String> {
    match s.to_ascii_lowercase().as_str() {
        "cr" => Ok(ScanTerminator::Cr),
        "crlf" => Ok(ScanTerminator::Crlf),
        "lf" => Ok(ScanTerminator::Lf),
        _ => Err("expected cr, crlf or lf".into()),
    }
}

fn parse_framing(s: &str) -> Result<ScanFraming, String> {
    match s.to_ascii_lowercase().as_str() {
        "none" => Ok(ScanFraming::None),
        "stx-etx" => Ok(ScanFraming::StxEtx),
        _ => Err("expected none or stx-etx".into()),
    }
}

pub const HELP: &str = "\
commands (one a line):
  card <text>               the scanner reads a card with this text (\\n for a line break)
  citizen <run_body> [c]    the scanner reads that synthetic citizen's card; c = qr (default),
                            qr-new, mrz or pdf417
  raw <hex>                 the scanner sends these bytes as they are
  finger <run_body> <n>     put finger n (0..9, 1 = right index) of that citizen on the sensor
                            (the reader reads a resting finger once: `lift` before the next try)
  lift                      take the finger off
  fault <mode>              none | no-finger | messy | smudged | wrong-password |
                            slow [ms] | garbage | silent | disconnect (`none` plugs back)
  unplug <fingerprint|scanner>   pull the cable (the pty and its link disappear)
  plug <fingerprint|scanner>     plug it back (a new pty behind the same link)
  status                    print the paths and counters
  help | quit";

/// Runs both emulators until stdin says `quit` or the process is
/// interrupted. When stdin ends, keeps running (for use in the background).
pub fn run(args: Args) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("starting the runtime")?;
    runtime.block_on(serve(args))
}

async fn serve(args: Args) -> anyhow::Result<()> {
    let fingerprint = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud: args.baud,
        link: args.fingerprint_link.clone(),
        password: args.password,
        ..FingerprintEmulatorConfig::default()
    })
    .context("starting the fingerprint emulator")?;
    let scanner = ScannerEmulator::start(ScannerEmulatorConfig {
        baud: args.scanner_baud,
        link: args.scanner_link.clone(),
        terminator: args.terminator,
        framing: args.framing,
    })
    .context("starting the scanner emulator")?;
    println!("fingerprint {}", describe(&fingerprint.path()));
    println!("scanner {}", describe(&scanner.path()));
    println!("ready; type `help` for commands");

    let mut lines = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let mut stdin_open = true;
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        .context("installing the SIGTERM handler")?;
    loop {
        let line = tokio::select! {
            _ = tokio::signal::ctrl_c() => break,
            _ = terminate.recv() => break,
            line = lines.next_line(), if stdin_open => line,
        };
        let line = match line {
            Ok(Some(line)) => line,
            Ok(None) | Err(_) => {
                stdin_open = false;
                continue;
            }
        };
        match execute(line.trim(), &fingerprint, &scanner) {
            Ok(Reply::Quit) => break,
            Ok(Reply::Text(text)) => println!("{text}"),
            Err(message) => println!("error: {message}"),
        }
    }
    // Dropping the emulators removes their links.
    drop(fingerprint);
    drop(scanner);
    Ok(())
}

pub enum Reply {
    Text(String),
    Quit,
}

/// Runs one stdin command against the emulators.
pub fn execute(
    line: &str,
    fingerprint: &FingerprintEmulator,
    scanner: &ScannerEmulator,
) -> Result<Reply, String> {
    let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
    let rest = rest.trim();
    let ok = |s: &str| Ok(Reply::Text(s.to_owned()));
    match word {
        "" => Ok(Reply::Text(String::new())),
        "help" => ok(HELP),
        "quit" | "exit" => Ok(Reply::Quit),
        "citizen" => {
            let mut parts = rest.split_whitespace();
            let body = parts
                .next()
                .and_then(|b| b.replace('.', "").parse::<u32>().ok())
                .ok_or("citizen takes a RUN body (digits) and qr, qr-new, mrz or pdf417")?;
            let today = chrono::Local::now().date_naive();
            let population = Population::reference(today);
            let citizen = population
                .by_run(body)
                .ok_or("no synthetic citizen has that RUN body")?;
            let mut card = citizen.card_data();
            let mut read = match parts.next().unwrap_or("qr") {
                "qr" => encode_qr(&card, QrHost::Classic).into_bytes(),
                "qr-new" => encode_qr(&card, QrHost::New).into_bytes(),
                "mrz" => encode_mrz(&card).into_bytes(),
                "pdf417" => encode_pdf417_scan(&card),
                other => {
                    return Err(format!(
                        "unknown carrier `{other}`: qr, qr-new, mrz or pdf417"
                    ))
                }
            };
            card.zeroize();
            scanner.present_bytes(&read);
            read.zeroize();
            ok("ok")
        }
        "card" if !rest.is_empty() => {
            scanner.present(&rest.replace("\\n", "\n"));
            ok("ok")
        }
        "raw" => {
            let bytes = parse_hex(rest).ok_or("raw takes hex bytes, e.g. `raw 02 41 03 0d`")?;
            scanner.send_raw(&bytes);
            ok("ok")
        }
        "finger" => {
            let mut parts = rest.split_whitespace();
            let body = parts
                .next()
                .and_then(|b| b.replace('.', "").parse::<u32>().ok())
                .ok_or("finger takes a RUN body (digits) and a finger number")?;
            let finger = parts
                .next()
                .map(|f| f.parse::<u8>().ok().filter(|f| *f < 10))
                .unwrap_or(Some(1))
                .ok_or("the finger number is 0..9")?;
            fingerprint.place_finger(body, finger);
            ok("ok")
        }
        "lift" => {
            fingerprint.lift_finger();
            ok("ok")
        }
        "fault" if rest == "disconnect" => {
            fingerprint.unplug();
            ok("ok (unplugged; `fault none` or `plug fingerprint` plugs it back)")
        }
        "fault" => {
            let fault = parse_fault(rest)?;
            if fault == FingerprintFault::None {
                fingerprint.replug();
            }
            fingerprint.set_fault(fault);
            ok("ok")
        }
        "unplug" | "plug" => {
            let plug = word == "plug";
            match rest {
                "fingerprint" if plug => fingerprint.replug(),
                "fingerprint" => fingerprint.unplug(),
                "scanner" if plug => scanner.replug(),
                "scanner" => scanner.unplug(),
                _ => return Err(format!("{word} takes `fingerprint` or `scanner`")),
            }
            ok("ok")
        }
        "status" => {
            let stats = fingerprint.stats();
            Ok(Reply::Text(format!(
                "fingerprint {} commands={} captures={} bad_packets={}\nscanner {}",
                describe(&fingerprint.path()),
                stats.commands,
                stats.captures,
                stats.bad_packets,
                describe(&scanner.path()),
            )))
        }
        other => Err(format!("unknown command `{other}`; type `help`")),
    }
}

pub fn parse_fault(text: &str) -> Result<FingerprintFault, String> {
    let mut parts = text.split_whitespace();
    let fault = match parts.next().unwrap_or("") {
        "none" => FingerprintFault::None,
        "no-finger" => FingerprintFault::NoFinger,
        "messy" => FingerprintFault::MessyImage,
        "smudged" => FingerprintFault::SmudgedImage,
        "wrong-password" => FingerprintFault::WrongPassword,
        "slow" => {
            let ms = parts
                .next()
                .map(|ms| ms.parse::<u64>().map_err(|_| "slow takes milliseconds"))
                .transpose()?
                .unwrap_or(500);
            FingerprintFault::Slow(Duration::from_millis(ms))
        }
        "garbage" => FingerprintFault::Garbage,
        "silent" => FingerprintFault::Silent,
        other => return Err(format!("unknown fault `{other}`; type `help`")),
    };
    Ok(fault)
}

fn parse_hex(text: &str) -> Option<Vec<u8>> {
    let digits: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.is_empty() || !digits.len().is_multiple_of(2) {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok())
        .collect()
}
