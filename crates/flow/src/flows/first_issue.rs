//! First issue of a ClaveÚnica, after the citizen is identified: the e-mail
//! address, the key the registry issues, and its activation code shown large
//! (and printed on a slip if the citizen asks).
//!
//! The registry's answer ([`KeyOutcome`]) and the code screen serve the
//! recover flow too: recovering a key is issuing a new code for it.

use crate::command::Command;
use crate::entry;
use crate::event::KeyOutcome;
use crate::screen::{Job, Notice, Screen, Stop};
use crate::secret::Secret;
use crate::state::Session;

impl Session {
    pub fn email(&self) -> &str {
        &self.personal.email
    }

    pub fn email_ok(&self) -> bool {
        entry::email_is_plausible(&self.personal.email)
    }

    /// The activation code the registry issued, shown large.
    pub fn code_shown(&self) -> &str {
        &self.personal.code_shown
    }

    /// Whether the slip printer can take the activation code.
    pub fn can_print_slip(&self) -> bool {
        self.available.printer
    }

    /// "Continuar" on the e-mail screen, once the address looks right.
    pub(crate) fn issue_key(&mut self, out: &mut Vec<Command>) {
        self.work(Job::IssuingKey);
        out.push(Command::IssueKey {
            run: self.holder_run(),
            email: Secret::new(self.personal.email.clone()),
        });
    }

    /// The registry's answer to issue-key or recover-key.
    pub(crate) fn key_issued(&mut self, outcome: KeyOutcome) {
        match outcome {
            KeyOutcome::Issued { code } => {
                self.personal.code_shown = code.expose().to_string();
                self.go(Screen::ShowCode);
            }
            KeyOutcome::AlreadyHasKey => self.go(Screen::Stopped(Stop::AlreadyHasKey)),
            KeyOutcome::NoKeyYet => self.go(Screen::Stopped(Stop::NoKeyYet)),
            KeyOutcome::TooYoung => self.go(Screen::Stopped(Stop::TooYoung)),
        }
    }

    pub(crate) fn print_code_slip(&mut self, out: &mut Vec<Command>) {
        self.notice = Some(Notice::SlipPrinting);
        out.push(Command::PrintCodeSlip {
            code: Secret::new(self.personal.code_shown.clone()),
        });
    }
}
