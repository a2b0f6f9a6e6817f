//! totem-flow: the citizen's session as a pure state machine.
//!
//! Events come in (touches, device readings, back-end answers, the clock),
//! the [`Session`] moves to its next [`Screen`] and returns the [`Command`]s
//! the application must carry out (verify a card, capture a finger, issue a
//! key, print...). No I/O, no clock: time arrives with each call as an
//! `Instant`, so every rule is tested without a window or a device.
//!
//! The application tags every asynchronous call with [`Session::id`] and
//! drops answers whose id is no longer current (the citizen cancelled or the
//! session timed out meanwhile).
//!
//! Inside, every module imports only from the ones below it:
//!
//! - `session`: the router, on top: an event to the flow it belongs to.
//! - `flows`: one module a flow (identify, first issue, recover, activation,
//!   certificates) and the clocks (timing), as handlers on [`Session`].
//! - `state`: what a session holds and the moves every flow makes.
//! - `aids`, `settings`, `screen`, `event`, `command`, [`entry`], [`secret`]: the
//!   public types at the bottom.
//!
//! Every public name is re-exported here, so callers write `totem_flow::X`
//! whatever module holds it.

mod aids;
mod command;
pub mod entry;
mod event;
mod flows;
mod screen;
pub mod secret;
mod session;
mod settings;
mod state;

pub use aids::{Aid, Aids, TextSize};
pub use command::{Command, EntityNumber, Outcome};
pub use entry::{EntityCheck, Field, Key, PasswordCheck, RunCheck};
pub use event::{
    ActivationOutcome, CardRead, CardVerdict, CertificateOutcome, CheckOutcome, CheckedCertificate,
    Date, Event, Finger, FingerEvent, FingerVerdict, KeyOutcome,
};
pub use screen::{FingerState, Function, Job, Notice, PrintFailure, Screen, Service, Step, Stop};
pub use secret::{Secret, SecretBytes};
pub use settings::{Settings, MIN_WARNING};
pub use state::Session;
pub use totem_config::{Catalog, CertificateEntry, Family, Language, Subject};
