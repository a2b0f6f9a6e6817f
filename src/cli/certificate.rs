//! `totem certificate`: sample PDFs with synthetic data, for technicians
//! checking a printer or a layout. The layout lives in totem-print.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use totem_config::PaperSize;
use totem_print::{render_certificate, render_slip, sample, Issuer};

#[derive(clap::Subcommand)]
pub enum Command {
    /// Render a sample certificate (synthetic data, marked as a sample).
    Sample(SampleArgs),
    /// Render a sample activation-code slip.
    Slip(SlipArgs),
}

#[derive(clap::Args)]
pub struct SampleArgs {
    /// Certificate kind, e.g. nacimiento-todo-tramite (see certificates.toml).
    #[arg(long)]
    kind: String,
    /// Where to write the PDF.
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
    #[arg(long, value_enum, default_value = "letter")]
    paper: Paper,
    /// The catalog whose titles to use, if present.
    #[arg(long, default_value = "kiosk-config/certificates.toml")]
    catalog: PathBuf,
}

#[derive(clap::Args)]
pub struct SlipArgs {
    #[arg(long, value_name = "FILE.pdf")]
    out: PathBuf,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Paper {
    Letter,
    A4,
}

pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Sample(args) => sample_certificate(&args),
        Command::Slip(args) => render_slip(&sample::slip(), &Issuer::default())
            .map_err(|e| e.to_string())
            .and_then(|pdf| write(&args.out, &pdf)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("totem certificate: {message}");
            ExitCode::FAILURE
        }
    }
}

fn sample_certificate(args: &SampleArgs) -> Result<(), String> {
    // A missing catalog is fine (titles then come from the kind's prefix);
    // a broken one is reported.
    let catalog = if args.catalog.exists() {
        Some(totem_config::load_catalog(&args.catalog).map_err(|e| e.to_string())?)
    } else {
        None
    };
    let title = sample::title_for(&args.kind, catalog.as_ref())?;
    let paper = match args.paper {
        Paper::Letter => PaperSize::Letter,
        Paper::A4 => PaperSize::A4,
    };
    let cert = sample::certificate(&args.kind, title);
    let pdf = render_certificate(&cert, &Issuer::default(), paper).map_err(|e| e.to_string())?;
    write(&args.out, &pdf)
}

fn write(path: &Path, pdf: &[u8]) -> Result<(), String> {
    std::fs::write(path, pdf).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("{} ({} bytes)", path.display(), pdf.len());
    Ok(())
}
