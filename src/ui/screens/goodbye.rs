//! The farewell: "Retire su cédula", then the attract screen by itself.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};
use totem_flow::Event;

use crate::ui::ctx::Ctx;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{card_picture, control, hint, icon};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Touched,
}

pub fn update(message: Message) -> Event {
    match message {
        Message::Touched => Event::Touch,
    }
}

pub fn view<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    let (picture, line): (Element<'a, Message>, _) = if ctx.session.card_presented() {
        (
            row![card_picture(1.1), icon("↑", 160.0).style(theme::ink_text)]
                .spacing(30)
                .align_y(Alignment::Center)
                .into(),
            ctx.t("goodbye-card"),
        )
    } else {
        (
            icon("✔", 220.0).style(theme::accent_text).into(),
            ctx.t("goodbye-thanks"),
        )
    };
    let content = column![
        picture,
        text(line)
            .font(theme::BOLD)
            .size(ctx.px(72.0))
            .style(theme::ink_text),
        hint(ctx, ctx.t("goodbye-hint")).size(ctx.px(34.0)),
    ]
    .spacing(48)
    .align_x(Alignment::Center);
    control(
        button(container(content).center(Length::Fill))
            .on_press(Message::Touched)
            .width(Length::Fill)
            .height(Length::Fill)
            .style(theme::bare),
    )
}

/// Spoken: take the card (if one was read), and thanks.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    let line = if ctx.session.card_presented() {
        ctx.t("goodbye-card")
    } else {
        ctx.t("goodbye-thanks")
    };
    Spoken::new(line).say(ctx.t("goodbye-hint"))
}
