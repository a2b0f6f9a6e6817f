//! Shared pieces of every screen: large buttons with an icon, the step
//! header, notices, the footer with "Volver" and "Cancelar", and the
//! inactivity warning.

use iced::alignment::{Horizontal, Vertical};
use iced::widget::{button, column, container, opaque, row, space, stack, text, Text};
use iced::{Alignment, Element, Length, Padding};
use totem_flow::Step;

use super::ctx::Ctx;
use super::no_cursor::ring;
use super::theme;

/// A symbol from the icon face.
pub fn icon<'a>(glyph: &'a str, size: f32) -> Text<'a> {
    text(glyph).font(theme::ICONS).size(size).line_height(1.0)
}

pub fn title<'a>(s: String) -> Text<'a> {
    text(s)
        .font(theme::BOLD)
        .size(theme::TITLE)
        .color(theme::INK)
}

pub fn body<'a>(s: String) -> Text<'a> {
    text(s).size(theme::BODY).color(theme::INK)
}

pub fn hint<'a>(s: String) -> Text<'a> {
    text(s).size(theme::HINT).color(theme::MUTED)
}

/// How a big button looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Look {
    Primary,
    Secondary,
}

/// A large button: icon, label, and an optional second line (a hint, or why
/// it is unavailable). `on_press: None` greys it out.
pub fn big_button<'a, M: Clone + 'a>(
    glyph: &'a str,
    label: String,
    detail: Option<String>,
    on_press: Option<M>,
    look: Look,
) -> Element<'a, M> {
    tile(glyph, label, detail, on_press, look, theme::TILE_HEIGHT)
}

/// A big button of a given height (the menu's are the largest).
pub fn tile<'a, M: Clone + 'a>(
    glyph: &'a str,
    label: String,
    detail: Option<String>,
    on_press: Option<M>,
    look: Look,
    height: f32,
) -> Element<'a, M> {
    let enabled = on_press.is_some();
    let mut words = column![text(label).font(theme::BOLD).size(theme::LABEL)].spacing(4);
    if let Some(detail) = detail {
        words = words.push(text(detail).size(theme::SMALLEST));
    }
    let content = row![
        container(icon(glyph, theme::ICON))
            .width(80)
            .align_x(Horizontal::Center),
        words.width(Length::Fill),
    ]
    .spacing(20)
    .align_y(Alignment::Center);
    let style = match (look, enabled) {
        (Look::Primary, true) => theme::primary,
        _ => theme::secondary,
    };
    button(
        container(content)
            .height(Length::Fill)
            .align_y(Vertical::Center),
    )
    .on_press_maybe(on_press)
    .padding(Padding::from([12, 28]))
    .width(Length::Fill)
    .height(Length::Fixed(height))
    .style(style)
    .into()
}

/// A shorter button for the footer and secondary actions (still ≥ 120 px).
pub fn action<'a, M: Clone + 'a>(
    glyph: &'a str,
    label: String,
    on_press: Option<M>,
    look: Look,
) -> Element<'a, M> {
    let style = match look {
        Look::Primary => theme::primary,
        Look::Secondary => theme::secondary,
    };
    button(
        container(
            row![
                icon(glyph, 44.0),
                text(label).font(theme::BOLD).size(theme::LABEL)
            ]
            .spacing(16)
            .align_y(Alignment::Center),
        )
        .center(Length::Fill),
    )
    .on_press_maybe(on_press)
    .width(Length::Fill)
    .height(Length::Fixed(theme::BUTTON_HEIGHT))
    .style(style)
    .into()
}

