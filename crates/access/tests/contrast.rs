//! Contrast of every text/background pair of the ui's themes.
//!
//! The standard palette's numbers are copied from the constants of
//! src/ui/theme.rs (INK, MUTED, ACCENT, …): the ui's module layout is being
//! rebuilt, and this crate cannot read it yet. When the ui takes its colours
//! from `totem_access::Palette`, this copy goes.

use totem_access::{contrast_ratio, Palette, Srgb, TextSize};

const THEME: Palette = Palette {
    background: Srgb::new(1.0, 1.0, 1.0),                // WHITE
    ink: Srgb::new(0.067, 0.094, 0.153),                 // INK
    muted: Srgb::new(0.216, 0.255, 0.32),                // MUTED
    accent: Srgb::new(0.039, 0.290, 0.643),              // ACCENT
    accent_pressed: Srgb::new(0.020, 0.196, 0.447),      // ACCENT_PRESSED
    on_accent: Srgb::new(1.0, 1.0, 1.0),                 // WHITE
    tint: Srgb::new(0.906, 0.933, 0.973),                // TINT
    surface: Srgb::new(0.953, 0.957, 0.965),             // SURFACE
    disabled_background: Srgb::new(0.898, 0.906, 0.922), // DISABLED_BG
    disabled_text: Srgb::new(0.294, 0.333, 0.388),       // DISABLED_TEXT
};

fn failures(palette: &Palette) -> Vec<String> {
    palette
        .pairs()
        .iter()
        .filter(|p| !p.passes())
        .map(|p| format!("{}: {:.2}:1 < {}:1", p.role, p.ratio(), p.size.minimum()))
        .collect()
}

#[test]
fn every_pair_of_the_standard_theme_meets_its_minimum() {
    assert_eq!(failures(&THEME), Vec::<String>::new());
}

#[test]
fn every_pair_of_the_high_contrast_theme_meets_its_minimum() {
    assert_eq!(failures(&Palette::HIGH_CONTRAST), Vec::<String>::new());
}

#[test]
fn high_contrast_is_white_on_black_and_holds_even_disabled_text_to_7_to_1() {
    let hc = Palette::HIGH_CONTRAST;
    assert_eq!(hc.background, Srgb::from_u8(0, 0, 0));
    assert_eq!(hc.ink, Srgb::from_u8(255, 255, 255));
    for pair in hc.pairs() {
        assert!(pair.ratio() >= 7.0, "{}: {:.2}", pair.role, pair.ratio());
    }
}

#[test]
fn the_check_catches_a_pale_grey() {
    // A mistake the test must notice: light grey text on white.
    let pale = Palette {
        muted: Srgb::from_u8(0x99, 0x99, 0x99),
        ..THEME
    };
    let failed = failures(&pale);
    assert_eq!(failed.len(), 2, "{failed:?}");
    assert!(failed[0].starts_with("hints on the page"), "{failed:?}");
}

#[test]
fn the_theme_comments_state_true_ratios() {
    // theme.rs: "INK: 17:1 on white", "MUTED: 10:1", "ACCENT: 8.6:1 against
    // white text" (it is 8.3:1), "DISABLED_TEXT: 6:1".
    let white = THEME.background;
    assert!(contrast_ratio(THEME.ink, white) >= 17.0);
    assert!(contrast_ratio(THEME.muted, white) >= 10.0);
    assert!(contrast_ratio(THEME.accent, white) >= 8.3);
    let disabled = contrast_ratio(THEME.disabled_text, THEME.disabled_background);
    assert!((6.0..7.0).contains(&disabled), "{disabled}");
    assert_eq!(TextSize::Inactive.minimum(), 4.5);
}
