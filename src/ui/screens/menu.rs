//! The menu: first issue, recover, certificates, check a certificate;
//! unavailable ones greyed with the reason.

use iced::widget::{column, space};
use iced::{Element, Length};
use totem_flow::{Event, Function, Service};

use crate::ui::ctx::Ctx;
use crate::ui::no_cursor::ring;
use crate::ui::spoken::Spoken;
use crate::ui::widgets::{notice, tile, title, Look};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {
    Choose(Function),
}

pub fn update(message: Message) -> Event {
    match message {
        Message::Choose(function) => Event::Choose(function),
    }
}

/// The sentence that says why a service-dependent thing is unavailable.
pub fn missing_text(ctx: &Ctx<'_>, service: Service) -> String {
    ctx.t(match service {
        Service::Scanner => "missing-scanner",
        Service::Fingerprint => "missing-fingerprint",
        Service::Backend => "missing-backend",
        Service::Printer => "missing-printer",
    })
}

pub fn view<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    let entries = [
        (
            Function::FirstIssue,
            "✚",
            "menu-first-issue",
            "menu-first-issue-hint",
        ),
        (Function::Recover, "↻", "menu-recover", "menu-recover-hint"),
        (
            Function::Certificates,
            "✍",
            "menu-certificates",
            "menu-certificates-hint",
        ),
        (
            Function::CheckCertificate,
            "✔",
            "menu-check",
            "menu-check-hint",
        ),
    ];
    let mut c = column![title(ctx, ctx.t("menu-title"))].spacing(30);
    if ctx.session.unavailable(Function::Certificates) == Some(Service::Backend) {
        c = c.push(notice(ctx, ctx.t("menu-offline")));
    }
    // The choices sit low, where a hand reaches without stretching.
    c = c.push(space().height(if ctx.portrait {
        Length::Fill
    } else {
        Length::Fixed(10.0)
    }));
    for (function, glyph, label, detail) in entries {
        let (detail, on_press) = match ctx.session.unavailable(function) {
            Some(service) => (missing_text(ctx, service), None),
            None => (ctx.t(detail), Some(Message::Choose(function))),
        };
        c = c.push(ring(
            ctx.focused(label),
            tile(
                ctx,
                glyph,
                ctx.t(label),
                Some(detail),
                on_press,
                Look::Primary,
                // Four choices: landscape's height holds them at 124 px.
                if ctx.portrait { 200.0 } else { 124.0 },
            ),
        ));
    }
    c.into()
}

/// Spoken: the three functions, each with why it is unavailable if it is.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    let mut spoken = Spoken::new(ctx.t("menu-title"));
    if ctx.session.unavailable(Function::Certificates) == Some(Service::Backend) {
        spoken = spoken.say(ctx.t("menu-offline"));
    }
    for (function, label, detail) in [
        (
            Function::FirstIssue,
            "menu-first-issue",
            "menu-first-issue-hint",
        ),
        (Function::Recover, "menu-recover", "menu-recover-hint"),
        (
            Function::Certificates,
            "menu-certificates",
            "menu-certificates-hint",
        ),
        (Function::CheckCertificate, "menu-check", "menu-check-hint"),
    ] {
        let id = label;
        let (label, action) = match ctx.session.unavailable(function) {
            Some(service) => (
                format!("{}. {}", ctx.t(label), missing_text(ctx, service)),
                None,
            ),
            None => (
                format!("{}. {}", ctx.t(label), ctx.t(detail)),
                Some(Message::Choose(function)),
            ),
        };
        spoken = spoken.choice(id, label, action);
    }
    spoken
}
