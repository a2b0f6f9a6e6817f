//! Check a certificate: its folio on the numeric keypad, its verification
//! code on a keyboard of digits and capitals, then what the registry says.
//!
//! For the spoken description (three screens):
//! - folio: heading `check-folio-title`, instruction `check-folio-hint`,
//!   options in keypad order: the keys `1`–`9`, `K` (ignored), `0`, delete,
//!   then `continue`;
//! - code: heading `check-code-title`, instruction `check-code-hint`,
//!   options: the keyboard's digits and letters row by row, delete, then
//!   `continue`;
//! - answer: heading `check-genuine-title` (then `check-field-document`,
//!   `check-field-folio`, `check-field-issued`, `check-field-subject` with
//!   their values and `check-delivered` or `check-pending`) or
//!   `check-not-valid-title` with `check-not-valid-body`; options:
//!   `check-another`, `finish`.

use iced::widget::{column, container, row, space, text};
use iced::{Element, Length};
use totem_flow::{CheckOutcome, Event, Screen};

use crate::ui::ctx::Ctx;
use crate::ui::keyboard::{self, Keyboard, Layout};
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{action, body, hint, icon, title, Look};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keys(keyboard::Message),
    Continue,
    Another,
    Finish,
}

pub fn update(message: Message, keys: &mut Keyboard) -> Option<Event> {
    Some(match message {
        Message::Keys(m) => return keys.update(m).map(Event::Key),
        Message::Continue => Event::Submit,
        Message::Another => Event::AnotherCertificate,
        Message::Finish => Event::Finish,
    })
}

/// What was typed, as a field with a cursor.
fn shown<'a>(typed: String) -> Element<'a, Message> {
    container(
        text(format!("{typed}_"))
            .font(theme::BOLD)
            .size(theme::HUGE)
            .color(theme::INK),
    )
    .padding([10, 30])
    .width(Length::Fill)
    .style(theme::field(true))
    .into()
}

/// A typing step: heading, hint, the field, its keys and "Continuar".
fn typing<'a>(
    ctx: &Ctx<'_>,
    heading: &str,
    help: &str,
    typed: String,
    ready: bool,
    keys: Element<'a, Message>,
) -> Element<'a, Message> {
    let next = ring(
        ctx.focused("continue"),
        action(
            ctx,
            "→",
            ctx.t("continue"),
            ready.then_some(Message::Continue),
            Look::Primary,
        ),
    );
    let keys = container(keys).center_x(Length::Fill);
    if ctx.portrait {
        column![
            title(ctx, ctx.t(heading)),
            hint(ctx, ctx.t(help)),
            shown(typed),
            keys,
            next
        ]
        .spacing(24)
        .into()
    } else {
        row![
            column![
                title(ctx, ctx.t(heading)),
                hint(ctx, ctx.t(help)),
                shown(typed),
                next
            ]
            .spacing(24)
            .width(Length::Fill),
            keys,
        ]
        .spacing(48)
        .into()
    }
}

pub fn view<'a>(ctx: &Ctx<'_>, state: Keyboard) -> Element<'a, Message> {
    let s = ctx.session;
    match s.screen() {
        Screen::FolioEntry => typing(
            ctx,
            "check-folio-title",
            "check-folio-hint",
            s.folio_typed().to_string(),
            s.folio_complete(),
            keyboard::run_keypad(ctx).map(Message::Keys),
        ),
        Screen::VerificationEntry => typing(
            ctx,
            "check-code-title",
            "check-code-hint",
            s.verification_typed(),
            s.verification_complete(),
            keyboard::view(ctx, Layout::Verification, state).map(Message::Keys),
        ),
        Screen::CertificateChecked => answer(ctx, s.checked()),
        _ => column![].into(),
    }
}

fn answer<'a>(ctx: &Ctx<'_>, checked: Option<&CheckOutcome>) -> Element<'a, Message> {
    let (glyph, heading, details): (&str, String, Element<'a, Message>) = match checked {
        Some(CheckOutcome::Genuine(c)) => {
            let line = |label: &str, value: String| {
                column![
                    hint(ctx, ctx.t(label)),
                    text(value).font(theme::BOLD).size(40).color(theme::INK)
                ]
                .spacing(4)
            };
            let issued = format!(
                "{:02}/{:02}/{:04}",
                c.issued_on.day, c.issued_on.month, c.issued_on.year
            );
            let delivery = if c.delivered {
                "check-delivered"
            } else {
                "check-pending"
            };
            (
                "✔",
                ctx.t("check-genuine-title"),
                column![
                    line("check-field-document", c.title.clone()),
                    line("check-field-folio", c.folio.clone()),
                    line("check-field-issued", issued),
                    line("check-field-subject", c.subject_masked.expose().to_string()),
                    body(ctx, ctx.t(delivery)),
                ]
                .spacing(24)
                .into(),
            )
        }
        _ => (
            "⚠",
            ctx.t("check-not-valid-title"),
            body(ctx, ctx.t("check-not-valid-body")).into(),
        ),
    };
    column![
        container(icon(glyph, 140.0).color(theme::ACCENT)).center_x(Length::Fill),
        title(ctx, heading),
        container(details)
            .padding(36)
            .width(Length::Fill)
            .style(theme::panel),
        space().height(Length::Fill),
        row![
            ring(
                ctx.focused("check-another"),
                action(
                    ctx,
                    "↻",
                    ctx.t("check-another"),
                    Some(Message::Another),
                    Look::Secondary
                )
            ),
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
        .spacing(24),
    ]
    .spacing(30)
    .into()
}

/// Spoken: the folio or the code to type (each key echoed), then what the
/// registry said of the certificate, field by field.
pub fn describe(ctx: &Ctx<'_>, state: Keyboard) -> Spoken<Message> {
    let s = ctx.session;
    match s.screen() {
        Screen::FolioEntry => Spoken::new(ctx.t("check-folio-title"))
            .say(ctx.t("check-folio-hint"))
            .say(s.folio_typed().to_string())
            .choice(
                "continue",
                ctx.t("continue"),
                s.folio_complete().then_some(Message::Continue),
            )
            .typing(totem_flow::Field::Folio),
        Screen::VerificationEntry => Spoken::new(ctx.t("check-code-title"))
            .say(ctx.t("check-code-hint"))
            .choice(
                "continue",
                ctx.t("continue"),
                s.verification_complete().then_some(Message::Continue),
            )
            .choices(
                keyboard::choices(ctx, Layout::Verification, state),
                Message::Keys,
            )
            .typing(totem_flow::Field::Verification),
        _ => {
            let spoken = match s.checked() {
                Some(CheckOutcome::Genuine(c)) => Spoken::new(ctx.t("check-genuine-title"))
                    .say(format!("{} {}", ctx.t("check-field-document"), c.title))
                    .say(format!("{} {}", ctx.t("check-field-folio"), c.folio))
                    .say(format!(
                        "{} {:02}/{:02}/{:04}",
                        ctx.t("check-field-issued"),
                        c.issued_on.day,
                        c.issued_on.month,
                        c.issued_on.year
                    ))
                    .say(ctx.t("check-field-subject"))
                    .personal(c.subject_masked.expose())
                    .say(ctx.t(if c.delivered {
                        "check-delivered"
                    } else {
                        "check-pending"
                    })),
                _ => Spoken::new(ctx.t("check-not-valid-title")).say(ctx.t("check-not-valid-body")),
            };
            spoken
                .choice(
                    "check-another",
                    ctx.t("check-another"),
                    Some(Message::Another),
                )
                .choice("finish", ctx.t("finish"), Some(Message::Finish))
        }
    }
}
