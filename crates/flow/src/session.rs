//! The session's router, on top of the crate: [`Session::update`] takes an
//! event and hands it to the flow whose screen it belongs to.
//!
//! What spans the flows stays here: the menu, "Volver", "Continuar", the
//! on-screen keyboards and the step header. The flows' own work is in
//! `flows`; the state they share is in `state`.

use std::time::Instant;

use totem_config::Subject;
use zeroize::Zeroize;

use crate::command::{Command, Outcome};
use crate::entry::{self, Field, Key, RunCheck};
use crate::event::Event;
use crate::screen::{Function, Job, Notice, Screen, Step};
use crate::state::Session;

impl Session {
    // ---- What the screens read ----

    /// The step header, on screens that are part of a numbered flow.
    pub fn step(&self) -> Option<Step> {
        let function = self.function?;
        let (index, total) = match (function, self.screen) {
            (Function::FirstIssue | Function::Recover, s) => {
                let total = if function == Function::FirstIssue {
                    4
                } else {
                    3
                };
                let shift = if function == Function::FirstIssue {
                    1
                } else {
                    0
                };
                match s {
                    Screen::PresentCard
                    | Screen::PlaceFinger(_)
                    | Screen::Working(Job::VerifyingCard | Job::VerifyingFinger) => (1, total),
                    Screen::Email | Screen::Working(Job::IssuingKey) => (2, total),
                    Screen::ShowCode | Screen::CodeEntry => (2 + shift, total),
                    Screen::NewPassword | Screen::Working(Job::Activating) => (3 + shift, total),
                    _ => return None,
                }
            }
            (Function::CheckCertificate, s) => match s {
                Screen::FolioEntry => (1, 3),
                Screen::VerificationEntry | Screen::Working(Job::CheckingCertificate) => (2, 3),
                Screen::CertificateChecked => (3, 3),
                _ => return None,
            },
            (Function::Certificates, s) => match s {
                Screen::Families => (1, 4),
                Screen::Purposes(_) => (2, 4),
                Screen::RunEntry
                | Screen::EntityEntry
                | Screen::PresentCard
                | Screen::PlaceFinger(_)
                | Screen::Working(Job::VerifyingCard | Job::VerifyingFinger) => (3, 4),
                Screen::Confirm | Screen::Working(Job::IssuingCertificate) | Screen::Printing => {
                    (4, 4)
                }
                _ => return None,
            },
        };
        Some(Step { index, total })
    }

    /// Whether "Volver" does anything here (the ui hides it otherwise).
    pub fn can_go_back(&self) -> bool {
        matches!(
            self.screen,
            Screen::Language
                | Screen::Menu
                | Screen::PresentCard
                | Screen::PlaceFinger(_)
                | Screen::Email
                | Screen::CodeEntry
                | Screen::NewPassword
                | Screen::Families
                | Screen::Purposes(_)
                | Screen::RunEntry
                | Screen::EntityEntry
                | Screen::FolioEntry
                | Screen::VerificationEntry
                | Screen::Confirm
        )
    }

    /// Whether "Cancelar" is shown (everywhere a session is under way).
    pub fn can_cancel(&self) -> bool {
        !matches!(self.screen, Screen::Attract | Screen::Goodbye)
    }

    /// Whether the screen shows a "Cancelar" button: cancelling is possible
    /// and the screen is not a final one ([`Screen::is_final`]).
    pub fn offers_cancel(&self) -> bool {
        self.can_cancel() && !self.screen.is_final()
    }

    // ---- Events ----

    /// Apply one event at time `now`; returns what the application must do.
    pub fn update(&mut self, now: Instant, event: Event) -> Vec<Command> {
        self.now = Some(now);
        if self.entered_at.is_none() {
            self.entered_at = Some(now);
        }
        if event.is_citizen() {
            self.last_activity = Some(now);
            self.warning_until = None;
        }
        let mut out = Vec::new();
        self.handle(now, event, &mut out);
        out
    }

