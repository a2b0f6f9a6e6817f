//! The technician PIN: checked against an argon2 PHC hash from kiosk.toml,
//! with a lockout after too many wrong PINs that survives a restart.
//!
//! The lock state (a count and two timestamps, never a PIN) lives in a small
//! JSON file written atomically. Time is passed in by the caller, so the rules
//! are tested without sleeping; it is wall-clock time because the lock must
//! outlive the process.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use totem_config::MaintenanceSettings;

/// What a PIN attempt came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PinOutcome {
    /// Right PIN: maintenance mode may open.
    Accepted,
    /// Wrong PIN; this many tries remain before the lock.
    Rejected { attempts_left: u32 },
    /// This wrong PIN was the last allowed one: entry is now locked.
    LockedNow { until: DateTime<Utc> },
    /// Entry is locked; the PIN was not even checked.
    Locked { until: DateTime<Utc> },
}

#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("no technician PIN is configured (maintenance.pin_hash in kiosk.toml is empty)")]
    NotConfigured,
    #[error("maintenance.pin_hash is not a valid argon2 PHC string: {0}")]
    BadHash(String),
    #[error("cannot read the PIN lock state {path}: {source}")]
    ReadState {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write the PIN lock state {path}: {source}")]
    WriteState {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot hash the PIN: {0}")]
    Hash(String),
}

/// What is kept on disk between runs. No PIN, no hash.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct LockState {
    /// Wrong PINs since the last right one or the last lock's end.
    failures: u32,
    /// When the current lock ends, if entry is locked.
    locked_until: Option<DateTime<Utc>>,
}

/// The PIN gate of maintenance mode.
pub struct PinGate {
    hash: String,
    max_attempts: u32,
    lockout: Duration,
    state_path: PathBuf,
    state: LockState,
}

