//! Delivery reports that reach the registry eventually.
//!
//! When a certificate is printed (or given up), the registry must hear it, or
//! the folio stays `pending` and then expires. The registry may be down at
//! that moment, and the kiosk may restart before it is back, so each report
//! is first written to a small queue on disk — one `<folio>.json` per
//! certificate, written to a temporary file, synced and renamed like the
//! print spool — and a [`Reporter`] thread sends what is there, with backoff,
//! until the registry takes it.
//!
//! A report holds the folio, the outcome, the printer's reason code, the time
//! and its idempotency key: no RUN, no name. The key is stored with it so a
//! report sent again (after a lost answer, or after a restart) is the same
//! report to the registry.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::api::{Delivery, DeliveryReport};
use crate::client::{new_idempotency_key, Client, RegistryError};

/// One report waiting for the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingReport {
    pub folio: u64,
    /// `printed` or `failed`.
    pub outcome: Delivery,
    /// The printer's reason code when not printed (no personal data).
    pub detail: Option<String>,
    /// When the outcome was known.
    pub at: DateTime<Utc>,
    pub idempotency_key: String,
}

impl PendingReport {
    pub fn request(&self) -> DeliveryReport {
        DeliveryReport {
            outcome: self.outcome,
            detail: self.detail.clone(),
            at: Some(self.at),
        }
    }
}

/// What became of one attempt to send a report.
#[derive(Debug)]
pub enum Sent {
    /// The registry recorded it.
    Recorded(Delivery),
    /// The registry refused it for good (e.g. `already_delivered`: it was
    /// printed, a stale "failed" does not matter); it leaves the queue.
    Refused(RegistryError),
}

/// Reports remembered as delivered in this run, so the same outcome heard
/// twice (from the flow, then from the spool) is not sent twice.
const RECENT: usize = 512;

/// The queue folder.
pub struct DeliveryOutbox {
    dir: PathBuf,
    /// Serializes writes and removals: a removal must not delete a newer
    /// report for the same folio written meanwhile.
    recent: Mutex<VecDeque<(u64, Delivery)>>,
}

impl std::fmt::Debug for DeliveryOutbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DeliveryOutbox")
            .field("dir", &self.dir)
            .finish_non_exhaustive()
    }
}

