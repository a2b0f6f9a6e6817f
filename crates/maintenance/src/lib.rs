//! totem-maintenance: what keeps a kiosk serviceable when nobody watches it.
//!
//! - [`pin`]: the technician PIN with a lockout that survives restarts.
//! - [`audit`]: the append-only, hash-chained audit log.
//! - [`metrics`] and [`http`]: Prometheus counters on a loopback endpoint,
//!   and the health summary the heartbeat sends.
//! - [`watchdog`]: sd_notify (READY, STATUS, WATCHDOG pings).
//! - [`supervisor`]: systemd's notify/watchdog/restart, for where systemd
//!   cannot run.
//!
//! The app's calls, and where they go, are listed in docs/maintenance.md and
//! docs/operations.md.

pub mod audit;
pub mod http;
pub mod logging;
pub mod metrics;
pub mod pin;
pub mod supervisor;
pub mod watchdog;
