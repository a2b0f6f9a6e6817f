//! The technicians' audit log: an append-only file, one JSON object a line,
//! each line carrying the SHA-256 of the line before it, so an edited,
//! deleted, inserted or reordered line breaks the chain at that point.
//!
//! ```text
//! {"seq":1,"time":"2026-11-25T10:00:00Z","kiosk":"TOT-0001","event":"maintenance_entered","prev":"0000…"}
//! {"seq":2,"time":"2026-11-25T10:01:10Z","kiosk":"TOT-0001","event":"action_taken","detail":"led_test","prev":"9f3a…"}
//! ```
//!
//! `prev` is the hex SHA-256 of the previous line's bytes (without its
//! newline); the first line's is 64 zeros. Each append is fsynced. The chain
//! alone cannot show that lines were cut from the end: the heartbeat carries
//! the head (count + last hash) to the backend, which anchors it.

use std::fs::{self, File, OpenOptions};
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev` of the first line.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Longest line accepted by `verify` (a real line is a few hundred bytes).
const MAX_LINE: usize = 64 * 1024;

/// What happened. Serialized in snake_case (`maintenance_entered`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditEvent {
    MaintenanceEntered,
    PinFailed,
    Lockout,
    ActionTaken,
    MaintenanceLeft,
    ConfigReloaded,
    OutOfService,
    BackInService,
    ApplicationStarted,
    /// A torn last line (crash mid-write) was cut off when the log was opened.
    AuditRepaired,
}

impl AuditEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MaintenanceEntered => "maintenance_entered",
            Self::PinFailed => "pin_failed",
            Self::Lockout => "lockout",
            Self::ActionTaken => "action_taken",
            Self::MaintenanceLeft => "maintenance_left",
            Self::ConfigReloaded => "config_reloaded",
            Self::OutOfService => "out_of_service",
            Self::BackInService => "back_in_service",
            Self::ApplicationStarted => "application_started",
            Self::AuditRepaired => "audit_repaired",
        }
    }
}

/// One line of the log, as written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub seq: u64,
    pub time: String,
    pub kiosk: String,
    /// Kept as text when reading, so a newer kind does not fail `verify`.
    pub event: String,
    /// A short technical note: the action's name, a lock's end, the
    /// out-of-service message. Never personal data.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub prev: String,
}

/// The end of the chain: what the heartbeat reports and what a later
/// `verify` must reach.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub entries: u64,
    /// SHA-256 of the last line (GENESIS when empty).
    pub hash: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The chain is broken at this line (1-based).
    #[error("line {line}: {what}")]
    Broken { line: u64, what: String },
}

/// What `verify` found in an intact log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSummary {
    pub head: AuditHead,
    pub first_time: Option<String>,
    pub last_time: Option<String>,
}

/// The log, open for appending.
#[derive(Debug)]
pub struct AuditLog {
    path: PathBuf,
    file: File,
    kiosk: String,
    head: AuditHead,
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

impl AuditLog {
    /// Opens (or creates) the log at `path` for kiosk `kiosk`. It does not
    /// judge the existing chain (that is `verify`'s job) but continues it from
    /// the real last line. A torn last line without its newline (a crash
    /// mid-append) is cut off and an `audit_repaired` entry says so.
    pub fn open(path: &Path, kiosk: &str, now: DateTime<Utc>) -> Result<Self, AuditError> {
        let io = |source| AuditError::Io {
            path: path.to_owned(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            fs::create_dir_all(dir).map_err(io)?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(path)
            .map_err(io)?;
        let mut content = Vec::new();
        file.read_to_end(&mut content).map_err(io)?;
        let torn = match content.iter().rposition(|&b| b == b'\n') {
            Some(last_nl) => content.len() - (last_nl + 1),
            None => content.len(),
        };
        if torn > 0 {
            let keep = (content.len() - torn) as u64;
            file.set_len(keep).map_err(io)?;
            file.seek(SeekFrom::End(0)).map_err(io)?;
            content.truncate(keep as usize);
        }
        let mut entries = 0u64;
        let mut hash = GENESIS.to_owned();
        for line in content.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            entries += 1;
            hash = sha256_hex(line);
        }
        let mut log = Self {
            path: path.to_owned(),
            file,
            kiosk: kiosk.to_owned(),
            head: AuditHead { entries, hash },
        };
        if torn > 0 {
            log.append(
                AuditEvent::AuditRepaired,
                Some(&format!("cut {torn} bytes of a torn last line")),
                now,
            )?;
        }
        Ok(log)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn head(&self) -> &AuditHead {
        &self.head
    }

    /// Appends one entry and fsyncs it before returning.
    pub fn append(
        &mut self,
        event: AuditEvent,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<&AuditHead, AuditError> {
        let entry = AuditEntry {
            seq: self.head.entries + 1,
            time: now.to_rfc3339_opts(SecondsFormat::Millis, true),
            kiosk: self.kiosk.clone(),
            event: event.as_str().to_owned(),
            // A newline inside would split the line; keep details one line.
            detail: detail.map(|d| d.replace(['\n', '\r'], " ")),
            prev: self.head.hash.clone(),
        };
        let io = |source| AuditError::Io {
            path: self.path.clone(),
            source,
        };
        let line = serde_json::to_string(&entry).map_err(|e| io(std::io::Error::other(e)))?;
        let mut bytes = line.clone().into_bytes();
        bytes.push(b'\n');
        // One write call so the line is not interleaved; then to the disk.
        self.file.write_all(&bytes).map_err(io)?;
        self.file.sync_data().map_err(io)?;
        self.head = AuditHead {
            entries: entry.seq,
            hash: sha256_hex(line.as_bytes()),
        };
        Ok(&self.head)
    }
}

/// Checks the whole chain of the log at `path`: every line parses, its `seq`
/// follows, and its `prev` is the hash of the line before. Returns the first
/// broken line.
pub fn verify(path: &Path) -> Result<VerifiedSummary, AuditError> {
    let io = |source| AuditError::Io {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let mut reader = BufReader::new(file);
    let mut prev_hash = GENESIS.to_owned();
    let mut line_no = 0u64;
    let mut first_time = None;
    let mut last_time = None;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(io)?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let broken = |what: String| AuditError::Broken {
            line: line_no,
            what,
        };
        if buf.last() != Some(&b'\n') {
            return Err(broken(if buf.len() > MAX_LINE {
                "line too long".into()
            } else {
                "last line is not terminated (torn or appended by hand)".into()
            }));
        }
        buf.pop();
        let text = std::str::from_utf8(&buf).map_err(|_| broken("not UTF-8".into()))?;
        let entry: AuditEntry =
            serde_json::from_str(text).map_err(|e| broken(format!("not an audit entry: {e}")))?;
        if entry.prev != prev_hash {
            return Err(broken(
                "chain broken: prev does not match the hash of the line before \
                 (this line or the one before was edited, removed, inserted or moved)"
                    .into(),
            ));
        }
        if entry.seq != line_no {
            return Err(broken(format!("seq is {}, expected {line_no}", entry.seq)));
        }
        if DateTime::parse_from_rfc3339(&entry.time).is_err() {
            return Err(broken(format!("time {:?} is not RFC 3339", entry.time)));
        }
        if first_time.is_none() {
            first_time = Some(entry.time.clone());
        }
        last_time = Some(entry.time);
        prev_hash = sha256_hex(&buf);
    }
    Ok(VerifiedSummary {
        head: AuditHead {
            entries: line_no,
            hash: prev_hash,
        },
        first_time,
        last_time,
    })
}

/// The last `n` entries, newest last, for the dashboard. Lines that do not
/// parse are skipped (verify reports them).
pub fn tail(path: &Path, n: usize) -> Result<Vec<AuditEntry>, AuditError> {
    let io = |source| AuditError::Io {
        path: path.to_owned(),
        source,
    };
    let file = File::open(path).map_err(io)?;
    let mut out = std::collections::VecDeque::with_capacity(n.min(1024));
    for line in BufReader::new(file).lines() {
        let line = line.map_err(io)?;
        if let Ok(entry) = serde_json::from_str::<AuditEntry>(&line) {
            if out.len() == n {
                out.pop_front();
            }
            out.push_back(entry);
        }
    }
    Ok(out.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 10, min, 0)
            .single()
            .unwrap()
    }

    fn write_session(path: &Path) {
        let mut log = AuditLog::open(path, "TOT-0001", t(0)).unwrap();
        log.append(AuditEvent::PinFailed, None, t(1)).unwrap();
        log.append(AuditEvent::MaintenanceEntered, None, t(2))
            .unwrap();
        log.append(AuditEvent::ActionTaken, Some("led_test"), t(3))
            .unwrap();
        log.append(AuditEvent::ActionTaken, Some("paper_refilled"), t(4))
            .unwrap();
        log.append(AuditEvent::MaintenanceLeft, None, t(5)).unwrap();
    }

    fn lines(path: &Path) -> Vec<String> {
        fs::read_to_string(path)
            .unwrap()
            .lines()
            .map(str::to_owned)
            .collect()
    }

    fn write_lines(path: &Path, lines: &[String]) {
        fs::write(
            path,
            lines.iter().map(|l| format!("{l}\n")).collect::<String>(),
        )
        .unwrap();
    }

    fn broken_line(path: &Path) -> u64 {
        match verify(path) {
            Err(AuditError::Broken { line, .. }) => line,
            other => panic!("expected a broken chain, got {other:?}"),
        }
    }

    #[test]
    fn an_intact_log_verifies_and_reopening_continues_the_chain() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        write_session(&path);
        let mut log = AuditLog::open(&path, "TOT-0001", t(9)).unwrap();
        assert_eq!(log.head().entries, 5);
        let head = log
            .append(AuditEvent::ConfigReloaded, None, t(10))
            .unwrap()
            .clone();
        let summary = verify(&path).unwrap();
        assert_eq!(summary.head, head);
        assert_eq!(summary.head.entries, 6);
        assert_eq!(
            summary.first_time.as_deref(),
            Some("2026-11-25T10:01:00.000Z")
        );
        let first: serde_json::Value = serde_json::from_str(&lines(&path)[0]).unwrap();
        assert_eq!(first["event"], "pin_failed");
        assert_eq!(first["prev"], GENESIS);
        assert_eq!(first["kiosk"], "TOT-0001");
    }

    #[test]
    fn an_edited_line_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        write_session(&path);
        let mut l = lines(&path);
        // Someone hides that a PIN was wrong.
        l[0] = l[0].replace("pin_failed", "maintenance_left");
        write_lines(&path, &l);
        // Line 1 still parses and links to genesis; line 2's prev no longer matches.
        assert_eq!(broken_line(&path), 2);

        // Editing the last line changes its own hash, which nothing follows:
        // only the head recorded elsewhere shows it. Editing a detail in the
        // middle shows at the next line.
        write_session(&path.with_extension("b"));
        let path = path.with_extension("b");
        let mut l = lines(&path);
        l[2] = l[2].replace("led_test", "print_test_page");
        write_lines(&path, &l);
        assert_eq!(broken_line(&path), 4);
    }

    #[test]
    fn a_deleted_line_is_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        write_session(&path);
        let mut l = lines(&path);
        l.remove(1);
        write_lines(&path, &l);
        assert_eq!(broken_line(&path), 2);
    }

    #[test]
    fn reordered_lines_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        write_session(&path);
        let mut l = lines(&path);
        l.swap(2, 3);
        write_lines(&path, &l);
        assert_eq!(broken_line(&path), 3);
    }

    #[test]
    fn a_forged_line_with_a_recomputed_hash_still_breaks_seq() {
        // A line inserted with a correct prev still breaks the next line's
        // prev: a forger must rewrite every later line (and the head the
        // backend holds).
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        write_session(&path);
        let mut l = lines(&path);
        let forged = AuditEntry {
            seq: 2,
            time: "2026-11-25T10:01:30.000Z".into(),
            kiosk: "TOT-0001".into(),
            event: "maintenance_left".into(),
            detail: None,
            prev: sha256_hex(l[0].as_bytes()),
        };
        l.insert(1, serde_json::to_string(&forged).unwrap());
        write_lines(&path, &l);
        assert_eq!(broken_line(&path), 3);
    }

    #[test]
    fn garbage_and_unterminated_lines_are_reported_not_panicked_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        write_session(&path);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"\xff\xfe garbage");
        fs::write(&path, &bytes).unwrap();
        assert_eq!(broken_line(&path), 6);
        fs::write(&path, b"{\"seq\":1}\n").unwrap();
        assert_eq!(broken_line(&path), 1);
    }

    #[test]
    fn a_torn_last_line_is_cut_on_open_and_the_cut_is_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        write_session(&path);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"{\"seq\":6,\"time\":\"2026-");
        fs::write(&path, &bytes).unwrap();
        let log = AuditLog::open(&path, "TOT-0001", t(20)).unwrap();
        assert_eq!(log.head().entries, 6);
        drop(log);
        assert_eq!(verify(&path).unwrap().head.entries, 6);
        assert_eq!(tail(&path, 1).unwrap()[0].event, "audit_repaired");
    }

    #[test]
    fn details_stay_on_one_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        let mut log = AuditLog::open(&path, "TOT-0001", t(0)).unwrap();
        log.append(
            AuditEvent::OutOfService,
            Some("Sin papel\nvuelva luego"),
            t(1),
        )
        .unwrap();
        assert_eq!(verify(&path).unwrap().head.entries, 1);
        assert_eq!(
            tail(&path, 5).unwrap()[0].detail.as_deref(),
            Some("Sin papel vuelva luego")
        );
    }

    #[test]
    fn an_empty_or_missing_log() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("audit.log");
        assert!(matches!(verify(&path), Err(AuditError::Io { .. })));
        fs::write(&path, b"").unwrap();
        assert_eq!(
            verify(&path).unwrap().head,
            AuditHead {
                entries: 0,
                hash: GENESIS.into()
            }
        );
    }
}
