//! The attract screen: what the kiosk does, in large type; any touch starts.

use iced::widget::{button, column, container, row, space, text};
use iced::{Alignment, Element, Length};
use totem_flow::Event;

use crate::ui::widgets::{body, icon};
use crate::ui::{theme, Ctx};

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
    let hints = [
        "attract-hint-1",
        "attract-hint-2",
        "attract-hint-3",
        "attract-hint-4",
    ];
    let glyphs = ["✚", "↻", "✍", "☝"];
    let list = hints
        .iter()
        .zip(glyphs)
        .fold(column![].spacing(34), |c, (id, glyph)| {
            c.push(
                row![
                    container(icon(glyph, 56.0).color(theme::ACCENT)).width(90),
                    body(ctx.t(id)).size(38).width(Length::Fill),
                ]
                .spacing(20)
                .align_y(Alignment::Center),
            )
        });
    let touch = container(
        row![
            icon("☝", 60.0),
            text(ctx.t("attract-touch")).font(theme::BOLD).size(44)
        ]
        .spacing(24)
        .align_y(Alignment::Center),
    )
    .padding(40)
    .width(Length::Fill)
    .center_x(Length::Fill)
    .style(theme::band);
    let content = column![
        container(
            column![
                text(ctx.t("attract-title"))
                    .font(theme::BOLD)
                    .size(92)
                    .color(theme::ACCENT),
                text(ctx.t("attract-subtitle")).size(48).color(theme::INK),
            ]
            .spacing(8),
        )
        .padding([0, 8]),
        space().height(if ctx.portrait { 90 } else { 40 }),
        list,
        space().height(Length::Fill),
        touch,
    ]
    .padding(if ctx.portrait { 80 } else { 56 })
    .max_width(1200);
    button(
        container(content)
            .center_x(Length::Fill)
            .height(Length::Fill),
    )
    .on_press(Message::Touched)
    .width(Length::Fill)
    .height(Length::Fill)
    .padding(0)
    .style(|_t, _s| button::Style {
        background: None,
        text_color: theme::INK,
        ..button::Style::default()
    })
    .into()
}
