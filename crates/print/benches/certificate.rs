//! Time and size of one certificate: `cargo bench -p totem-print`.
//!
//! Baseline in the same run: the floor of any PDF with our fonts — a bare
//! printpdf page with both Noto Sans faces embedded (subset) and one line of
//! text. The certificate's figures read as a ratio to it. Sizes are printed
//! once per variant.

use criterion::{criterion_group, criterion_main, Criterion};
use printpdf::{
    Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, TextItem,
};
use totem_config::PaperSize;
use totem_print::{render_certificate, render_slip, sample, CertificateTitle, Issuer};

static REGULAR: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

fn baseline(regular: &ParsedFont, bold: &ParsedFont) -> Vec<u8> {
    let mut doc = PdfDocument::new("baseline");
    let r = doc.add_font(regular);
    let b = doc.add_font(bold);
    let mut ops = Vec::new();
    for (font, y) in [(r, 250.0), (b, 240.0)] {
        ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(12.0),
            },
            Op::SetTextCursor {
                pos: Point::new(Mm(20.0), Mm(y)),
            },
            Op::ShowText {
                items: vec![TextItem::Text("Folio 500123456789 José Muñoz".into())],
            },
            Op::EndTextSection,
        ]);
    }
    let page = PdfPage::new(Mm(215.9), Mm(279.4), ops);
    doc.with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new())
}

fn bench(c: &mut Criterion) {
    let regular = ParsedFont::from_bytes(REGULAR, 0, &mut Vec::new()).unwrap();
    let bold = ParsedFont::from_bytes(BOLD, 0, &mut Vec::new()).unwrap();
    let kind = "nacimiento-todo-tramite";
    let cert = sample::certificate(kind, CertificateTitle::from_kind(kind).unwrap());
    let issuer = Issuer::default();
    // Warm the font cache so the first sample does not pay for parsing.
    let letter = render_certificate(&cert, &issuer, PaperSize::Letter).unwrap();
    let a4 = render_certificate(&cert, &issuer, PaperSize::A4).unwrap();
    let slip = render_slip(&sample::slip(), &issuer).unwrap();
    eprintln!(
        "size: baseline {} B, certificate letter {} B, A4 {} B, activation slip {} B",
        baseline(&regular, &bold).len(),
        letter.len(),
        a4.len(),
        slip.len()
    );

    let mut group = c.benchmark_group("render");
    group.bench_function("baseline_two_fonts_one_line", |b| {
        b.iter(|| baseline(&regular, &bold))
    });
    group.bench_function("certificate_letter", |b| {
        b.iter(|| render_certificate(&cert, &issuer, PaperSize::Letter).unwrap())
    });
    group.bench_function("certificate_a4", |b| {
        b.iter(|| render_certificate(&cert, &issuer, PaperSize::A4).unwrap())
    });
    group.bench_function("activation_slip", |b| {
        b.iter(|| render_slip(&sample::slip(), &issuer).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
