//! "Crear su clave ahora": the new password twice, the rules ticked live,
//! show/hide.

use iced::widget::{column, container, row, space};
use iced::{Element, Length};
use totem_flow::{Event, Field};

use crate::ui::ctx::Ctx;
use crate::ui::keyboard::{self, Keyboard, Layout};
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::widgets::{action, rule, title, typed_field, Look};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Keyboard(keyboard::Message),
    Focus(Field),
    ToggleReveal,
    Continue,
}

pub fn update(message: Message, keys: &mut Keyboard) -> Option<Event> {
    match message {
        Message::Keyboard(m) => keys.update(m).map(Event::Key),
        Message::Focus(field) => Some(Event::Focus(field)),
        Message::ToggleReveal => Some(Event::ToggleReveal),
        Message::Continue => Some(Event::Submit),
    }
}

pub fn view<'a>(ctx: &Ctx<'_>, state: Keyboard) -> Element<'a, Message> {
    let s = ctx.session;
    let check = s.password_check();
    let focus = s.focus();
    let first = typed_field(
        ctx,
        ctx.t("password-first"),
        s.password_display(Field::Password),
        focus == Field::Password,
        Some(Message::Focus(Field::Password)),
        false,
    );
    let again = typed_field(
        ctx,
        ctx.t("password-again"),
        s.password_display(Field::PasswordAgain),
        focus == Field::PasswordAgain,
        Some(Message::Focus(Field::PasswordAgain)),
        false,
    );
    let rules = column![
        rule(ctx, check.long_enough, ctx.t("rule-length")),
        rule(ctx, check.has_upper, ctx.t("rule-upper")),
        rule(ctx, check.has_lower, ctx.t("rule-lower")),
        rule(ctx, check.has_digit, ctx.t("rule-digit")),
        rule(ctx, check.both_match, ctx.t("rule-match")),
    ]
    .spacing(6);
    let reveal = if s.revealed() {
        ctx.t("password-hide")
    } else {
        ctx.t("password-show")
    };
    let next = if check.all() {
        Some(Message::Continue)
    } else if check.policy_holds() && focus == Field::Password {
        Some(Message::Focus(Field::PasswordAgain))
    } else {
        None
    };
    let label = if check.all() {
        ctx.t("password-activate")
    } else {
        ctx.t("continue")
    };
    let buttons = row![
        action(
            ctx,
            if s.revealed() { "○" } else { "●" },
            reveal,
            Some(Message::ToggleReveal),
            Look::Secondary
        ),
        ring(
            ctx.focused("next"),
            action(ctx, "→", label, next, Look::Primary)
        ),
    ]
    .spacing(20);
    let keys = keyboard::view(ctx, Layout::Password, state).map(Message::Keyboard);
    if ctx.portrait {
        column![
            title(ctx, ctx.t("password-title")),
            row![
                column![first, again]
                    .spacing(14)
                    .width(Length::FillPortion(3)),
                rules.width(Length::FillPortion(2))
            ]
            .spacing(24),
            buttons,
            space().height(Length::Fill),
            keys,
        ]
        .spacing(20)
        .into()
    } else {
        row![
            column![
                title(ctx, ctx.t("password-title")).size(ctx.px(56.0)),
                first,
                again,
                rules,
                buttons
            ]
            .spacing(14)
            .width(Length::FillPortion(2)),
            container(keys).width(Length::FillPortion(3)),
        ]
        .spacing(40)
        .into()
    }
}

/// Spoken: which field is being typed, how many characters it holds
/// (never which), the rules still missing, then the buttons and keys.
pub fn describe(ctx: &Ctx<'_>, state: Keyboard) -> Spoken<Message> {
    let s = ctx.session;
    let check = s.password_check();
    let focus = s.focus();
    let field = if focus == Field::PasswordAgain {
        "password-again"
    } else {
        "password-first"
    };
    let mut spoken = Spoken::new(ctx.t("password-title")).say(ctx.t(field));
    for (holds, rule) in [
        (check.long_enough, "rule-length"),
        (check.has_upper, "rule-upper"),
        (check.has_lower, "rule-lower"),
        (check.has_digit, "rule-digit"),
        (check.both_match, "rule-match"),
    ] {
        if !holds {
            spoken = spoken.say(ctx.t(rule));
        }
    }
    let (label, next) = if check.all() {
        (ctx.t("password-activate"), Some(Message::Continue))
    } else if check.policy_holds() && focus == Field::Password {
        (
            ctx.t("continue"),
            Some(Message::Focus(Field::PasswordAgain)),
        )
    } else {
        (ctx.t("continue"), None)
    };
    let other = if focus == Field::PasswordAgain {
        (ctx.t("password-first"), Message::Focus(Field::Password))
    } else {
        (
            ctx.t("password-again"),
            Message::Focus(Field::PasswordAgain),
        )
    };
    spoken
        .choice("next", label, next)
        .choice("other-field", other.0, Some(other.1))
        .choices(
            keyboard::choices(ctx, Layout::Password, state),
            Message::Keyboard,
        )
        .typing(focus)
}
