//! Shared pieces of every screen: large buttons with an icon, the step
//! header, notices, the footer with "Volver" and "Cancelar", and the
//! inactivity warning.

use iced::alignment::{Horizontal, Vertical};
use iced::widget::{button, column, container, opaque, row, space, stack, text, Text};
use iced::{Alignment, Element, Length, Padding};
use totem_flow::{Aid, Step};

use super::ctx::Ctx;
use super::no_cursor::ring;
use super::theme::{self, Scale};

/// A symbol from the icon face.
pub fn icon<'a>(glyph: &'a str, size: f32) -> Text<'a> {
    text(glyph).font(theme::ICONS).size(size).line_height(1.0)
}

pub fn title<'a>(scale: impl Into<Scale>, s: String) -> Text<'a> {
    let scale = scale.into();
    text(s)
        .font(theme::BOLD)
        .size(scale.px(theme::TITLE))
        .style(theme::ink_text)
}

pub fn body<'a>(scale: impl Into<Scale>, s: String) -> Text<'a> {
    let scale = scale.into();
    text(s).size(scale.px(theme::BODY)).style(theme::ink_text)
}

pub fn hint<'a>(scale: impl Into<Scale>, s: String) -> Text<'a> {
    let scale = scale.into();
    text(s).size(scale.px(theme::HINT)).style(theme::muted_text)
}

/// `content` in a box at least `height` tall, growing with it: a button
/// keeps its size at 100 % and grows with larger text instead of
/// clipping it.
pub fn at_least<'a, M: 'a>(height: f32, content: impl Into<Element<'a, M>>) -> Element<'a, M> {
    row![
        space().width(0).height(height),
        container(content).width(Length::Fill)
    ]
    .align_y(Alignment::Center)
    .into()
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
    scale: impl Into<Scale>,
    glyph: &'a str,
    label: String,
    detail: Option<String>,
    on_press: Option<M>,
    look: Look,
) -> Element<'a, M> {
    let scale = scale.into();
    tile(
        scale,
        glyph,
        label,
        detail,
        on_press,
        look,
        theme::TILE_HEIGHT,
    )
}

/// A big button of a given height (the menu's are the largest).
pub fn tile<'a, M: Clone + 'a>(
    scale: impl Into<Scale>,
    glyph: &'a str,
    label: String,
    detail: Option<String>,
    on_press: Option<M>,
    look: Look,
    height: f32,
) -> Element<'a, M> {
    let scale = scale.into();
    let enabled = on_press.is_some();
    let mut words = column![text(label).font(theme::BOLD).size(scale.px(theme::LABEL))].spacing(4);
    if let Some(detail) = detail {
        words = words.push(text(detail).size(scale.px(theme::SMALLEST)));
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
    let padding = Padding::from([12, 28]);
    let button = if scale.enlarged() {
        button(at_least(height - padding.y(), content)).height(Length::Shrink)
    } else {
        button(
            container(content)
                .height(Length::Fill)
                .align_y(Vertical::Center),
        )
        .height(Length::Fixed(height))
    };
    control(
        button
            .on_press_maybe(on_press)
            .padding(padding)
            .width(Length::Fill)
            .style(style),
    )
}

/// The id every interactive element of a citizen's screen carries (on a
/// container around it): the seated-layout test finds them all by it.
pub const CONTROL: &str = "control";

/// An interactive element, marked with [`CONTROL`]; the wrapper takes the
/// button's own size, so the layout is the same as without it.
pub fn control<'a, M: 'a>(element: impl Into<Element<'a, M>>) -> Element<'a, M> {
    let element = element.into();
    // The button's own lengths: a container would otherwise make a
    // `FillPortion(3)` key a plain `Fill` one.
    let size = element.as_widget().size_hint();
    container(element)
        .width(size.width)
        .height(size.height)
        .id(iced::widget::Id::new(CONTROL))
        .into()
}

/// A shorter button for the footer and secondary actions (still ≥ 120 px).
pub fn action<'a, M: Clone + 'a>(
    scale: impl Into<Scale>,
    glyph: &'a str,
    label: String,
    on_press: Option<M>,
    look: Look,
) -> Element<'a, M> {
    let scale = scale.into();
    let style = match look {
        Look::Primary => theme::primary,
        Look::Secondary => theme::secondary,
    };
    let words = row![
        icon(glyph, 44.0),
        text(label).font(theme::BOLD).size(scale.px(theme::LABEL))
    ]
    .spacing(16)
    .align_y(Alignment::Center);
    let button = if scale.enlarged() {
        button(at_least(
            theme::BUTTON_HEIGHT,
            container(words).center_x(Length::Fill),
        ))
        .padding(Padding::from([0, 16]))
    } else {
        button(container(words).center(Length::Fill)).height(Length::Fixed(theme::BUTTON_HEIGHT))
    };
    control(
        button
            .on_press_maybe(on_press)
            .width(Length::Fill)
            .style(style),
    )
}

