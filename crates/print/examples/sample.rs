//! Renders the sample certificate and slip without building the kiosk:
//! `cargo run -p totem-print --example sample -- /tmp/cert.pdf [a4]`.
use totem_config::PaperSize;
use totem_print::{render_certificate, render_slip, sample, CertificateTitle, Issuer};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "certificate.pdf".into());
    let paper = match args.next().as_deref() {
        Some("a4") => PaperSize::A4,
        _ => PaperSize::Letter,
    };
    let kind = "nacimiento-todo-tramite";
    let title = CertificateTitle::from_kind(kind).ok_or("unknown kind")?;
    let pdf = render_certificate(&sample::certificate(kind, title), &Issuer::default(), paper)?;
    std::fs::write(&out, pdf)?;
    std::fs::write(
        format!("{out}.slip.pdf"),
        render_slip(&sample::slip(), &Issuer::default())?,
    )?;
    Ok(())
}
