//! A page being drawn: text in the embedded faces (measured, wrapped,
//! aligned), rules, boxes, filled shapes, the emblem, a QR code and the
//! sample watermark, collected as printpdf operations.

use printpdf::{
    Color, ExtendedGraphicsStateId, FontId, Line, LinePoint, Op, PaintMode, ParsedFont,
    PdfDocument, PdfFontHandle, Point, Polygon, PolygonRing, Pt, Rect, Rgb, TextItem, TextMatrix,
    WindingOrder,
};
use qrcode::{EcLevel, QrCode};

use super::fonts::Fonts;
use super::page::RenderError;
use crate::logo;

pub(super) const MM: f32 = 72.0 / 25.4;
pub(super) const INK: (f32, f32, f32) = (0.10, 0.10, 0.12);
pub(super) const GREY: (f32, f32, f32) = (0.38, 0.40, 0.44);
pub(super) const RULE: (f32, f32, f32) = (0.80, 0.82, 0.86);
pub(super) const BAND: (f32, f32, f32) = (0.95, 0.96, 0.98);

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Face {
    Regular,
    Bold,
}

/// Face, size in points, colour.
#[derive(Clone, Copy)]
pub(super) struct Style(pub(super) Face, pub(super) f32, pub(super) (f32, f32, f32));

#[derive(Clone, Copy)]
pub(super) enum Align {
    Left,
    Center,
    Right,
}

/// Accumulates page operations; coordinates in points from the lower left.
pub(super) struct Canvas<'f> {
    pub(super) ops: Vec<Op>,
    fonts: &'f Fonts,
    regular: FontId,
    bold: FontId,
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

impl<'f> Canvas<'f> {
    pub(super) fn new(doc: &mut PdfDocument, fonts: &'f Fonts) -> Self {
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

    pub(super) fn text(
        &mut self,
        Style(face, size, color): Style,
        x: f32,
        y: f32,
        align: Align,
        text: &str,
    ) {
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
    pub(super) fn wrap(&self, face: Face, size: f32, text: &str, max: f32) -> Vec<String> {
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

    pub(super) fn rect(
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

    pub(super) fn hline(&mut self, x0: f32, x1: f32, y: f32, color: (f32, f32, f32), width: f32) {
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
    pub(super) fn logo(&mut self, x: f32, y: f32, size: f32) {
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
    pub(super) fn qr(&mut self, data: &str, x: f32, y: f32, size: f32) -> Result<(), RenderError> {
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

    /// Diagonal see-through text across the page, drawn last.
    pub(super) fn watermark(&mut self, w: f32, h: f32, text: &str, ghost: ExtendedGraphicsStateId) {
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
