//! The printer side of [`Effects`]: `Print { folio }` lays the certificate
//! the registry issued out as a PDF (`totem_print`), puts it in the spool and
//! follows the job to paper or to a failure the flow can name;
//! `PrintCodeSlip` prints the activation code on a slip.
//!
//! The registry's answer (the certificate's content) reaches this module
//! through [`Issued`], shared with [`RegistryEffects`](super::registry::RegistryEffects).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iced::{Subscription, Task};
use totem_config::PaperSize;
use totem_flow::{Command, Event, PrintFailure, Service};
use totem_print::{
    render_certificate, render_slip, ActivationSlip, CertificateDocument, DataLine, Issuer,
    JobKind, JobPhase, Printer, PrinterState,
};
use totem_registry::api;

use super::delivery::DeliveryReports;
use super::Effects;

/// Certificates issued in this run and not printed yet, by folio.
pub type Issued = Arc<Mutex<HashMap<String, api::IssuedCertificate>>>;

/// How long a job may take to reach paper before the flow hears it failed.
const JOB_TIMEOUT: Duration = Duration::from_secs(60);

pub struct PrintEffects<O: Effects> {
    printer: Arc<Mutex<Printer>>,
    issued: Issued,
    paper: PaperSize,
    kiosk_id: String,
    /// Where finished certificates' outcomes go before they leave the spool.
    reports: Option<DeliveryReports>,
    others: O,
}

impl<O: Effects> PrintEffects<O> {
    pub fn new(
        printer: Arc<Mutex<Printer>>,
        issued: Issued,
        paper: PaperSize,
        kiosk_id: &str,
        others: O,
    ) -> Self {
        Self {
            printer,
            issued,
            paper,
            kiosk_id: kiosk_id.to_string(),
            reports: None,
            others,
        }
    }

    /// Each finished certificate's outcome goes into the delivery-report
    /// queue before its job leaves the spool. What a crash or a restart left
    /// finished in the spool is queued now.
    pub fn reporting_to(mut self, reports: impl Into<Option<DeliveryReports>>) -> Self {
        self.reports = reports.into();
        self.hand_over_finished();
        self
    }

    /// Every finished job leaves the spool (see [`hand_over`]).
    fn hand_over_finished(&self) {
        hand_over(&self.printer, self.reports.as_ref(), None);
    }
}

/// Finished jobs (all, or only `only`) leave the spool with their PDFs —
/// their citizen has gone; a certificate's outcome is queued for the
/// registry first. Jobs still on their way to paper stay, crash-safe, until
/// they finish.
fn hand_over(printer: &Mutex<Printer>, reports: Option<&DeliveryReports>, only: Option<&str>) {
    let Ok(mut printer) = printer.lock() else {
        return;
    };
    for finished in printer.outcomes() {
        if only.is_some_and(|id| id != finished.id) {
            continue;
        }
        if let (Some(reports), JobKind::Certificate) = (reports, finished.kind) {
            // Not kept (the disk refused): the PDF goes anyway, privacy
            // first; the flow's own report was already tried.
            reports.record(&finished.id, finished.delivered, finished.reason.as_deref());
        }
        let _ = printer.acknowledge(&finished.id);
    }
}

/// The certificate as the registry returned it, laid out for paper.
fn document(issued: &api::IssuedCertificate, kiosk_id: &str) -> CertificateDocument {
    let content = &issued.content;
    let mut lines = vec![
        DataLine::new("Nombre", content.subject_name.as_str()),
        DataLine::new("RUN", content.subject_run.to_string()),
    ];
    lines.extend(
        content
            .data_lines
            .iter()
            .map(|l| DataLine::new(l.label_es.clone(), l.value.as_str())),
    );
    CertificateDocument {
        kind: content.kind.clone(),
        family: content.title_es.clone(),
        purpose: content.purpose_es.clone(),
        lines,
        folio: issued.folio.to_string(),
        verification_code: issued.verification_code.clone(),
        issued_at: issued.issued_at.with_timezone(&chrono::Local).naive_local(),
        kiosk_id: kiosk_id.to_string(),
        verification_url: content.verification_url.clone(),
        sample: false,
    }
}

fn failure(state: &PrinterState) -> PrintFailure {
    match state {
        PrinterState::MediaEmpty => PrintFailure::OutOfPaper,
        PrinterState::MediaJam | PrinterState::DoorOpen => PrintFailure::PaperJam,
        PrinterState::Offline
        | PrinterState::QueueDisabled
        | PrinterState::NotAcceptingJobs
        | PrinterState::QueueMissing
        | PrinterState::ServiceUnreachable
        | PrinterState::FolderUnavailable => PrintFailure::Offline,
        _ => PrintFailure::Other,
    }
}

