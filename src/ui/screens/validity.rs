//! The presented card's validity, when it cannot be used: expired (by its
//! own date or the registry's) or blocked by the registry. It says what the
//! card's state is and what to do next, instead of a bare refusal.
//!
//! For the spoken description:
//! - heading: `validity-title`
//! - instruction: `stop-card-expired` or `stop-card-blocked`, then
//!   `validity-expired-on` (expired, with the card's date) and
//!   `validity-next-title` followed by the steps `validity-expired-step-1`,
//!   `validity-expired-step-2`, `validity-expired-step-3` (expired) or
//!   `validity-blocked-step-1`, `validity-blocked-step-2`,
//!   `validity-blocked-step-3` (blocked)
//! - options, in keypad order: `finish`

use iced::widget::{column, container, text};
use iced::{Element, Length};
use totem_flow::{Date, Event, Stop};

use crate::ui::ctx::Ctx;
use crate::ui::i18n::txt;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{body, hint, problem_page};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Finish,
}

pub fn update(message: Message) -> Event {
    match message {
        Message::Finish => Event::Finish,
    }
}

/// Whether a stop is about the card's validity (this screen shows it).
pub fn shows(stop: Stop) -> bool {
    matches!(stop, Stop::CardExpired | Stop::CardBlocked)
}

/// `dd/mm/yyyy`, as dates are written in Chile.
fn date(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day, d.month, d.year)
}

/// The card's state and the three steps to take, as ids.
fn reason_and_steps(expired: bool) -> (&'static str, [&'static str; 3]) {
    if expired {
        (
            "stop-card-expired",
            [
                "validity-expired-step-1",
                "validity-expired-step-2",
                "validity-expired-step-3",
            ],
        )
    } else {
        (
            "stop-card-blocked",
            [
                "validity-blocked-step-1",
                "validity-blocked-step-2",
                "validity-blocked-step-3",
            ],
        )
    }
}

/// Spoken: the card's state, its expiry date, and what to do next.
pub fn describe(ctx: &Ctx<'_>, stop: Stop) -> Spoken<Message> {
    let expired = stop == Stop::CardExpired;
    let (reason, steps) = reason_and_steps(expired);
    let mut spoken = Spoken::new(ctx.t("validity-title")).say(ctx.t(reason));
    if let Some(expiry) = ctx.session.card_expiry().filter(|_| expired) {
        spoken = spoken.say(ctx.tr.with(
            ctx.language,
            "validity-expired-on",
            &[("date", txt(&date(expiry)))],
        ));
    }
    spoken = spoken.say(ctx.t("validity-next-title"));
    for (i, id) in steps.iter().enumerate() {
        spoken = spoken.say(format!("{}. {}", i + 1, ctx.t(id)));
    }
    spoken.choice("finish", ctx.t("finish"), Some(Message::Finish))
}

pub fn view<'a>(ctx: &Ctx<'_>, stop: Stop) -> Element<'a, Message> {
    let expired = stop == Stop::CardExpired;
    let (reason, steps) = reason_and_steps(expired);
    let mut state = column![text(ctx.t(reason))
        .font(theme::BOLD)
        .size(38)
        .color(theme::INK)]
    .spacing(12);
    // The card's own date; a blocked card's printed date says nothing.
    if let Some(expiry) = ctx.session.card_expiry().filter(|_| expired) {
        state = state.push(hint(
            ctx,
            ctx.tr.with(
                ctx.language,
                "validity-expired-on",
                &[("date", txt(&date(expiry)))],
            ),
        ));
    }
    let mut next = column![text(ctx.t("validity-next-title"))
        .font(theme::BOLD)
        .size(34)
        .color(theme::INK)]
    .spacing(14);
    for (i, id) in steps.iter().enumerate() {
        next = next.push(body(ctx, format!("{}. {}", i + 1, ctx.t(id))));
    }
    let details = container(column![state, next].spacing(30))
        .padding(36)
        .width(Length::Fill)
        .style(theme::panel);
    problem_page(
        ctx,
        ctx.t("validity-title"),
        details.into(),
        None,
        Message::Finish,
    )
}
