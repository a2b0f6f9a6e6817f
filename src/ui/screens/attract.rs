//! The attract screen: what the kiosk does, in large type; any touch starts.

use iced::widget::{button, column, container, row, space, stack, text};
use iced::{Alignment, Element, Length};
use totem_flow::{Aid, Event};

use crate::ui::ctx::Ctx;
use crate::ui::reach::scrolling;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{aid_controls, control, icon};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Touched,
    /// A+, contrast or seated, chosen before the session starts.
    Aid(Aid),
}

pub fn update(message: Message) -> Event {
    match message {
        Message::Touched => Event::Touch,
        Message::Aid(aid) => Event::Aid(aid),
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
    // One hint at a time stands out, in turn: movement that draws the eye
    // from across a hall without being busy.
    let current = ctx.hint % hints.len();
    let list =
        hints
            .iter()
            .zip(glyphs)
            .enumerate()
            .fold(column![].spacing(20), |c, (i, (id, glyph))| {
                let on = i == current;
                let line = row![
                    container(icon(glyph, 72.0).style(theme::accent_text)).center_x(110),
                    text(ctx.t(id))
                        .size(ctx.px(44.0))
                        .font(if on { theme::BOLD } else { theme::REGULAR })
                        .style(theme::ink_text)
                        .width(Length::Fill),
                ]
                .spacing(24)
                .align_y(Alignment::Center);
                c.push(
                    container(line)
                        .padding([24, 24])
                        .width(Length::Fill)
                        .style(if on {
                            theme::panel
                        } else {
                            |_t: &iced::Theme| container::Style::default()
                        }),
                )
            });
    let touch = container(
        row![
            icon("☝", 64.0),
            text(ctx.t("attract-touch"))
                .font(theme::BOLD)
                .size(ctx.px(46.0))
        ]
        .spacing(28)
        .align_y(Alignment::Center),
    )
    .padding([44, 32])
    .center_x(Length::Fill)
    .style(|t| container::Style {
        border: iced::Border {
            radius: 28.0.into(),
            ..Default::default()
        },
        ..theme::band(t)
    });
    let content = column![
        text(ctx.t("attract-title"))
            .font(theme::BOLD)
            .size(ctx.px(112.0))
            .style(theme::accent_text),
        text(ctx.t("attract-subtitle"))
            .size(ctx.px(56.0))
            .style(theme::ink_text),
        space().height(if ctx.portrait {
            Length::Fill
        } else {
            Length::Fixed(30.0)
        }),
        list,
        space().height(Length::Fill),
        touch,
    ]
    .spacing(8)
    .padding(if ctx.portrait { 80 } else { 56 })
    .max_width(1400);
    let touch_anywhere = button(scrolling(
        ctx,
        container(content)
            .center_x(Length::Fill)
            .height(Length::Fill)
            .into(),
    ))
    .on_press(Message::Touched)
    .width(Length::Fill)
    .height(Length::Fill)
    .padding(0)
    .style(theme::bare);
    let aids = container(aid_controls(ctx, Message::Aid, false))
        .align_right(Length::Fill)
        .padding([16, 24]);
    if ctx.portrait {
        // The aids along the bottom, apart from the touch that starts:
        // "Sentado" must be within a seated citizen's reach before the
        // seated layout is on (EN 301 549 8.3.2).
        column![control(touch_anywhere), aids].into()
    } else {
        // Landscape has no height to spare: the aids stand in the top
        // right corner, beside the title, over the touch that starts.
        stack![control(touch_anywhere), aids].into()
    }
}

/// Spoken: the kiosk's name, what it does, and how to begin.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    Spoken::new(ctx.t("attract-title"))
        .say(ctx.t("attract-subtitle"))
        .choice(
            "attract-touch",
            ctx.t("attract-touch"),
            Some(Message::Touched),
        )
}
