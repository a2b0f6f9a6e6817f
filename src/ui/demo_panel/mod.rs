//! The demo panel: for the person trying the kiosk with `scripts/demo`. It
//! lists the synthetic citizens of the demo and, for the one picked,
//! presents the card to the emulated scanner and places the right finger, a
//! wrong one or someone else's on the emulated reader, through the demo
//! control API of `totem-sim demo` (docs/demo.md).
//!
//! It is compiled only with the `demo` cargo feature (`scripts/demo` turns it
//! on; a site's `cargo build --release` has none of it, and
//! tests/site_build.rs checks that), and it shows only when the kiosk runs in
//! demo mode: `kiosk.demo = true` in kiosk.toml ([`allow`]) *and*
//! `TOTEM_DEMO_CONTROL` names the control API (set by `totem-sim demo`).
//! It holds no simulator code: it only sends HTTP requests to loopback.
//!
//! Closed, it is a narrow "DEMO" tab on the right edge (inside the screens'
//! side margin, so it covers no button; F12 also opens it). Open, a column on
//! the right with the citizens and the buttons.
//!
//! Hooked into the app in these places, each under `#[cfg(feature = "demo")]`:
//! `App.demo: Option<DemoPanel>` set by [`DemoPanel::from_env`] in `App::new`,
//! `Message::Demo(demo_panel::Message)` forwarded to [`DemoPanel::update`],
//! [`DemoPanel::subscription`] added to the app's, `App::view` =
//! [`overlay`]`(screen_view, self.demo.as_ref(), Message::Demo)` (app/view.rs),
//! and [`allow`]`(kiosk.kiosk.demo)` in `kiosk::run_with_config`.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use iced::alignment::Horizontal;
use iced::keyboard::{self, key::Named, Key};
use iced::widget::{button, column, container, opaque, row, scrollable, stack, text};
use iced::{Alignment, Element, Length, Padding, Subscription, Task};
use serde::Deserialize;

use crate::ui::theme;
use crate::ui::widgets::icon;

/// The environment variable `totem-sim demo` sets to the control API's URL.
pub const CONTROL_ENV: &str = "TOTEM_DEMO_CONTROL";

/// Whether this kiosk's configuration is a demo one (kiosk.demo).
static ALLOWED: AtomicBool = AtomicBool::new(false);

/// Called once at start with `kiosk.demo` from kiosk.toml: without it the
/// panel never appears, whatever the environment says.
pub fn allow(demo: bool) {
    ALLOWED.store(demo, Ordering::SeqCst);
}

/// A demo citizen as the control API lists it (synthetic data only).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Citizen {
    pub run_body: u32,
    pub run: String,
    pub name: String,
    pub age: u32,
    pub card: String,
    pub has_key: bool,
    pub good_for: String,
}

/// What the person trying the demo can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The scanner reads the picked citizen's card (QR).
    PresentCard,
    /// The picked citizen's right index finger on the reader.
    RightFinger,
    /// Another finger of the picked citizen (right middle): no match.
    WrongFinger,
    /// The right index of the next citizen in the list: no match.
    SomeoneElsesFinger,
    /// The finger leaves the reader.
    Lift,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// Open or close the panel (the tab, the ✕, F12).
    Toggle,
    /// The citizens list arrived (or could not be had).
    Citizens(Result<Vec<Citizen>, String>),
    Select(u32),
    Act(Action),
    /// A control call finished.
    Sent(Action, Result<(), String>),
}

/// The panel's state.
pub struct DemoPanel {
    control: String,
    client: reqwest::Client,
    open: bool,
    citizens: Vec<Citizen>,
    selected: Option<u32>,
    /// One line: what happened last.
    status: String,
}

impl std::fmt::Debug for DemoPanel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Synthetic people, but a panel is still no place to dump them.
        f.debug_struct("DemoPanel")
            .field("control", &self.control)
            .field("open", &self.open)
            .field("citizens", &self.citizens.len())
            .finish()
    }
}

impl DemoPanel {
    /// The panel, when this kiosk runs in demo mode with a control API.
    pub fn from_env() -> Option<Self> {
        if !ALLOWED.load(Ordering::SeqCst) {
            return None;
        }
        let url = std::env::var(CONTROL_ENV).ok()?;
        let url = url.trim();
        // Loopback only: the control API moves fingers; it is never remote.
        let local = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
        if !local.iter().any(|p| url.starts_with(p)) {
            tracing::warn!("{CONTROL_ENV} is not a loopback http URL; no demo panel");
            return None;
        }
        Some(Self::new(url))
    }

