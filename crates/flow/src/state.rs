//! The session's core: what a [`Session`] holds, what every screen reads of
//! it, and the moves every flow makes (enter a screen, wait on a job, end
//! and wipe).
//!
//! The flows (`flows`) add their handlers to `Session` on top of
//! this; the router (`session`) routes events to them. Fields are crate-visible
//! for those handlers only: the public face is methods.

use std::time::Instant;

use totem_config::{Catalog, Family, Language};
use zeroize::Zeroize;

use crate::aids::Aids;
use crate::command::{Command, Outcome};
use crate::entry::Field;
use crate::event::{CheckOutcome, Date, Finger};
use crate::screen::{FingerState, Function, Job, Notice, Screen, Service, Stop};
use crate::secret::Secret;
use crate::settings::Settings;

/// Everything personal the session holds; wiped as one at the end.
#[derive(Default, Zeroize)]
pub(crate) struct Personal {
    pub(crate) holder_run: String,
    pub(crate) document: String,
    pub(crate) birth_date: Option<Date>,
    /// The presented card's own expiry date (for its validity screen).
    pub(crate) card_expiry: Option<Date>,
    pub(crate) email: String,
    pub(crate) code_shown: String,
    pub(crate) code_typed: String,
    pub(crate) password: String,
    pub(crate) password_again: String,
    pub(crate) other_run: String,
    pub(crate) entity: String,
    pub(crate) folio: String,
    pub(crate) kind: String,
    pub(crate) folio_typed: String,
    pub(crate) verification_typed: String,
}

impl Personal {
    fn is_empty(&self) -> bool {
        self.holder_run.is_empty()
            && self.document.is_empty()
            && self.birth_date.is_none()
            && self.card_expiry.is_none()
            && self.email.is_empty()
            && self.code_shown.is_empty()
            && self.code_typed.is_empty()
            && self.password.is_empty()
            && self.password_again.is_empty()
            && self.other_run.is_empty()
            && self.entity.is_empty()
            && self.folio.is_empty()
            && self.kind.is_empty()
            && self.folio_typed.is_empty()
            && self.verification_typed.is_empty()
    }
}

impl Drop for Personal {
    fn drop(&mut self) {
        self.zeroize();
    }
}

/// Which services are up right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Availability {
    pub(crate) scanner: bool,
    pub(crate) fingerprint: bool,
    pub(crate) backend: bool,
    pub(crate) printer: bool,
}

impl Availability {
    pub(crate) fn get(&self, service: Service) -> bool {
        match service {
            Service::Scanner => self.scanner,
            Service::Fingerprint => self.fingerprint,
            Service::Backend => self.backend,
            Service::Printer => self.printer,
        }
    }

    fn set(&mut self, service: Service, up: bool) {
        match service {
            Service::Scanner => self.scanner = up,
            Service::Fingerprint => self.fingerprint = up,
            Service::Backend => self.backend = up,
            Service::Printer => self.printer = up,
        }
    }
}

/// The citizen's session.
pub struct Session {
    pub(crate) settings: Settings,
    pub(crate) catalog: Catalog,
    pub(crate) id: u64,
    pub(crate) screen: Screen,
    pub(crate) language: Language,
    pub(crate) function: Option<Function>,
    pub(crate) family: Option<Family>,
    pub(crate) notice: Option<Notice>,
    pub(crate) personal: Personal,
    pub(crate) focus: Field,
    pub(crate) reveal: bool,
    pub(crate) identified: bool,
    pub(crate) card_presented: bool,
    pub(crate) finger_tries: u8,
    /// The finger the registry matches, as its card check said.
    pub(crate) finger: Option<Finger>,
    pub(crate) code_tries: u8,
    pub(crate) print_attempts: u8,
    pub(crate) available: Availability,
    pub(crate) now: Option<Instant>,
    pub(crate) entered_at: Option<Instant>,
    pub(crate) last_activity: Option<Instant>,
    pub(crate) warning_until: Option<Instant>,
    /// The kiosk's date, as the last card read gave it (for the age rule).
    pub(crate) today: Option<Date>,
    /// The aids the citizen turned on; back to none on the attract screen.
    pub(crate) aids: Aids,
    /// The registry's answer about a certificate checked by folio and code.
    pub(crate) checked: Option<CheckOutcome>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // No personal field: only where the citizen is.
        f.debug_struct("Session")
            .field("id", &self.id)
            .field("screen", &self.screen)
            .field("function", &self.function)
            .field("notice", &self.notice)
            .finish_non_exhaustive()
    }
}

