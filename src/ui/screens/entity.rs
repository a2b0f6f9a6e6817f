//! The entity's keypad: a certificate about a non-profit legal entity
//! (subject `entity`) asks for the entity's registration number or its
//! RUT, never a person's RUN. The verdict under the number is live.
//!
//! For the spoken description:
//! - heading: `entity-title`
//! - instruction: `entity-hint`
//! - options, in keypad order: the keys `1`–`9`, `K`, `0`, delete (as on
//!   the RUN keypad), then `continue`; the verdict read after each key is
//!   one of `entity-incomplete`, `entity-registration`, `entity-rut`,
//!   `entity-wrong`, `entity-person`.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};
use totem_flow::{EntityCheck, Event};

use crate::ui::ctx::Ctx;
use crate::ui::i18n::txt;
use crate::ui::keyboard::{self, Keyboard};
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{action, hint, icon, rule, title, Look};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keypad(keyboard::Message),
    Continue,
}

pub fn update(message: Message, keys: &mut Keyboard) -> Option<Event> {
    match message {
        Message::Keypad(m) => keys.update(m).map(Event::Key),
        Message::Continue => Some(Event::Submit),
    }
}

/// The sentence under the number for a verdict.
pub fn verdict_text(ctx: &Ctx<'_>, check: EntityCheck) -> String {
    match check {
        EntityCheck::Incomplete => ctx.t("entity-incomplete"),
        EntityCheck::Registration(number) => ctx.tr.with(
            ctx.language,
            "entity-registration",
            &[("number", txt(&number.to_string()))],
        ),
        EntityCheck::Rut => ctx.t("entity-rut"),
        EntityCheck::WrongCheckDigit => ctx.t("entity-wrong"),
        EntityCheck::PersonRun => ctx.t("entity-person"),
    }
}

pub fn view<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    let s = ctx.session;
    let check = s.entity_check();
    let shown = container(
        text(format!("{}_", s.entity_typed()))
            .font(theme::BOLD)
            .size(theme::HUGE)
            .color(theme::INK),
    )
    .padding([10, 30])
    .width(Length::Fill)
    .style(theme::field(true));
    let said = verdict_text(ctx, check);
    let verdict = match check {
        EntityCheck::Registration(_) | EntityCheck::Rut => rule(ctx, true, said),
        EntityCheck::Incomplete => rule(ctx, false, said),
        EntityCheck::WrongCheckDigit | EntityCheck::PersonRun => row![
            icon("✘", 40.0).color(theme::INK),
            text(said)
                .font(theme::BOLD)
                .size(theme::HINT)
                .color(theme::INK)
        ]
        .spacing(14)
        .align_y(Alignment::Center)
        .into(),
    };
    let next = ring(
        ctx.focused("continue"),
        action(
            ctx,
            "→",
            ctx.t("continue"),
            s.entity_number().is_some().then_some(Message::Continue),
            Look::Primary,
        ),
    );
    let keypad = container(keyboard::run_keypad(ctx).map(Message::Keypad)).center_x(Length::Fill);
    if ctx.portrait {
        column![
            title(ctx, ctx.t("entity-title")),
            hint(ctx, ctx.t("entity-hint")),
            shown,
            verdict,
            keypad,
            next
        ]
        .spacing(24)
        .into()
    } else {
        row![
            column![
                title(ctx, ctx.t("entity-title")),
                hint(ctx, ctx.t("entity-hint")),
                shown,
                verdict,
                next
            ]
            .spacing(24)
            .width(Length::Fill),
            keypad,
        ]
        .spacing(48)
        .into()
    }
}

/// Spoken: what to type, what is typed so far and its verdict, then
/// Continuar; the keypad's digits type, `*` is the RUT's K, `#` erases.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    let s = ctx.session;
    let mut spoken = Spoken::new(ctx.t("entity-title")).say(ctx.t("entity-hint"));
    let typed = s.entity_typed();
    if !typed.is_empty() {
        spoken = spoken.say(typed.to_string());
    }
    spoken
        .say(verdict_text(ctx, s.entity_check()))
        .choice(
            "continue",
            ctx.t("continue"),
            s.entity_number().is_some().then_some(Message::Continue),
        )
        .typing(totem_flow::Field::Entity)
}
