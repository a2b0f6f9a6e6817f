//! The delivery-report queue: what became of each certificate (printed or
//! not), kept on disk until the registry has it, so a report made while the
//! registry is down still arrives.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use totem_registry::{Backoff, Client, DeliveryOutbox, Reporter, ReporterHandle};

/// The delivery-report queue on disk (`totem_registry::DeliveryOutbox`) and
/// the thread that sends it to the registry. Cheap to clone; the thread
/// stops when the last clone is dropped.
#[derive(Clone, Debug)]
pub struct DeliveryReports {
    outbox: Arc<DeliveryOutbox>,
    reporter: Option<Arc<ReporterHandle>>,
}

impl DeliveryReports {
    /// The queue's folder for a spool folder: beside it, named after it
    /// (`/var/lib/totem/spool` → `/var/lib/totem/spool-reports`), so the
    /// spool holds only print jobs.
    pub fn dir_for_spool(spool_dir: &Path) -> PathBuf {
        let name = spool_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "spool".into());
        spool_dir.with_file_name(format!("{name}-reports"))
    }

    /// Opens the queue in `dir` and, with a client, starts sending what it
    /// holds (what an earlier run left first).
    pub fn start(dir: &Path, client: Option<Client>, backoff: Backoff) -> std::io::Result<Self> {
        let outbox = Arc::new(DeliveryOutbox::open(dir)?);
        let reporter = match client {
            Some(client) => Some(Arc::new(Reporter::spawn(client, outbox.clone(), backoff)?)),
            None => None,
        };
        Ok(Self { outbox, reporter })
    }

    pub fn outbox(&self) -> &DeliveryOutbox {
        &self.outbox
    }

    /// Keeps the outcome of `folio` until the registry has it; returns the
    /// report to try now (none when this outcome was already delivered).
    pub fn record(
        &self,
        folio: &str,
        delivered: bool,
        reason: Option<&str>,
    ) -> Option<totem_registry::PendingReport> {
        let Ok(number) = folio.parse::<u64>() else {
            return None;
        };
        match self
            .outbox
            .record(number, delivered, reason, chrono::Utc::now())
        {
            Ok(report) => {
                self.nudge();
                report
            }
            Err(error) => {
                tracing::error!(folio, %error, "delivery report not kept on disk");
                None
            }
        }
    }

    /// Something to send: the reporter looks now.
    pub fn nudge(&self) {
        if let Some(reporter) = &self.reporter {
            reporter.nudge();
        }
    }
}