    fn handle(&mut self, now: Instant, event: Event, out: &mut Vec<Command>) {
        let screen = self.screen;
        match event {
            Event::Tick => self.tick(now, out),
            Event::Availability { service, available } => {
                self.availability(service, available, out)
            }
            Event::Cancel if self.can_cancel() => self.end(Outcome::Cancelled, out),
            Event::MoreTime => {}
            Event::Aid(aid) => self.aids.apply(aid),
            Event::Back => self.back(out),
            Event::Touch => {
                if screen == Screen::Attract {
                    self.go(Screen::Language);
                } else if screen == Screen::Goodbye {
                    self.go(Screen::Attract);
                }
            }
            Event::ChooseLanguage(language) if screen == Screen::Language => {
                self.language = language;
                self.go(Screen::Menu);
            }
            Event::Choose(function) if screen == Screen::Menu => match self.unavailable(function) {
                Some(service) => self.notice = Some(Notice::Missing(service)),
                None => {
                    self.function = Some(function);
                    match function {
                        Function::FirstIssue | Function::Recover => self.go(Screen::PresentCard),
                        Function::Certificates => self.go(Screen::Families),
                        Function::CheckCertificate => self.go(Screen::FolioEntry),
                    }
                }
            },
            Event::Key(key) => self.key(key),
            Event::Focus(field @ (Field::Password | Field::PasswordAgain))
                if screen == Screen::NewPassword =>
            {
                self.focus = field;
            }
            Event::ToggleReveal => self.reveal = !self.reveal,
            Event::Submit => self.submit(out),
            Event::Finish => match screen {
                Screen::Done | Screen::TakeIt | Screen::CertificateChecked => {
                    self.end(Outcome::Completed, out)
                }
                Screen::Stopped(_) => self.end(Outcome::Refused, out),
                Screen::PrintFailed(_) => self.end(Outcome::Refused, out),
                Screen::Goodbye => self.go(Screen::Attract),
                _ => {}
            },
            Event::ChooseFamily(family)
                if screen == Screen::Families && self.families().contains(&family) =>
            {
                self.family = Some(family);
                self.go(Screen::Purposes(family));
            }
            Event::ChooseKind(kind) => {
                if let Screen::Purposes(family) = screen {
                    self.choose_kind(family, &kind);
                }
            }
            Event::PrintCodeSlip if screen == Screen::ShowCode && self.can_print_slip() => {
                self.print_code_slip(out);
            }
            Event::Reprint if matches!(screen, Screen::PrintFailed(_)) && self.can_reprint() => {
                self.print(out);
            }
            Event::AnotherCertificate if screen == Screen::TakeIt => self.another_certificate(),
            Event::AnotherCertificate if screen == Screen::CertificateChecked => {
                self.check_another()
            }
            Event::RecoverInstead => self.recover_instead(out),
            Event::CardRead(card) => self.card_read(card, out),
            Event::CardUnreadable if screen == Screen::PresentCard => {
                self.notice = Some(Notice::CardUnreadable);
            }
            Event::Finger(finger) => self.finger(finger, out),
            Event::CardChecked(verdict) if screen == Screen::Working(Job::VerifyingCard) => {
                self.card_checked(verdict, out)
            }
            Event::FingerChecked(verdict) if screen == Screen::Working(Job::VerifyingFinger) => {
                self.finger_checked(verdict, out)
            }
            Event::KeyIssued(outcome) if screen == Screen::Working(Job::IssuingKey) => {
                self.key_issued(outcome)
            }
            Event::Activation(outcome) if screen == Screen::Working(Job::Activating) => {
                self.activation(outcome)
            }
            Event::CertificateIssued(outcome)
                if screen == Screen::Working(Job::IssuingCertificate) =>
            {
                self.certificate_issued(outcome, out)
            }
            Event::CertificateChecked(outcome)
                if screen == Screen::Working(Job::CheckingCertificate) =>
            {
                self.certificate_checked(outcome)
            }
            Event::Printed(result) if screen == Screen::Printing => self.printed(result, out),
            Event::ServiceFailed => self.service_failed(out),
            // Anything else does not belong to this screen (a late answer,
            // a touch on a button that just went away): ignore it.
            _ => {}
        }
    }

