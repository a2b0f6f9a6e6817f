//! A flow stopped by a rule: what happened, what to do, and (where it
//! helps) a way on, such as asking for a new activation code.

use iced::widget::container;
use iced::{Element, Length};
use totem_flow::{Event, Stop};

use crate::ui::ctx::Ctx;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{body, problem_page};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    RecoverInstead,
    Finish,
}

pub fn update(message: Message) -> Event {
    match message {
        Message::RecoverInstead => Event::RecoverInstead,
        Message::Finish => Event::Finish,
    }
}

pub fn reason_id(stop: Stop) -> &'static str {
    match stop {
        Stop::CardBlocked => "stop-card-blocked",
        Stop::CardExpired => "stop-card-expired",
        Stop::CardUnknown => "stop-card-unknown",
        Stop::TooYoung => "stop-too-young",
        Stop::FingerTriesExhausted => "stop-finger",
        Stop::AlreadyHasKey => "stop-already",
        Stop::NoKeyYet => "stop-no-key",
        Stop::CodeBlocked => "stop-code-blocked",
        Stop::CodeUsed => "stop-code-used",
        Stop::ServiceFailed => "stop-service",
        Stop::PrintGaveUp => "stop-print",
    }
}

pub fn view<'a>(ctx: &Ctx<'_>, stop: Stop) -> Element<'a, Message> {
    let details = container(body(ctx, ctx.t(reason_id(stop))).size(ctx.px(38.0)))
        .padding(36)
        .width(Length::Fill)
        .style(theme::panel);
    let way_on = stop.offers_recovery().then(|| {
        (
            "↻",
            "recover-instead",
            ctx.t("recover-instead"),
            Message::RecoverInstead,
        )
    });
    problem_page(
        ctx,
        ctx.t("stopped-title"),
        details.into(),
        way_on,
        Message::Finish,
    )
}

/// Spoken: why the session cannot go on (EN 301 549 5.1.3.15), and the
/// ways on.
pub fn describe(ctx: &Ctx<'_>, stop: Stop) -> Spoken<Message> {
    let mut spoken = Spoken::new(ctx.t("stopped-title")).say(ctx.t(reason_id(stop)));
    if stop.offers_recovery() {
        spoken = spoken.choice(
            "recover-instead",
            ctx.t("recover-instead"),
            Some(Message::RecoverInstead),
        );
    }
    spoken.choice("finish", ctx.t("finish"), Some(Message::Finish))
}
