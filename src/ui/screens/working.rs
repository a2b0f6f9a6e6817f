//! Waiting for the registry: what is happening, in words.

use iced::widget::{column, container};
use iced::{Element, Length};
use totem_flow::Job;

use crate::ui::ctx::Ctx;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{hint, icon, title};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {}

fn job_id(job: Job) -> &'static str {
    match job {
        Job::VerifyingCard => "working-card",
        Job::VerifyingFinger => "working-finger",
        Job::IssuingKey => "working-key",
        Job::Activating => "working-activating",
        Job::IssuingCertificate => "working-certificate",
        Job::CheckingCertificate => "working-check",
    }
}

pub fn view<'a>(ctx: &Ctx<'_>, job: Job) -> Element<'a, Message> {
    let id = job_id(job);
    container(
        column![
            icon("↻", 160.0).style(theme::accent_text),
            title(ctx, ctx.t(id)),
            hint(ctx, ctx.t("working-hint"))
        ]
        .spacing(36)
        .align_x(iced::Alignment::Center),
    )
    .center(Length::Fill)
    .into()
}

/// Spoken: what the kiosk is doing, and to wait.
pub fn describe(ctx: &Ctx<'_>, job: Job) -> Spoken<Message> {
    Spoken::new(ctx.t(job_id(job))).say(ctx.t("working-hint"))
}
