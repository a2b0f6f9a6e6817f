//! The printer: CUPS (IPP to cupsd) or a folder (the demo), behind one
//! [`Printer`] that owns the spool. Every call is short and blocking (a few
//! local round trips, timeouts of seconds): run it off the ui thread, e.g. in
//! `tokio::task::spawn_blocking`, and call [`Printer::poll`] about once a second
//! while something is printing.

use std::path::PathBuf;

use serde::Serialize;
use totem_config::{PaperSize, PrinterKind, PrinterSettings};

use crate::ipp::{keywords, Group, IppError, IppValue, Operation, Request, Response, Server};
use crate::spool::{self, JobKind, JobPhase, JobRecord, Spool, SpoolError};
use crate::state::{PrinterState, PrinterStatus};

#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(transparent)]
    Spool(#[from] SpoolError),
    #[error(transparent)]
    Render(#[from] crate::RenderError),
    #[error("job {0} has not failed, so it cannot be printed again")]
    NotFailed(String),
    #[error("job {0} has no PDF left in the spool: render it again")]
    PdfMissing(String),
}

/// What the backend is told about a job: it reached paper, or not.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeliveryOutcome {
    pub id: String,
    pub kind: JobKind,
    pub attempts: u32,
    pub delivered: bool,
    /// Why not, when not delivered (a printer-state code or a CUPS keyword).
    pub reason: Option<String>,
}

/// IPP status codes we tell apart (client-error-not-found,
/// server-error-not-accepting-jobs).
const NOT_FOUND: u16 = ::ipp::model::StatusCode::ClientErrorNotFound as u16;
const NOT_ACCEPTING_JOBS: u16 = ::ipp::model::StatusCode::ServerErrorNotAcceptingJobs as u16;

/// A name-without-language value (user and job names).
fn name(value: &str) -> Result<IppValue, IppError> {
    Ok(IppValue::new_name_without_language(value)?)
}

/// A job as CUPS reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum CupsJob {
    Pending,
    Completed,
    /// Aborted or canceled inside CUPS, with job-state-reasons.
    Ended(String),
    /// CUPS no longer knows it (its state was wiped).
    Gone,
}

/// cupsd through IPP. IPP rather than the `lp`/`lpstat` tools: job-state
/// (completed vs aborted vs canceled) and printer-state-reasons come back as
/// IPP keywords, while `lpstat` prints localized prose that does not even
/// say whether a finished job completed or was aborted.
pub struct Cups {
    server: Server,
    queue: String,
    media: &'static str,
    request_id: i32,
}

impl Cups {
    pub fn new(server: &str, queue: &str, paper: PaperSize) -> Self {
        Self {
            server: Server(server.to_owned()),
            queue: queue.to_owned(),
            media: match paper {
                PaperSize::Letter => "na_letter_8.5x11in",
                PaperSize::A4 => "iso_a4_210x297mm",
            },
            request_id: 0,
        }
    }

    fn request(&mut self, operation: Operation) -> Result<Request, IppError> {
        self.request_id = self.request_id.wrapping_add(1) & i32::MAX;
        let uri = self.server.printer_uri(&self.queue);
        Request::new(operation, self.request_id, &uri)
    }

    /// Sends a request built by `build` to the queue.
    fn send(
        &mut self,
        operation: Operation,
        document: &[u8],
        build: impl FnOnce(&mut Request) -> Result<(), IppError>,
    ) -> Result<Response, IppError> {
        let mut req = self.request(operation)?;
        build(&mut req)?;
        self.server.send(&self.path(), &req, document)
    }

    fn path(&self) -> String {
        format!("/printers/{}", self.queue)
    }

    fn ipp_failure(&self, error: &IppError) -> PrinterState {
        match error {
            IppError::Unreachable { .. } => PrinterState::ServiceUnreachable,
            IppError::Http(code) => PrinterState::OtherError(format!("http-{code}")),
            IppError::Malformed(_) => PrinterState::OtherError("bad-ipp-answer".into()),
            IppError::Request(_) => PrinterState::OtherError("bad-ipp-request".into()),
        }
    }

    fn status_failure(status: u16) -> PrinterState {
        match status {
            NOT_FOUND => PrinterState::QueueMissing,
            NOT_ACCEPTING_JOBS => PrinterState::NotAcceptingJobs,
            other => PrinterState::OtherError(format!("ipp-status-0x{other:04x}")),
        }
    }

