//! Layout of the certificate and the activation slip with printpdf: vector
//! emblem and QR code, Noto Sans embedded (subset) so accents print on any
//! printer and viewer.

use std::sync::OnceLock;

use printpdf::{
    Color, ExtendedGraphicsState, ExtendedGraphicsStateId, FontId, Line, LinePoint, Op, PaintMode,
    ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Polygon, PolygonRing,
    Pt, Rect, Rgb, TextItem, TextMatrix, WindingOrder,
};
use qrcode::{EcLevel, QrCode};
use totem_config::PaperSize;
use zeroize::Zeroizing;

use crate::document::{ActivationSlip, CertificateDocument};
use crate::logo;

static REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/NotoSans-Bold.ttf");

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

struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

/// Parsing a 500 KB font takes milliseconds: do it once per process.
fn fonts() -> Result<&'static Fonts, RenderError> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut warnings = Vec::new();
            Some(Fonts {
                regular: ParsedFont::from_bytes(REGULAR_TTF, 0, &mut warnings)?,
                bold: ParsedFont::from_bytes(BOLD_TTF, 0, &mut warnings)?,
            })
        })
        .as_ref()
        .ok_or(RenderError::Font)
}

/// Page size in points.
pub fn page_size(paper: PaperSize) -> (f32, f32) {
    match paper {
        PaperSize::Letter => (612.0, 792.0),
        PaperSize::A4 => (595.28, 841.89),
    }
}

const MM: f32 = 72.0 / 25.4;
const INK: (f32, f32, f32) = (0.10, 0.10, 0.12);
const GREY: (f32, f32, f32) = (0.38, 0.40, 0.44);
const RULE: (f32, f32, f32) = (0.80, 0.82, 0.86);
const BAND: (f32, f32, f32) = (0.95, 0.96, 0.98);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Face {
    Regular,
    Bold,
}

/// Face, size in points, colour.
#[derive(Clone, Copy)]
struct Style(Face, f32, (f32, f32, f32));

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// Accumulates page operations; coordinates in points from the lower left.
struct Canvas<'f> {
    ops: Vec<Op>,
    fonts: &'f Fonts,
    regular: FontId,
    bold: FontId,
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

impl<'f> Canvas<'f> {
    fn new(doc: &mut PdfDocument, fonts: &'f Fonts) -> Self {
        let regular = doc.add_font(&fonts.regular);
        let bold = doc.add_font(&fonts.bold);
        Self {
            ops: Vec::with_capacity(512),
            fonts,
            regular,
            bold,
        }
    }

