//! The kiosk window with a scripted stand-in for the outside world, to look
//! at every screen in a real window (docs/screenshots) before the devices and
//! the registry are connected. Not part of the kiosk binary.
//!
//! Keys stand for the devices: F1 presents a synthetic card (11.111.111-1),
//! F2 places the right finger, F3 a wrong one, F4 makes the next print fail.
//! The registry's answers are synthetic: the activation code is always
//! `KPWQRT`, folios count up.
//!
//! `cargo run --example kiosk_tour` (under Xvfb for screenshots).

use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use iced::keyboard::{self, key::Named, Key};
use iced::{Subscription, Task};
use totem::ui::app::window::run;
use totem::ui::catalog::default_catalog;
use totem::ui::{App, Effects};
use totem_flow::{
    ActivationOutcome, CardRead, CardVerdict, CertificateOutcome, Command, Date, Event,
    FingerEvent, FingerVerdict, KeyOutcome, PrintFailure, Secret, SecretBytes, Settings,
};

const CODE: &str = "KPWQRT";
static FOLIO: AtomicU32 = AtomicU32::new(4400);
static FAIL_NEXT_PRINT: AtomicBool = AtomicBool::new(false);

struct Tour;

fn later(millis: u64, event: Event) -> Task<Event> {
    Task::future(async move {
        tokio::time::sleep(Duration::from_millis(millis)).await;
        event
    })
}

impl Effects for Tour {
    fn perform(&mut self, _session: u64, command: Command) -> Task<Event> {
        match command {
            Command::VerifyCard { .. } => later(
                600,
                Event::CardChecked(CardVerdict::Valid {
                    birth_date: None,
                    finger: None,
                }),
            ),
            Command::VerifyFinger { template, .. } => {
                let verdict = if template.expose().first() == Some(&1) {
                    FingerVerdict::Match
                } else {
                    FingerVerdict::NoMatch
                };
                later(700, Event::FingerChecked(verdict))
            }
            Command::IssueKey { .. } | Command::RecoverKey { .. } => later(
                800,
                Event::KeyIssued(KeyOutcome::Issued {
                    code: Secret::new(CODE),
                }),
            ),
            Command::Activate { code, .. } => {
                let outcome = if code.expose() == CODE {
                    ActivationOutcome::Activated
                } else {
                    ActivationOutcome::WrongCode { remaining: 4 }
                };
                later(700, Event::Activation(outcome))
            }
            Command::IssueCertificate { .. } | Command::IssueEntityCertificate { .. } => {
                let folio = FOLIO.fetch_add(1, Ordering::Relaxed);
                later(
                    800,
                    Event::CertificateIssued(CertificateOutcome::Issued {
                        folio: format!("{folio}-2026"),
                    }),
                )
            }
            Command::Print { .. } => {
                let result = if FAIL_NEXT_PRINT.swap(false, Ordering::Relaxed) {
                    Err(PrintFailure::OutOfPaper)
                } else {
                    Ok(())
                };
                later(2500, Event::Printed(result))
            }
            _ => Task::none(),
        }
    }

    fn subscription(&self) -> Subscription<Event> {
        keyboard::listen().filter_map(|event| {
            let keyboard::Event::KeyPressed {
                key: Key::Named(named),
                ..
            } = event
            else {
                return None;
            };
            let event = match named {
                Named::F1 => Event::CardRead(CardRead {
                    run: Secret::new("11111111-1"),
                    document: Secret::new("A01234567"),
                    birth_date: Some(Date::new(1980, 5, 5)),
                    expiry: Some(Date::new(2031, 1, 1)),
                    today: Date::new(2026, 11, 25),
                }),
                Named::F2 => Event::Finger(FingerEvent::Captured(SecretBytes::new(vec![1; 512]))),
                Named::F3 => Event::Finger(FingerEvent::Captured(SecretBytes::new(vec![2; 512]))),
                Named::F4 => {
                    FAIL_NEXT_PRINT.store(true, Ordering::Relaxed);
                    return None;
                }
                Named::F5 => Event::Finger(FingerEvent::Reading),
                _ => return None,
            };
            Some(event)
        })
    }
}

fn main() -> iced::Result {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .init();
    run(|| App::new(Settings::default(), default_catalog(), Tour))
}
