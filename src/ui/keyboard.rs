//! The on-screen keyboards: alphabetic (e-mail, activation code, password)
//! and the numeric RUN keypad with `K`.
//!
//! The keyboard only turns touches into [`Key`]s; what a field accepts is the
//! flow's rule. Its one piece of state, upper or lower case, is its own.
//! Shift holds for one key, as on a phone: a capital in the middle of a
//! password costs one touch, not two (caps lock kept it on until touched
//! again, and people forgot it was on).

use iced::widget::{button, column, container, row, text};
use iced::{Element, Length};
use totem_flow::Key;

use super::ctx::Ctx;
use super::no_cursor::ring;
use super::spoken::Choice;
use super::theme;
use super::widgets::{control, icon};

/// Which keys to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Letters, digits, `@`, `.`, `-`, `_`, `.cl`, `.com`.
    Email,
    /// Upper-case letters only.
    Code,
    /// Digits and upper-case letters (a certificate's verification code).
    Verification,
    /// Letters (with ñ), digits and a few symbols, upper/lower.
    Password,
}

/// What a touch on the keyboard means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Key(Key),
    /// Upper case for the next key (touched again: lower case).
    Shift,
}

/// The keyboard's own state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keyboard {
    pub upper: bool,
}

impl Keyboard {
    /// Handle a touch; keys go on to the flow.
    pub fn update(&mut self, message: Message) -> Option<Key> {
        match message {
            Message::Shift => {
                self.upper = !self.upper;
                None
            }
            Message::Key(key) => {
                if !matches!(key, Key::Delete) {
                    self.upper = false;
                }
                Some(key)
            }
        }
    }
}

const DIGITS: &str = "1234567890";
const ROW_1: &str = "qwertyuiop";
const ROW_2: &str = "asdfghjkl";
const ROW_3: &str = "zxcvbnm";

/// Key labels at 100 % (letters, and the glyphs of shift and delete).
const LABEL: f32 = 40.0;
const GLYPH: f32 = 44.0;

/// A key's height: the layout's own, or taller when the enlarged label
/// needs it, so that no label is clipped.
fn key_height(ctx: &Ctx<'_>) -> f32 {
    let base: f32 = if ctx.portrait { 100.0 } else { 84.0 };
    base.max(ctx.px(LABEL) * 1.5)
}

/// One key: a label or a glyph, the same size and style either way.
/// `focus` names the key for the keypad's focus ring (see [`choices`]).
fn key_button<'a>(
    ctx: &Ctx<'_>,
    focus: &str,
    face: Element<'a, Message>,
    message: Message,
    on: bool,
    width: Length,
) -> Element<'a, Message> {
    control(ring(
        ctx.focused(focus),
        button(container(face).center(Length::Fill))
            .on_press(message)
            .width(width)
            .height(key_height(ctx))
            .padding(0)
            .style(if on { theme::key_on } else { theme::key }),
    ))
}

fn key<'a>(
    ctx: &Ctx<'_>,
    focus: &str,
    label: String,
    message: Message,
    width: Length,
) -> Element<'a, Message> {
    key_button(
        ctx,
        focus,
        text(label).size(ctx.px(LABEL)).font(theme::BOLD).into(),
        message,
        false,
        width,
    )
}

fn glyph_key<'a>(
    ctx: &Ctx<'_>,
    focus: &str,
    glyph: &'a str,
    message: Message,
    on: bool,
    width: Length,
) -> Element<'a, Message> {
    key_button(
        ctx,
        focus,
        icon(glyph, ctx.px(GLYPH)).into(),
        message,
        on,
        width,
    )
}

/// A key per character, each typing itself (upper-cased when `upper`).
fn letters<'a>(ctx: &Ctx<'_>, chars: &str, upper: bool) -> Vec<Element<'a, Message>> {
    chars
        .chars()
        .map(|c| {
            let original = c;
            let c = if upper {
                c.to_uppercase().next().unwrap_or(c)
            } else {
                c
            };
            key(
                ctx,
                &format!("key-{original}"),
                c.to_string(),
                Message::Key(Key::Char(c)),
                Length::Fill,
            )
        })
        .collect()
}

/// The e-mail row: the symbols and endings addresses need, wider keys for
/// the longer labels.
const EMAIL_SYMBOLS: [(&str, Key, u16); 6] = [
    ("@", Key::Char('@'), 2),
    (".", Key::Char('.'), 2),
    ("-", Key::Char('-'), 2),
    ("_", Key::Char('_'), 2),
    (".cl", Key::Text(".cl"), 3),
    (".com", Key::Text(".com"), 3),
];

