//! Contrast of every text/background pair of the ui's themes.
//!
//! The palettes are the values src/ui/theme.rs builds its iced colours
//! from (`Palette::STANDARD`, `Palette::HIGH_CONTRAST`): what is checked
//! here is what the window draws.

use totem_access::{contrast_ratio, Palette, Srgb, TextSize};

const THEME: Palette = Palette::STANDARD;

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
    // The palette's comments: ink 17:1 on white, muted 10:1, the accent
    // 8.3:1 with white text, disabled text 6:1.
    let white = THEME.background;
    assert!(contrast_ratio(THEME.ink, white) >= 17.0);
    assert!(contrast_ratio(THEME.muted, white) >= 10.0);
    assert!(contrast_ratio(THEME.accent, white) >= 8.3);
    let disabled = contrast_ratio(THEME.disabled_text, THEME.disabled_background);
    assert!((6.0..7.0).contains(&disabled), "{disabled}");
    assert_eq!(TextSize::Inactive.minimum(), 4.5);
}
