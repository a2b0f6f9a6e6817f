//! `totem devices`: a technician probes a serial port and sees, as JSON,
//! what the device there says. Nothing personal is printed: no template,
//! no RUN, no names or dates (see totem_device::probe).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use totem_config::{FingerprintSettings, ScanFraming, ScanTerminator, ScannerSettings};
use totem_device::probe::{self, ScannerReport};
use totem_device::FingerprintEvent;

#[derive(clap::Subcommand)]
pub enum Command {
    /// The ZhianTec R30x / R503 fingerprint module.
    Fingerprint {
        /// Serial port, e.g. /dev/ttyUSB0.
        #[arg(long)]
        port: String,
        /// Baud rate (9600 × N).
        #[arg(long, default_value_t = 57_600)]
        baud: u32,
        /// Module password.
        #[arg(long, default_value_t = 0)]
        password: u32,
        #[command(subcommand)]
        action: FingerprintAction,
    },
    /// The ID-card scanner.
    Scanner {
        /// Serial port, e.g. /dev/ttyACM0.
        #[arg(long)]
        port: String,
        #[arg(long, default_value_t = 9600)]
        baud: u32,
        /// What ends a read: cr, crlf or lf.
        #[arg(long, default_value = "cr")]
        terminator: String,
        /// none or stx-etx.
        #[arg(long, default_value = "none")]
        framing: String,
        #[command(subcommand)]
        action: ScannerAction,
    },
}

#[derive(clap::Subcommand)]
pub enum FingerprintAction {
    /// Connect (password, system parameters) and print the module's data.
    Info,
    /// Capture one finger and print the outcome and quality.
    Capture {
        /// Also upload the sensor image and save it here as PNG. It is
        /// biometric data: delete it when done.
        #[arg(long)]
        image: Option<PathBuf>,
        /// Seconds to wait for a finger.
        #[arg(long, default_value_t = 15)]
        timeout: u64,
    },
}

#[derive(clap::Subcommand)]
pub enum ScannerAction {
    /// Print one JSON line per read (card type and checks only) until Ctrl-C.
    Listen,
}

pub fn run(command: Command) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("totem devices: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async {
        match command {
            Command::Fingerprint {
                port,
                baud,
                password,
                action,
            } => fingerprint(port, baud, password, action).await,
            Command::Scanner {
                port,
                baud,
                terminator,
                framing,
                action: ScannerAction::Listen,
            } => scanner(port, baud, &terminator, &framing).await,
        }
    })
}

fn print_json(value: &impl serde::Serialize) -> bool {
    match serde_json::to_string(value) {
        Ok(json) => {
            println!("{json}");
            true
        }
        Err(e) => {
            eprintln!("totem devices: cannot write JSON: {e}");
            false
        }
    }
}

async fn fingerprint(
    port: String,
    baud: u32,
    password: u32,
    action: FingerprintAction,
) -> ExitCode {
    let mut settings = FingerprintSettings {
        port,
        baud,
        password,
        ..FingerprintSettings::default()
    };
    match action {
        FingerprintAction::Info => {
            match probe::fingerprint_info(settings, Duration::from_secs(5)).await {
                Ok(info) if print_json(&info) => ExitCode::SUCCESS,
                Ok(_) => ExitCode::FAILURE,
                Err(e) => {
                    eprintln!("totem devices: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        FingerprintAction::Capture { image, timeout } => {
            settings.finger_timeout_secs = timeout;
            let upload = image.is_some();
            let result = probe::fingerprint_capture(settings, upload, |event| match event {
                FingerprintEvent::WaitingForFinger => eprintln!("place a finger on the sensor"),
                FingerprintEvent::FingerDetected => eprintln!("finger detected, reading"),
                FingerprintEvent::LiftAndPlaceAgain => {
                    eprintln!("lift the finger and place it again")
                }
                _ => {}
            })
            .await;
            match result {
                Ok((report, capture)) => {
                    if let (Some(path), Some(img)) =
                        (image, capture.as_ref().and_then(|c| c.image.as_ref()))
                    {
                        if let Err(e) = img.save(&path) {
                            eprintln!("totem devices: cannot save {}: {e}", path.display());
                            return ExitCode::FAILURE;
                        }
                    }
                    let captured = report.outcome == "captured";
                    if print_json(&report) && captured {
                        ExitCode::SUCCESS
                    } else {
                        ExitCode::FAILURE
                    }
                }
                Err(e) => {
                    eprintln!("totem devices: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

async fn scanner(port: String, baud: u32, terminator: &str, framing: &str) -> ExitCode {
    let terminator = match terminator.to_ascii_lowercase().as_str() {
        "cr" => ScanTerminator::Cr,
        "crlf" => ScanTerminator::Crlf,
        "lf" => ScanTerminator::Lf,
        other => {
            eprintln!("totem devices: terminator `{other}`: expected cr, crlf or lf");
            return ExitCode::FAILURE;
        }
    };
    let framing = match framing.to_ascii_lowercase().as_str() {
        "none" => ScanFraming::None,
        "stx-etx" => ScanFraming::StxEtx,
        other => {
            eprintln!("totem devices: framing `{other}`: expected none or stx-etx");
            return ExitCode::FAILURE;
        }
    };
    let (_scanner, mut events) = probe::scanner_listen(ScannerSettings {
        port,
        baud,
        terminator,
        framing,
    });
    loop {
        tokio::select! {
            _ = tokio::signal::ctrl_c() => return ExitCode::SUCCESS,
            event = events.recv() => match event {
                Some(event) => {
                    if !print_json(&ScannerReport::from_event(&event)) {
                        return ExitCode::FAILURE;
                    }
                }
                None => return ExitCode::FAILURE,
            },
        }
    }
}
