//! The session's clocks: the inactivity warning and its countdown on the
//! citizen's screens, the farewell's few seconds, and the limit on a job
//! (registry call or print) that does not answer.
//!
//! Time only arrives with `Event::Tick`; nothing here reads a clock.

use std::time::{Duration, Instant};

use crate::command::{Command, Outcome};
use crate::screen::{PrintFailure, Screen};
use crate::state::Session;

impl Session {
    /// Seconds left on the inactivity warning, when it is showing.
    pub fn warning_seconds_left(&self) -> Option<u64> {
        let until = self.warning_until?;
        let now = self.now?;
        let left = until.saturating_duration_since(now);
        // Round up: "1" is shown until the very end, never "0" while still open.
        Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
    }

    /// One tick of the clock: the limits of the screen the session is on.
    pub(crate) fn tick(&mut self, now: Instant, out: &mut Vec<Command>) {
        let since_entered = self
            .entered_at
            .map_or(Duration::ZERO, |t| now.saturating_duration_since(t));
        match self.screen {
            Screen::Attract => {}
            Screen::Goodbye => {
                if since_entered >= self.settings.goodbye {
                    self.go(Screen::Attract);
                }
            }
            Screen::Working(_) => {
                if since_entered >= self.settings.work_timeout {
                    self.service_failed(out);
                }
            }
            Screen::Printing => {
                if since_entered >= self.settings.work_timeout {
                    self.go(Screen::PrintFailed(PrintFailure::Other));
                }
            }
            screen => {
                if let Some(until) = self.warning_until {
                    if now >= until {
                        self.end(Outcome::TimedOut, out);
                    }
                    return;
                }
                let limit = if screen.is_typing() {
                    self.settings.typing_idle
                } else {
                    self.settings.idle
                };
                let factor = self.aids.time_factor();
                let last = self.last_activity.or(self.entered_at).unwrap_or(now);
                if now.saturating_duration_since(last) >= limit * factor {
                    self.warning_until = Some(now + self.settings.warning * factor);
                }
            }
        }
    }
}