    pub fn status(&mut self) -> PrinterStatus {
        let answered = self.send(Operation::GetPrinterAttributes, &[], |req| {
            let wanted = keywords(&[
                "printer-state",
                "printer-state-reasons",
                "printer-is-accepting-jobs",
                "printer-state-message",
            ])?;
            req.op("requested-attributes", wanted).map(drop)
        });
        let answer = match answered {
            Ok(answer) => answer,
            Err(e) => return PrinterStatus::from_state(self.ipp_failure(&e)),
        };
        if !answer.is_success() {
            return PrinterStatus::from_state(Self::status_failure(answer.status()));
        }
        let reasons = answer.texts("printer-state-reasons");
        let state = PrinterState::from_ipp(
            answer.integer("printer-state").unwrap_or(3),
            &reasons,
            answer.boolean("printer-is-accepting-jobs").unwrap_or(true),
        );
        PrinterStatus {
            state,
            reasons,
            message: answer
                .texts("printer-state-message")
                .into_iter()
                .next()
                .filter(|m| !m.is_empty()),
        }
    }

    /// Hands a PDF to CUPS; the job's title carries only the id (a folio).
    fn submit(&mut self, id: &str, pdf: &[u8]) -> Result<i32, PrinterState> {
        let media = self.media;
        let answer = self
            .send(Operation::PrintJob, pdf, |req| {
                req.op("requesting-user-name", name("totem")?)?
                    .op("job-name", name(&format!("totem-{id}"))?)?
                    .op(
                        "document-format",
                        IppValue::new_mime_media_type("application/pdf")?,
                    )?
                    .attr(Group::JobAttributes, "media", IppValue::new_keyword(media)?)
                    .map(drop)
            })
            .map_err(|e| self.ipp_failure(&e))?;
        if !answer.is_success() {
            return Err(Self::status_failure(answer.status()));
        }
        answer
            .integer("job-id")
            .ok_or_else(|| PrinterState::OtherError("no-job-id".into()))
    }

    fn job(&mut self, job_id: i32) -> Result<CupsJob, PrinterState> {
        let answer = self
            .send(Operation::GetJobAttributes, &[], |req| {
                req.op("job-id", IppValue::Integer(job_id))?
                    .op(
                        "requested-attributes",
                        keywords(&["job-state", "job-state-reasons"])?,
                    )
                    .map(drop)
            })
            .map_err(|e| self.ipp_failure(&e))?;
        if answer.status() == NOT_FOUND {
            return Ok(CupsJob::Gone);
        }
        if !answer.is_success() {
            return Err(Self::status_failure(answer.status()));
        }
        let reasons = answer.texts("job-state-reasons").join(",");
        Ok(match answer.integer("job-state") {
            Some(9) => CupsJob::Completed,
            Some(7) => CupsJob::Ended(format!("canceled:{reasons}")),
            Some(8) => CupsJob::Ended(format!("aborted:{reasons}")),
            _ => CupsJob::Pending,
        })
    }

    /// Best effort: cupsd may ask for authentication to cancel; then the job
    /// stays in CUPS and may still print later.
    fn cancel(&mut self, job_id: i32) {
        let answered = self.send(Operation::CancelJob, &[], |req| {
            req.op("job-id", IppValue::Integer(job_id))?
                .op("requesting-user-name", name("totem")?)
                .map(drop)
        });
        match answered {
            Ok(answer) if answer.is_success() => {}
            Ok(answer) => tracing::warn!(
                job_id,
                status = answer.status(),
                "CUPS refused to cancel a job"
            ),
            Err(e) => tracing::warn!(job_id, error = %e, "could not cancel a CUPS job"),
        }
    }
}

/// The demo printer: "printing" writes `<id>.pdf` into a folder.
pub struct Folder {
    dir: PathBuf,
}

impl Folder {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn status(&self) -> PrinterStatus {
        let ok = std::fs::create_dir_all(&self.dir).is_ok()
            && std::fs::metadata(&self.dir).is_ok_and(|m| !m.permissions().readonly());
        PrinterStatus::from_state(if ok {
            PrinterState::Ready
        } else {
            PrinterState::FolderUnavailable
        })
    }

    fn submit(&self, id: &str, pdf: &[u8]) -> Result<(), PrinterState> {
        std::fs::create_dir_all(&self.dir).map_err(|_| PrinterState::FolderUnavailable)?;
        spool::write_atomic(&self.dir.join(format!("{id}.pdf")), pdf)
            .map_err(|_| PrinterState::FolderUnavailable)
    }
}

pub enum Backend {
    Cups(Cups),
    Folder(Folder),
}

/// The kiosk's printer and its spool.
pub struct Printer {
    backend: Backend,
    spool: Spool,
    jobs: Vec<JobRecord>,
    status: PrinterStatus,
}

