//! The certificate: heading with emblem and folio, title, the holder's data,
//! the body, the verification block (QR code and proof data) and the foot,
//! on as many pages as the body needs.

use printpdf::{ExtendedGraphicsState, PdfDocument, PdfPage};
use totem_config::PaperSize;
use zeroize::Zeroizing;

use super::canvas::{Align, Canvas, Face, Style, BAND, GREY, INK, MM, RULE};
use super::fonts::fonts;
use super::page::{date_time, page_size, save, Issuer, RenderError};
use crate::document::CertificateDocument;
use crate::logo;

impl Canvas<'_> {
    /// QR on the left, the proof data (folio, code, date-time, kiosk, URL)
    /// on the right, in a framed box.
    fn verification_block(
        &mut self,
        cert: &CertificateDocument,
        left: f32,
        right: f32,
        block_y: f32,
        block_h: f32,
    ) -> Result<(), RenderError> {
        let navy = logo::NAVY;
        self.rect(
            left,
            block_y,
            right - left,
            block_h,
            None,
            Some((navy, 0.8)),
        );
        let qr_size = block_h - 12.0;
        self.qr(&cert.verification_url, left + 6.0, block_y + 6.0, qr_size)?;
        let info_x = left + qr_size + 20.0;
        let info_w = right - info_x - 10.0;
        let mut iy = block_y + block_h - 20.0;
        let issued = date_time(&cert.issued_at);
        for (label, value) in [
            ("Folio", cert.folio.as_str()),
            ("Código de verificación", cert.verification_code.as_str()),
            ("Fecha y hora de emisión", issued.as_str()),
            ("Tótem", cert.kiosk_id.as_str()),
        ] {
            self.text(
                Style(Face::Regular, 9.0, GREY),
                info_x,
                iy,
                Align::Left,
                label,
            );
            self.text(
                Style(Face::Bold, 10.5, INK),
                info_x + 125.0,
                iy,
                Align::Left,
                value,
            );
            iy -= 16.0;
        }
        iy -= 2.0;
        self.text(
            Style(Face::Regular, 9.0, GREY),
            info_x,
            iy,
            Align::Left,
            "Verifique este certificado en:",
        );
        iy -= 13.0;
        for line in self.wrap(Face::Regular, 8.5, &cert.verification_url, info_w) {
            self.text(
                Style(Face::Regular, 8.5, navy),
                info_x,
                iy,
                Align::Left,
                &line,
            );
            iy -= 10.5;
        }
        Ok(())
    }
}

