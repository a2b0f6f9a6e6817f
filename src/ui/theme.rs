//! The kiosk's look: one accent colour on white, near-black text, large type.
//!
//! Numbers from UX.md and DOMAIN.md: body ≥ 28 px, titles ≥ 56 px, nothing
//! under 22 px, touch targets ≥ 120 px tall for buttons, contrast ≥ 7:1.

use iced::font::Weight;
use std::sync::LazyLock;

use iced::widget::{button, container, text};
use iced::{border, Background, Border, Color, Font, Shadow, Size, Theme};
use totem_access::{Palette, Srgb};
use totem_flow::Aids;

/// The text face (Noto Sans, shipped in assets/fonts, OFL).
pub const REGULAR: Font = Font::with_name("Noto Sans");
pub const BOLD: Font = Font {
    weight: Weight::Bold,
    ..REGULAR
};
/// Symbols Noto Sans lacks (arrows, ticks, finger, envelope), from DejaVu Sans.
pub const ICONS: Font = Font::with_name("DejaVu Sans");

pub const FONT_REGULAR_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
pub const FONT_BOLD_BYTES: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
pub const FONT_ICONS_BYTES: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The fonts the kiosk ships; the window and the tests load the same ones.
pub fn fonts() -> Vec<std::borrow::Cow<'static, [u8]>> {
    vec![
        FONT_REGULAR_BYTES.into(),
        FONT_BOLD_BYTES.into(),
        FONT_ICONS_BYTES.into(),
    ]
}

/// The screen, portrait first.
pub const PORTRAIT: Size = Size {
    width: 1080.0,
    height: 1920.0,
};
pub const LANDSCAPE: Size = Size {
    width: 1920.0,
    height: 1080.0,
};

/// Type sizes (logical pixels at 1080 px wide).
pub const TITLE: f32 = 60.0;
pub const HUGE: f32 = 96.0;
pub const BODY: f32 = 32.0;
pub const LABEL: f32 = 34.0;
pub const HINT: f32 = 28.0;
/// The smallest text anywhere (UX.md: nothing under 22 px).
pub const SMALLEST: f32 = 26.0;
pub const ICON: f32 = 52.0;
/// The words under the aid controls (A+, contrast, seated): one size at
/// every text size, so the controls stay where the citizen found them.
pub const AID_LABEL: f32 = 24.0;

/// The citizen's text size as a factor: 1.0, 1.5 or 2.0 (the A+ control).
/// Every text size of the citizen's screens is a size above times this.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale(pub f32);

impl Scale {
    /// 100 %: maintenance mode, and a citizen who chose nothing.
    pub const NORMAL: Scale = Scale(1.0);

    /// A size of this theme (px at 100 %) at this scale.
    pub fn px(self, size: f32) -> f32 {
        size * self.0
    }

    /// Larger than normal: buttons grow with their words, pages scroll.
    pub fn enlarged(self) -> bool {
        self.0 > 1.0
    }
}

/// Button heights.
pub const BUTTON_HEIGHT: f32 = 128.0;
pub const TILE_HEIGHT: f32 = 150.0;

/// The iced colours of one of `totem_access`'s palettes. The contrast
/// tests (crates/access/tests/contrast.rs) check those same palettes, so
/// what is tested is what is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colours {
    /// The page.
    pub page: Color,
    pub ink: Color,
    pub muted: Color,
    pub accent: Color,
    pub accent_pressed: Color,
    /// Text on the accent.
    pub on_accent: Color,
    pub tint: Color,
    pub surface: Color,
    pub disabled_bg: Color,
    pub disabled_text: Color,
}

const fn colour(c: Srgb) -> Color {
    Color {
        r: c.r,
        g: c.g,
        b: c.b,
        a: 1.0,
    }
}

impl Colours {
    pub const fn of(p: &Palette) -> Colours {
        Colours {
            page: colour(p.background),
            ink: colour(p.ink),
            muted: colour(p.muted),
            accent: colour(p.accent),
            accent_pressed: colour(p.accent_pressed),
            on_accent: colour(p.on_accent),
            tint: colour(p.tint),
            surface: colour(p.surface),
            disabled_bg: colour(p.disabled_background),
            disabled_text: colour(p.disabled_text),
        }
    }

    /// The colours for the citizen's aids.
    pub fn for_aids(aids: Aids) -> &'static Colours {
        if aids.high_contrast {
            &HIGH_CONTRAST
        } else {
            &STANDARD
        }
    }
}

/// Near-black on white, one deep-blue accent.
pub const STANDARD: Colours = Colours::of(&Palette::STANDARD);
/// White on black, a yellow accent with black text on it.
pub const HIGH_CONTRAST: Colours = Colours::of(&Palette::HIGH_CONTRAST);

