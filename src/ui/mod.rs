//! The kiosk's screens (iced 0.14): it draws the flow's session and turns
//! touches into flow events. It holds no business rule.
//!
//! - [`app`]: the application (state, update, view, subscriptions) and the
//!   [`Effects`](app::Effects) seam where devices, registry and printer plug in.
//! - [`screens`]: one module per screen.
//! - [`widgets`], [`keyboard`]: shared pieces; [`theme`]: colours, type, fonts;
//!   [`i18n`]: Fluent texts from assets/i18n.

pub mod app;
pub mod i18n;
pub mod keyboard;
pub mod no_cursor;
pub mod screens;
pub mod services;
pub mod theme;
pub mod widgets;

use totem_flow::{Language, Session};

pub use app::{App, Effects, Message, Unconnected};

/// What every view needs: texts, language, orientation and the session.
pub struct Ctx<'a> {
    pub tr: &'a i18n::Translations,
    pub language: Language,
    pub portrait: bool,
    pub session: &'a Session,
    pub keyboard: keyboard::Keyboard,
    /// Which attract-screen hint stands out now.
    pub hint: usize,
}

impl Ctx<'_> {
    /// The text of a message id in the session's language.
    pub fn t(&self, id: &str) -> String {
        self.tr.text(self.language, id)
    }
}

/// Run the kiosk window with no back-ends connected yet (every function
/// shows as unavailable with its reason). The integrator passes real
/// effects to [`app::run`].
pub fn run() -> iced::Result {
    app::run(
        || Unconnected,
        totem_flow::Settings::default(),
        app::default_catalog(),
    )
}
