//! The activation code: shown large (and printable on a slip), then typed.

use iced::widget::{column, container, row, space, text};
use iced::{Element, Length};
use totem_flow::{Event, Field, Screen};

use crate::ui::ctx::Ctx;
use crate::ui::keyboard::{self, Keyboard, Layout};
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{action, form_with_keyboard, hint, title, typed_field, Look};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Keyboard(keyboard::Message),
    PrintSlip,
    Continue,
}

pub fn update(message: Message, keys: &mut Keyboard) -> Option<Event> {
    match message {
        Message::Keyboard(m) => keys.update(m).map(Event::Key),
        Message::PrintSlip => Some(Event::PrintCodeSlip),
        Message::Continue => Some(Event::Submit),
    }
}

/// The code spaced out so each letter reads on its own.
fn spaced(code: &str) -> String {
    code.chars()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn view<'a>(ctx: &Ctx<'_>, state: Keyboard) -> Element<'a, Message> {
    let s = ctx.session;
    if s.screen() == Screen::ShowCode {
        let code = container(
            text(spaced(s.code_shown()))
                .font(theme::BOLD)
                .size(ctx.px(120.0))
                .style(theme::accent_text),
        )
        .padding(48)
        .center_x(Length::Fill)
        .style(theme::panel);
        let print = s.can_print_slip().then_some(Message::PrintSlip);
        return column![
            title(ctx, ctx.t("code-show-title")),
            hint(ctx, ctx.t("code-show-hint")),
            code,
            space().height(Length::Fill),
            row![
                ring(
                    ctx.focused("code-print"),
                    action(ctx, "✉", ctx.t("code-print"), print, Look::Secondary)
                ),
                ring(
                    ctx.focused("continue"),
                    action(
                        ctx,
                        "→",
                        ctx.t("continue"),
                        Some(Message::Continue),
                        Look::Primary
                    )
                ),
            ]
            .spacing(24),
        ]
        .spacing(32)
        .into();
    }
    let complete = s.code_complete();
    let field = typed_field(
        ctx,
        ctx.t("code-entry-hint"),
        spaced(s.code_typed()),
        s.focus() == Field::Code,
        None,
        true,
    );
    let top = column![
        title(ctx, ctx.t("code-entry-title")),
        field,
        ring(
            ctx.focused("continue"),
            action(
                ctx,
                "→",
                ctx.t("continue"),
                complete.then_some(Message::Continue),
                Look::Primary
            )
        ),
    ]
    .spacing(24);
    let keys = keyboard::view(ctx, Layout::Code, state).map(Message::Keyboard);
    form_with_keyboard(ctx.portrait, top, keys)
}

/// Spoken: the code shown, letter by letter (personal: headset only), or
/// the code being typed, with Continuar and the keys.
pub fn describe(ctx: &Ctx<'_>, state: Keyboard) -> Spoken<Message> {
    let s = ctx.session;
    if s.screen() == Screen::ShowCode {
        return Spoken::new(ctx.t("code-show-title"))
            .say(ctx.t("code-show-hint"))
            .personal(&spaced(s.code_shown()))
            .choice("continue", ctx.t("continue"), Some(Message::Continue))
            .choice(
                "code-print",
                ctx.t("code-print"),
                s.can_print_slip().then_some(Message::PrintSlip),
            );
    }
    Spoken::new(ctx.t("code-entry-title"))
        .say(ctx.t("code-entry-hint"))
        .choice(
            "continue",
            ctx.t("continue"),
            s.code_complete().then_some(Message::Continue),
        )
        .choices(
            keyboard::choices(ctx, Layout::Code, state),
            Message::Keyboard,
        )
        .typing(Field::Code)
}