/// "Paso 2 de 4" with a bar per step, on the accent band.
pub fn step_header<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    step: Option<Step>,
    on_aid: impl Fn(Aid) -> M,
) -> Element<'a, M> {
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
            let bars = (1..=step.total).fold(row![].spacing(10), |r, i| {
                let filled = i <= step.index;
                r.push(
                    container(space().width(56).height(14)).style(move |t: &iced::Theme| {
                        container::Style {
                            background: Some(iced::Background::Color(if filled {
                                theme::colours(t).on_accent
                            } else {
                                iced::Color {
                                    a: 0.35,
                                    ..theme::colours(t).on_accent
                                }
                            })),
                            border: iced::Border {
                                radius: 7.0.into(),
                                ..Default::default()
                            },
                            ..Default::default()
                        }
                    }),
                )
            });
            let label = text(label)
                .font(theme::BOLD)
                .size(ctx.px(theme::BODY))
                .style(theme::on_accent_text);
            if ctx.enlarged() {
                // The bars go under the words, so both fit beside the aids.
                column![label, bars].spacing(8).into()
            } else {
                row![label, bars]
                    .spacing(28)
                    .align_y(Alignment::Center)
                    .into()
            }
        }
        None => text(ctx.tr.text(ctx.language, "attract-title"))
            .font(theme::BOLD)
            .size(ctx.px(theme::BODY))
            .style(theme::on_accent_text)
            .into(),
    };
    let content = row![
        container(left).width(Length::Fill),
        aid_controls(ctx, on_aid, true)
    ]
    .spacing(16)
    .align_y(Alignment::Center);
    // 104 px at 100 %, as before the aids were there; taller only when the
    // enlarged words need it.
    container(at_least(HEADER_HEIGHT - 16.0, content))
        .padding(Padding {
            top: 8.0,
            right: 16.0,
            bottom: 8.0,
            left: 48.0,
        })
        .width(Length::Fill)
        .style(theme::band)
        .into()
}

/// The step header's height at 100 % text.
pub const HEADER_HEIGHT: f32 = 104.0;

/// The citizen's aids as three large controls: A+ (100 → 150 → 200 %),
/// high contrast, seated layout; an aid that is on is drawn filled. On the
/// accent band (`on_band`) or on the page (the attract screen). Their
/// labels keep one size, so that they stay where the citizen found them.
pub fn aid_controls<'a, M: Clone + 'a>(
    ctx: &Ctx<'_>,
    on_aid: impl Fn(Aid) -> M,
    on_band: bool,
) -> Element<'a, M> {
    let percent = super::i18n::num(f64::from(ctx.aids.text.next().percent()));
    let entries = [
        (
            "A+",
            ctx.tr
                .with(ctx.language, "aid-text", &[("percent", percent)]),
            ctx.enlarged(),
            Aid::NextTextSize,
        ),
        (
            "◐",
            ctx.t("aid-contrast"),
            ctx.aids.high_contrast,
            Aid::ToggleContrast,
        ),
        (
            "♿",
            ctx.t("aid-seated"),
            ctx.aids.seated,
            Aid::ToggleSeated,
        ),
    ];
    let controls = entries.into_iter().map(|(glyph, label, on, aid)| {
        let face = column![
            text(glyph).font(theme::ICONS).size(36).line_height(1.0),
            text(label).font(theme::BOLD).size(theme::AID_LABEL),
        ]
        .spacing(4)
        .align_x(Alignment::Center);
        control(
            button(container(face).center(Length::Fill))
                .on_press(on_aid(aid))
                .width(AID_WIDTH)
                .height(HEADER_HEIGHT - 16.0)
                .padding(0)
                .style(move |t: &iced::Theme, status| theme::aid(t, status, on, on_band)),
        )
    });
    row(controls).spacing(10).into()
}

/// Width of an aid control.
pub const AID_WIDTH: f32 = 160.0;

