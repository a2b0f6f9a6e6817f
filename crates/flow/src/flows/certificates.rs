//! Certificates: a family, a kind, whose RUN it is for (typed, or the
//! holder's own after identification), issued by the registry and printed,
//! with a reprint offered while attempts remain.

use totem_config::{CertificateEntry, Family, Subject};
use zeroize::Zeroize;

use crate::command::{Command, EntityNumber};
use crate::entry::{self, EntityCheck, RunCheck};
use crate::event::CertificateOutcome;
use crate::screen::{Function, Job, Notice, PrintFailure, Screen, Service};
use crate::secret::Secret;
use crate::state::Session;

impl Session {
    /// Why a certificate kind cannot be chosen now, if it cannot.
    pub fn kind_unavailable(&self, entry: &CertificateEntry) -> Option<Service> {
        if entry.holder_only {
            [Service::Scanner, Service::Fingerprint]
                .into_iter()
                .find(|s| !self.available.get(*s))
        } else {
            None
        }
    }

    /// Families with at least one enabled kind, in catalog order.
    pub fn families(&self) -> Vec<Family> {
        let mut out = Vec::new();
        for e in self.catalog.certificates.iter().filter(|e| e.enabled) {
            if !out.contains(&e.family) {
                out.push(e.family);
            }
        }
        out
    }

    /// Enabled kinds of one family.
    pub fn kinds(&self, family: Family) -> Vec<&CertificateEntry> {
        self.catalog
            .certificates
            .iter()
            .filter(|e| e.enabled && e.family == family)
            .collect()
    }

    /// The certificate kind chosen in this session.
    pub fn chosen_kind(&self) -> Option<&CertificateEntry> {
        self.entry(&self.personal.kind)
    }

    fn entry(&self, kind: &str) -> Option<&CertificateEntry> {
        self.catalog
            .certificates
            .iter()
            .find(|e| e.enabled && e.kind == kind)
    }

    /// The RUN typed on the keypad, formatted `12.345.678-5` as far as typed.
    pub fn run_typed(&self) -> String {
        entry::format_run(&self.personal.other_run)
    }

    pub fn run_check(&self) -> RunCheck {
        entry::run_check(&self.personal.other_run)
    }

    /// The entity's number typed on its keypad, as far as typed (a RUT
    /// with dots and dash once complete).
    pub fn entity_typed(&self) -> String {
        entry::format_entity(&self.personal.entity)
    }

    pub fn entity_check(&self) -> EntityCheck {
        entry::entity_check(&self.personal.entity)
    }

    /// The entity the certificate is about, once the keypad holds a
    /// registration number or an entity's RUT.
    pub fn entity_number(&self) -> Option<EntityNumber> {
        match self.entity_check() {
            EntityCheck::Registration(number) => Some(EntityNumber::Registration(number)),
            EntityCheck::Rut => Some(EntityNumber::Rut(entry::canonical_run(
                &self.personal.entity,
            ))),
            _ => None,
        }
    }

    /// Who the certificate is for, formatted: a person's RUN, or the
    /// entity's number (registration number or RUT).
    pub fn certificate_for(&self) -> String {
        let typed = match self.chosen_kind().map(|k| k.subject()) {
            Some(Subject::Holder) => self.personal.holder_run.replace('-', ""),
            Some(Subject::Entity) => return self.entity_typed(),
            _ => self.personal.other_run.clone(),
        };
        entry::format_run(&typed)
    }

    pub fn folio(&self) -> &str {
        &self.personal.folio
    }

    /// Whether a reprint is still offered after a failed print.
    pub fn can_reprint(&self) -> bool {
        self.print_attempts < self.settings.print_attempts
    }

    pub(crate) fn choose_kind(&mut self, family: Family, kind: &str) {
        let Some(entry) = self.entry(kind).filter(|e| e.family == family) else {
            return;
        };
        if let Some(service) = self.kind_unavailable(entry) {
            self.notice = Some(Notice::Missing(service));
            return;
        }
        let subject = entry.subject();
        self.personal.kind = kind.to_string();
        match subject {
            Subject::Run => self.go(Screen::RunEntry),
            Subject::Entity => self.go(Screen::EntityEntry),
            Subject::Holder if self.identified => self.go(Screen::Confirm),
            Subject::Holder => self.go(Screen::PresentCard),
        }
    }

    /// "Confirmar": ask the registry for the chosen kind, for the holder or
    /// the RUN typed.
    pub(crate) fn issue_certificate(&mut self, out: &mut Vec<Command>) {
        let Some(entry) = self.chosen_kind() else {
            self.go(Screen::Families);
            return;
        };
        let kind = entry.kind.clone();
        let for_run = match entry.subject() {
            Subject::Holder => self.personal.holder_run.clone(),
            Subject::Run => entry::canonical_run(&self.personal.other_run),
            Subject::Entity => {
                let Some(entity) = self.entity_number() else {
                    self.go(Screen::EntityEntry);
                    return;
                };
                self.work(Job::IssuingCertificate);
                out.push(Command::IssueEntityCertificate { kind, entity });
                return;
            }
        };
        self.work(Job::IssuingCertificate);
        out.push(Command::IssueCertificate {
            kind,
            for_run: Secret::new(for_run),
        });
    }

    /// The registry's answer to issue-certificate.
    pub(crate) fn certificate_issued(
        &mut self,
        outcome: CertificateOutcome,
        out: &mut Vec<Command>,
    ) {
        match outcome {
            CertificateOutcome::Issued { folio } => {
                self.personal.folio = folio;
                self.print_attempts = 0;
                self.print(out);
            }
            CertificateOutcome::NotFound => {
                self.go(match self.chosen_kind().map(|k| k.subject()) {
                    Some(Subject::Run) => Screen::RunEntry,
                    Some(Subject::Entity) => Screen::EntityEntry,
                    _ => Screen::Confirm,
                });
                self.notice = Some(Notice::CertificateNotFound);
            }
        }
    }

    /// Send the certificate to the printer; each call is one attempt.
    pub(crate) fn print(&mut self, out: &mut Vec<Command>) {
        self.print_attempts = self.print_attempts.saturating_add(1);
        self.go(Screen::Printing);
        out.push(Command::Print {
            folio: self.personal.folio.clone(),
        });
    }

    /// The printer's answer: delivered, or why not.
    pub(crate) fn printed(&mut self, result: Result<(), PrintFailure>, out: &mut Vec<Command>) {
        match result {
            Ok(()) => {
                out.push(Command::ReportDelivery {
                    folio: self.personal.folio.clone(),
                    delivered: true,
                });
                self.go(Screen::TakeIt);
            }
            Err(failure) => self.go(Screen::PrintFailed(failure)),
        }
    }

    /// "Otro certificado": back to the families, the identification kept.
    pub(crate) fn another_certificate(&mut self) {
        self.personal.folio.zeroize();
        self.personal.kind.zeroize();
        self.personal.other_run.zeroize();
        self.personal.entity.zeroize();
        self.print_attempts = 0;
        self.function = Some(Function::Certificates);
        self.go(Screen::Families);
    }
}