/// The standard colours by name (maintenance mode and the demo panel,
/// which have no high-contrast look, use these).
pub const WHITE: Color = STANDARD.page;
/// Near-black text: 17:1 on white.
pub const INK: Color = STANDARD.ink;
/// Secondary text: 10:1 on white.
pub const MUTED: Color = STANDARD.muted;
/// The one accent: a deep blue, 8.3:1 against white text.
pub const ACCENT: Color = STANDARD.accent;
pub const ACCENT_PRESSED: Color = STANDARD.accent_pressed;
/// A light tint of the accent for panels and pressed light buttons.
pub const TINT: Color = STANDARD.tint;
pub const SURFACE: Color = STANDARD.surface;
pub const DISABLED_BG: Color = STANDARD.disabled_bg;
/// Disabled text stays readable (6:1 on its background): the reason is shown in it.
pub const DISABLED_TEXT: Color = STANDARD.disabled_text;

/// The page colour for even counts, and for odd ones the same colour
/// differing only in an alpha step 8-bit pixels cannot hold (see
/// `App::clear_colour`).
pub fn repaint_colour(count: u64, page: Color) -> Color {
    if count.is_multiple_of(2) {
        page
    } else {
        Color { a: 0.999, ..page }
    }
}

fn iced_theme(name: &str, c: &Colours) -> Theme {
    Theme::custom(
        name.to_string(),
        iced::theme::Palette {
            background: c.page,
            text: c.ink,
            primary: c.accent,
            success: c.accent,
            warning: c.ink,
            danger: c.ink,
        },
    )
}

static STANDARD_THEME: LazyLock<Theme> = LazyLock::new(|| iced_theme("Totem", &STANDARD));
static HIGH_CONTRAST_THEME: LazyLock<Theme> =
    LazyLock::new(|| iced_theme("Totem high contrast", &HIGH_CONTRAST));

/// The application theme: iced's light theme with our palette.
pub fn theme() -> Theme {
    STANDARD_THEME.clone()
}

/// The theme for the citizen's aids: the styles below read their colours
/// from it, so switching the theme switches every colour of the screen.
pub fn for_aids(aids: Aids) -> Theme {
    if aids.high_contrast {
        HIGH_CONTRAST_THEME.clone()
    } else {
        theme()
    }
}

/// The colours of a theme made by [`for_aids`] (the standard ones for any
/// other theme).
pub fn colours(theme: &Theme) -> &'static Colours {
    if theme.palette().background == HIGH_CONTRAST.page {
        &HIGH_CONTRAST
    } else {
        &STANDARD
    }
}

/// Text in the accent colour (titles' figures, icons).
pub fn accent_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colours(theme).accent),
    }
}

/// Secondary text (hints, captions).
pub fn muted_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colours(theme).muted),
    }
}

/// Body text, where a parent would otherwise give another colour.
pub fn ink_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colours(theme).ink),
    }
}

/// Text on the accent (the top band).
pub fn on_accent_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(colours(theme).on_accent),
    }
}

/// The page behind every citizen's screen.
pub fn page(theme: &Theme) -> container::Style {
    let c = colours(theme);
    container::Style {
        background: Some(Background::Color(c.page)),
        text_color: Some(c.ink),
        ..container::Style::default()
    }
}

fn rounded(color: Color, width: f32) -> Border {
    Border {
        color,
        width,
        radius: border::Radius::from(18.0),
    }
}

/// The main action of a screen: on-accent text on the accent.
pub fn primary(theme: &Theme, status: button::Status) -> button::Style {
    let c = colours(theme);
    let background = match status {
        button::Status::Pressed => c.accent_pressed,
        button::Status::Disabled => c.disabled_bg,
        // No hover cue: there is no mouse on a kiosk.
        button::Status::Active | button::Status::Hovered => c.accent,
    };
    let text_color = if status == button::Status::Disabled {
        c.disabled_text
    } else {
        c.on_accent
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: rounded(background, 0.0),
        shadow: Shadow::default(),
        snap: true,
    }
}

/// Other choices: ink on the page with a strong outline.
pub fn secondary(theme: &Theme, status: button::Status) -> button::Style {
    let c = colours(theme);
    let (background, border_color, text_color) = match status {
        button::Status::Pressed => (c.tint, c.accent, c.ink),
        button::Status::Disabled => (c.disabled_bg, c.disabled_bg, c.disabled_text),
        button::Status::Active | button::Status::Hovered => (c.page, c.ink, c.ink),
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: rounded(border_color, 3.0),
        shadow: Shadow::default(),
        snap: true,
    }
}