/// "Paso 2 de 4" with a bar per step, on the accent band.
pub fn step_header<'a, M: 'a>(ctx: &Ctx<'_>, step: Option<Step>) -> Element<'a, M> {
    let left: Element<'a, M> = match step {
        Some(step) => {
            let label = ctx.tr.with(
                ctx.language,
                "step",
                &[
                    ("index", super::i18n::num(step.index)),
                    ("total", super::i18n::num(step.total)),
                ],
            );
            let bars =
                (1..=step.total).fold(row![].spacing(10), |r, i| {
                    let filled = i <= step.index;
                    r.push(container(space().width(56).height(14)).style(
                        move |_t: &iced::Theme| container::Style {
                            background: Some(iced::Background::Color(if filled {
                                theme::WHITE
                            } else {
                                iced::Color {
                                    a: 0.35,
                                    ..theme::WHITE
                                }
                            })),
                            border: iced::Border {
                                radius: 7.0.into(),
                                ..Default::default()
                            },
                            ..Default::default()
                        },
                    ))
                });
            row![
                text(label)
                    .font(theme::BOLD)
                    .size(theme::BODY)
                    .color(theme::WHITE),
                bars
            ]
            .spacing(28)
            .align_y(Alignment::Center)
            .into()
        }
        None => text(ctx.tr.text(ctx.language, "attract-title"))
            .font(theme::BOLD)
            .size(theme::BODY)
            .color(theme::WHITE)
            .into(),
    };
    container(left)
        .padding(Padding::from([26, 48]))
        .width(Length::Fill)
        .height(Length::Fixed(104.0))
        .align_y(Vertical::Center)
        .style(theme::band)
        .into()
}

/// A message about the current step (a wrong code, a missing device...).
pub fn notice<'a, M: 'a>(message: String) -> Element<'a, M> {
    container(
        row![
            icon("⚠", 44.0).color(theme::ACCENT),
            body(message).width(Length::Fill)
        ]
        .spacing(20)
        .align_y(Alignment::Center),
    )
    .padding(24)
    .width(Length::Fill)
    .style(theme::notice)
    .into()
}

/// "Volver" and "Cancelar" along the bottom edge, where a hand reaches.
pub fn footer<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    back: Option<M>,
    cancel: Option<M>,
) -> Element<'a, M> {
    let mut r = row![].spacing(24);
    if let Some(back) = back {
        r = r.push(ring(
            ctx.focused("back"),
            action("←", ctx.t("back"), Some(back), Look::Secondary),
        ));
    } else {
        r = r.push(space().width(Length::Fill));
    }
    if let Some(cancel) = cancel {
        r = r.push(ring(
            ctx.focused("cancel"),
            action("✕", ctx.t("cancel"), Some(cancel), Look::Secondary),
        ));
    }
    // Always the same height, so that nothing above moves when a button is not offered.
    container(r)
        .padding(Padding::from([24, 48]))
        .width(Length::Fill)
        .height(176)
        .into()
}

/// The inactivity warning over the current screen: a countdown and one big button.
pub fn warning_overlay<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    under: Element<'a, M>,
    seconds: u64,
    more_time: M,
) -> Element<'a, M> {
    let card = container(
        column![
            title(ctx.t("warning-title")),
            body(ctx.t("warning-body")).align_x(Horizontal::Center),
            text(ctx.tr.with(
                ctx.language,
                "warning-seconds",
                &[("seconds", super::i18n::num(seconds as f64))]
            ))
            .font(theme::BOLD)
            .size(theme::HUGE * 1.4)
            .color(theme::ACCENT),
            ring(
                ctx.focused("more-time"),
                action("↻", ctx.t("more-time"), Some(more_time), Look::Primary)
            ),
        ]
        .spacing(36)
        .align_x(Alignment::Center),
    )
    .padding(56)
    .max_width(860)
    .style(theme::dialog);
    stack![
        under,
        opaque(
            container(card)
                .center(Length::Fill)
                .padding(40)
                .style(theme::backdrop)
        )
    ]
    .into()
}

/// A framed line of typed text with its caption.
pub fn typed_field<'a, M: Clone + 'a>(
    caption: String,
    shown: String,
    focused: bool,
    on_press: Option<M>,
    big: bool,
) -> Element<'a, M> {
    let size = if big { theme::HUGE } else { 44.0 };
    // The cursor is part of the same text: a touch on a key never lands on a
    // lone typed character that looks like the key.
    let value = text(format!("{shown}{}", if focused { "_" } else { " " }))
        .size(size)
        .font(if big { theme::BOLD } else { theme::REGULAR })
        .color(theme::INK);
    let frame = container(value)
        .padding(Padding::from([14, 24]))
        .width(Length::Fill)
        .style(theme::field(focused));
    let inner = column![hint(caption), frame].spacing(8);
    match on_press {
        Some(message) => button(inner)
            .on_press(message)
            .padding(0)
            .style(|_t, _s| button::Style {
                background: None,
                ..button::Style::default()
            })
            .into(),
        None => inner.into(),
    }
}

