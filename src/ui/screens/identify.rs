//! Identify: the card on the reader, then the index finger, with the live
//! state of the fingerprint reader. Nothing to touch here but Back/Cancel:
//! the devices drive these steps.

use iced::widget::{column, container, row, space, text};
use iced::{Alignment, Element, Length};
use totem_flow::{FingerState, Screen};

use crate::ui::widgets::{hint, icon, title};
use crate::ui::{theme, Ctx};

/// These steps have nothing to touch but the frame's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {}

/// Where the device is: a picture made of a big symbol and an arrow to the
/// reader's side of the kiosk.
fn where_to<'a>(glyph: &'a str, arrow: &'a str) -> Element<'a, Message> {
    container(
        row![
            icon(glyph, 180.0).color(theme::ACCENT),
            icon(arrow, 120.0).color(theme::INK)
        ]
        .spacing(40)
        .align_y(Alignment::Center),
    )
    .padding(40)
    .center_x(Length::Fill)
    .style(theme::panel)
    .into()
}

pub fn view<'a>(ctx: &Ctx<'_>) -> Element<'a, Message> {
    match ctx.session.screen() {
        Screen::PlaceFinger(state) => {
            let state_id = match state {
                FingerState::Waiting => "finger-waiting",
                FingerState::Reading => "finger-reading",
                FingerState::LiftAndPlaceAgain => "finger-lift",
                FingerState::PressFirmer => "finger-firmer",
            };
            let live = container(text(ctx.t(state_id)).font(theme::BOLD).size(40).color(
                if state == FingerState::Reading {
                    theme::ACCENT
                } else {
                    theme::INK
                },
            ))
            .padding(24)
            .center_x(Length::Fill);
            column![
                title(ctx.t("finger-title")),
                hint(ctx.t("finger-hint")),
                space().height(20),
                where_to("☝", "↙"),
                live,
            ]
            .spacing(28)
            .into()
        }
        _ => column![
            title(ctx.t("card-title")),
            hint(ctx.t("card-hint")),
            space().height(20),
            where_to("▭", "↘")
        ]
        .spacing(28)
        .into(),
    }
}
