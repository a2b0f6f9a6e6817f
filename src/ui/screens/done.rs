//! "Su ClaveÚnica está activa" and what it opens.

use iced::widget::{column, container, space};
use iced::{Alignment, Element, Length};
use totem_flow::Event;

use crate::ui::ctx::Ctx;
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
        container(icon("✔", 200.0).color(theme::ACCENT)).center_x(Length::Fill),
        title(ctx.t("done-title"))
            .align_x(iced::alignment::Horizontal::Center)
            .width(Length::Fill),
        container(body(ctx.t("done-body")).size(36))
            .padding(36)
            .width(Length::Fill)
            .style(theme::panel),
        hint(ctx.t("done-hint")),
        space().height(Length::Fill),
        action("✔", ctx.t("finish"), Some(Message::Finish), Look::Primary),
    ]
    .spacing(36)
    .align_x(Alignment::Center)
    .into()
}
