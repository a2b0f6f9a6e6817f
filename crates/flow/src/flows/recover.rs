//! Recover a ClaveÚnica: a new activation code for a key the citizen
//! already has, either chosen from the menu (after identification) or
//! offered where first issue or activation stopped (key already there, code
//! blocked or used).
//!
//! The code then goes through the same screens as a first issue
//! (`first_issue`, `activation`).

use zeroize::Zeroize;

use crate::command::Command;
use crate::screen::{Function, Job, Screen};
use crate::state::Session;

impl Session {
    /// Ask the registry for a new code for the identified holder.
    pub(crate) fn recover_key(&mut self, out: &mut Vec<Command>) {
        self.work(Job::IssuingKey);
        out.push(Command::RecoverKey {
            run: self.holder_run(),
        });
    }

    /// "Recover my key" on a stop that offers it: the identification holds,
    /// everything typed for the old code is forgotten.
    pub(crate) fn recover_instead(&mut self, out: &mut Vec<Command>) {
        let Screen::Stopped(stop) = self.screen else {
            return;
        };
        if stop.offers_recovery() && self.identified {
            self.function = Some(Function::Recover);
            self.code_tries = 0;
            self.personal.code_typed.zeroize();
            self.personal.code_shown.zeroize();
            self.personal.password.zeroize();
            self.personal.password_again.zeroize();
            self.recover_key(out);
        }
    }
}
