//! The keypad moves the focus through a screen's options.

use totem_access::{Focus, Move};

fn menu() -> Focus<&'static str> {
    Focus::new(vec![
        ("menu-first-issue", true),
        ("menu-recover", false),
        ("menu-certificates", true),
    ])
}

#[test]
fn focus_starts_on_the_first_enabled_option_and_skips_disabled_ones() {
    let mut f = menu();
    assert_eq!(f.focused(), Some(&"menu-first-issue"));
    assert_eq!(f.down(), Move::Moved { wrapped: false });
    assert_eq!(
        f.focused(),
        Some(&"menu-certificates"),
        "skips the disabled one"
    );
    assert_eq!(f.select(), Some("menu-certificates"));
}

#[test]
fn down_past_the_last_wraps_to_the_first_and_says_so() {
    let mut f = menu();
    f.down();
    assert_eq!(f.down(), Move::Moved { wrapped: true });
    assert_eq!(f.focused(), Some(&"menu-first-issue"));
    assert_eq!(f.up(), Move::Moved { wrapped: true });
    assert_eq!(f.focused(), Some(&"menu-certificates"));
    assert_eq!(f.up(), Move::Moved { wrapped: false });
    assert_eq!(f.focused(), Some(&"menu-first-issue"));
}

#[test]
fn a_single_option_or_none_stays_put() {
    let mut one = Focus::new(vec![("finish", true), ("back", false)]);
    assert_eq!(one.down(), Move::Stayed);
    assert_eq!(one.up(), Move::Stayed);
    assert_eq!(one.select(), Some("finish"));
    let mut none = Focus::new(vec![("back", false)]);
    assert_eq!(none.focused(), None);
    assert_eq!(none.down(), Move::Stayed);
    assert_eq!(none.select(), None);
    let mut empty: Focus<u8> = Focus::new(vec![]);
    assert_eq!(empty.down(), Move::Stayed);
}

#[test]
fn a_digit_chooses_its_option_and_moves_the_focus_there() {
    let mut f = menu();
    assert_eq!(f.choose_digit(3), Some("menu-certificates"));
    assert_eq!(f.index(), Some(2));
    assert_eq!(f.choose_digit(2), None, "disabled");
    assert_eq!(f.choose_digit(4), None, "no fourth option");
    assert_eq!(f.index(), Some(2), "a refused digit leaves the focus");
    let ten: Vec<(u32, bool)> = (1..=12).map(|i| (i, true)).collect();
    let mut long = Focus::new(ten);
    assert_eq!(long.choose_digit(0), Some(10), "0 is the tenth");
    assert_eq!(
        Focus::<u32>::digit_of(10),
        None,
        "the eleventh has no digit"
    );
}

#[test]
fn new_options_keep_the_focus_where_it_was_if_they_can() {
    let mut f = menu();
    f.down();
    f.update(vec![
        ("menu-first-issue", true),
        ("menu-recover", true),
        ("menu-certificates", true),
    ]);
    assert_eq!(f.focused(), Some(&"menu-certificates"));
    f.update(vec![
        ("menu-first-issue", true),
        ("menu-certificates", false),
    ]);
    assert_eq!(
        f.focused(),
        Some(&"menu-first-issue"),
        "focused one disabled"
    );
}

#[test]
fn a_touch_moves_the_focus_to_the_touched_option() {
    let mut f = menu();
    f.touch(&"menu-certificates");
    assert_eq!(f.index(), Some(2));
    f.touch(&"menu-recover");
    assert_eq!(f.index(), Some(2), "a disabled option takes no focus");
}