impl DeliveryOutbox {
    /// Opens (creating, mode 0700) the queue folder.
    pub fn open(dir: impl Into<PathBuf>) -> std::io::Result<Self> {
        let dir = dir.into();
        fs::create_dir_all(&dir)?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700))?;
        Ok(Self {
            dir,
            recent: Mutex::new(VecDeque::new()),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, folio: u64) -> PathBuf {
        self.dir.join(format!("{folio}.json"))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<(u64, Delivery)>> {
        self.recent.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn read(&self, folio: u64) -> Option<PendingReport> {
        let bytes = fs::read(self.path(folio)).ok()?;
        serde_json::from_slice::<PendingReport>(&bytes)
            .ok()
            .filter(|r| r.folio == folio)
    }

    /// Keeps the outcome of `folio` until the registry takes it. Returns the
    /// report to send, or `None` when this very outcome was already delivered
    /// in this run. The same outcome recorded twice stays one report (same
    /// key); a different one (failed, then printed on a reprint) replaces it.
    pub fn record(
        &self,
        folio: u64,
        delivered: bool,
        detail: Option<&str>,
        at: DateTime<Utc>,
    ) -> std::io::Result<Option<PendingReport>> {
        let outcome = if delivered {
            Delivery::Printed
        } else {
            Delivery::Failed
        };
        let recent = self.lock();
        if recent.contains(&(folio, outcome)) {
            return Ok(None);
        }
        if let Some(existing) = self.read(folio).filter(|r| r.outcome == outcome) {
            return Ok(Some(existing));
        }
        let report = PendingReport {
            folio,
            outcome,
            detail: detail.map(reason_code).filter(|d| !d.is_empty()),
            at,
            idempotency_key: new_idempotency_key(),
        };
        let json = serde_json::to_vec_pretty(&report).map_err(std::io::Error::other)?;
        write_atomic(&self.path(folio), &json)?;
        drop(recent);
        Ok(Some(report))
    }

    /// Every report waiting, oldest first. Unreadable files are left for a
    /// technician (and said once per scan), never fatal.
    pub fn pending(&self) -> Vec<PendingReport> {
        let _guard = self.lock();
        let mut reports = Vec::new();
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return reports;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') {
                // A write interrupted by a crash.
                let _ = fs::remove_file(entry.path());
                continue;
            }
            let Some(folio) = name
                .strip_suffix(".json")
                .and_then(|f| f.parse::<u64>().ok())
            else {
                continue;
            };
            match self.read(folio) {
                Some(report) => reports.push(report),
                None => tracing::warn!(file = name, "unreadable delivery report left in place"),
            }
        }
        reports.sort_by_key(|r| (r.at, r.folio));
        reports
    }

    /// The registry has `report`: it leaves the queue, unless a newer report
    /// for the same folio replaced it meanwhile.
    pub fn settle(&self, report: &PendingReport) -> std::io::Result<()> {
        let mut recent = self.lock();
        if recent.len() >= RECENT {
            recent.pop_front();
        }
        recent.push_back((report.folio, report.outcome));
        let current = self.read(report.folio);
        if current.is_none_or(|c| c.idempotency_key == report.idempotency_key) {
            match fs::remove_file(self.path(report.folio)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            File::open(&self.dir)?.sync_all()?;
        }
        Ok(())
    }

    /// Sends one report. On an answer (recorded, or refused for good) it
    /// leaves the queue; when the registry could not be asked it stays, and
    /// the error says why.
    pub async fn deliver(
        &self,
        client: &Client,
        report: &PendingReport,
    ) -> Result<Sent, RegistryError> {
        let sent = match client
            .report_delivery_with_key(report.folio, &report.request(), &report.idempotency_key)
            .await
        {
            Ok(recorded) => Sent::Recorded(recorded.delivery),
            // A refusal is the registry's decision, stored under the key: a
            // repeat would only hear it again.
            Err(refused @ RegistryError::Rejected(_)) => {
                tracing::warn!(folio = report.folio, error = %refused, "delivery report refused");
                Sent::Refused(refused)
            }
            Err(error) => return Err(error),
        };
        if let Err(error) = self.settle(report) {
            tracing::error!(folio = report.folio, %error, "delivery report sent but not removed");
        }
        Ok(sent)
    }

    /// Sends every waiting report, oldest first; stops at the first one the
    /// registry could not be asked about (it is down: the rest would fail
    /// too). Returns how many are still waiting.
    pub async fn flush(&self, client: &Client) -> Result<usize, RegistryError> {
        for report in self.pending() {
            self.deliver(client, &report).await?;
        }
        Ok(self.pending().len())
    }
}

/// Printer reasons are keywords (`media-empty`, `timed out`); keep only
/// their harmless characters so free text can never carry anything else.
fn reason_code(detail: &str) -> String {
    detail
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ' | '.'))
        .take(64)
        .collect()
}

/// Writes `bytes` to `path` (mode 0600) through a synced temporary file and a
/// rename, then syncs the folder: a crash leaves the old file or the new one.
/// (The same discipline as the print spool's; this crate does not depend on
/// the printer's.)
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)?;
    File::open(dir)?.sync_all()
}

/// How the [`Reporter`] waits between rounds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Backoff {
    /// After the first failed round; doubled after each failed round.
    pub first: Duration,
    pub max: Duration,
    /// With nothing failing, how often the queue is looked at anyway (new
    /// reports also wake it at once).
    pub idle: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            first: Duration::from_secs(2),
            max: Duration::from_secs(300),
            idle: Duration::from_secs(60),
        }
    }
}

/// The background sender: a thread of its own with a small runtime, so a
/// slow or absent registry never holds the ui up.
pub struct Reporter;

/// The running reporter. Dropping it stops the thread after its current
/// call.
pub struct ReporterHandle {
    wake: Arc<tokio::sync::Notify>,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for ReporterHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ReporterHandle").finish_non_exhaustive()
    }
}

