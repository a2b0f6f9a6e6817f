//! What the technician dashboard shows, as plain data: built from what the
//! app knows ([`DashboardInputs`]), judged (ok / warning / fault) and worded
//! here as [`Text`]s — Fluent message ids with their arguments — so the ui
//! only translates (assets/i18n, keys `maint-*`) and lays them out.
//!
//! The action reports ([`ActionReport`]: the test page, the reload, the LED
//! test, the test capture, the raw scan) are worded here too, from plain
//! inputs, so every sentence the technician reads is tested in this crate.
//!
//! One module a concern, each importing only from the ones below it:
//! `overview` puts the dashboard together from the sections (`devices`,
//! `backend`, `printer`, `spool`) and the buttons (`actions`); they build
//! on `model` (rows, sections, the dashboard), `inputs` and `text` (the
//! words and severities). Every public name is re-exported here, so callers
//! write `dashboard::X` whatever module holds it.

mod actions;
mod backend;
mod devices;
mod inputs;
mod model;
mod overview;
mod printer;
mod spool;
mod text;

pub use actions::action_label;
pub use inputs::{BackendInput, DashboardInputs, DeviceInput, PrinterInput};
pub use model::{ActionButton, Dashboard, Row, Section};
pub use overview::build;
pub use printer::printer_state_text;
pub use text::{human_duration, yes_no, Arg, Severity, Text};

#[cfg(test)]
pub(crate) mod tests;
