//! What both documents share: who issues them, the paper they go on, how a
//! date is written on them, why a render fails, and the saved PDF bytes
//! (wiped when dropped).

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};
use totem_config::PaperSize;
use zeroize::Zeroizing;

/// Who issues the certificate, printed in the heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    pub name: String,
    pub subtitle: String,
}

impl Default for Issuer {
    fn default() -> Self {
        Self {
            name: "Servicio de Registro Civil e Identificación".into(),
            subtitle: "Certificado emitido en tótem de autoatención".into(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("the embedded font could not be parsed")]
    Font,
    #[error("the verification URL does not fit in a QR code: {0}")]
    Qr(String),
}

/// Page size in points.
pub fn page_size(paper: PaperSize) -> (f32, f32) {
    match paper {
        PaperSize::Letter => (612.0, 792.0),
        PaperSize::A4 => (595.28, 841.89),
    }
}

/// The bytes hold personal data: they are wiped when dropped.
pub(super) fn save(doc: &mut PdfDocument, pages: Vec<PdfPage>) -> Zeroizing<Vec<u8>> {
    let options = PdfSaveOptions {
        subset_fonts: true,
        optimize: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    Zeroizing::new(doc.with_pages(pages).save(&options, &mut warnings))
}

/// `25-11-2026 01:23` — the way dates are written on Chilean certificates.
pub(super) fn date_time(at: &chrono::NaiveDateTime) -> String {
    at.format("%d-%m-%Y %H:%M").to_string()
}
