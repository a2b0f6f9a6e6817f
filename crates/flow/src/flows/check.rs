//! Check a certificate: its folio, its verification code (the two Totem
//! prints), then what the registry says of it. A wrong code and an unknown
//! folio get the same answer, so neither can be guessed one at a time.

use zeroize::Zeroize;

use crate::command::Command;
use crate::entry;
use crate::event::CheckOutcome;
use crate::screen::{Job, Notice, Screen};
use crate::state::Session;

impl Session {
    /// The folio typed so far.
    pub fn folio_typed(&self) -> &str {
        &self.personal.folio_typed
    }

    /// The verification code typed so far, grouped as printed.
    pub fn verification_typed(&self) -> String {
        entry::format_verification(&self.personal.verification_typed)
    }

    pub fn folio_complete(&self) -> bool {
        entry::folio_is_complete(&self.personal.folio_typed)
    }

    pub fn verification_complete(&self) -> bool {
        entry::verification_is_complete(&self.personal.verification_typed)
    }

    /// The registry's answer for the certificate checked, on its screen.
    pub fn checked(&self) -> Option<&CheckOutcome> {
        self.checked.as_ref()
    }

    /// "Continuar" on the code: ask the registry.
    pub(crate) fn check_certificate(&mut self, out: &mut Vec<Command>) {
        self.work(Job::CheckingCertificate);
        out.push(Command::CheckCertificate {
            folio: self.personal.folio_typed.clone(),
            code: self.verification_typed(),
        });
    }

    /// The registry's answer.
    pub(crate) fn certificate_checked(&mut self, outcome: CheckOutcome) {
        match outcome {
            CheckOutcome::NotFound => {
                // Back to the code, the last thing typed; the notice says
                // "folio and code" without telling which.
                self.go(Screen::VerificationEntry);
                self.notice = Some(Notice::CertificateNotFound);
            }
            found => {
                self.checked = Some(found);
                self.go(Screen::CertificateChecked);
            }
        }
    }

    /// "Verificar otro": a new folio, the last answer forgotten.
    pub(crate) fn check_another(&mut self) {
        self.checked = None;
        self.personal.folio_typed.zeroize();
        self.personal.verification_typed.zeroize();
        self.go(Screen::FolioEntry);
    }
}