/// A rule with its tick (✔ kept, ○ not yet), for the password rules and the RUN check.
pub fn rule<'a, M: 'a>(holds: bool, label: String) -> Element<'a, M> {
    let mark = if holds { "✔" } else { "○" };
    row![
        icon(mark, 36.0).color(if holds { theme::ACCENT } else { theme::MUTED }),
        text(label)
            .size(theme::HINT)
            .font(if holds { theme::BOLD } else { theme::REGULAR })
            .color(theme::INK),
    ]
    .spacing(14)
    .align_y(Alignment::Center)
    .into()
}

/// A drawing of an identity card with its QR code, to show what to hold up.
pub fn card_picture<'a, M: 'a>(scale: f32) -> Element<'a, M> {
    // A fixed pattern that reads as "a QR code" at a glance.
    const QR: [&str; 7] = [
        "1111101", "1000101", "1011101", "0000000", "1101011", "0110110", "1011101",
    ];
    let cell = 16.0 * scale;
    let square = |on: bool| {
        container(space().width(cell).height(cell)).style(move |_t: &iced::Theme| {
            container::Style {
                background: on.then_some(iced::Background::Color(theme::INK)),
                ..container::Style::default()
            }
        })
    };
    let qr = QR.iter().fold(column![], |c, line| {
        c.push(line.chars().fold(row![], |r, b| r.push(square(b == '1'))))
    });
    let bar = |w: f32| {
        container(space().width(w * scale).height(14.0 * scale)).style(|_t: &iced::Theme| {
            container::Style {
                background: Some(iced::Background::Color(theme::DISABLED_BG)),
                border: iced::Border {
                    radius: 7.0.into(),
                    ..Default::default()
                },
                ..container::Style::default()
            }
        })
    };
    let photo = container(icon("☺", 96.0 * scale).color(theme::MUTED))
        .center_x(110.0 * scale)
        .center_y(140.0 * scale)
        .style(theme::panel);
    let card = container(
        row![
            photo,
            column![bar(150.0), bar(120.0), bar(140.0), bar(90.0)].spacing(16.0 * scale),
            qr
        ]
        .spacing(28.0 * scale)
        .align_y(Alignment::Center),
    )
    .padding(30.0 * scale)
    .style(|_t: &iced::Theme| container::Style {
        background: Some(iced::Background::Color(theme::WHITE)),
        border: iced::Border {
            color: theme::ACCENT,
            width: 5.0,
            radius: 22.0.into(),
        },
        ..container::Style::default()
    });
    card.into()
}

/// A form with the on-screen keyboard: the keyboard at the bottom in
/// portrait (within reach), beside the form in landscape.
pub fn form_with_keyboard<'a, M: 'a>(
    portrait: bool,
    form: iced::widget::Column<'a, M>,
    keys: Element<'a, M>,
) -> Element<'a, M> {
    if portrait {
        column![form, space().height(Length::Fill), keys]
            .spacing(24)
            .into()
    } else {
        row![
            form.width(Length::FillPortion(2)),
            container(keys).width(Length::FillPortion(3))
        ]
        .spacing(40)
        .into()
    }
}

/// A flow that cannot go on as planned: a warning sign, what happened, the
/// details in a panel, then (where there is one) a way on above "Finish".
pub fn problem_page<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    headline: String,
    details: Element<'a, M>,
    way_on: Option<(&'a str, &str, String, M)>,
    finish: M,
) -> Element<'a, M> {
    let mut page = column![
        container(icon("⚠", 160.0).color(theme::ACCENT)).center_x(Length::Fill),
        title(headline),
        details,
        space().height(Length::Fill),
    ]
    .spacing(34);
    if let Some((glyph, key, label, message)) = way_on {
        page = page.push(ring(
            ctx.focused(key),
            action(glyph, label, Some(message), Look::Primary),
        ));
    }
    page.push(ring(
        ctx.focused("finish"),
        action("✔", ctx.t("finish"), Some(finish), Look::Secondary),
    ))
    .into()
}
