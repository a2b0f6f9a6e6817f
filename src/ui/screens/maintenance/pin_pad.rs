//! The technician's PIN pad: digits, delete, OK, close; while the desk has
//! locked it after wrong PINs, when it opens again instead.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};
use totem_maintenance::chrono::{DateTime, Local, Utc};
use totem_maintenance::dashboard::Text;
use zeroize::Zeroize;

use super::words::RED;
use crate::ui::theme;
use crate::ui::theme::Scale;
use crate::ui::widgets::{action, body, title, Look};

/// The longest PIN the pad takes.
const MAX_PIN: usize = 12;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    Digit(char),
    Delete,
    Submit,
    /// Close the PIN pad without entering.
    Close,
}

/// What a touch on the pad asks of maintenance mode.
pub enum Request {
    /// Check the PIN typed (then [`PinPad::clear`] it).
    Enter,
    Close,
}

/// The digits typed so far (wiped when cleared).
#[derive(Default)]
pub struct PinPad {
    pin: String,
}

impl PinPad {
    pub fn update(&mut self, message: Message) -> Option<Request> {
        match message {
            Message::Digit(c) if self.pin.len() < MAX_PIN => self.pin.push(c),
            Message::Digit(_) => {}
            Message::Delete => {
                self.pin.pop();
            }
            Message::Submit => return Some(Request::Enter),
            Message::Close => return Some(Request::Close),
        }
        None
    }

    pub fn pin(&self) -> &str {
        &self.pin
    }

    pub fn clear(&mut self) {
        self.pin.zeroize();
    }

    /// The pad, or the lock's end while the desk keeps it locked; `said` is
    /// the last word on a PIN (wrong, how many tries are left).
    pub fn view<'a>(
        &self,
        locked_until: Option<DateTime<Utc>>,
        said: Option<&Text>,
        say: &dyn Fn(&Text) -> String,
    ) -> Element<'a, Message> {
        let locked = locked_until.filter(|until| *until > Utc::now());
        let mut page = column![title(Scale::NORMAL, say(&Text::new("maint-title")))]
            .spacing(32)
            .align_x(Alignment::Center);
        if let Some(until) = locked {
            let left = (until - Utc::now()).num_seconds().max(0);
            page = page.push(body(Scale::NORMAL, say(&Text::new("maint-locked"))));
            page = page.push(body(
                Scale::NORMAL,
                say(&Text::new("maint-locked-until")
                    .arg(
                        "time",
                        until.with_timezone(&Local).format("%H:%M").to_string(),
                    )
                    .arg("left", format!("{}:{:02}", left / 60, left % 60))),
            ));
        } else {
            page = page.push(body(Scale::NORMAL, say(&Text::new("maint-pin-prompt"))));
            let dots: String = "●".repeat(self.pin.chars().count());
            page = page.push(
                container(text(dots).font(theme::ICONS).size(56))
                    .height(80)
                    .align_y(Alignment::Center),
            );
            // The line is kept even when empty so the keys never move under a finger.
            let said = said.map(say).unwrap_or_default();
            page = page.push(
                container(text(said).size(theme::BODY).color(RED))
                    .height(48)
                    .align_y(Alignment::Center),
            );
            let key = |label: &'static str, message: Message| {
                button(container(text(label).size(56).font(theme::BOLD)).center(Length::Fill))
                    .on_press(message)
                    .width(Length::Fill)
                    .height(120)
                    .padding(0)
                    .style(theme::key)
            };
            let digit = |c: &'static str| key(c, Message::Digit(c.chars().next().unwrap_or('0')));
            page = page.push(
                column![
                    row![digit("1"), digit("2"), digit("3")].spacing(14),
                    row![digit("4"), digit("5"), digit("6")].spacing(14),
                    row![digit("7"), digit("8"), digit("9")].spacing(14),
                    row![
                        key("⌫", Message::Delete),
                        digit("0"),
                        key("OK", Message::Submit)
                    ]
                    .spacing(14),
                ]
                .spacing(14)
                .max_width(640),
            );
        }
        page = page.push(action(
            Scale::NORMAL,
            "✕",
            say(&Text::new("maint-close")),
            Some(Message::Close),
            Look::Secondary,
        ));
        page.max_width(760).into()
    }
}
