//! First issue: the recovery e-mail, typed on the on-screen keyboard.

use iced::widget::column;
use iced::Element;
use totem_flow::{Event, Field};

use crate::ui::ctx::Ctx;
use crate::ui::keyboard::{self, Keyboard, Layout};
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::widgets::{action, form_with_keyboard, hint, rule, title, typed_field, Look};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Keyboard(keyboard::Message),
    Continue,
}

pub fn update(message: Message, keys: &mut Keyboard) -> Option<Event> {
    match message {
        Message::Keyboard(m) => keys.update(m).map(Event::Key),
        Message::Continue => Some(Event::Submit),
    }
}

pub fn view<'a>(ctx: &Ctx<'_>, state: Keyboard) -> Element<'a, Message> {
    let s = ctx.session;
    let field = typed_field(
        ctx,
        ctx.t("email-title"),
        s.email().to_string(),
        s.focus() == Field::Email,
        None,
        false,
    );
    let ok = s.email_ok();
    let top = column![
        title(ctx, ctx.t("email-title")),
        hint(ctx, ctx.t("email-hint")),
        field,
        rule(ctx, ok, ctx.t("email-example")),
        ring(
            ctx.focused("continue"),
            action(
                ctx,
                "→",
                ctx.t("continue"),
                ok.then_some(Message::Continue),
                Look::Primary
            )
        ),
    ]
    .spacing(24);
    let keys = keyboard::view(ctx, Layout::Email, state).map(Message::Keyboard);
    form_with_keyboard(ctx.portrait, top, keys)
}

/// Spoken: what to type and the example; then Continuar (when the address
/// holds) and the keyboard's keys.
pub fn describe(ctx: &Ctx<'_>, state: Keyboard) -> Spoken<Message> {
    let s = ctx.session;
    let mut spoken = Spoken::new(ctx.t("email-title"))
        .say(ctx.t("email-hint"))
        .say(ctx.t("email-example"));
    if !s.email().is_empty() {
        spoken = spoken.personal(s.email());
    }
    spoken
        .choice(
            "continue",
            ctx.t("continue"),
            s.email_ok().then_some(Message::Continue),
        )
        .choices(
            keyboard::choices(ctx, Layout::Email, state),
            Message::Keyboard,
        )
        .typing(Field::Email)
}