    fn font(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.fonts.regular,
            Face::Bold => &self.fonts.bold,
        }
    }

    /// Advance width of `text` in points.
    fn width(&self, face: Face, size: f32, text: &str) -> f32 {
        let font = self.font(face);
        let upm = f32::from(font.font_metrics.units_per_em).max(1.0);
        let units: f32 = text
            .chars()
            .map(|c| {
                font.lookup_glyph_index(c as u32)
                    .map(|gid| f32::from(font.get_horizontal_advance(gid)))
                    .unwrap_or(upm / 2.0)
            })
            .sum();
        units / upm * size
    }

    fn text(&mut self, Style(face, size, color): Style, x: f32, y: f32, align: Align, text: &str) {
        let x = match align {
            Align::Left => x,
            Align::Center => x - self.width(face, size, text) / 2.0,
            Align::Right => x - self.width(face, size, text),
        };
        let font = match face {
            Face::Regular => self.regular.clone(),
            Face::Bold => self.bold.clone(),
        };
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFillColor { col: rgb(color) },
            Op::SetFont {
                font: PdfFontHandle::External(font),
                size: Pt(size),
            },
            Op::SetTextCursor {
                pos: Point { x: Pt(x), y: Pt(y) },
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Splits `text` into lines no wider than `max` points (on spaces; a word
    /// longer than a line is cut).
    fn wrap(&self, face: Face, size: f32, text: &str, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut line = String::new();
        for word in text.split_whitespace() {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if self.width(face, size, &candidate) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A single word wider than the line (a long URL): cut it, after
            // a '?', '&' or '/' when there is one, so URLs break readably.
            let mut piece = String::new();
            for c in word.chars() {
                piece.push(c);
                if self.width(face, size, &piece) > max {
                    piece.pop();
                    let cut = piece
                        .rfind(['?', '&', '/'])
                        .map(|i| i + 1)
                        .filter(|i| *i > piece.len() / 2)
                        .unwrap_or(piece.len());
                    let rest = piece.split_off(cut);
                    lines.push(std::mem::replace(&mut piece, rest));
                    piece.push(c);
                }
            }
            line = piece;
        }
        if !line.is_empty() || lines.is_empty() {
            lines.push(line);
        }
        lines
    }

    fn rect(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Option<(f32, f32, f32)>,
        stroke: Option<((f32, f32, f32), f32)>,
    ) {
        let mode = match (fill, stroke) {
            (Some(_), Some(_)) => PaintMode::FillStroke,
            (None, Some(_)) => PaintMode::Stroke,
            _ => PaintMode::Fill,
        };
        if let Some(color) = fill {
            self.ops.push(Op::SetFillColor { col: rgb(color) });
        }
        if let Some((color, width)) = stroke {
            self.ops.push(Op::SetOutlineColor { col: rgb(color) });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        }
        let mut rect = Rect::from_xywh(Pt(x), Pt(y), Pt(w), Pt(h));
        rect.mode = Some(mode);
        self.ops.push(Op::DrawRectangle { rectangle: rect });
    }

    fn hline(&mut self, x0: f32, x1: f32, y: f32, color: (f32, f32, f32), width: f32) {
        self.ops.push(Op::SetOutlineColor { col: rgb(color) });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width) });
        let point = |x: f32| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops.push(Op::DrawLine {
            line: Line {
                points: vec![point(x0), point(x1)],
                is_closed: false,
            },
        });
    }

    fn polygon(&mut self, color: (f32, f32, f32), rings: Vec<Vec<(f32, f32)>>) {
        self.ops.push(Op::SetFillColor { col: rgb(color) });
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings: rings
                    .into_iter()
                    .map(|ring| PolygonRing {
                        points: ring
                            .into_iter()
                            .map(|(x, y)| LinePoint {
                                p: Point { x: Pt(x), y: Pt(y) },
                                bezier: false,
                            })
                            .collect(),
                    })
                    .collect(),
                mode: PaintMode::Fill,
                winding_order: WindingOrder::EvenOdd,
            },
        });
    }

    /// The emblem in a `size`-point square with its lower left at (x, y).
    fn logo(&mut self, x: f32, y: f32, size: f32) {
        for shape in logo::shapes() {
            let rings = shape
                .rings
                .iter()
                .map(|ring| {
                    ring.iter()
                        .map(|(u, v)| (x + u * size, y + v * size))
                        .collect()
                })
                .collect();
            self.polygon(shape.color, rings);
        }
    }

    /// A QR code of `data`, `size` points square (quiet zone included), lower
    /// left at (x, y). Dark modules in a row are merged into one rectangle.
    fn qr(&mut self, data: &str, x: f32, y: f32, size: f32) -> Result<(), RenderError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|e| RenderError::Qr(e.to_string()))?;
        let n = code.width();
        let colors = code.to_colors();
        let quiet = 4;
        let module = size / (n + 2 * quiet) as f32;
        self.rect(x, y, size, size, Some(logo::WHITE), None);
        self.ops.push(Op::SetFillColor {
            col: rgb((0.0, 0.0, 0.0)),
        });
        for row in 0..n {
            let mut col = 0;
            while col < n {
                if colors[row * n + col] != qrcode::Color::Dark {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < n && colors[row * n + col] == qrcode::Color::Dark {
                    col += 1;
                }
                let mut rect = Rect::from_xywh(
                    Pt(x + (quiet + start) as f32 * module),
                    Pt(y + size - (quiet + row + 1) as f32 * module),
                    Pt((col - start) as f32 * module),
                    Pt(module),
                );
                rect.mode = Some(PaintMode::Fill);
                self.ops.push(Op::DrawRectangle { rectangle: rect });
            }
        }
        Ok(())
    }

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

    /// Diagonal see-through text across the page, drawn last.
    fn watermark(&mut self, w: f32, h: f32, text: &str, ghost: ExtendedGraphicsStateId) {
        let size = 50.0;
        let font = PdfFontHandle::External(self.bold.clone());
        let half = self.width(Face::Bold, size, text) / 2.0;
        let angle: f32 = 35.0;
        let (sin, cos) = angle.to_radians().sin_cos();
        // Start so that the middle of the text falls on the page centre.
        let (x, y) = (w / 2.0 - half * cos, h / 2.0 - half * sin - 20.0);
        self.ops.extend([
            Op::SaveGraphicsState,
            Op::LoadGraphicsState { gs: ghost },
            Op::StartTextSection,
            Op::SetFillColor {
                col: rgb(logo::RED),
            },
            Op::SetFont {
                font,
                size: Pt(size),
            },
            Op::SetTextMatrix {
                matrix: TextMatrix::Raw([cos, sin, -sin, cos, x, y]),
            },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
            Op::RestoreGraphicsState,
        ]);
    }
}

/// The bytes hold personal data: they are wiped when dropped.
fn save(doc: &mut PdfDocument, pages: Vec<PdfPage>) -> Zeroizing<Vec<u8>> {
    let options = PdfSaveOptions {
        subset_fonts: true,
        optimize: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    Zeroizing::new(doc.with_pages(pages).save(&options, &mut warnings))
}

/// `25-11-2026 01:23` — the way dates are written on Chilean certificates.
fn date_time(at: &chrono::NaiveDateTime) -> String {
    at.format("%d-%m-%Y %H:%M").to_string()
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
        "Clave Única",
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
        "Clave Única para crear su clave. Es personal y",
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
