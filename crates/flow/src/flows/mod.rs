//! The flows, one module each, as handlers on `Session` above its core
//! (`state`): they read and change its state and return commands, and know
//! nothing of the router that calls them.
//!
//! - `identify`: card and fingerprint, shared by every function that needs the holder.
//! - `first_issue`: e-mail, the key issued, its activation code shown.
//! - `recover`: a new code for a key the citizen already has.
//! - `activation`: the code typed back and the new password.
//! - `certificates`: family, kind, RUN or entity, issue and print.
//! - `check`: a printed certificate checked by folio and verification code.
//! - `timing`: the inactivity warning and the limits on jobs.

mod activation;
mod certificates;
mod check;
mod first_issue;
mod identify;
mod recover;
mod timing;