impl std::fmt::Debug for PinGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PinGate")
            .field("max_attempts", &self.max_attempts)
            .field("lockout", &self.lockout)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl PinGate {
    /// Opens the gate with the settings of kiosk.toml, reading the lock
    /// state left by a previous run. A missing state file means no failures;
    /// an unreadable or corrupt one counts as locked (someone may have
    /// tampered with it to lift a lock).
    pub fn open(settings: &MaintenanceSettings, now: DateTime<Utc>) -> Result<Self, PinError> {
        Self::open_at(
            &settings.pin_hash,
            settings.max_pin_attempts.max(1),
            Duration::from_secs(settings.lockout_secs),
            Path::new(&settings.pin_state_file),
            now,
        )
    }

    /// As [`PinGate::open`], with each setting given.
    pub fn open_at(
        pin_hash: &str,
        max_attempts: u32,
        lockout: Duration,
        state_path: &Path,
        now: DateTime<Utc>,
    ) -> Result<Self, PinError> {
        if pin_hash.trim().is_empty() {
            return Err(PinError::NotConfigured);
        }
        PasswordHash::new(pin_hash).map_err(|e| PinError::BadHash(e.to_string()))?;
        let state = match fs::read(state_path) {
            Ok(bytes) => match serde_json::from_slice::<LockState>(&bytes) {
                Ok(state) => state,
                Err(_) => {
                    tracing::warn!(path = %state_path.display(), "PIN lock state unreadable; locking entry");
                    LockState {
                        failures: max_attempts,
                        locked_until: Some(now + lockout_delta(lockout)),
                    }
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => LockState::default(),
            Err(source) => {
                return Err(PinError::ReadState {
                    path: state_path.to_owned(),
                    source,
                })
            }
        };
        let mut gate = Self {
            hash: pin_hash.to_owned(),
            max_attempts: max_attempts.max(1),
            lockout,
            state_path: state_path.to_owned(),
            state,
        };
        gate.expire(now);
        Ok(gate)
    }

    /// When entry unlocks, if it is locked at `now`.
    pub fn locked_until(&mut self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.expire(now);
        self.state.locked_until
    }

    /// Wrong PINs left before the lock.
    pub fn attempts_left(&self) -> u32 {
        self.max_attempts.saturating_sub(self.state.failures)
    }

    /// Checks a PIN typed on the pad. While locked, the PIN is not checked.
    pub fn check(&mut self, pin: &str, now: DateTime<Utc>) -> Result<PinOutcome, PinError> {
        self.expire(now);
        if let Some(until) = self.state.locked_until {
            return Ok(PinOutcome::Locked { until });
        }
        let parsed = PasswordHash::new(&self.hash).map_err(|e| PinError::BadHash(e.to_string()))?;
        let right = Argon2::default()
            .verify_password(pin.as_bytes(), &parsed)
            .is_ok();
        if right {
            if self.state != LockState::default() {
                self.state = LockState::default();
                self.save()?;
            }
            return Ok(PinOutcome::Accepted);
        }
        self.state.failures = self.state.failures.saturating_add(1);
        let outcome = if self.state.failures >= self.max_attempts {
            let until = now + lockout_delta(self.lockout);
            self.state.locked_until = Some(until);
            PinOutcome::LockedNow { until }
        } else {
            PinOutcome::Rejected {
                attempts_left: self.attempts_left(),
            }
        };
        self.save()?;
        Ok(outcome)
    }

    /// Lifts an ended lock, and caps a lock whose end lies further ahead
    /// than one lockout (the clock was set back): it must not lock for days.
    fn expire(&mut self, now: DateTime<Utc>) {
        if let Some(until) = self.state.locked_until {
            let latest = now + lockout_delta(self.lockout);
            if until <= now {
                self.state = LockState::default();
                // Best effort: a stale file only means a lock that is
                // recomputed as ended on the next start.
                let _ = self.save();
            } else if until > latest {
                self.state.locked_until = Some(latest);
                let _ = self.save();
            }
        }
    }

    /// Writes the state to a temporary file, fsyncs it and renames it over
    /// the old one, so a crash leaves either the old or the new state.
    fn save(&self) -> Result<(), PinError> {
        let err = |source| PinError::WriteState {
            path: self.state_path.clone(),
            source,
        };
        if let Some(dir) = self
            .state_path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            fs::create_dir_all(dir).map_err(err)?;
        }
        let tmp = self.state_path.with_extension("tmp");
        let json = serde_json::to_vec(&self.state).map_err(|e| err(std::io::Error::other(e)))?;
        let mut file = fs::File::create(&tmp).map_err(err)?;
        file.write_all(&json).map_err(err)?;
        file.sync_all().map_err(err)?;
        fs::rename(&tmp, &self.state_path).map_err(err)?;
        Ok(())
    }
}

fn lockout_delta(lockout: Duration) -> chrono::TimeDelta {
    chrono::TimeDelta::from_std(lockout).unwrap_or(chrono::TimeDelta::days(1))
}

/// Makes the argon2id PHC string of a PIN, for `maintenance.pin_hash`.
pub fn hash_pin(pin: &str) -> Result<String, PinError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 10, 0, 0)
            .single()
            .unwrap()
    }

    fn gate(dir: &Path, hash: &str, now: DateTime<Utc>) -> PinGate {
        PinGate::open_at(
            hash,
            5,
            Duration::from_secs(15 * 60),
            &dir.join("pin-lock.json"),
            now,
        )
        .unwrap()
    }

    #[test]
    fn right_pin_opens_and_wrong_pins_count_down() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("482913").unwrap();
        let mut g = gate(dir.path(), &hash, t0());
        assert_eq!(
            g.check("000000", t0()).unwrap(),
            PinOutcome::Rejected { attempts_left: 4 }
        );
        assert_eq!(g.check("482913", t0()).unwrap(), PinOutcome::Accepted);
        // A right PIN resets the count.
        assert_eq!(g.attempts_left(), 5);
    }

    #[test]
    fn five_wrong_pins_lock_for_fifteen_minutes_even_with_the_right_pin() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("482913").unwrap();
        let mut g = gate(dir.path(), &hash, t0());
        for left in (1..5).rev() {
            assert_eq!(
                g.check("111111", t0()).unwrap(),
                PinOutcome::Rejected {
                    attempts_left: left
                }
            );
        }
        let until = t0() + chrono::TimeDelta::minutes(15);
        assert_eq!(
            g.check("111111", t0()).unwrap(),
            PinOutcome::LockedNow { until }
        );
        let later = t0() + chrono::TimeDelta::minutes(14);
        assert_eq!(
            g.check("482913", later).unwrap(),
            PinOutcome::Locked { until }
        );
        let after = t0() + chrono::TimeDelta::minutes(15);
        assert_eq!(g.check("482913", after).unwrap(), PinOutcome::Accepted);
    }

    #[test]
    fn the_lock_survives_a_restart_and_the_file_holds_no_pin() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("482913").unwrap();
        let mut g = gate(dir.path(), &hash, t0());
        for _ in 0..5 {
            g.check("999999", t0()).unwrap();
        }
        drop(g);
        let file = fs::read_to_string(dir.path().join("pin-lock.json")).unwrap();
        assert!(!file.contains("999999") && !file.contains("482913") && !file.contains("argon2"));

        // The app restarts two minutes later: still locked, same end.
        let restart = t0() + chrono::TimeDelta::minutes(2);
        let mut g = gate(dir.path(), &hash, restart);
        let until = t0() + chrono::TimeDelta::minutes(15);
        assert_eq!(g.locked_until(restart), Some(until));
        assert_eq!(
            g.check("482913", restart).unwrap(),
            PinOutcome::Locked { until }
        );
    }

    #[test]
    fn failures_below_the_limit_also_survive_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("482913").unwrap();
        let mut g = gate(dir.path(), &hash, t0());
        for _ in 0..4 {
            g.check("1", t0()).unwrap();
        }
        drop(g);
        // Restarting must not hand out 5 fresh tries.
        let mut g = gate(dir.path(), &hash, t0());
        assert!(matches!(
            g.check("1", t0()).unwrap(),
            PinOutcome::LockedNow { .. }
        ));
    }

    #[test]
    fn a_corrupt_state_file_locks_rather_than_unlocks() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("482913").unwrap();
        fs::write(dir.path().join("pin-lock.json"), b"{ not json").unwrap();
        let mut g = gate(dir.path(), &hash, t0());
        assert!(matches!(
            g.check("482913", t0()).unwrap(),
            PinOutcome::Locked { .. }
        ));
    }

    #[test]
    fn a_clock_set_back_does_not_lock_for_longer_than_one_lockout() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("482913").unwrap();
        let mut g = gate(dir.path(), &hash, t0());
        for _ in 0..5 {
            g.check("1", t0()).unwrap();
        }
        let back = t0() - chrono::TimeDelta::days(30);
        let until = g.locked_until(back).unwrap();
        assert_eq!(until, back + chrono::TimeDelta::minutes(15));
    }

    #[test]
    fn missing_or_bad_hash_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.json");
        assert!(matches!(
            PinGate::open_at("", 5, Duration::from_secs(1), &p, t0()),
            Err(PinError::NotConfigured)
        ));
        assert!(matches!(
            PinGate::open_at("1234", 5, Duration::from_secs(1), &p, t0()),
            Err(PinError::BadHash(_))
        ));
    }

    #[test]
    fn debug_shows_no_hash() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("482913").unwrap();
        let g = gate(dir.path(), &hash, t0());
        assert!(!format!("{g:?}").contains("argon2"));
    }
}
