//! The kiosk's look: one accent colour on white, near-black text, large type.
//!
//! Numbers from UX.md and DOMAIN.md: body ≥ 28 px, titles ≥ 56 px, nothing
//! under 22 px, touch targets ≥ 120 px tall for buttons, contrast ≥ 7:1.

use iced::font::Weight;
use iced::widget::{button, container};
use iced::{border, Background, Border, Color, Font, Shadow, Size, Theme};

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

/// Button heights.
pub const BUTTON_HEIGHT: f32 = 128.0;
pub const TILE_HEIGHT: f32 = 150.0;

pub const WHITE: Color = Color::WHITE;
/// Near-black text: 17:1 on white.
pub const INK: Color = Color::from_rgb(0.067, 0.094, 0.153);
/// Secondary text: 10:1 on white.
pub const MUTED: Color = Color::from_rgb(0.216, 0.255, 0.32);
/// The one accent: a deep blue, 8.6:1 against white text.
pub const ACCENT: Color = Color::from_rgb(0.039, 0.290, 0.643);
pub const ACCENT_PRESSED: Color = Color::from_rgb(0.020, 0.196, 0.447);
/// A light tint of the accent for panels and pressed light buttons.
pub const TINT: Color = Color::from_rgb(0.906, 0.933, 0.973);
pub const SURFACE: Color = Color::from_rgb(0.953, 0.957, 0.965);
pub const DISABLED_BG: Color = Color::from_rgb(0.898, 0.906, 0.922);
/// Disabled text stays readable (6:1 on its background): the reason is shown in it.
pub const DISABLED_TEXT: Color = Color::from_rgb(0.294, 0.333, 0.388);

/// White for even counts, and for odd ones a white that differs from it only
/// in an alpha step 8-bit pixels cannot hold (see `App::clear_colour`).
pub fn repaint_colour(count: u64) -> Color {
    if count.is_multiple_of(2) {
        WHITE
    } else {
        Color { a: 0.999, ..WHITE }
    }
}

/// The application theme: iced's light theme with our palette.
pub fn theme() -> Theme {
    Theme::custom(
        "Totem".to_string(),
        iced::theme::Palette {
            background: WHITE,
            text: INK,
            primary: ACCENT,
            success: ACCENT,
            warning: INK,
            danger: INK,
        },
    )
}

fn rounded(color: Color, width: f32) -> Border {
    Border {
        color,
        width,
        radius: border::Radius::from(18.0),
    }
}

/// The main action of a screen: white on the accent.
pub fn primary(_theme: &Theme, status: button::Status) -> button::Style {
    let background = match status {
        button::Status::Pressed => ACCENT_PRESSED,
        button::Status::Disabled => DISABLED_BG,
        // No hover cue: there is no mouse on a kiosk.
        button::Status::Active | button::Status::Hovered => ACCENT,
    };
    let text_color = if status == button::Status::Disabled {
        DISABLED_TEXT
    } else {
        WHITE
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: rounded(background, 0.0),
        shadow: Shadow::default(),
        snap: true,
    }
}

/// Other choices: ink on white with a strong outline.
pub fn secondary(_theme: &Theme, status: button::Status) -> button::Style {
    let (background, border_color, text_color) = match status {
        button::Status::Pressed => (TINT, ACCENT, INK),
        button::Status::Disabled => (DISABLED_BG, DISABLED_BG, DISABLED_TEXT),
        button::Status::Active | button::Status::Hovered => (WHITE, INK, INK),
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
pub fn key(_theme: &Theme, status: button::Status) -> button::Style {
    let (background, text_color) = match status {
        button::Status::Pressed => (ACCENT, WHITE),
        button::Status::Disabled => (DISABLED_BG, DISABLED_TEXT),
        button::Status::Active | button::Status::Hovered => (SURFACE, INK),
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color,
        border: Border {
            color: MUTED,
            width: 1.5,
            radius: border::Radius::from(12.0),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A key that is switched on (shift, show password).
pub fn key_on(_theme: &Theme, status: button::Status) -> button::Style {
    let background = if status == button::Status::Pressed {
        ACCENT_PRESSED
    } else {
        ACCENT
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color: WHITE,
        border: Border {
            color: ACCENT,
            width: 1.5,
            radius: border::Radius::from(12.0),
        },
        shadow: Shadow::default(),
        snap: true,
    }
}

/// A message on the screen (what went wrong, what to do).
pub fn notice(_theme: &Theme) -> container::Style {
    container::Style {
        text_color: Some(INK),
        background: Some(Background::Color(TINT)),
        border: Border {
            color: ACCENT,
            width: 3.0,
            radius: border::Radius::from(16.0),
        },
        ..container::Style::default()
    }
}

/// A framed field that shows typed text.
pub fn field(focused: bool) -> impl Fn(&Theme) -> container::Style {
    move |_theme| container::Style {
        text_color: Some(INK),
        background: Some(Background::Color(WHITE)),
        border: Border {
            color: if focused { ACCENT } else { MUTED },
            width: if focused { 5.0 } else { 2.0 },
            radius: border::Radius::from(14.0),
        },
        ..container::Style::default()
    }
}

/// A light panel grouping information.
pub fn panel(_theme: &Theme) -> container::Style {
    container::Style {
        text_color: Some(INK),
        background: Some(Background::Color(SURFACE)),
        border: Border {
            color: SURFACE,
            width: 0.0,
            radius: border::Radius::from(20.0),
        },
        ..container::Style::default()
    }
}

/// The accent band at the top of every screen.
pub fn band(_theme: &Theme) -> container::Style {
    container::Style {
        text_color: Some(WHITE),
        background: Some(Background::Color(ACCENT)),
        ..container::Style::default()
    }
}

/// The dimmed backdrop behind the inactivity warning.
pub fn backdrop(_theme: &Theme) -> container::Style {
    container::Style {
        background: Some(Background::Color(Color { a: 0.82, ..INK })),
        ..container::Style::default()
    }
}

/// The inactivity warning's card.
pub fn dialog(_theme: &Theme) -> container::Style {
    container::Style {
        text_color: Some(INK),
        background: Some(Background::Color(WHITE)),
        border: Border {
            color: ACCENT,
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