impl Printer {
    /// Opens the printer of kiosk.toml and rescans the spool: jobs left by a
    /// crash or restart resume on the next [`Printer::poll`].
    pub fn open(settings: &PrinterSettings) -> Result<Self, PrintError> {
        let backend = match settings.kind {
            PrinterKind::Cups => Backend::Cups(Cups::new(
                &settings.cups_server,
                &settings.queue,
                settings.paper,
            )),
            PrinterKind::Folder => Backend::Folder(Folder::new(&settings.folder)),
        };
        Self::with_backend(backend, &settings.spool_dir)
    }

    pub fn with_backend(
        backend: Backend,
        spool_dir: impl Into<PathBuf>,
    ) -> Result<Self, PrintError> {
        let spool = Spool::open(spool_dir)?;
        let jobs = spool.scan()?;
        if !jobs.is_empty() {
            tracing::info!(jobs = jobs.len(), "print spool rescanned");
        }
        Ok(Self {
            backend,
            spool,
            jobs,
            status: PrinterStatus::from_state(PrinterState::Ready),
        })
    }

    /// Puts a document in the spool. Nothing is sent yet: [`Printer::poll`]
    /// sends it as soon as the printer can print.
    pub fn enqueue(&mut self, id: &str, kind: JobKind, pdf: &[u8]) -> Result<(), PrintError> {
        let record = JobRecord {
            id: id.to_owned(),
            kind,
            attempts: 0,
            phase: JobPhase::Queued,
        };
        self.spool.add(&record, pdf)?;
        tracing::info!(id, ?kind, "print job spooled");
        self.jobs.push(record);
        Ok(())
    }

    /// Spools a test page for the technician (a sample certificate with
    /// synthetic data, marked as a sample); returns its job id.
    pub fn enqueue_test_page(
        &mut self,
        kiosk_id: &str,
        paper: PaperSize,
    ) -> Result<String, PrintError> {
        let kind = "nacimiento-todo-tramite";
        let mut page = crate::sample::certificate(
            kind,
            crate::CertificateTitle::from_kind(kind).unwrap_or(crate::CertificateTitle {
                family: "Página de prueba".into(),
                purpose: String::new(),
            }),
        );
        page.kiosk_id = kiosk_id.to_owned();
        page.issued_at = chrono::Local::now().naive_local();
        let id = format!("test-{}", page.issued_at.format("%Y%m%dT%H%M%S%3f"));
        page.folio = id.clone();
        let pdf = crate::render_certificate(&page, &crate::Issuer::default(), paper)?;
        self.enqueue(&id, JobKind::TestPage, &pdf)?;
        Ok(id)
    }

    /// Reads the printer's state, sends queued jobs if it can print, and
    /// follows sent jobs to completion. Returns the printer's status.
    pub fn poll(&mut self) -> &PrinterStatus {
        self.status = match &mut self.backend {
            Backend::Cups(cups) => cups.status(),
            Backend::Folder(folder) => folder.status(),
        };
        for index in 0..self.jobs.len() {
            if let Err(e) = self.advance(index) {
                tracing::warn!(id = %self.jobs[index].id, error = %e, "print spool update failed");
            }
        }
        &self.status
    }

    fn advance(&mut self, index: usize) -> Result<(), PrintError> {
        let record = self.jobs[index].clone();
        let next = match record.phase {
            JobPhase::Queued if self.status.state.can_print() => {
                let pdf = match self.spool.pdf(&record.id) {
                    Ok(pdf) => zeroize::Zeroizing::new(pdf),
                    // Someone removed the document: nothing left to send.
                    Err(e) => {
                        tracing::warn!(id = %record.id, error = %e, "spooled PDF missing");
                        let next = JobRecord {
                            phase: JobPhase::Failed {
                                reason: "spool-pdf-missing".into(),
                            },
                            ..record.clone()
                        };
                        self.spool.save(&next)?;
                        self.jobs[index] = next;
                        return Ok(());
                    }
                };
                let sent = match &mut self.backend {
                    Backend::Cups(cups) => cups.submit(&record.id, &pdf).map(JobPhase::submitted),
                    Backend::Folder(folder) => {
                        folder.submit(&record.id, &pdf).map(|()| JobPhase::Printed)
                    }
                };
                match sent {
                    Ok(phase) => {
                        let mut next = record.clone();
                        next.attempts += 1;
                        next.phase = phase;
                        next
                    }
                    Err(state) => {
                        // The printer changed its mind since the status read; wait.
                        tracing::warn!(id = %record.id, state = state.code(), "print job not accepted yet");
                        self.status = PrinterStatus::from_state(state);
                        return Ok(());
                    }
                }
            }
            JobPhase::Submitted { cups_job } => {
                let Backend::Cups(cups) = &mut self.backend else {
                    return Ok(());
                };
                match cups.job(cups_job) {
                    Ok(CupsJob::Pending) | Err(_) => return Ok(()),
                    Ok(CupsJob::Completed) => JobRecord {
                        phase: JobPhase::Printed,
                        ..record.clone()
                    },
                    Ok(CupsJob::Ended(reason)) => JobRecord {
                        phase: JobPhase::Failed { reason },
                        ..record.clone()
                    },
                    // CUPS lost it: send it again rather than lose it.
                    Ok(CupsJob::Gone) => JobRecord {
                        phase: JobPhase::Queued,
                        ..record.clone()
                    },
                }
            }
            _ => return Ok(()),
        };
        self.spool.save(&next)?;
        if next.phase == JobPhase::Printed {
            self.spool.remove_pdf(&next.id)?;
        }
        tracing::info!(id = %next.id, attempts = next.attempts, phase = ?next.phase, "print job moved on");
        self.jobs[index] = next;
        Ok(())
    }

