//! The activation-code slip: a 100 × 120 mm page with the code spaced out
//! large, how to use it, and when it expires.

use printpdf::{PdfDocument, PdfPage};
use zeroize::Zeroizing;

use super::canvas::{Align, Canvas, Face, Style, BAND, GREY, INK, MM};
use super::fonts::fonts;
use super::page::{date_time, save, Issuer, RenderError};
use crate::document::ActivationSlip;
use crate::logo;

/// Lays out the activation-code slip: a 100 × 120 mm page.
pub fn render_slip(
    slip: &ActivationSlip,
    issuer: &Issuer,
) -> Result<Zeroizing<Vec<u8>>, RenderError> {
    let fonts = fonts()?;
    let mut doc = PdfDocument::new("Código de activación");
    doc.metadata.info.creator = "Totem".into();
    doc.metadata.info.producer = "Totem".into();
    let mut c = Canvas::new(&mut doc, fonts);
    // A slip, printable on any sheet.
    let (w, h) = (100.0 * MM, 120.0 * MM);
    let margin = 8.0 * MM;
    let navy = logo::NAVY;
    let mut y = h - margin;
    c.logo(margin, y - 34.0, 34.0);
    c.text(
        Style(Face::Bold, 9.0, navy),
        margin + 42.0,
        y - 14.0,
        Align::Left,
        "Registro Civil",
    );
    c.text(
        Style(Face::Regular, 7.5, GREY),
        margin + 42.0,
        y - 26.0,
        Align::Left,
        &issuer.subtitle,
    );
    y -= 48.0;
    c.hline(margin, w - margin, y, navy, 1.2);
    y -= 26.0;
    c.text(
        Style(Face::Bold, 13.0, INK),
        w / 2.0,
        y,
        Align::Center,
        "Código de activación",
    );
    c.text(
        Style(Face::Regular, 9.0, GREY),
        w / 2.0,
        y - 14.0,
        Align::Center,
        "ClaveÚnica",
    );
    y -= 66.0;
    c.rect(
        margin + 10.0,
        y - 14.0,
        w - 2.0 * margin - 20.0,
        62.0,
        Some(BAND),
        Some((navy, 1.0)),
    );
    // Letters spaced out so each one is read on its own.
    let spaced: String = slip
        .code
        .chars()
        .flat_map(|ch| [ch, ' '])
        .collect::<String>()
        .trim_end()
        .to_owned();
    c.text(
        Style(Face::Bold, 32.0, INK),
        w / 2.0,
        y + 6.0,
        Align::Center,
        &spaced,
    );
    y -= 44.0;
    for line in [
        "Ingrese este código en el tótem o en el sitio de",
        "ClaveÚnica para crear su clave. Es personal y",
        "sirve una sola vez: no lo comparta con nadie.",
    ] {
        c.text(
            Style(Face::Regular, 9.5, INK),
            margin + 4.0,
            y,
            Align::Left,
            line,
        );
        y -= 13.0;
    }
    y -= 6.0;
    for line in c.wrap(Face::Bold, 9.5, &slip.expiry_note, w - 2.0 * margin - 8.0) {
        c.text(
            Style(Face::Bold, 9.5, logo::RED),
            margin + 4.0,
            y,
            Align::Left,
            &line,
        );
        y -= 13.0;
    }
    c.text(
        Style(Face::Regular, 7.5, GREY),
        w / 2.0,
        margin,
        Align::Center,
        &format!("{} · {}", slip.kiosk_id, date_time(&slip.issued_at)),
    );
    let ops = std::mem::take(&mut c.ops);
    let page = PdfPage::new(printpdf::Mm(w / MM), printpdf::Mm(h / MM), ops);
    Ok(save(&mut doc, vec![page]))
}
