//! Identify: the card on the reader, then the finger the registry matches
//! (named when its card check says which: `finger-title-named` with a
//! `finger-name-*`; else `finger-title`), with the live state of the
//! fingerprint reader. Nothing to touch here but Back/Cancel: the devices
//! drive these steps.

use iced::widget::{column, container, row, space, text};
use iced::{Alignment, Element, Length};
use totem_flow::{Finger, FingerState, Screen};

use crate::ui::ctx::Ctx;
use crate::ui::i18n::txt;
use crate::ui::spoken::Spoken;
use crate::ui::theme;
use crate::ui::widgets::{card_picture, hint, icon, title};

/// These steps have nothing to touch but the frame's buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Message {}

/// Where the device is: a picture made of a big symbol and an arrow to the
/// reader's side of the kiosk.
fn where_to<'a>(picture: Element<'a, Message>, arrow: &'a str) -> Element<'a, Message> {
    container(
        row![picture, icon(arrow, 140.0).style(theme::ink_text)]
            .spacing(40)
            .align_y(Alignment::Center),
    )
    .padding(56)
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
            let live = container(
                text(ctx.t(state_id))
                    .font(theme::BOLD)
                    .size(ctx.px(40.0))
                    .style(if state == FingerState::Reading {
                        theme::accent_text
                    } else {
                        theme::ink_text
                    }),
            )
            .padding(24)
            .center_x(Length::Fill);
            let words = column![
                title(ctx, finger_heading(ctx)),
                hint(ctx, ctx.t("finger-hint"))
            ]
            .spacing(28);
            // The live state sits right under the picture of the reader.
            let picture = column![
                where_to(icon("☝", 240.0).style(theme::accent_text).into(), "↙"),
                live
            ]
            .spacing(20)
            .into();
            beside(ctx, words, picture)
        }
        _ => {
            let words = column![
                title(ctx, ctx.t("card-title")),
                hint(ctx, ctx.t("card-hint"))
            ]
            .spacing(28);
            beside(ctx, words, where_to(card_picture(1.0), "↘"))
        }
    }
}

/// The Fluent id of a finger's name.
/// The finger screen's title: the finger the registry matches, once named.
fn finger_heading(ctx: &Ctx<'_>) -> String {
    match ctx.session.finger_to_place() {
        Some(finger) => ctx.tr.with(
            ctx.language,
            "finger-title-named",
            &[("finger", txt(&ctx.t(finger_name_id(finger))))],
        ),
        None => ctx.t("finger-title"),
    }
}

pub fn finger_name_id(finger: Finger) -> &'static str {
    match finger {
        Finger::RightThumb => "finger-name-right-thumb",
        Finger::RightIndex => "finger-name-right-index",
        Finger::RightMiddle => "finger-name-right-middle",
        Finger::RightRing => "finger-name-right-ring",
        Finger::RightLittle => "finger-name-right-little",
        Finger::LeftThumb => "finger-name-left-thumb",
        Finger::LeftIndex => "finger-name-left-index",
        Finger::LeftMiddle => "finger-name-left-middle",
        Finger::LeftRing => "finger-name-left-ring",
        Finger::LeftLittle => "finger-name-left-little",
    }
}

/// Words above the picture in portrait, beside it in landscape.
fn beside<'a>(
    ctx: &Ctx<'_>,
    words: iced::widget::Column<'a, Message>,
    picture: Element<'a, Message>,
) -> Element<'a, Message> {
    if ctx.portrait {
        column![words, space().height(20), picture]
            .spacing(28)
            .into()
    } else {
        row![
            words.width(Length::Fill),
            container(picture).width(Length::Fill)
        ]
        .spacing(48)
        .align_y(Alignment::Center)
        .into()
    }
}

/// Spoken: where to put the card, or the finger and how the reading goes.
/// Nothing to choose: the devices move the session on.
pub fn describe(ctx: &Ctx<'_>) -> Spoken<Message> {
    match ctx.session.screen() {
        Screen::PlaceFinger(state) => Spoken::new(finger_heading(ctx))
            .say(ctx.t("finger-hint"))
            .say(ctx.t(match state {
                FingerState::Waiting => "finger-waiting",
                FingerState::Reading => "finger-reading",
                FingerState::LiftAndPlaceAgain => "finger-lift",
                FingerState::PressFirmer => "finger-firmer",
            })),
        _ => Spoken::new(ctx.t("card-title")).say(ctx.t("card-hint")),
    }
}
