//! Waiting for the registry: what is happening, in words.

use iced::widget::{column, container};
use iced::{Element, Length};
use totem_flow::Job;

use crate::ui::ctx::Ctx;
use crate::ui::theme;
use crate::ui::widgets::{hint, icon, title};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {}

pub fn view<'a>(ctx: &Ctx<'_>, job: Job) -> Element<'a, Message> {
    let id = match job {
        Job::VerifyingCard => "working-card",
        Job::VerifyingFinger => "working-finger",
        Job::IssuingKey => "working-key",
        Job::Activating => "working-activating",
        Job::IssuingCertificate => "working-certificate",
        Job::CheckingCertificate => "working-check",
    };
    container(
        column![
            icon("↻", 160.0).color(theme::ACCENT),
            title(ctx.t(id)),
            hint(ctx.t("working-hint"))
        ]
        .spacing(36)
        .align_x(iced::Alignment::Center),
    )
    .center(Length::Fill)
    .into()
}