    pub fn new(control: impl Into<String>) -> Self {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(5))
            .build()
            .unwrap_or_default();
        Self {
            control: control.into().trim_end_matches('/').to_owned(),
            client,
            open: false,
            citizens: Vec::new(),
            selected: None,
            status: String::new(),
        }
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn citizens(&self) -> &[Citizen] {
        &self.citizens
    }

    pub fn selected(&self) -> Option<&Citizen> {
        let run_body = self.selected?;
        self.citizens.iter().find(|c| c.run_body == run_body)
    }

    pub fn status(&self) -> &str {
        &self.status
    }

    /// The control call for `action` on the picked citizen: path and JSON.
    pub fn request(&self, action: Action) -> Option<(&'static str, serde_json::Value)> {
        use serde_json::json;
        if action == Action::Lift {
            return Some(("/demo/lift", json!({})));
        }
        let who = self.selected()?;
        Some(match action {
            Action::PresentCard => (
                "/demo/card",
                json!({ "run_body": who.run_body, "carrier": "qr" }),
            ),
            Action::RightFinger => (
                "/demo/finger",
                json!({ "run_body": who.run_body, "finger": 1 }),
            ),
            Action::WrongFinger => (
                "/demo/finger",
                json!({ "run_body": who.run_body, "finger": 2 }),
            ),
            Action::SomeoneElsesFinger => {
                let at = self
                    .citizens
                    .iter()
                    .position(|c| c.run_body == who.run_body)?;
                let other = self.citizens.get((at + 1) % self.citizens.len())?;
                if other.run_body == who.run_body {
                    return None;
                }
                (
                    "/demo/finger",
                    json!({ "run_body": other.run_body, "finger": 1 }),
                )
            }
            Action::Lift => return None,
        })
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::Toggle => {
                self.open = !self.open;
                if self.open && self.citizens.is_empty() {
                    self.status = "Loading the demo citizens…".into();
                    let url = format!("{}/demo/citizens", self.control);
                    let client = self.client.clone();
                    return Task::perform(fetch_citizens(client, url), Message::Citizens);
                }
                Task::none()
            }
            Message::Citizens(Ok(list)) => {
                self.status = format!("{} demo citizens. Pick one.", list.len());
                self.citizens = list;
                Task::none()
            }
            Message::Citizens(Err(error)) => {
                self.status = error;
                Task::none()
            }
            Message::Select(run_body) => {
                self.selected = Some(run_body);
                self.status = match self.selected() {
                    Some(c) => format!("{}: {}", c.run, c.good_for),
                    None => String::new(),
                };
                Task::none()
            }
            Message::Act(action) => match self.request(action) {
                Some((path, body)) => {
                    let url = format!("{}{path}", self.control);
                    let client = self.client.clone();
                    Task::perform(send(client, url, body), move |r| Message::Sent(action, r))
                }
                None => {
                    self.status = "Pick a citizen first.".into();
                    Task::none()
                }
            },
            Message::Sent(action, Ok(())) => {
                self.status = match action {
                    Action::PresentCard => "Card presented to the scanner.",
                    Action::RightFinger => "Right index finger on the reader.",
                    Action::WrongFinger => "A wrong finger (right middle) on the reader.",
                    Action::SomeoneElsesFinger => "Someone else's finger on the reader.",
                    Action::Lift => "Finger lifted.",
                }
                .into();
                Task::none()
            }
            Message::Sent(_, Err(error)) => {
                self.status = error;
                Task::none()
            }
        }
    }

    /// F12 opens and closes the panel.
    pub fn subscription(&self) -> Subscription<Message> {
        keyboard::listen().filter_map(|event| match event {
            keyboard::Event::KeyPressed {
                key: Key::Named(Named::F12),
                ..
            } => Some(Message::Toggle),
            _ => None,
        })
    }

    /// The tab (closed) or the panel (open), laid over the whole window:
    /// anchored to the right edge, the rest of the layer lets touches through.
    pub fn view(&self) -> Element<'_, Message> {
        if !self.open {
            let letters = column("DEMO".chars().map(|c| {
                text(c.to_string())
                    .font(theme::BOLD)
                    .size(theme::SMALLEST)
                    .into()
            }))
            .align_x(Alignment::Center);
            let tab = button(container(letters).center(Length::Fill))
                .on_press(Message::Toggle)
                .padding(0)
                .width(40)
                .height(190)
                .style(theme::primary);
            return container(tab)
                .align_right(Length::Fill)
                .center_y(Length::Fill)
                .into();
        }
        let small = |s: String| text(s).size(theme::SMALLEST).color(theme::MUTED);
        let header = row![
            text("Demo")
                .font(theme::BOLD)
                .size(theme::LABEL)
                .width(Length::Fill),
            button(icon("✕", 36.0))
                .on_press(Message::Toggle)
                .padding(Padding::from([8, 20]))
                .style(theme::secondary),
        ]
        .align_y(Alignment::Center);
        let list = column(self.citizens.iter().map(|c| {
            let picked = self.selected == Some(c.run_body);
            let key = if c.has_key { "key" } else { "no key" };
            button(
                column![
                    text(c.name.clone()).font(theme::BOLD).size(theme::SMALLEST),
                    text(format!("{} · {} · card {} · {key}", c.run, c.age, c.card))
                        .size(theme::SMALLEST),
                    text(c.good_for.clone()).size(theme::SMALLEST),
                ]
                .spacing(2),
            )
            .on_press(Message::Select(c.run_body))
            .padding(Padding::from([10, 16]))
            .width(Length::Fill)
            .style(if picked {
                theme::primary
            } else {
                theme::secondary
            })
            .into()
        }))
        .spacing(8);
        let picked = self.selected.is_some();
        let act = |glyph: &'static str, label: &'static str, action: Action, enabled: bool| {
            button(
                row![
                    icon(glyph, 32.0),
                    text(label).font(theme::BOLD).size(theme::SMALLEST)
                ]
                .spacing(12)
                .align_y(Alignment::Center),
            )
            .on_press_maybe(enabled.then_some(Message::Act(action)))
            .padding(Padding::from([20, 18]))
            .width(Length::Fill)
            .style(if action == Action::Lift {
                theme::secondary
            } else {
                theme::primary
            })
        };
        let actions = column![
            act("▭", "Present card", Action::PresentCard, picked),
            row![
                act("✓", "Right finger", Action::RightFinger, picked),
                act("✗", "Wrong finger", Action::WrongFinger, picked),
            ]
            .spacing(8),
            row![
                act("☺", "Other person", Action::SomeoneElsesFinger, picked),
                act("↑", "Lift", Action::Lift, true),
            ]
            .spacing(8),
        ]
        .spacing(8);
        let panel = container(
            column![
                header,
                small(self.status.clone()),
                scrollable(list).height(Length::Fill),
                actions,
            ]
            .spacing(14),
        )
        .padding(20)
        .width(620)
        .height(Length::Fill)
        .style(theme::dialog);
        container(opaque(panel))
            .padding(Padding {
                top: 120.0,
                right: 8.0,
                bottom: 200.0,
                left: 8.0,
            })
            .align_x(Horizontal::Right)
            .width(Length::Fill)
            .height(Length::Fill)
            .into()
    }
}