    fn back(&mut self, out: &mut Vec<Command>) {
        if !self.can_go_back() {
            return;
        }
        let certificates = self.function == Some(Function::Certificates);
        match self.screen {
            Screen::Language => self.reset_to_attract(),
            Screen::Menu => self.go(Screen::Language),
            Screen::PresentCard => {
                if certificates {
                    self.go_to_purposes();
                } else {
                    self.function = None;
                    self.go(Screen::Menu);
                }
            }
            Screen::PlaceFinger(_) => {
                out.push(Command::CancelCapture);
                self.forget_identity();
                self.go(Screen::PresentCard);
            }
            Screen::Email => {
                // Back past the identification forgets it.
                self.forget_identity();
                self.personal.email.zeroize();
                self.function = None;
                self.go(Screen::Menu);
            }
            Screen::CodeEntry => {
                self.personal.code_typed.zeroize();
                self.go(Screen::ShowCode);
            }
            Screen::NewPassword => {
                self.personal.password.zeroize();
                self.personal.password_again.zeroize();
                self.go(Screen::CodeEntry);
            }
            Screen::Families => {
                self.function = None;
                self.go(Screen::Menu);
            }
            Screen::Purposes(_) => {
                self.personal.kind.zeroize();
                self.go(Screen::Families);
            }
            Screen::RunEntry => {
                self.personal.other_run.zeroize();
                self.go_to_purposes();
            }
            Screen::EntityEntry => {
                self.personal.entity.zeroize();
                self.go_to_purposes();
            }
            Screen::FolioEntry => {
                self.personal.folio_typed.zeroize();
                self.function = None;
                self.go(Screen::Menu);
            }
            Screen::VerificationEntry => {
                self.personal.verification_typed.zeroize();
                self.go(Screen::FolioEntry);
            }
            Screen::Confirm => match self.chosen_kind().map(|k| k.subject()) {
                Some(Subject::Run) => self.go(Screen::RunEntry),
                Some(Subject::Entity) => self.go(Screen::EntityEntry),
                _ => self.go_to_purposes(),
            },
            _ => {}
        }
    }

    fn go_to_purposes(&mut self) {
        match self.family {
            Some(family) => self.go(Screen::Purposes(family)),
            None => self.go(Screen::Families),
        }
    }

    fn key(&mut self, key: Key) {
        let (field, buffer) = match self.screen {
            Screen::Email => (Field::Email, &mut self.personal.email),
            Screen::CodeEntry => (Field::Code, &mut self.personal.code_typed),
            Screen::NewPassword if self.focus == Field::PasswordAgain => {
                (Field::PasswordAgain, &mut self.personal.password_again)
            }
            Screen::NewPassword => (Field::Password, &mut self.personal.password),
            Screen::RunEntry => (Field::Run, &mut self.personal.other_run),
            Screen::EntityEntry => (Field::Entity, &mut self.personal.entity),
            Screen::FolioEntry => (Field::Folio, &mut self.personal.folio_typed),
            Screen::VerificationEntry => {
                (Field::Verification, &mut self.personal.verification_typed)
            }
            _ => return,
        };
        entry::apply(field, buffer, key);
        // A correction makes an old complaint stale.
        if matches!(
            self.notice,
            Some(Notice::CertificateNotFound | Notice::PasswordRejected)
        ) {
            self.notice = None;
        }
    }

    fn submit(&mut self, out: &mut Vec<Command>) {
        match self.screen {
            Screen::Attract => self.go(Screen::Language),
            Screen::Email if self.email_ok() => self.issue_key(out),
            Screen::ShowCode => self.go(Screen::CodeEntry),
            Screen::CodeEntry if self.code_complete() => self.submit_code(out),
            Screen::NewPassword => self.submit_password(out),
            Screen::RunEntry if self.run_check() == RunCheck::Valid => self.go(Screen::Confirm),
            Screen::EntityEntry if self.entity_number().is_some() => self.go(Screen::Confirm),
            Screen::FolioEntry if self.folio_complete() => self.go(Screen::VerificationEntry),
            Screen::VerificationEntry if self.verification_complete() => {
                self.check_certificate(out)
            }
            Screen::Confirm => self.issue_certificate(out),
            _ => {}
        }
    }
}
