//! Language: Español (default) or English, for this session only.

use iced::widget::{column, text};
use iced::{Element, Length};
use totem_flow::{Event, Language};

use crate::ui::widgets::{big_button, hint, title, Look};
use crate::ui::Ctx;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Choose(Language),
}

pub fn update(message: Message) -> Event {
    match message {
        Message::Choose(language) => Event::ChooseLanguage(language),
    }
}

pub fn view<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    // Each name in its own language, so anyone finds theirs.
    let name = |language| ctx.tr.text(language, "language-name");
    column![
        title(ctx.t("language-title")),
        hint(ctx.t("language-subtitle")).size(36),
        text("").height(Length::Fixed(40.0)),
        big_button(
            "›",
            name(Language::Es),
            None,
            Some(Message::Choose(Language::Es)),
            Look::Primary
        ),
        big_button(
            "›",
            name(Language::En),
            None,
            Some(Message::Choose(Language::En)),
            Look::Secondary
        ),
    ]
    .spacing(30)
    .into()
}