/// Spool the job (or re-queue a failed one) and poll it to its end.
fn print_blocking(
    printer: &Mutex<Printer>,
    folio: &str,
    pdf: Option<&[u8]>,
) -> Result<(), PrintFailure> {
    {
        let mut p = printer.lock().map_err(|_| PrintFailure::Other)?;
        let known = p.job(folio).map(|j| j.phase.clone());
        match (known, pdf) {
            (Some(JobPhase::Failed { .. }), _) => {
                p.reprint(folio).map_err(|_| PrintFailure::Other)?
            }
            (Some(_), _) => {}
            (None, Some(pdf)) => p
                .enqueue(folio, JobKind::Certificate, pdf)
                .map_err(|_| PrintFailure::Other)?,
            (None, None) => return Err(PrintFailure::Other),
        }
    }
    let started = Instant::now();
    loop {
        let (phase, state) = {
            let mut p = printer.lock().map_err(|_| PrintFailure::Other)?;
            let state = p.poll().state.clone();
            (p.job(folio).map(|j| j.phase.clone()), state)
        };
        match phase {
            Some(JobPhase::Printed) => return Ok(()),
            Some(JobPhase::Failed { .. }) => return Err(failure(&state)),
            None => return Err(PrintFailure::Other),
            Some(_) if !state.can_print() => {
                // The job waits in the spool; the citizen hears why now and
                // can ask for the same folio again.
                let _ = printer
                    .lock()
                    .map(|mut p| p.give_up(folio, "printer cannot print"));
                return Err(failure(&state));
            }
            Some(_) => {}
        }
        if started.elapsed() > JOB_TIMEOUT {
            let _ = printer.lock().map(|mut p| p.give_up(folio, "timed out"));
            return Err(PrintFailure::Other);
        }
        std::thread::sleep(Duration::from_millis(300));
    }
}

impl<O: Effects> Effects for PrintEffects<O> {
    fn perform(&mut self, session: u64, command: Command) -> Task<Event> {
        match command {
            Command::Print { folio } => {
                let printer = self.printer.clone();
                let issued = self.issued.lock().ok().and_then(|m| m.get(&folio).cloned());
                let pdf = issued.as_ref().and_then(|c| {
                    render_certificate(&document(c, &self.kiosk_id), &Issuer::default(), self.paper)
                        .ok()
                });
                let (in_session, reports) = (self.issued.clone(), self.reports.clone());
                Task::future(async move {
                    let job = tokio::task::spawn_blocking(move || {
                        let printed =
                            print_blocking(&printer, &folio, pdf.as_ref().map(|p| p.as_slice()));
                        // The session ended while this job was on its way
                        // (its certificate is no longer kept): nobody will
                        // end it again, so it is handed over now.
                        let ended = in_session
                            .lock()
                            .map(|m| !m.contains_key(&folio))
                            .unwrap_or(false);
                        if ended {
                            hand_over(&printer, reports.as_ref(), Some(&folio));
                        }
                        printed
                    });
                    Event::Printed(job.await.unwrap_or(Err(PrintFailure::Other)))
                })
            }
            Command::PrintCodeSlip { code } => {
                let slip = ActivationSlip {
                    code: code.expose().to_string(),
                    expiry_note: String::new(),
                    kiosk_id: self.kiosk_id.clone(),
                    issued_at: chrono::Local::now().naive_local(),
                };
                let printer = self.printer.clone();
                if let Ok(pdf) = render_slip(&slip, &Issuer::default()) {
                    let id = format!("slip-{}", chrono::Local::now().format("%Y%m%dT%H%M%S%3f"));
                    if let Ok(mut p) = printer.lock() {
                        let _ = p.enqueue(&id, JobKind::ActivationSlip, &pdf);
                        p.poll();
                    }
                }
                Task::none()
            }
            Command::EndSession { outcome } => {
                if let Ok(mut issued) = self.issued.lock() {
                    // Nothing of this citizen's certificates stays in memory.
                    issued.clear();
                }
                // Nor on disk: the citizen has gone, so a finished job (printed,
                // or failed and not reprinted) leaves the spool with its PDF,
                // its outcome handed to the delivery-report queue.
                self.hand_over_finished();
                self.others
                    .perform(session, Command::EndSession { outcome })
            }
            other => self.others.perform(session, other),
        }
    }

    fn subscription(&self) -> Subscription<Event> {
        self.others.subscription()
    }

    fn present(&self) -> Vec<Service> {
        let mut present = self.others.present();
        let can_print = self
            .printer
            .lock()
            .map(|mut p| p.poll().state.can_print())
            .unwrap_or(false);
        if can_print {
            present.push(Service::Printer);
        }
        present
    }
}