/// `base` with the panel laid over it, when there is a panel.
pub fn overlay<'a, M: 'a>(
    base: Element<'a, M>,
    panel: Option<&'a DemoPanel>,
    map: fn(Message) -> M,
) -> Element<'a, M> {
    match panel {
        Some(panel) => stack![base, panel.view().map(map)].into(),
        None => base,
    }
}

async fn fetch_citizens(client: reqwest::Client, url: String) -> Result<Vec<Citizen>, String> {
    let response = client
        .get(&url)
        .send()
        .await
        .map_err(|e| format!("The demo control does not answer ({e})."))?;
    if !response.status().is_success() {
        return Err(format!("The demo control said {}.", response.status()));
    }
    response
        .json::<Vec<Citizen>>()
        .await
        .map_err(|e| format!("The demo control sent something else than citizens ({e})."))
}

async fn send(client: reqwest::Client, url: String, body: serde_json::Value) -> Result<(), String> {
    let response = client
        .post(&url)
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("The demo control does not answer ({e})."))?;
    if response.status().is_success() {
        return Ok(());
    }
    let status = response.status();
    // The control API says what was wrong as {"error": "..."}.
    let said = response
        .json::<serde_json::Value>()
        .await
        .ok()
        .and_then(|v| v.get("error").and_then(|e| e.as_str()).map(str::to_owned))
        .unwrap_or_else(|| status.to_string());
    Err(format!("The demo control refused: {said}"))
}

#[cfg(test)]
mod tests;