/// The alphabetic keyboard.
pub fn view<'a>(ctx: &Ctx<'_>, layout: Layout, state: Keyboard) -> Element<'a, Message> {
    let upper = matches!(layout, Layout::Code | Layout::Verification) || state.upper;
    let gap = 10;
    let mut rows = column![].spacing(gap);
    if layout != Layout::Code {
        rows = rows.push(row(letters(ctx, DIGITS, false)).spacing(gap));
    }
    rows = rows.push(row(letters(ctx, ROW_1, upper)).spacing(gap));
    let mut second = letters(ctx, ROW_2, upper);
    if layout == Layout::Password {
        second.extend(letters(ctx, "ñ", upper));
    }
    rows = rows.push(row(second).spacing(gap));
    let mut third: Vec<Element<'a, Message>> = Vec::new();
    if !matches!(layout, Layout::Code | Layout::Verification) {
        third.push(glyph_key(
            ctx,
            "key-shift",
            "⇧",
            Message::Shift,
            state.upper,
            Length::FillPortion(3),
        ));
    }
    third.extend(letters(ctx, ROW_3, upper));
    third.push(glyph_key(
        ctx,
        "key-delete",
        "⌫",
        Message::Key(Key::Delete),
        false,
        Length::FillPortion(3),
    ));
    rows = rows.push(row(third).spacing(gap));
    match layout {
        Layout::Email => {
            let symbols = EMAIL_SYMBOLS.iter().map(|&(label, typed, portion)| {
                key(
                    ctx,
                    &format!("key-{label}"),
                    label.to_string(),
                    Message::Key(typed),
                    Length::FillPortion(portion),
                )
            });
            rows = rows.push(row(symbols).spacing(gap));
        }
        Layout::Password => {
            rows = rows.push(row(letters(ctx, ".-_!?#$*@", false)).spacing(gap));
        }
        Layout::Code | Layout::Verification => {}
    }
    container(rows).width(Length::Fill).into()
}

/// A character key as the keypad reaches it: its key stays the same in
/// either case, so the focus stays on it when shift changes the case.
fn char_choice(c: char, upper: bool) -> Choice<Message> {
    let typed = if upper {
        c.to_uppercase().next().unwrap_or(c)
    } else {
        c
    };
    Choice {
        key: format!("key-{c}"),
        label: typed.to_string(),
        action: Some(Message::Key(Key::Char(typed))),
        key_of_keyboard: true,
    }
}

/// The keys of the alphabetic keyboard as the tactile keypad reaches them,
/// in the order they are drawn (row by row), each spoken by what it types.
pub fn choices(ctx: &Ctx<'_>, layout: Layout, state: Keyboard) -> Vec<Choice<Message>> {
    let upper = matches!(layout, Layout::Code | Layout::Verification) || state.upper;
    let chars =
        |chars: &'static str, upper: bool| chars.chars().map(move |c| char_choice(c, upper));
    let mut all: Vec<Choice<Message>> = Vec::new();
    if layout != Layout::Code {
        all.extend(chars(DIGITS, false));
    }
    all.extend(chars(ROW_1, upper));
    all.extend(chars(ROW_2, upper));
    if layout == Layout::Password {
        all.extend(chars("ñ", upper));
    }
    if !matches!(layout, Layout::Code | Layout::Verification) {
        all.push(Choice {
            key: "key-shift".into(),
            label: ctx.t("speech-key-shift"),
            action: Some(Message::Shift),
            key_of_keyboard: true,
        });
    }
    all.extend(chars(ROW_3, upper));
    all.push(Choice {
        key: "key-delete".into(),
        label: ctx.t("speech-key-delete"),
        action: Some(Message::Key(Key::Delete)),
        key_of_keyboard: true,
    });
    match layout {
        Layout::Email => all.extend(EMAIL_SYMBOLS.iter().map(|&(label, typed, _)| Choice {
            key: format!("key-{label}"),
            label: label.to_string(),
            action: Some(Message::Key(typed)),
            key_of_keyboard: true,
        })),
        Layout::Password => all.extend(chars(".-_!?#$*@", false)),
        Layout::Code | Layout::Verification => {}
    }
    all
}

/// The numeric RUN keypad: 1–9, `K`, 0, delete.
pub fn run_keypad<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    let height = if ctx.portrait { 120.0 } else { 104.0 };
    let height = f32::max(height, ctx.px(56.0) * 1.4);
    let pad = |label: &str| {
        let c = label.chars().next().unwrap_or('0');
        control(
            button(
                container(text(label.to_string()).size(ctx.px(56.0)).font(theme::BOLD))
                    .center(Length::Fill),
            )
            .on_press(Message::Key(Key::Char(c)))
            .width(Length::Fill)
            .height(height)
            .padding(0)
            .style(theme::key),
        )
    };
    let delete = control(
        button(container(icon("⌫", ctx.px(52.0))).center(Length::Fill))
            .on_press(Message::Key(Key::Delete))
            .width(Length::Fill)
            .height(height)
            .padding(0)
            .style(theme::key),
    );
    column![
        row![pad("1"), pad("2"), pad("3")].spacing(14),
        row![pad("4"), pad("5"), pad("6")].spacing(14),
        row![pad("7"), pad("8"), pad("9")].spacing(14),
        row![pad("K"), pad("0"), delete].spacing(14),
    ]
    .spacing(14)
    .max_width(640)
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_holds_for_one_key() {
        let mut keyboard = Keyboard::default();
        keyboard.update(Message::Shift);
        assert!(keyboard.upper);
        // Deleting a typo does not spend the shift.
        keyboard.update(Message::Key(Key::Delete));
        assert!(keyboard.upper);
        keyboard.update(Message::Key(Key::Char('C')));
        assert!(!keyboard.upper, "back to lower case after one letter");
        keyboard.update(Message::Shift);
        keyboard.update(Message::Shift);
        assert!(!keyboard.upper, "a second touch takes it back");
    }
}
