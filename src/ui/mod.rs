//! The kiosk's screens (iced 0.14): it draws the flow's session and turns
//! touches into flow events. It holds no business rule.
//!
//! Every import runs downward, floor by floor (docs/ui.md):
//!
//! - [`kiosk`]: the site kiosk put together from kiosk.toml, then the window.
//! - [`app`]: the application; it owns the session and the screens' state
//!   and only routes ([`app::window`]: the iced application's settings).
//! - [`screens`]: one module per screen (maintenance mode: one per panel);
//!   each has its own `Message`, an `update` whose answer goes to the app,
//!   and a `view`.
//! - [`effects`]: registry, devices, printer, operations: they carry the
//!   flow's commands out and answer with flow events; they know no screen.
//! - [`widgets`], [`keyboard`], [`ctx`], [`spoken`] (what a screen says and
//!   the keypad reaches), [`no_cursor`], [`catalog`],
//!   [`theme`] (colours, type, fonts, the screen's size), [`i18n`] (Fluent
//!   texts from assets/i18n): the ground floor.
//!
//! With the `demo` feature, [`demo_panel`] too (never in a site's build).

pub mod app;
pub mod catalog;
pub mod ctx;
#[cfg(feature = "demo")]
pub mod demo_panel;
pub mod effects;
pub mod i18n;
pub mod keyboard;
pub mod kiosk;
pub mod no_cursor;
pub mod reach;
pub mod screens;
pub mod spoken;
pub mod theme;
pub mod widgets;

pub use app::{App, Message};
pub use effects::{Effects, Unconnected};
pub use kiosk::{run, run_with_config};