/// Lays out a certificate on one page and returns the PDF bytes.
pub fn render_certificate(
    cert: &CertificateDocument,
    issuer: &Issuer,
    paper: PaperSize,
) -> Result<Zeroizing<Vec<u8>>, RenderError> {
    let fonts = fonts()?;
    // The PDF title shows in viewers and print queues: folio only, nothing personal.
    let mut doc = PdfDocument::new(&format!("Certificado {}", cert.folio));
    doc.metadata.info.creator = "Totem".into();
    doc.metadata.info.producer = "Totem".into();
    let ghost =
        doc.add_graphics_state(ExtendedGraphicsState::default().with_current_fill_alpha(0.22));
    let mut c = Canvas::new(&mut doc, fonts);
    let (w, h) = page_size(paper);
    let margin = 20.0 * MM;
    let (left, right) = (margin, w - margin);
    let navy = logo::NAVY;

    // Heading: emblem, issuer, folio box.
    let top = h - 16.0 * MM;
    let logo_size = 58.0;
    c.logo(left, top - logo_size, logo_size);
    let tx = left + logo_size + 12.0;
    c.text(
        Style(Face::Bold, 13.0, navy),
        tx,
        top - 22.0,
        Align::Left,
        &issuer.name,
    );
    c.text(
        Style(Face::Regular, 9.5, GREY),
        tx,
        top - 38.0,
        Align::Left,
        &issuer.subtitle,
    );
    let (box_w, box_h) = (128.0, 44.0);
    c.rect(
        right - box_w,
        top - 50.0,
        box_w,
        box_h,
        Some(BAND),
        Some((navy, 0.8)),
    );
    c.text(
        Style(Face::Regular, 8.0, GREY),
        right - box_w / 2.0,
        top - 20.0,
        Align::Center,
        "FOLIO N.º",
    );
    c.text(
        Style(Face::Bold, 14.0, navy),
        right - box_w / 2.0,
        top - 38.0,
        Align::Center,
        &cert.folio,
    );
    let rule_y = top - logo_size - 10.0;
    c.hline(left, right, rule_y, navy, 1.6);
    c.hline(left, right, rule_y - 3.0, logo::RED, 0.6);

    // Title.
    let mut y = rule_y - 40.0;
    let family = cert.family.to_uppercase();
    for line in c.wrap(Face::Bold, 19.0, &family, right - left) {
        c.text(
            Style(Face::Bold, 19.0, INK),
            w / 2.0,
            y,
            Align::Center,
            &line,
        );
        y -= 24.0;
    }
    c.text(
        Style(Face::Regular, 12.5, navy),
        w / 2.0,
        y + 4.0,
        Align::Center,
        &cert.purpose,
    );
    y -= 30.0;
    c.text(
        Style(Face::Regular, 10.5, INK),
        left,
        y,
        Align::Left,
        "Según los registros de este Servicio, consta la siguiente información:",
    );
    y -= 14.0;

    // The data table. Rows stay in order; the last page keeps room for the
    // verification block, earlier pages (if the registry sent many lines)
    // run down to the foot.
    let block_h = 132.0;
    let block_y = 26.0 * MM + 12.0;
    let last_page_bottom = block_y + block_h + 18.0;
    let other_page_bottom = 14.0 * MM + 40.0;
    let continued_top = h - 16.0 * MM - 56.0;
    let label_w = 150.0;
    let value_x = left + label_w + 10.0;
    let value_w = right - value_x - 8.0;
    let rows: Vec<(Vec<String>, Vec<String>, f32)> = cert
        .lines
        .iter()
        .map(|line| {
            let labels = c.wrap(Face::Bold, 9.0, &line.label, label_w - 12.0);
            let values = c.wrap(Face::Regular, 11.0, &line.value, value_w);
            let row_h = labels.len().max(values.len()) as f32 * 14.0 + 10.0;
            (labels, values, row_h)
        })
        .collect();
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let (mut first, mut top) = (0, y);
    loop {
        let remaining: f32 = rows[first..].iter().map(|r| r.2).sum();
        if top - remaining >= last_page_bottom {
            pages.push(first..rows.len());
            break;
        }
        let mut end = first;
        let mut room = top - other_page_bottom;
        while end < rows.len() && rows[end].2 <= room {
            room -= rows[end].2;
            end += 1;
        }
        // A single row taller than a page still goes somewhere.
        let end = end.max((first + 1).min(rows.len()));
        pages.push(first..end);
        first = end;
        top = continued_top;
    }

    let page_count = pages.len();
    let mut pdf_pages = Vec::with_capacity(page_count);
    for (number, range) in pages.into_iter().enumerate() {
        if number > 0 {
            // Continuation heading: small emblem, issuer, folio.
            let top = h - 16.0 * MM;
            c.logo(left, top - 34.0, 34.0);
            c.text(
                Style(Face::Bold, 11.0, navy),
                left + 44.0,
                top - 15.0,
                Align::Left,
                &issuer.name,
            );
            c.text(
                Style(Face::Regular, 9.0, GREY),
                left + 44.0,
                top - 29.0,
                Align::Left,
                &format!("{} · Folio {} (continuación)", cert.family, cert.folio),
            );
            c.hline(left, right, top - 42.0, navy, 1.2);
            y = continued_top;
        }
        for (i, (labels, values, row_h)) in rows[range.clone()].iter().enumerate() {
            if (range.start + i) % 2 == 0 {
                c.rect(left, y - row_h, right - left, *row_h, Some(BAND), None);
            }
            let mut ly = y - 14.0;
            for label in labels {
                c.text(
                    Style(Face::Bold, 9.0, GREY),
                    left + 8.0,
                    ly,
                    Align::Left,
                    &label.to_uppercase(),
                );
                ly -= 14.0;
            }
            let mut vy = y - 14.5;
            for value in values {
                c.text(
                    Style(Face::Regular, 11.0, INK),
                    value_x,
                    vy,
                    Align::Left,
                    value,
                );
                vy -= 14.0;
            }
            y -= row_h;
            c.hline(left, right, y, RULE, 0.5);
        }

        if number + 1 == page_count {
            c.verification_block(cert, left, right, block_y, block_h)?;
        }

        // Foot.
        let foot = 14.0 * MM;
        c.hline(left, right, foot + 22.0, RULE, 0.5);
        c.text(
            Style(Face::Regular, 8.0, GREY),
            w / 2.0,
            foot + 10.0,
            Align::Center,
            "Documento válido sin firma ni timbre. Su autenticidad puede comprobarse con el folio y el código de verificación,",
        );
        c.text(
            Style(Face::Regular, 8.0, GREY),
            w / 2.0,
            foot,
            Align::Center,
            "o leyendo el código QR. Emitido en un tótem de autoatención; gratuito.",
        );
        if page_count > 1 {
            c.text(
                Style(Face::Regular, 8.0, GREY),
                right,
                foot - 14.0,
                Align::Right,
                &format!("Página {} de {}", number + 1, page_count),
            );
        }
        if cert.sample {
            c.watermark(w, h, "MUESTRA SIN VALOR", ghost.clone());
        }
        let ops = std::mem::take(&mut c.ops);
        pdf_pages.push(PdfPage::new(
            printpdf::Mm(w / MM),
            printpdf::Mm(h / MM),
            ops,
        ));
    }
    Ok(save(&mut doc, pdf_pages))
}
