//! "Su ClaveÚnica está activa" and what it opens.

use iced::widget::{column, container, space};
use iced::{Alignment, Element, Length};
use totem_flow::Event;

use crate::ui::ctx::Ctx;
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{action, body, hint, icon, title, Look};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Finish,
}

pub fn update(message: Message) -> Event {
    match message {
        Message::Finish => Event::Finish,
    }
}

pub fn view<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    column![
        container(icon("✔", 200.0).style(theme::accent_text)).center_x(Length::Fill),
        title(ctx, ctx.t("done-title"))
            .align_x(iced::alignment::Horizontal::Center)
            .width(Length::Fill),
        container(body(ctx, ctx.t("done-body")).size(ctx.px(36.0)))
            .padding(36)
            .width(Length::Fill)
            .style(theme::panel),
        hint(ctx, ctx.t("done-hint")),
        space().height(Length::Fill),
        ring(
            ctx.focused("finish"),
            action(
                ctx,
                "✔",
                ctx.t("finish"),
                Some(Message::Finish),
                Look::Primary
            )
        ),
    ]
    .spacing(36)
    .align_x(Alignment::Center)
    .into()
}

/// Spoken: the key is active, what it is for, and how to finish.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    Spoken::new(ctx.t("done-title"))
        .say(ctx.t("done-body"))
        .say(ctx.t("done-hint"))
        .choice("finish", ctx.t("finish"), Some(Message::Finish))
}
