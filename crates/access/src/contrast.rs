//! Contrast of text on its background, as WCAG 2.x defines it (relative
//! luminance of sRGB colours), and the kiosk's high-contrast palette.
//!
//! The kiosk holds itself to the enhanced level (WCAG 1.4.6, AAA): 7:1 for
//! body text, 4.5:1 for large text (titles and the big figures).

/// A colour as sRGB components in 0.0..=1.0 (what `iced::Color::from_rgb`
/// takes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Srgb {
    pub r: f32,
    pub g: f32,
    pub b: f32,
}

impl Srgb {
    pub const fn new(r: f32, g: f32, b: f32) -> Self {
        Self { r, g, b }
    }

    /// From 8-bit components, e.g. `Srgb::from_u8(0xFF, 0xD7, 0x00)`.
    pub const fn from_u8(r: u8, g: u8, b: u8) -> Self {
        Self::new(r as f32 / 255.0, g as f32 / 255.0, b as f32 / 255.0)
    }

    /// WCAG relative luminance, 0 (black) to 1 (white).
    pub fn luminance(&self) -> f64 {
        fn linear(c: f32) -> f64 {
            let c = f64::from(c.clamp(0.0, 1.0));
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * linear(self.r) + 0.7152 * linear(self.g) + 0.0722 * linear(self.b)
    }
}

/// WCAG contrast ratio of two colours, 1.0 to 21.0; order does not matter.
pub fn contrast_ratio(a: Srgb, b: Srgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (light, dark) = if la >= lb { (la, lb) } else { (lb, la) };
    (light + 0.05) / (dark + 0.05)
}

/// How a pair's text is used, which sets the contrast it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextSize {
    /// Reading text, labels, hints: at least 7:1.
    Body,
    /// Titles and big figures (≥ 56 px) and icons: at least 4.5:1.
    Large,
    /// The label of a disabled control. WCAG exempts inactive components;
    /// the kiosk still wants it readable (the reason is written in it), so
    /// at least 4.5:1.
    Inactive,
}

impl TextSize {
    /// The least contrast ratio this use needs.
    pub fn minimum(self) -> f64 {
        match self {
            TextSize::Body => 7.0,
            TextSize::Large | TextSize::Inactive => 4.5,
        }
    }
}

/// One text colour on one background, as a theme draws it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextPair {
    /// Where it appears, for the message of a failing check.
    pub role: &'static str,
    pub text: Srgb,
    pub background: Srgb,
    pub size: TextSize,
}

impl TextPair {
    pub fn ratio(&self) -> f64 {
        contrast_ratio(self.text, self.background)
    }

    pub fn passes(&self) -> bool {
        self.ratio() >= self.size.minimum()
    }
}

/// The colours of a theme, by role (the names of src/ui/theme.rs).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    /// The page.
    pub background: Srgb,
    /// Body text on the page.
    pub ink: Srgb,
    /// Secondary text.
    pub muted: Srgb,
    /// The accent: primary buttons, the band, big figures.
    pub accent: Srgb,
    pub accent_pressed: Srgb,
    /// Text on the accent.
    pub on_accent: Srgb,
    /// Panels and pressed light buttons.
    pub tint: Srgb,
    /// Keys and panels.
    pub surface: Srgb,
    pub disabled_background: Srgb,
    pub disabled_text: Srgb,
}

impl Palette {
    /// The kiosk's standard look: near-black ink on white, one deep-blue
    /// accent. src/ui/theme.rs builds its iced colours from this value, so
    /// the contrast tests check what the window draws.
    pub const STANDARD: Palette = Palette {
        background: Srgb::new(1.0, 1.0, 1.0),
        // 17:1 on white.
        ink: Srgb::new(0.067, 0.094, 0.153),
        // 10:1 on white.
        muted: Srgb::new(0.216, 0.255, 0.32),
        // 8.3:1 with white text.
        accent: Srgb::new(0.039, 0.290, 0.643),
        accent_pressed: Srgb::new(0.020, 0.196, 0.447),
        on_accent: Srgb::new(1.0, 1.0, 1.0),
        tint: Srgb::new(0.906, 0.933, 0.973),
        surface: Srgb::new(0.953, 0.957, 0.965),
        disabled_background: Srgb::new(0.898, 0.906, 0.922),
        // 6:1 on its background: the reason is written in a disabled button.
        disabled_text: Srgb::new(0.294, 0.333, 0.388),
    };

    /// White on black for low-vision citizens: white text, yellow accent
    /// with black text on it, no greys under 7:1.
    pub const HIGH_CONTRAST: Palette = Palette {
        background: Srgb::from_u8(0x00, 0x00, 0x00),
        ink: Srgb::from_u8(0xFF, 0xFF, 0xFF),
        muted: Srgb::from_u8(0xE6, 0xE6, 0xE6),
        accent: Srgb::from_u8(0xFF, 0xD7, 0x00),
        accent_pressed: Srgb::from_u8(0xFF, 0xFF, 0xFF),
        on_accent: Srgb::from_u8(0x00, 0x00, 0x00),
        tint: Srgb::from_u8(0x1A, 0x1A, 0x1A),
        surface: Srgb::from_u8(0x14, 0x14, 0x14),
        disabled_background: Srgb::from_u8(0x26, 0x26, 0x26),
        disabled_text: Srgb::from_u8(0xC8, 0xC8, 0xC8),
    };

    /// Every text/background pair the ui's styles draw (src/ui/theme.rs and
    /// the screens: which text colour goes on which background).
    pub fn pairs(&self) -> Vec<TextPair> {
        use TextSize::*;
        let pair = |role, text, background, size| TextPair {
            role,
            text,
            background,
            size,
        };
        vec![
            pair("body text on the page", self.ink, self.background, Body),
            pair("hints on the page", self.muted, self.background, Body),
            pair(
                "titles and figures in the accent",
                self.accent,
                self.background,
                Large,
            ),
            pair("primary button label", self.on_accent, self.accent, Body),
            pair(
                "pressed primary button label",
                self.on_accent,
                self.accent_pressed,
                Body,
            ),
            pair("the top band", self.on_accent, self.accent, Body),
            pair(
                "pressed secondary button, notice",
                self.ink,
                self.tint,
                Body,
            ),
            pair("accent icon in a notice", self.accent, self.tint, Large),
            pair("key label, panel text", self.ink, self.surface, Body),
            pair("hint in a panel", self.muted, self.surface, Body),
            pair("dialog text", self.ink, self.background, Body),
            pair(
                "aid control switched on, on the band",
                self.accent,
                self.on_accent,
                Body,
            ),
            pair(
                "aid control switched on, on the page",
                self.background,
                self.ink,
                Body,
            ),
            pair(
                "disabled button label",
                self.disabled_text,
                self.disabled_background,
                Inactive,
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn black_on_white_is_21_and_a_colour_on_itself_is_1() {
        let white = Srgb::new(1.0, 1.0, 1.0);
        let black = Srgb::new(0.0, 0.0, 0.0);
        assert!((contrast_ratio(black, white) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast_ratio(white, white) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn known_grey_is_at_the_aa_limit() {
        // #767676 on white is the well-known lightest grey that passes
        // 4.5:1 (4.54:1).
        let grey = Srgb::from_u8(0x76, 0x76, 0x76);
        let ratio = contrast_ratio(grey, Srgb::from_u8(255, 255, 255));
        assert!((ratio - 4.54).abs() < 0.01, "{ratio}");
    }
}
