//! Noto Sans regular and bold, embedded in the binary and parsed once per
//! process (subset into each PDF when it is saved).

use std::sync::OnceLock;

use printpdf::ParsedFont;

use super::page::RenderError;

static REGULAR_TTF: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Regular.ttf");
static BOLD_TTF: &[u8] = include_bytes!("../../../../assets/fonts/NotoSans-Bold.ttf");

pub(super) struct Fonts {
    pub(super) regular: ParsedFont,
    pub(super) bold: ParsedFont,
}

/// Parsing a 500 KB font takes milliseconds: do it once per process.
pub(super) fn fonts() -> Result<&'static Fonts, RenderError> {
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
