//! Layout of the certificate and the activation slip with printpdf: vector
//! emblem and QR code, Noto Sans embedded (subset) so accents print on any
//! printer and viewer.
//!
//! Inside, each module imports only from the ones below it: `certificate`
//! and `slip` lay out their document on a `canvas` (text, shapes, emblem,
//! QR code, watermark), which draws in the `fonts`; `page` holds what both
//! documents share (issuer, paper size, dates as printed, saving, errors).

mod canvas;
mod certificate;
mod fonts;
mod page;
mod slip;

pub use certificate::render_certificate;
pub use page::{page_size, Issuer, RenderError};
pub use slip::render_slip;
