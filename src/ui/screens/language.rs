//! Language: Español (default) or English, for this session only.

use iced::widget::{column, space};
use iced::{Element, Length};
use totem_flow::{Event, Language};

use crate::ui::ctx::Ctx;
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::widgets::{hint, tile, title, Look};

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
    let choice = |language: Language, look| {
        ring(
            ctx.focused(&format!("{language:?}")),
            tile(
                ctx,
                "›",
                name(language),
                None,
                Some(Message::Choose(language)),
                look,
                200.0,
            ),
        )
    };
    column![
        title(ctx, ctx.t("language-title")),
        hint(ctx, ctx.t("language-subtitle")).size(ctx.px(36.0)),
        // The choices sit low, where a hand reaches without stretching.
        space().height(if ctx.portrait {
            Length::Fill
        } else {
            Length::Fixed(40.0)
        }),
        choice(Language::Es, Look::Primary),
        choice(Language::En, Look::Secondary),
    ]
    .spacing(30)
    .into()
}

/// Spoken: the question, then each language named in itself.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    [Language::Es, Language::En].into_iter().fold(
        Spoken::new(ctx.t("language-title")).say(ctx.t("language-subtitle")),
        |spoken, language| {
            spoken.choice(
                format!("{language:?}"),
                ctx.tr.text(language, "language-name"),
                Some(Message::Choose(language)),
            )
        },
    )
}
