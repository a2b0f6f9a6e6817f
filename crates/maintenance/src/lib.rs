//! totem-maintenance: what keeps a kiosk serviceable when nobody watches it.
//!
//! - [`gesture`]: the hidden entry gesture (hold top-left, then top-right).
//! - [`pin`]: the technician PIN with a lockout that survives restarts.
//! - [`desk`]: maintenance mode: PIN entry, actions, their audit entries.
//! - [`dashboard`]: what the technician dashboard shows, judged and worded;
//!   with [`tls`] (client certificate expiry) and [`disk`] (spool space);
//!   [`reports`]: what the longer actions (test page, reload, LED, test
//!   capture, raw scan) say on it.
//! - [`audit`]: the append-only, hash-chained audit log.
//! - [`logging`]: JSON logs to stdout, scrubbed of personal data.
//! - [`metrics`] and [`http`]: Prometheus counters on a loopback endpoint,
//!   and the health summary the heartbeat sends.
//! - [`watchdog`]: sd_notify (READY, STATUS, WATCHDOG pings).
//! - [`supervisor`]: systemd's notify/watchdog/restart, for where systemd
//!   cannot run.
//!
//! The app's calls, and where they go, are listed in docs/maintenance.md and
//! docs/operations.md.

pub mod audit;
pub mod dashboard;
pub mod desk;
pub mod disk;
pub mod gesture;
pub mod http;
pub mod logging;
pub mod metrics;
pub mod pin;
pub mod reports;
pub mod supervisor;
pub mod tls;
pub mod watchdog;

/// Re-exported: every call here takes the wall-clock time as a
/// `chrono::DateTime<Utc>`, so the app needs no chrono of its own.
pub use chrono;