impl Reporter {
    /// Starts sending what `outbox` holds, now and whenever
    /// [`ReporterHandle::nudge`] says there is something new.
    pub fn spawn(
        client: Client,
        outbox: Arc<DeliveryOutbox>,
        backoff: Backoff,
    ) -> std::io::Result<ReporterHandle> {
        let wake = Arc::new(tokio::sync::Notify::new());
        let stop = Arc::new(AtomicBool::new(false));
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let (thread_wake, thread_stop) = (wake.clone(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("totem-delivery-reports".into())
            .spawn(move || {
                runtime.block_on(run(client, outbox, backoff, thread_wake, thread_stop))
            })?;
        Ok(ReporterHandle {
            wake,
            stop,
            thread: Some(thread),
        })
    }
}

async fn run(
    client: Client,
    outbox: Arc<DeliveryOutbox>,
    backoff: Backoff,
    wake: Arc<tokio::sync::Notify>,
    stop: Arc<AtomicBool>,
) {
    let mut wait_after_failure = backoff.first;
    while !stop.load(Ordering::SeqCst) {
        let wait = match outbox.flush(&client).await {
            Ok(_) => {
                wait_after_failure = backoff.first;
                backoff.idle
            }
            Err(error) => {
                let wait = wait_after_failure;
                tracing::info!(%error, retry_in_ms = wait.as_millis() as u64, "delivery reports wait for the registry");
                wait_after_failure = (wait_after_failure * 2).min(backoff.max);
                wait
            }
        };
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(wait) => {}
        }
    }
}

impl ReporterHandle {
    /// Something new is in the queue: look now.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    /// Stops the thread and waits for it (its current call included).
    pub fn stop(mut self) {
        self.signal_stop();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }

    fn signal_stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake.notify_one();
    }
}

impl Drop for ReporterHandle {
    fn drop(&mut self) {
        self.signal_stop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_survive_a_reopen_once_each_and_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("reports");
        let outbox = DeliveryOutbox::open(&path).unwrap();
        let at = Utc::now();
        let failed = outbox
            .record(500_000_001, false, Some("media-empty"), at)
            .unwrap()
            .unwrap();
        // The same outcome again (the spool after the flow) is the same report.
        let again = outbox
            .record(500_000_001, false, Some("media-empty"), at)
            .unwrap()
            .unwrap();
        assert_eq!(again, failed);
        // A reprint that printed replaces it, with a key of its own.
        let printed = outbox.record(500_000_001, true, None, at).unwrap().unwrap();
        assert_ne!(printed.idempotency_key, failed.idempotency_key);
        outbox.record(500_000_002, true, None, at).unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        let file = path.join("500000001.json");
        let mode = fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);

        // A crash mid-write leaves a temporary file; a reopen ignores it.
        fs::write(path.join(".500000003.json.tmp"), b"{").unwrap();
        fs::write(path.join("500000004.json"), b"not json").unwrap();
        let reopened = DeliveryOutbox::open(&path).unwrap();
        let waiting = reopened.pending();
        assert_eq!(
            waiting.iter().map(|r| r.folio).collect::<Vec<_>>(),
            [500_000_001, 500_000_002]
        );
        assert_eq!(waiting[0], printed);
        assert!(!path.join(".500000003.json.tmp").exists());

        // Settling the stale "failed" must not remove the newer "printed".
        reopened.settle(&failed).unwrap();
        assert!(file.exists());
        reopened.settle(&printed).unwrap();
        assert!(!file.exists());
        // Delivered in this run: hearing it again sends nothing.
        assert_eq!(reopened.record(500_000_001, true, None, at).unwrap(), None);
    }

    #[test]
    fn a_reason_keeps_only_keyword_characters() {
        let dir = tempfile::tempdir().unwrap();
        let outbox = DeliveryOutbox::open(dir.path()).unwrap();
        let r = outbox
            .record(7, false, Some("media-empty\n{\"x\":1} ñandú"), Utc::now())
            .unwrap()
            .unwrap();
        assert_eq!(r.detail.as_deref(), Some("media-emptyx1 and"));
        let json = fs::read_to_string(dir.path().join("7.json")).unwrap();
        let keys: Vec<String> = serde_json::from_str::<serde_json::Value>(&json)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        assert_eq!(
            keys,
            ["at", "detail", "folio", "idempotency_key", "outcome"]
        );
    }
}