    /// The status read by the last [`Printer::poll`].
    pub fn status(&self) -> &PrinterStatus {
        &self.status
    }

    /// Every job in the spool (for the technician dashboard).
    pub fn jobs(&self) -> &[JobRecord] {
        &self.jobs
    }

    pub fn job(&self, id: &str) -> Option<&JobRecord> {
        self.jobs.iter().find(|j| j.id == id)
    }

    fn index(&self, id: &str) -> Result<usize, PrintError> {
        self.jobs
            .iter()
            .position(|j| j.id == id)
            .ok_or_else(|| PrintError::Spool(SpoolError::Unknown(id.to_owned())))
    }

    /// Prints a failed job again, same id (folio), from the spooled PDF.
    pub fn reprint(&mut self, id: &str) -> Result<(), PrintError> {
        let index = self.index(id)?;
        if !matches!(self.jobs[index].phase, JobPhase::Failed { .. }) {
            return Err(PrintError::NotFailed(id.to_owned()));
        }
        if !self.spool.pdf_path_of(id)?.exists() {
            return Err(PrintError::PdfMissing(id.to_owned()));
        }
        let next = JobRecord {
            phase: JobPhase::Queued,
            ..self.jobs[index].clone()
        };
        self.spool.save(&next)?;
        self.jobs[index] = next;
        Ok(())
    }

    /// Stops waiting for a job (the citizen left, or the app timed out): it
    /// is withdrawn from CUPS if it was sent, and marked failed.
    pub fn give_up(&mut self, id: &str, reason: &str) -> Result<(), PrintError> {
        let index = self.index(id)?;
        let record = self.jobs[index].clone();
        match record.phase {
            JobPhase::Printed | JobPhase::Failed { .. } => return Ok(()),
            JobPhase::Submitted { cups_job } => {
                if let Backend::Cups(cups) = &mut self.backend {
                    cups.cancel(cups_job);
                }
            }
            JobPhase::Queued => {}
        }
        let next = JobRecord {
            phase: JobPhase::Failed {
                reason: reason.to_owned(),
            },
            ..record
        };
        self.spool.save(&next)?;
        self.jobs[index] = next;
        Ok(())
    }

    /// Finished jobs whose outcome the backend has not been told yet
    /// (survives restarts: report them, then [`Printer::acknowledge`]).
    pub fn outcomes(&self) -> Vec<DeliveryOutcome> {
        self.jobs
            .iter()
            .filter_map(|job| {
                let (delivered, reason) = match &job.phase {
                    JobPhase::Printed => (true, None),
                    JobPhase::Failed { reason } => (false, Some(reason.clone())),
                    _ => return None,
                };
                Some(DeliveryOutcome {
                    id: job.id.clone(),
                    kind: job.kind,
                    attempts: job.attempts,
                    delivered,
                    reason,
                })
            })
            .collect()
    }

    /// The outcome was reported: the job leaves the spool (a failed job's
    /// PDF is deleted with it, so it can no longer be reprinted).
    pub fn acknowledge(&mut self, id: &str) -> Result<(), PrintError> {
        let index = self.index(id)?;
        self.spool.remove(id)?;
        self.jobs.remove(index);
        Ok(())
    }
}

impl JobPhase {
    fn submitted(cups_job: i32) -> Self {
        Self::Submitted { cups_job }
    }
}
