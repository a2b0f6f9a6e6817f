//! Readiness and the watchdog for systemd (Type=notify, WatchdogSec=),
//! through the `sd-notify` crate.
//!
//! The app says `READY=1` once the first screen is up, then `WATCHDOG=1` from
//! the ui loop: if the ui freezes the pings stop and systemd restarts the
//! kiosk. Outside systemd every call is a no-op. The notify socket must be a
//! path (what systemd and `totem-supervise` give); `@abstract` names are not
//! supported by the crate.

use std::io;
use std::time::{Duration, Instant};

use sd_notify::NotifyState;

/// The kiosk's side of the service manager's watchdog.
#[derive(Debug)]
pub struct Watchdog {
    period: Option<Duration>,
    last_ping: Option<Instant>,
}

impl Watchdog {
    /// Reads the watchdog timeout the manager set in the environment
    /// (`WATCHDOG_USEC`, for this process only when `WATCHDOG_PID` says so).
    /// A malformed or zero value disables the pings rather than failing: the
    /// kiosk must run without systemd too.
    pub fn from_env() -> Self {
        Self::with_timeout(sd_notify::watchdog_enabled())
    }

    /// A watchdog with the timeout given (None: no pings), e.g. for tests.
    pub fn with_timeout(timeout: Option<Duration>) -> Self {
        Self {
            period: timeout.filter(|t| !t.is_zero()),
            last_ping: None,
        }
    }

    /// Whether the service manager asked for watchdog pings.
    pub fn is_enabled(&self) -> bool {
        self.period.is_some()
    }

    /// The watchdog timeout set by the service manager, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.period
    }

    /// How often the ui loop should call [`Watchdog::ping`]: half the
    /// timeout, as sd_watchdog_enabled(3) advises. None: no need.
    pub fn ping_interval(&self) -> Option<Duration> {
        self.timeout().map(|t| t / 2)
    }

    /// Tells the manager start-up is done (`READY=1`), with a status line.
    pub fn ready(&self, status: &str) -> io::Result<()> {
        let status = one_line(status);
        sd_notify::notify(&[NotifyState::Ready, NotifyState::Status(&status)])
    }

    /// A free-form status line (`systemctl status` shows it).
    pub fn status(&self, status: &str) -> io::Result<()> {
        notify_status(status)
    }

    /// Says "still alive". Cheap; call it from the ui loop on every tick.
    /// Pings closer together than a quarter of the timeout are skipped so a
    /// fast loop does not flood the socket. Returns whether one was sent.
    pub fn ping(&mut self) -> bool {
        self.ping_at(Instant::now())
    }

    /// As [`Watchdog::ping`] at a given instant.
    pub fn ping_at(&mut self, now: Instant) -> bool {
        let Some(period) = self.timeout() else {
            return false;
        };
        if let Some(last) = self.last_ping {
            if now.saturating_duration_since(last) < period / 4 {
                return false;
            }
        }
        match sd_notify::notify(&[NotifyState::Watchdog]) {
            Ok(()) => {
                self.last_ping = Some(now);
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "watchdog ping failed");
                false
            }
        }
    }

    /// Tells the manager the app is stopping on purpose (`STOPPING=1`).
    pub fn stopping(&self) -> io::Result<()> {
        sd_notify::notify(&[NotifyState::Stopping])
    }
}

/// Tells the service manager a status line (`STATUS=`), for a part of the
/// kiosk that holds no [`Watchdog`] (maintenance mode says
/// "maintenance" while open). Outside systemd a no-op.
pub fn notify_status(status: &str) -> io::Result<()> {
    sd_notify::notify(&[NotifyState::Status(&one_line(status))])
}

/// A status is one line of the notification; a newline would start a new
/// (bogus) assignment.
fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    // What reaches the socket is tested from outside, with the probe program
    // and its own environment (tests/watchdog.rs): the crate reads the
    // socket from the environment, which a test must not change in-process.

    #[test]
    fn pings_are_spaced_by_a_quarter_of_the_timeout() {
        let mut wd = Watchdog::with_timeout(Some(Duration::from_secs(2)));
        assert_eq!(wd.ping_interval(), Some(Duration::from_secs(1)));
        let t0 = Instant::now();
        assert!(wd.ping_at(t0));
        // Too soon after the last one: skipped.
        assert!(!wd.ping_at(t0 + Duration::from_millis(100)));
        assert!(wd.ping_at(t0 + Duration::from_millis(600)));
    }

    #[test]
    fn without_systemd_everything_is_a_quiet_no_op() {
        let mut wd = Watchdog::with_timeout(None);
        assert!(!wd.is_enabled());
        assert_eq!(wd.ping_interval(), None);
        assert!(!wd.ping());
        wd.ready("x").unwrap();
        // A zero timeout would make the ui loop spin: off too.
        assert_eq!(Watchdog::with_timeout(Some(Duration::ZERO)).timeout(), None);
    }

    #[test]
    fn a_status_stays_one_line() {
        assert_eq!(one_line("two\nlines"), "two lines");
    }
}