/// A message about the current step (a wrong code, a missing device...).
pub fn notice<'a, M: 'a>(scale: impl Into<Scale>, message: String) -> Element<'a, M> {
    let scale = scale.into();
    container(
        row![
            icon("⚠", 44.0).style(theme::accent_text),
            body(scale, message).width(Length::Fill)
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
            action(ctx, "←", ctx.t("back"), Some(back), Look::Secondary),
        ));
    } else {
        r = r.push(space().width(Length::Fill));
    }
    if let Some(cancel) = cancel {
        r = r.push(ring(
            ctx.focused("cancel"),
            action(ctx, "✕", ctx.t("cancel"), Some(cancel), Look::Secondary),
        ));
    }
    // Always the same height, so that nothing above moves when a button is not offered.
    let footer = container(r)
        .padding(Padding::from([24, 48]))
        .width(Length::Fill);
    if ctx.enlarged() {
        footer.into()
    } else {
        footer.height(176).into()
    }
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
            title(ctx, ctx.t("warning-title")),
            body(ctx, ctx.t("warning-body")).align_x(Horizontal::Center),
            text(ctx.tr.with(
                ctx.language,
                "warning-seconds",
                &[("seconds", super::i18n::num(seconds as f64))]
            ))
            .font(theme::BOLD)
            .size(ctx.px(theme::HUGE * 1.4))
            .style(theme::accent_text),
            ring(
                ctx.focused("more-time"),
                action(ctx, "↻", ctx.t("more-time"), Some(more_time), Look::Primary)
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
    scale: impl Into<Scale>,
    caption: String,
    shown: String,
    focused: bool,
    on_press: Option<M>,
    big: bool,
) -> Element<'a, M> {
    let scale = scale.into();
    // The big figures (the code) are large already: they grow to 125 % at
    // most, so that six spaced letters still fit the field.
    let size = if big {
        theme::HUGE * scale.0.min(1.25)
    } else {
        scale.px(44.0)
    };
    // The cursor is part of the same text: a touch on a key never lands on a
    // lone typed character that looks like the key.
    let value = text(format!("{shown}{}", if focused { "_" } else { " " }))
        .size(size)
        .font(if big { theme::BOLD } else { theme::REGULAR })
        .style(theme::ink_text);
    let frame = container(value)
        .padding(Padding::from([14, 24]))
        .width(Length::Fill)
        .style(theme::field(focused));
    let inner = column![hint(scale, caption), frame].spacing(8);
    match on_press {
        Some(message) => {
            control(
                button(inner)
                    .on_press(message)
                    .padding(0)
                    .style(|_t, _s| button::Style {
                        background: None,
                        ..button::Style::default()
                    }),
            )
        }
        None => inner.into(),
    }
}

/// A rule with its tick (✔ kept, ○ not yet), for the password rules and the RUN check.
pub fn rule<'a, M: 'a>(scale: impl Into<Scale>, holds: bool, label: String) -> Element<'a, M> {
    let scale = scale.into();
    let mark = if holds { "✔" } else { "○" };
    row![
        icon(mark, 36.0).style(if holds {
            theme::accent_text
        } else {
            theme::muted_text
        }),
        text(label)
            .size(scale.px(theme::HINT))
            .font(if holds { theme::BOLD } else { theme::REGULAR })
            .style(theme::ink_text),
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
        container(space().width(cell).height(cell)).style(move |t: &iced::Theme| container::Style {
            background: on.then_some(iced::Background::Color(theme::colours(t).ink)),
            ..container::Style::default()
        })
    };
    let qr = QR.iter().fold(column![], |c, line| {
        c.push(line.chars().fold(row![], |r, b| r.push(square(b == '1'))))
    });
    let bar = |w: f32| {
        container(space().width(w * scale).height(14.0 * scale)).style(|t: &iced::Theme| {
            container::Style {
                background: Some(iced::Background::Color(theme::colours(t).disabled_bg)),
                border: iced::Border {
                    radius: 7.0.into(),
                    ..Default::default()
                },
                ..container::Style::default()
            }
        })
    };
    let photo = container(icon("☺", 96.0 * scale).style(theme::muted_text))
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
    .style(|t: &iced::Theme| container::Style {
        background: Some(iced::Background::Color(theme::colours(t).page)),
        border: iced::Border {
            color: theme::colours(t).accent,
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
        container(icon("⚠", 160.0).style(theme::accent_text)).center_x(Length::Fill),
        title(ctx, headline),
        details,
        space().height(Length::Fill),
    ]
    .spacing(34);
    if let Some((glyph, key, label, message)) = way_on {
        page = page.push(ring(
            ctx.focused(key),
            action(ctx, glyph, label, Some(message), Look::Primary),
        ));
    }
    page.push(ring(
        ctx.focused("finish"),
        action(ctx, "✔", ctx.t("finish"), Some(finish), Look::Secondary),
    ))
    .into()
}
