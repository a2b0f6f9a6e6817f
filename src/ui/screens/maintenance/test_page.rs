//! "Print a test page": spooled on the kiosk's printer and followed to
//! paper (or to the printer's problem); withdrawn if the technician leaves
//! before it is printed.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use iced::futures::SinkExt;
use iced::Task;
use totem_config::PaperSize;
use totem_maintenance::metrics::Metrics;
use totem_maintenance::reports::{self, ActionReport, TestPageProgress};
use totem_print::{JobPhase, Printer};

use super::words::print_state_text;
use crate::ui::effects::operations::publish_printer;

/// How often the test page's job is looked at.
const TEST_PAGE_POLL: Duration = Duration::from_millis(500);
/// A test page still not on paper after this long is no longer followed.
const TEST_PAGE_WATCH: Duration = Duration::from_secs(600);

/// The test page moved on: its job id and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Message(pub String, pub TestPageProgress);

/// The test page being followed: its id and where it is.
#[derive(Default)]
pub struct TestPage(Option<(String, TestPageProgress)>);

impl TestPage {
    pub fn update(&mut self, Message(id, progress): Message) {
        // Only news of the page under way counts.
        if self.0.as_ref().is_some_and(|(known, _)| *known == id) {
            self.0 = Some((id, progress));
        }
    }

    /// Still on its way to paper.
    pub fn busy(&self) -> bool {
        matches!(
            self.0,
            Some((
                _,
                TestPageProgress::Waiting | TestPageProgress::PrinterProblem(_)
            ))
        )
    }

    pub fn report(&self) -> Option<ActionReport> {
        self.0
            .as_ref()
            .map(|(id, progress)| reports::test_page(id, progress))
    }

    /// Spools a page on `printer` and follows it.
    pub fn start(
        &mut self,
        printer: Option<(Arc<Mutex<Printer>>, PaperSize)>,
        kiosk_id: &str,
        metrics: Arc<Metrics>,
    ) -> Task<Message> {
        let Some((printer, paper)) = printer else {
            self.0 = Some((
                String::new(),
                TestPageProgress::NotSpooled("no printer".into()),
            ));
            return Task::none();
        };
        let spooled = printer
            .lock()
            .map_err(|_| "printer lock poisoned".to_owned())
            .and_then(|mut p| {
                p.enqueue_test_page(kiosk_id, paper)
                    .map_err(|e| e.to_string())
            });
        let id = match spooled {
            Ok(id) => id,
            Err(error) => {
                self.0 = Some((String::new(), TestPageProgress::NotSpooled(error)));
                return Task::none();
            }
        };
        self.0 = Some((id.clone(), TestPageProgress::Waiting));
        let page = id.clone();
        let printed_page = id.clone();
        let cleanup = printer.clone();
        let follow = iced::stream::channel(4, async move |mut out| {
            let started = Instant::now();
            let mut last = None;
            while started.elapsed() < TEST_PAGE_WATCH {
                let (printer, job, metrics) = (printer.clone(), id.clone(), metrics.clone());
                let progress = tokio::task::spawn_blocking(move || {
                    let mut p = printer.lock().ok()?;
                    let status = p.poll().clone();
                    publish_printer(&metrics, &status);
                    let phase = p.job(&job).map(|j| j.phase.clone())?;
                    Some(match phase {
                        JobPhase::Printed => TestPageProgress::Printed,
                        JobPhase::Failed { reason } => TestPageProgress::Failed(reason),
                        _ if !status.state.can_print() => {
                            TestPageProgress::PrinterProblem(print_state_text(&status.state))
                        }
                        _ => TestPageProgress::Waiting,
                    })
                })
                .await
                .ok()
                .flatten();
                // The job is gone (withdrawn when the technician left).
                let Some(progress) = progress else { break };
                let done = matches!(
                    progress,
                    TestPageProgress::Printed | TestPageProgress::Failed(_)
                );
                if last.as_ref() != Some(&progress) {
                    last = Some(progress.clone());
                    if out.send(progress).await.is_err() {
                        break;
                    }
                }
                if done {
                    break;
                }
                tokio::time::sleep(TEST_PAGE_POLL).await;
            }
        });
        Task::run(follow, move |progress| Message(page.clone(), progress)).chain(
            Task::future(async move {
                // A finished test page leaves the spool (nothing to report
                // upstream); one still waiting is withdrawn when the
                // technician leaves.
                let _ = tokio::task::spawn_blocking(move || {
                    if let Ok(mut p) = cleanup.lock() {
                        if p.job(&printed_page).is_some_and(|j| {
                            matches!(j.phase, JobPhase::Printed | JobPhase::Failed { .. })
                        }) {
                            let _ = p.acknowledge(&printed_page);
                        }
                    }
                })
                .await;
            })
            .discard(),
        )
    }

    /// The technician leaves: a page not printed yet must not come out
    /// during a citizen's session, so it is withdrawn.
    pub fn withdraw(&mut self, printer: Option<&Arc<Mutex<Printer>>>) {
        if let (Some((id, progress)), Some(printer)) = (self.0.take(), printer) {
            if progress != TestPageProgress::Printed {
                if let Ok(mut printer) = printer.lock() {
                    let _ = printer.give_up(&id, "technician-left");
                    let _ = printer.acknowledge(&id);
                }
            }
        }
    }
}