impl Session {
    /// A kiosk's session, on the attract screen. Every service is assumed
    /// available until the application says otherwise.
    pub fn new(settings: Settings, catalog: Catalog) -> Self {
        let language = settings.default_language;
        Self {
            settings,
            catalog,
            id: 1,
            screen: Screen::Attract,
            language,
            function: None,
            family: None,
            notice: None,
            personal: Personal::default(),
            focus: Field::Email,
            reveal: false,
            identified: false,
            card_presented: false,
            finger_tries: 0,
            finger: None,
            code_tries: 0,
            print_attempts: 0,
            available: Availability {
                scanner: true,
                fingerprint: true,
                backend: true,
                printer: true,
            },
            now: None,
            entered_at: None,
            last_activity: None,
            warning_until: None,
            today: None,
            aids: Aids::default(),
            checked: None,
        }
    }

    // ---- What the screens read ----

    /// Changes every time a session ends; asynchronous answers carry it.
    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn screen(&self) -> Screen {
        self.screen
    }

    pub fn language(&self) -> Language {
        self.language
    }

    pub fn function(&self) -> Option<Function> {
        self.function
    }

    pub fn notice(&self) -> Option<Notice> {
        self.notice
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The aids the citizen turned on in this session.
    pub fn aids(&self) -> Aids {
        self.aids
    }

    /// The presented card's expiry date, as the card states it; read by the
    /// validity screen of an expired or blocked card.
    pub fn card_expiry(&self) -> Option<Date> {
        self.personal.card_expiry
    }

    /// The finger to place, once the registry has named it.
    pub fn finger_to_place(&self) -> Option<Finger> {
        self.finger
    }

    /// Whether a card was read in this session (the farewell then says "Retire su cédula").
    pub fn card_presented(&self) -> bool {
        self.card_presented
    }

    /// Whether the session holds anything personal (it must not after its end).
    pub fn holds_personal_data(&self) -> bool {
        !self.personal.is_empty() || self.identified || self.checked.is_some()
    }

    /// Why a menu function cannot be used now, if it cannot.
    pub fn unavailable(&self, function: Function) -> Option<Service> {
        let needs: &[Service] = match function {
            Function::FirstIssue | Function::Recover => {
                &[Service::Backend, Service::Scanner, Service::Fingerprint]
            }
            Function::Certificates => &[Service::Backend, Service::Printer],
            Function::CheckCertificate => &[Service::Backend],
        };
        needs.iter().copied().find(|s| !self.available.get(*s))
    }

    // ---- Moves every flow makes ----

    pub(crate) fn go(&mut self, screen: Screen) {
        let from = self.screen;
        self.screen = screen;
        self.notice = None;
        if screen == Screen::Attract {
            // The farewell is over: the card has been taken away, and the
            // next citizen starts in the kiosk's language.
            self.card_presented = false;
            self.language = self.settings.default_language;
            // The next citizen finds the kiosk as it was (EN 301 549
            // 5.1.3.13); an aid chosen on the attract screen itself stays.
            if from != Screen::Attract {
                self.aids = Aids::default();
            }
        }
        self.entered_at = self.now;
        if !screen.is_unattended() {
            // Entering a step is not activity, but the clock starts afresh
            // there so an answer that took long does not leave the citizen
            // with a few seconds.
            self.last_activity = self.now;
        }
        self.warning_until = None;
        match screen {
            Screen::Email => self.focus = Field::Email,
            Screen::CodeEntry => self.focus = Field::Code,
            Screen::NewPassword => self.focus = Field::Password,
            Screen::RunEntry => self.focus = Field::Run,
            Screen::EntityEntry => self.focus = Field::Entity,
            Screen::FolioEntry => self.focus = Field::Folio,
            Screen::VerificationEntry => self.focus = Field::Verification,
            _ => {}
        }
        if screen.is_typing() {
            self.reveal = false;
        }
    }

    pub(crate) fn work(&mut self, job: Job) {
        self.go(Screen::Working(job));
    }

    pub(crate) fn holder_run(&self) -> Secret {
        Secret::new(self.personal.holder_run.clone())
    }

    /// A service came or went: say so on the step that needs it, and start
    /// the capture again when the fingerprint reader is back.
    pub(crate) fn availability(&mut self, service: Service, up: bool, out: &mut Vec<Command>) {
        let was = self.available.get(service);
        self.available.set(service, up);
        let needed = match self.screen {
            Screen::PresentCard => service == Service::Scanner,
            Screen::PlaceFinger(_) => service == Service::Fingerprint,
            _ => false,
        };
        if !needed {
            if up && self.notice == Some(Notice::Missing(service)) {
                self.notice = None;
            }
            return;
        }
        if !up {
            self.notice = Some(Notice::Missing(service));
        } else if !was || self.notice == Some(Notice::Missing(service)) {
            self.notice = None;
            if service == Service::Fingerprint {
                out.push(Command::CaptureFinger);
            }
        }
    }

    /// A registry call failed: back to the step that made it, with a notice,
    /// so that one touch tries again.
    pub(crate) fn service_failed(&mut self, out: &mut Vec<Command>) {
        let Screen::Working(job) = self.screen else {
            return;
        };
        let back_to = match job {
            Job::VerifyingCard => Screen::PresentCard,
            Job::VerifyingFinger => {
                out.push(Command::CaptureFinger);
                Screen::PlaceFinger(FingerState::Waiting)
            }
            Job::IssuingKey if self.function == Some(Function::FirstIssue) => Screen::Email,
            Job::IssuingKey => Screen::Stopped(Stop::ServiceFailed),
            Job::Activating => Screen::NewPassword,
            Job::IssuingCertificate => Screen::Confirm,
            Job::CheckingCertificate => Screen::VerificationEntry,
        };
        self.go(back_to);
        if !matches!(back_to, Screen::Stopped(_)) {
            self.notice = Some(Notice::ServiceFailed);
        }
    }

    /// End the session: tell the application, wipe everything personal, say goodbye.
    pub(crate) fn end(&mut self, outcome: Outcome, out: &mut Vec<Command>) {
        if matches!(self.screen, Screen::PlaceFinger(_)) {
            out.push(Command::CancelCapture);
        }
        // A certificate issued but never printed is reported as not delivered.
        if !self.personal.folio.is_empty()
            && matches!(self.screen, Screen::PrintFailed(_) | Screen::Printing)
        {
            out.push(Command::ReportDelivery {
                folio: self.personal.folio.clone(),
                delivered: false,
            });
        }
        let started = self.function.is_some() || self.card_presented;
        out.push(Command::EndSession { outcome });
        let remove_card = self.card_presented;
        self.wipe();
        self.card_presented = remove_card;
        if started {
            self.go(Screen::Goodbye);
        } else {
            self.go(Screen::Attract);
        }
    }

    pub(crate) fn reset_to_attract(&mut self) {
        self.wipe();
        self.go(Screen::Attract);
    }

    fn wipe(&mut self) {
        self.personal.zeroize();
        self.personal = Personal::default();
        self.id = self.id.wrapping_add(1);
        self.function = None;
        self.family = None;
        self.notice = None;
        self.identified = false;
        self.card_presented = false;
        self.finger_tries = 0;
        self.finger = None;
        self.code_tries = 0;
        self.print_attempts = 0;
        self.reveal = false;
        self.today = None;
        self.checked = None;
        self.warning_until = None;
    }
}