/// Keys of the on-screen keyboards.
pub fn key(theme: &Theme, status: button::Status) -> button::Style {
    let c = colours(theme);
    let (background, text_color) = match status {
        button::Status::Pressed => (c.accent, c.on_accent),
        button::Status::Disabled => (c.disabled_bg, c.disabled_text),
        button::Status::Active | button::Status::Hovered => (c.surface, c.ink),
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: Border {
            color: c.muted,
            width: 1.5,
            radius: border::Radius::from(12.0),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A key that is switched on (shift, show password).
pub fn key_on(theme: &Theme, status: button::Status) -> button::Style {
    let c = colours(theme);
    let background = if status == button::Status::Pressed {
        c.accent_pressed
    } else {
        c.accent
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color: c.on_accent,
        border: Border {
            color: c.accent,
            width: 1.5,
            radius: border::Radius::from(12.0),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A button drawn as nothing but its content (the attract and farewell
/// screens, typed fields).
pub fn bare(theme: &Theme, _status: button::Status) -> button::Style {
    button::Style {
        background: None,
        text_color: colours(theme).ink,
        ..button::Style::default()
    }
}

/// An aid control (A+, contrast, seated): outlined when off, filled when
/// on; on the accent band (`on_band`) or on the page.
pub fn aid(theme: &Theme, status: button::Status, on: bool, on_band: bool) -> button::Style {
    let c = colours(theme);
    // The colour of the ground the control stands on, and of what is drawn on it.
    let (ground, ink) = if on_band {
        (c.accent, c.on_accent)
    } else {
        (c.page, c.ink)
    };
    let filled = on || status == button::Status::Pressed;
    let (background, text_color) = if filled { (ink, ground) } else { (ground, ink) };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: Border {
            color: ink,
            width: 3.0,
            radius: border::Radius::from(14.0),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A message on the screen (what went wrong, what to do).
pub fn notice(theme: &Theme) -> container::Style {
    let c = colours(theme);
    container::Style {
        text_color: Some(c.ink),
        background: Some(Background::Color(c.tint)),
        border: Border {
            color: c.accent,
            width: 3.0,
            radius: border::Radius::from(16.0),
        },
        ..container::Style::default()
    }
}

/// A framed field that shows typed text.
pub fn field(focused: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let c = colours(theme);
        container::Style {
            text_color: Some(c.ink),
            background: Some(Background::Color(c.page)),
            border: Border {
                color: if focused { c.accent } else { c.muted },
                width: if focused { 5.0 } else { 2.0 },
                radius: border::Radius::from(14.0),
            },
            ..container::Style::default()
        }
    }
}

/// A light panel grouping information.
pub fn panel(theme: &Theme) -> container::Style {
    let c = colours(theme);
    container::Style {
        text_color: Some(c.ink),
        background: Some(Background::Color(c.surface)),
        border: Border {
            // In high contrast the panel is outlined: its ground is near the page's.
            color: if c.surface == STANDARD.surface {
                c.surface
            } else {
                c.muted
            },
            width: if c.surface == STANDARD.surface {
                0.0
            } else {
                2.0
            },
            radius: border::Radius::from(20.0),
        },
        ..container::Style::default()
    }
}

/// The accent band at the top of every screen.
pub fn band(theme: &Theme) -> container::Style {
    let c = colours(theme);
    container::Style {
        text_color: Some(c.on_accent),
        background: Some(Background::Color(c.accent)),
        ..container::Style::default()
    }
}

/// The dimmed backdrop behind the inactivity warning: the darker of page
/// and ink, nearly opaque.
pub fn backdrop(theme: &Theme) -> container::Style {
    let c = colours(theme);
    let dark = if c.page.relative_luminance() < c.ink.relative_luminance() {
        c.page
    } else {
        c.ink
    };
    container::Style {
        background: Some(Background::Color(Color { a: 0.82, ..dark })),
        ..container::Style::default()
    }
}

/// The inactivity warning's card.
pub fn dialog(theme: &Theme) -> container::Style {
    let c = colours(theme);
    container::Style {
        text_color: Some(c.ink),
        background: Some(Background::Color(c.page)),
        border: Border {
            color: c.accent,
            width: 6.0,
            radius: border::Radius::from(28.0),
        },
        ..container::Style::default()
    }
}

/// The keypad's focus ring: dark outside, yellow inside, so that it shows
/// on white, on the accent and on the high-contrast black.
pub const FOCUS_RING_OUTER: Color = Color::from_rgb(0.07, 0.07, 0.07);
pub const FOCUS_RING_INNER: Color = Color::from_rgb(1.0, 0.83, 0.0);
