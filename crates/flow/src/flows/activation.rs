//! Activate the key: the citizen types the code shown, then chooses a
//! password (twice), and the registry activates the key with both.
//!
//! Wrong codes count down the tries left (the kiosk's and the registry's); a
//! rejected password goes back to the password screen with the code kept.

use zeroize::Zeroize;

use crate::command::Command;
use crate::entry::{self, Field, PasswordCheck};
use crate::event::ActivationOutcome;
use crate::screen::{Job, Notice, Screen, Stop};
use crate::secret::Secret;
use crate::state::Session;

impl Session {
    pub fn code_typed(&self) -> &str {
        &self.personal.code_typed
    }

    /// A password field as the screen shows it: dots unless revealed.
    pub fn password_display(&self, field: Field) -> String {
        let text = match field {
            Field::PasswordAgain => &self.personal.password_again,
            _ => &self.personal.password,
        };
        if self.reveal {
            text.clone()
        } else {
            "•".repeat(text.chars().count())
        }
    }

    pub fn password_check(&self) -> PasswordCheck {
        PasswordCheck::of(&self.personal.password, &self.personal.password_again)
    }

    pub fn code_complete(&self) -> bool {
        entry::code_is_complete(&self.personal.code_typed)
    }

    pub fn focus(&self) -> Field {
        self.focus
    }

    pub fn revealed(&self) -> bool {
        self.reveal
    }

    pub fn code_tries_left(&self) -> u8 {
        self.settings.max_code_tries.saturating_sub(self.code_tries)
    }

    /// "Continuar" on the code screen, once the code is complete.
    pub(crate) fn submit_code(&mut self, out: &mut Vec<Command>) {
        if self.password_check().all() {
            // Back after a wrong code: the password is already chosen.
            self.activate(out);
        } else {
            self.go(Screen::NewPassword);
        }
    }

    /// "Continuar" on the password screen: activate once both fields agree
    /// and hold the policy, else move on to the second field.
    pub(crate) fn submit_password(&mut self, out: &mut Vec<Command>) {
        let check = self.password_check();
        if check.all() {
            self.activate(out);
        } else if check.policy_holds() && self.focus == Field::Password {
            self.focus = Field::PasswordAgain;
        }
    }

    fn activate(&mut self, out: &mut Vec<Command>) {
        self.work(Job::Activating);
        out.push(Command::Activate {
            run: self.holder_run(),
            code: Secret::new(self.personal.code_typed.clone()),
            password: Secret::new(self.personal.password.clone()),
        });
    }

    /// The registry's answer to activate.
    pub(crate) fn activation(&mut self, outcome: ActivationOutcome) {
        match outcome {
            ActivationOutcome::Activated => {
                // The key is active: nothing typed is needed any more.
                self.personal.code_shown.zeroize();
                self.personal.code_typed.zeroize();
                self.personal.password.zeroize();
                self.personal.password_again.zeroize();
                self.go(Screen::Done);
            }
            ActivationOutcome::WrongCode { remaining } => {
                self.code_tries = self.code_tries.saturating_add(1);
                let remaining = remaining.min(self.code_tries_left());
                if remaining == 0 {
                    self.go(Screen::Stopped(Stop::CodeBlocked));
                } else {
                    self.personal.code_typed.zeroize();
                    self.go(Screen::CodeEntry);
                    self.notice = Some(Notice::WrongCode { remaining });
                }
            }
            ActivationOutcome::CodeBlocked => self.go(Screen::Stopped(Stop::CodeBlocked)),
            ActivationOutcome::CodeUsed => self.go(Screen::Stopped(Stop::CodeUsed)),
            ActivationOutcome::PasswordRejected => {
                self.personal.password.zeroize();
                self.personal.password_again.zeroize();
                self.go(Screen::NewPassword);
                self.notice = Some(Notice::PasswordRejected);
            }
        }
    }
}
