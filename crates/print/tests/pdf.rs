//! The PDFs as a reader and a phone see them: text extracted by pdftotext,
//! the QR code read by zbarimg from a rendered page, structure checked by
//! qpdf, fonts embedded per pdffonts (poppler-utils, qpdf, zbar-tools).

use std::path::Path;
use std::process::Command;

use totem_config::PaperSize;
use totem_print::{render_certificate, render_slip, sample, CertificateTitle, DataLine, Issuer};

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is missing ({e}): run scripts/install-deps"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn certificate(kind: &str) -> totem_print::CertificateDocument {
    let mut cert = sample::certificate(kind, CertificateTitle::from_kind(kind).unwrap());
    cert.folio = "987654321012".into();
    cert.verification_code = "ABCD-EFGH-2345".into();
    cert.verification_url =
        "https://verificar.registro.example/v?folio=987654321012&codigo=ABCD-EFGH-2345".into();
    cert
}

fn check(pdf: &Path, paper_pt: (f32, f32), qr_page: u32) {
    let text = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    for needle in [
        "987654321012",
        "ABCD-EFGH-2345",
        "José Ignacio Muñoz Ñúñez",
        "María Inés Ñúñez Güell",
        "CERTIFICADO DE NACIMIENTO",
        "Para todo trámite",
        "25-11-2026 10:42",
        "TOTEM-DEMO-01",
    ] {
        assert!(
            text.contains(needle),
            "{needle:?} not in the PDF text:\n{text}"
        );
    }

    let qpdf = tool("qpdf", &["--check", pdf.to_str().unwrap()]);
    assert!(
        qpdf.contains("No syntax or stream encoding errors"),
        "{qpdf}"
    );

    // Every font embedded (column "emb" = yes), so accents print anywhere.
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(rows.len() >= 2, "{fonts}");
    for row in rows {
        assert!(row.contains("NotoSans"), "unexpected font: {row}");
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }

    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let size_line = info.lines().find(|l| l.starts_with("Page size:")).unwrap();
    let dims: Vec<f32> = size_line
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert!(
        (dims[0] - paper_pt.0).abs() < 1.0 && (dims[1] - paper_pt.1).abs() < 1.0,
        "{size_line}"
    );

    // A phone reads the QR from paper: render at 150 dpi and decode it.
    let png_base = pdf.with_extension("");
    let page = qr_page.to_string();
    tool(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "150",
            "-f",
            &page,
            "-l",
            &page,
            "-singlefile",
            pdf.to_str().unwrap(),
            png_base.to_str().unwrap(),
        ],
    );
    let png = png_base.with_extension("png");
    let qr = tool(
        "zbarimg",
        &[
            "--quiet",
            "--raw",
            "-S*.enable=0",
            "-Sqrcode.enable=1",
            png.to_str().unwrap(),
        ],
    );
    assert_eq!(
        qr.trim(),
        "https://verificar.registro.example/v?folio=987654321012&codigo=ABCD-EFGH-2345"
    );
}

#[test]
fn certificate_letter_and_a4_read_back_text_qr_fonts_and_size() {
    let dir = tempfile::tempdir().unwrap();
    for (paper, name) in [(PaperSize::Letter, "letter.pdf"), (PaperSize::A4, "a4.pdf")] {
        let pdf = render_certificate(
            &certificate("nacimiento-todo-tramite"),
            &Issuer::default(),
            paper,
        )
        .unwrap();
        assert!(pdf.len() < 150 * 1024, "certificate is {} bytes", pdf.len());
        let path = dir.path().join(name);
        std::fs::write(&path, &pdf).unwrap();
        let (w, h) = totem_print::page_size(paper);
        check(&path, (w, h), 1);
    }
}

#[test]
fn many_long_lines_continue_on_a_second_page_with_the_qr_last() {
    let mut cert = certificate("nacimiento-todo-tramite");
    for i in 0..14 {
        cert.lines.push(DataLine::new(
            format!("Subinscripción {i}"),
            "Por sentencia del Juzgado de Familia de Ñuñoa se rectifica la partida en el sentido de que el nombre correcto es José Ignacio",
        ));
    }
    let pdf = render_certificate(&cert, &Issuer::default(), PaperSize::Letter).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let info = tool("pdfinfo", &[path.to_str().unwrap()]);
    assert!(info.contains("Pages:           2"), "{info}");
    check(&path, totem_print::page_size(PaperSize::Letter), 2);
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    assert!(text.contains("SUBINSCRIPCIÓN 13"), "{text}");
    assert!(text.contains("Página 2 de 2"), "{text}");
    // The proof block (and so the QR) is on the last page only.
    let first = tool("pdftotext", &["-l", "1", path.to_str().unwrap(), "-"]);
    assert!(!first.contains("Código de verificación"), "{first}");
}

#[test]
fn activation_slip_shows_the_code_and_the_expiry() {
    let pdf = render_slip(&sample::slip(), &Issuer::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("slip.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = tool("pdftotext", &[path.to_str().unwrap(), "-"]);
    let squeezed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains("KQZWXB"), "{text}");
    assert!(text.contains("Código de activación"), "{text}");
    assert!(text.contains("Válido por 24 horas"), "{text}");
    tool("qpdf", &["--check", path.to_str().unwrap()]);
}

#[test]
fn every_kind_of_the_catalog_gets_its_titles_and_renders() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kiosk-config/certificates.toml");
    let catalog = totem_config::load_catalog(&path).unwrap();
    assert!(catalog.certificates.len() >= 16);
    for entry in &catalog.certificates {
        // The prefix rule agrees with the catalog on the family, so a kind
        // the catalog lacks still gets the right title.
        let from_prefix = CertificateTitle::from_kind(&entry.kind).unwrap();
        let from_catalog = sample::title_for(&entry.kind, Some(&catalog)).unwrap();
        assert_eq!(from_prefix.family, from_catalog.family, "{}", entry.kind);
        let cert = sample::certificate(&entry.kind, from_catalog);
        let pdf = render_certificate(&cert, &Issuer::default(), PaperSize::A4).unwrap();
        assert!(pdf.starts_with(b"%PDF"));
    }
    assert!(sample::title_for("pasaporte", Some(&catalog))
        .unwrap_err()
        .contains("nacimiento-todo-tramite"));
}
