//! totem-flow: the citizen's session as a pure state machine.
//!
//! Events come in (touches, device readings, back-end answers, the clock),
//! the [`Session`] moves to its next [`Screen`] and returns the [`Command`]s
//! the application must carry out (verify a card, capture a finger, issue a
//! key, print...). No I/O, no clock: time arrives with each call as an
//! `Instant`, so every rule is tested without a window or a device.
//!
//! The application tags every asynchronous call with [`Session::id`] and
//! drops answers whose id is no longer current (the citizen cancelled or the
//! session timed out meanwhile).

pub mod entry;
pub mod secret;

use std::time::{Duration, Instant};

use zeroize::Zeroize;

pub use entry::{Field, Key, PasswordCheck, RunCheck};
pub use secret::{Secret, SecretBytes};
pub use totem_config::{Catalog, CertificateEntry, Family, Language};

/// The session's clocks and limits.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Idle time before the "do you need more time?" warning.
    pub idle: Duration,
    /// Idle time on screens where the citizen types.
    pub typing_idle: Duration,
    /// How long the warning counts down before the session ends.
    pub warning: Duration,
    /// How long the farewell ("Retire su cédula") stays before the attract screen.
    pub goodbye: Duration,
    /// A back-end call or a print job that has not answered by then counts as failed.
    pub work_timeout: Duration,
    pub max_finger_tries: u8,
    pub max_code_tries: u8,
    pub print_attempts: u8,
    /// Minimum age for a Clave Única.
    pub min_age: u8,
    pub default_language: Language,
}

/// The least warning time a citizen gets to answer (accessibility rule).
pub const MIN_WARNING: Duration = Duration::from_secs(20);

impl Default for Settings {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(45),
            typing_idle: Duration::from_secs(90),
            warning: Duration::from_secs(20),
            goodbye: Duration::from_secs(6),
            work_timeout: Duration::from_secs(90),
            max_finger_tries: 3,
            max_code_tries: 5,
            print_attempts: 3,
            min_age: 14,
            default_language: Language::Es,
        }
    }
}

impl Settings {
    /// Settings from kiosk.toml; the warning is never shorter than 20 s.
    pub fn from_config(config: &totem_config::KioskConfig) -> Self {
        let t = &config.timeouts;
        Self {
            idle: Duration::from_secs(t.idle_secs.max(5)),
            typing_idle: Duration::from_secs(t.typing_idle_secs.max(t.idle_secs).max(5)),
            warning: Duration::from_secs(t.warning_secs).max(MIN_WARNING),
            default_language: config
                .kiosk
                .languages
                .first()
                .copied()
                .unwrap_or(Language::Es),
            ..Self::default()
        }
    }
}

/// What the citizen came for (the three menu entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    FirstIssue,
    Recover,
    Certificates,
}

/// Something outside the flow a function depends on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Service {
    Scanner,
    Fingerprint,
    Backend,
    Printer,
}

/// Where the fingerprint reader stands during a capture.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FingerState {
    Waiting,
    Reading,
    LiftAndPlaceAgain,
    PressFirmer,
}

/// A back-end call or device job in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    VerifyingCard,
    VerifyingFinger,
    IssuingKey,
    Activating,
    IssuingCertificate,
}

/// Why a flow stopped before its end (each has its own explanation screen).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    CardBlocked,
    CardExpired,
    CardUnknown,
    TooYoung,
    /// Three fingerprints did not match: go to a Civil Registry office.
    FingerTriesExhausted,
    AlreadyHasKey,
    NoKeyYet,
    /// Five wrong activation codes: a new one must be requested.
    CodeBlocked,
    CodeUsed,
    /// The back-end failed or did not answer.
    ServiceFailed,
    /// The print failed and no more attempts are offered.
    PrintGaveUp,
}

impl Stop {
    /// Whether the screen offers "Recover my key" (a new activation code).
    pub fn offers_recovery(self) -> bool {
        matches!(
            self,
            Stop::AlreadyHasKey | Stop::CodeBlocked | Stop::CodeUsed
        )
    }
}

/// Why a print failed, as the printer layer reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrintFailure {
    OutOfPaper,
    PaperJam,
    Offline,
    Other,
}

/// A short message shown on the current screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    CardUnreadable,
    FingerNoMatch {
        remaining: u8,
    },
    WrongCode {
        remaining: u8,
    },
    PasswordRejected,
    CertificateNotFound,
    ServiceFailed,
    /// A device or the back-end the current step needs is missing.
    Missing(Service),
    SlipPrinting,
}

/// The screen the session is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Attract,
    Language,
    Menu,
    PresentCard,
    PlaceFinger(FingerState),
    Email,
    ShowCode,
    CodeEntry,
    NewPassword,
    Done,
    Families,
    Purposes(Family),
    RunEntry,
    Confirm,
    Printing,
    PrintFailed(PrintFailure),
    TakeIt,
    Working(Job),
    Stopped(Stop),
    Goodbye,
}

impl Screen {
    /// Screens where the citizen types; they get the longer idle time.
    pub fn is_typing(self) -> bool {
        matches!(
            self,
            Screen::Email | Screen::CodeEntry | Screen::NewPassword | Screen::RunEntry
        )
    }

    /// Screens that end a flow (they carry their own "Terminar") or where
    /// the kiosk is working: no "Cancelar" is offered on them, since a
    /// second way out would only confuse.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Screen::Done
                | Screen::TakeIt
                | Screen::Stopped(_)
                | Screen::PrintFailed(_)
                | Screen::Printing
                | Screen::Working(_)
        )
    }

    /// Screens with no citizen to wait for (no inactivity clock).
    fn is_unattended(self) -> bool {
        matches!(
            self,
            Screen::Attract | Screen::Goodbye | Screen::Working(_) | Screen::Printing
        )
    }
}

/// "Step 2 of 4" in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub index: u8,
    pub total: u8,
}

/// A calendar date (birth, expiry, today), enough for the age and expiry rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Zeroize)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: i32, month: u8, day: u8) -> Self {
        Self { year, month, day }
    }

    /// Whole years from `self` (a birth date) to `today`.
    pub fn age_on(self, today: Date) -> i32 {
        let before_birthday = (today.month, today.day) < (self.month, self.day);
        today.year - self.year - i32::from(before_birthday)
    }
}

/// A card the scanner read and decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct CardRead {
    /// Canonical `12345678-5`.
    pub run: Secret,
    /// The card's document number (serial), checked by the registry with the RUN.
    pub document: Secret,
    pub birth_date: Option<Date>,
    pub expiry: Option<Date>,
    /// The kiosk's date when the card was read (the flow has no clock).
    pub today: Date,
}

/// What the fingerprint reader reports during a capture.
#[derive(Debug, Clone, PartialEq)]
pub enum FingerEvent {
    Waiting,
    Reading,
    LiftAndPlaceAgain,
    /// A blank or smudged image was rejected; the reader captures again.
    PoorImage,
    /// No finger came before the reader's timeout.
    NoFinger,
    Captured(SecretBytes),
    /// The reader failed (not answering, disconnected).
    Failed,
}

/// The registry's answer about a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CardVerdict {
    Valid { birth_date: Option<Date> },
    Blocked,
    Expired,
    Unknown,
}

/// The registry's 1:1 fingerprint answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FingerVerdict {
    Match,
    NoMatch,
    /// The registry's own limit of tries for this session was reached.
    TooManyTries,
}

/// The registry's answer to issue-key and recover-key.
#[derive(Debug, Clone, PartialEq)]
pub enum KeyOutcome {
    Issued { code: Secret },
    AlreadyHasKey,
    NoKeyYet,
    TooYoung,
}

/// The registry's answer to activate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActivationOutcome {
    Activated,
    WrongCode { remaining: u8 },
    CodeBlocked,
    CodeUsed,
    PasswordRejected,
}

/// The registry's answer to issue-certificate.
#[derive(Debug, Clone, PartialEq)]
pub enum CertificateOutcome {
    Issued {
        folio: String,
    },
    /// No record of that kind for that RUN.
    NotFound,
}

/// Everything that can happen to a session.
#[derive(Debug, Clone, PartialEq)]
pub enum Event {
    // The citizen.
    /// A touch on the attract screen.
    Touch,
    ChooseLanguage(Language),
    Choose(Function),
    Back,
    Cancel,
    /// "Terminar" on a final screen.
    Finish,
    MoreTime,
    Key(Key),
    Focus(Field),
    ToggleReveal,
    /// "Continuar" / "Confirmar" on the current step.
    Submit,
    ChooseFamily(Family),
    ChooseKind(String),
    PrintCodeSlip,
    Reprint,
    AnotherCertificate,
    /// "Recover my key" offered after AlreadyHasKey / CodeBlocked / CodeUsed.
    RecoverInstead,
    // The clock.
    Tick,
    // Devices.
    CardRead(CardRead),
    CardUnreadable,
    Finger(FingerEvent),
    Availability {
        service: Service,
        available: bool,
    },
    // The registry and the printer.
    CardChecked(CardVerdict),
    FingerChecked(FingerVerdict),
    KeyIssued(KeyOutcome),
    Activation(ActivationOutcome),
    CertificateIssued(CertificateOutcome),
    Printed(Result<(), PrintFailure>),
    /// A registry call failed (unreachable, timeout, server error).
    ServiceFailed,
}

impl Event {
    fn is_citizen(&self) -> bool {
        matches!(
            self,
            Event::Touch
                | Event::ChooseLanguage(_)
                | Event::Choose(_)
                | Event::Back
                | Event::Cancel
                | Event::Finish
                | Event::MoreTime
                | Event::Key(_)
                | Event::Focus(_)
                | Event::ToggleReveal
                | Event::Submit
                | Event::ChooseFamily(_)
                | Event::ChooseKind(_)
                | Event::PrintCodeSlip
                | Event::Reprint
                | Event::AnotherCertificate
                | Event::RecoverInstead
                | Event::CardRead(_)
                | Event::Finger(_)
        )
    }
}

/// How a session ended (for the metrics and the back-end session).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Cancelled,
    TimedOut,
    /// Stopped by a rule (card blocked, too young, fingerprint...).
    Refused,
}

/// What the application must do, in domain terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Check the card with the registry (and open its session there).
    VerifyCard {
        run: Secret,
        document: Secret,
    },
    CaptureFinger,
    CancelCapture,
    VerifyFinger {
        run: Secret,
        template: SecretBytes,
    },
    IssueKey {
        run: Secret,
        email: Secret,
    },
    RecoverKey {
        run: Secret,
    },
    PrintCodeSlip {
        code: Secret,
    },
    Activate {
        run: Secret,
        code: Secret,
        password: Secret,
    },
    IssueCertificate {
        kind: String,
        for_run: Secret,
    },
    Print {
        folio: String,
    },
    ReportDelivery {
        folio: String,
        delivered: bool,
    },
    /// Close the back-end session, count the outcome; the flow has wiped its data.
    EndSession {
        outcome: Outcome,
    },
}

/// Everything personal the session holds; wiped as one at the end.
#[derive(Default, Zeroize)]
struct Personal {
    holder_run: String,
    document: String,
    birth_date: Option<Date>,
    email: String,
    code_shown: String,
    code_typed: String,
    password: String,
    password_again: String,
    other_run: String,
    folio: String,
    kind: String,
}

impl Personal {
    fn is_empty(&self) -> bool {
        self.holder_run.is_empty()
            && self.document.is_empty()
            && self.birth_date.is_none()
            && self.email.is_empty()
            && self.code_shown.is_empty()
            && self.code_typed.is_empty()
            && self.password.is_empty()
            && self.password_again.is_empty()
            && self.other_run.is_empty()
            && self.folio.is_empty()
            && self.kind.is_empty()
    }
}

impl Drop for Personal {
    fn drop(&mut self) {
        self.zeroize();
    }
}

/// Which services are up right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Availability {
    scanner: bool,
    fingerprint: bool,
    backend: bool,
    printer: bool,
}

impl Availability {
    fn get(&self, service: Service) -> bool {
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
    settings: Settings,
    catalog: Catalog,
    id: u64,
    screen: Screen,
    language: Language,
    function: Option<Function>,
    family: Option<Family>,
    notice: Option<Notice>,
    personal: Personal,
    focus: Field,
    reveal: bool,
    identified: bool,
    card_presented: bool,
    finger_tries: u8,
    code_tries: u8,
    print_attempts: u8,
    available: Availability,
    now: Option<Instant>,
    entered_at: Option<Instant>,
    last_activity: Option<Instant>,
    warning_until: Option<Instant>,
    /// The kiosk's date, as the last card read gave it (for the age rule).
    today: Option<Date>,
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

    /// Whether a card was read in this session (the farewell then says "Retire su cédula").
    pub fn card_presented(&self) -> bool {
        self.card_presented
    }

    /// Whether the session holds anything personal (it must not after its end).
    pub fn holds_personal_data(&self) -> bool {
        !self.personal.is_empty() || self.identified
    }

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
            (Function::Certificates, s) => match s {
                Screen::Families => (1, 4),
                Screen::Purposes(_) => (2, 4),
                Screen::RunEntry
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

    /// Why a menu function cannot be used now, if it cannot.
    pub fn unavailable(&self, function: Function) -> Option<Service> {
        let needs: &[Service] = match function {
            Function::FirstIssue | Function::Recover => {
                &[Service::Backend, Service::Scanner, Service::Fingerprint]
            }
            Function::Certificates => &[Service::Backend, Service::Printer],
        };
        needs.iter().copied().find(|s| !self.available.get(*s))
    }

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

    pub fn email(&self) -> &str {
        &self.personal.email
    }

    /// The activation code the registry issued, shown large.
    pub fn code_shown(&self) -> &str {
        &self.personal.code_shown
    }

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

    pub fn email_ok(&self) -> bool {
        entry::email_is_plausible(&self.personal.email)
    }

    pub fn code_complete(&self) -> bool {
        entry::code_is_complete(&self.personal.code_typed)
    }

    /// The RUN typed on the keypad, formatted `12.345.678-5` as far as typed.
    pub fn run_typed(&self) -> String {
        entry::format_run(&self.personal.other_run)
    }

    pub fn run_check(&self) -> RunCheck {
        entry::run_check(&self.personal.other_run)
    }

    /// Who the certificate is for, formatted.
    pub fn certificate_for(&self) -> String {
        let typed = if self.chosen_kind().is_some_and(|k| k.holder_only) {
            self.personal.holder_run.replace('-', "")
        } else {
            self.personal.other_run.clone()
        };
        entry::format_run(&typed)
    }

    pub fn folio(&self) -> &str {
        &self.personal.folio
    }

    pub fn focus(&self) -> Field {
        self.focus
    }

    pub fn revealed(&self) -> bool {
        self.reveal
    }

    pub fn finger_tries_left(&self) -> u8 {
        self.settings
            .max_finger_tries
            .saturating_sub(self.finger_tries)
    }

    pub fn code_tries_left(&self) -> u8 {
        self.settings.max_code_tries.saturating_sub(self.code_tries)
    }

    /// Whether a reprint is still offered after a failed print.
    pub fn can_reprint(&self) -> bool {
        self.print_attempts < self.settings.print_attempts
    }

    /// Whether the slip printer can take the activation code.
    pub fn can_print_slip(&self) -> bool {
        self.available.printer
    }

    /// Seconds left on the inactivity warning, when it is showing.
    pub fn warning_seconds_left(&self) -> Option<u64> {
        let until = self.warning_until?;
        let now = self.now?;
        let left = until.saturating_duration_since(now);
        // Round up: "1" is shown until the very end, never "0" while still open.
        Some(left.as_secs() + u64::from(left.subsec_nanos() > 0))
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
                Screen::Done | Screen::TakeIt => self.end(Outcome::Completed, out),
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
            Event::PrintCodeSlip if screen == Screen::ShowCode && self.available.printer => {
                self.notice = Some(Notice::SlipPrinting);
                out.push(Command::PrintCodeSlip {
                    code: Secret::new(self.personal.code_shown.clone()),
                });
            }
            Event::Reprint if matches!(screen, Screen::PrintFailed(_)) && self.can_reprint() => {
                self.print(out);
            }
            Event::AnotherCertificate if screen == Screen::TakeIt => {
                self.personal.folio.zeroize();
                self.personal.kind.zeroize();
                self.personal.other_run.zeroize();
                self.print_attempts = 0;
                self.function = Some(Function::Certificates);
                self.go(Screen::Families);
            }
            Event::RecoverInstead => {
                if let Screen::Stopped(stop) = screen {
                    if stop.offers_recovery() && self.identified {
                        self.function = Some(Function::Recover);
                        self.code_tries = 0;
                        self.personal.code_typed.zeroize();
                        self.personal.code_shown.zeroize();
                        self.personal.password.zeroize();
                        self.personal.password_again.zeroize();
                        self.work(Job::IssuingKey);
                        out.push(Command::RecoverKey {
                            run: self.holder_run(),
                        });
                    }
                }
            }
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
            Event::Activation(outcome) if screen == Screen::Working(Job::Activating) => {
                self.activation(outcome)
            }
            Event::CertificateIssued(outcome)
                if screen == Screen::Working(Job::IssuingCertificate) =>
            {
                match outcome {
                    CertificateOutcome::Issued { folio } => {
                        self.personal.folio = folio;
                        self.print_attempts = 0;
                        self.print(out);
                    }
                    CertificateOutcome::NotFound => {
                        let holder = self.chosen_kind().is_some_and(|k| k.holder_only);
                        self.go(if holder {
                            Screen::Confirm
                        } else {
                            Screen::RunEntry
                        });
                        self.notice = Some(Notice::CertificateNotFound);
                    }
                }
            }
            Event::Printed(result) if screen == Screen::Printing => match result {
                Ok(()) => {
                    out.push(Command::ReportDelivery {
                        folio: self.personal.folio.clone(),
                        delivered: true,
                    });
                    self.go(Screen::TakeIt);
                }
                Err(failure) => self.go(Screen::PrintFailed(failure)),
            },
            Event::ServiceFailed => self.service_failed(out),
            // Anything else does not belong to this screen (a late answer,
            // a touch on a button that just went away): ignore it.
            _ => {}
        }
    }

    fn go(&mut self, screen: Screen) {
        self.screen = screen;
        self.notice = None;
        if screen == Screen::Attract {
            // The farewell is over: the card has been taken away, and the
            // next citizen starts in the kiosk's language.
            self.card_presented = false;
            self.language = self.settings.default_language;
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
            _ => {}
        }
        if screen.is_typing() {
            self.reveal = false;
        }
    }

    fn work(&mut self, job: Job) {
        self.go(Screen::Working(job));
    }

    fn holder_run(&self) -> Secret {
        Secret::new(self.personal.holder_run.clone())
    }

    fn tick(&mut self, now: Instant, out: &mut Vec<Command>) {
        let since_entered = self
            .entered_at
            .map_or(Duration::ZERO, |t| now.saturating_duration_since(t));
        match self.screen {
            Screen::Attract => {}
            Screen::Goodbye => {
                if since_entered >= self.settings.goodbye {
                    self.go(Screen::Attract);
                }
            }
            Screen::Working(_) => {
                if since_entered >= self.settings.work_timeout {
                    self.service_failed(out);
                }
            }
            Screen::Printing => {
                if since_entered >= self.settings.work_timeout {
                    self.go(Screen::PrintFailed(PrintFailure::Other));
                }
            }
            screen => {
                if let Some(until) = self.warning_until {
                    if now >= until {
                        self.end(Outcome::TimedOut, out);
                    }
                    return;
                }
                let limit = if screen.is_typing() {
                    self.settings.typing_idle
                } else {
                    self.settings.idle
                };
                let last = self.last_activity.or(self.entered_at).unwrap_or(now);
                if now.saturating_duration_since(last) >= limit {
                    self.warning_until = Some(now + self.settings.warning);
                }
            }
        }
    }

    fn availability(&mut self, service: Service, up: bool, out: &mut Vec<Command>) {
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
            Screen::Confirm => {
                if self.chosen_kind().is_some_and(|k| k.holder_only) {
                    self.go_to_purposes();
                } else {
                    self.go(Screen::RunEntry);
                }
            }
            _ => {}
        }
    }

    fn go_to_purposes(&mut self) {
        match self.family {
            Some(family) => self.go(Screen::Purposes(family)),
            None => self.go(Screen::Families),
        }
    }

    fn forget_identity(&mut self) {
        self.identified = false;
        self.personal.holder_run.zeroize();
        self.personal.document.zeroize();
        self.personal.birth_date = None;
        self.finger_tries = 0;
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
            Screen::Email if self.email_ok() => {
                self.work(Job::IssuingKey);
                out.push(Command::IssueKey {
                    run: self.holder_run(),
                    email: Secret::new(self.personal.email.clone()),
                });
            }
            Screen::ShowCode => self.go(Screen::CodeEntry),
            Screen::CodeEntry if self.code_complete() => {
                if self.password_check().all() {
                    // Back after a wrong code: the password is already chosen.
                    self.activate(out);
                } else {
                    self.go(Screen::NewPassword);
                }
            }
            Screen::NewPassword => {
                let check = self.password_check();
                if check.all() {
                    self.activate(out);
                } else if check.policy_holds() && self.focus == Field::Password {
                    self.focus = Field::PasswordAgain;
                }
            }
            Screen::RunEntry if self.run_check() == RunCheck::Valid => self.go(Screen::Confirm),
            Screen::Confirm => {
                let Some(entry) = self.chosen_kind() else {
                    self.go(Screen::Families);
                    return;
                };
                let kind = entry.kind.clone();
                let for_run = if entry.holder_only {
                    self.personal.holder_run.clone()
                } else {
                    entry::canonical_run(&self.personal.other_run)
                };
                self.work(Job::IssuingCertificate);
                out.push(Command::IssueCertificate {
                    kind,
                    for_run: Secret::new(for_run),
                });
            }
            _ => {}
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

    fn choose_kind(&mut self, family: Family, kind: &str) {
        let Some(entry) = self.entry(kind).filter(|e| e.family == family) else {
            return;
        };
        if let Some(service) = self.kind_unavailable(entry) {
            self.notice = Some(Notice::Missing(service));
            return;
        }
        let holder_only = entry.holder_only;
        self.personal.kind = kind.to_string();
        if !holder_only {
            self.go(Screen::RunEntry);
        } else if self.identified {
            self.go(Screen::Confirm);
        } else {
            self.go(Screen::PresentCard);
        }
    }

    fn card_read(&mut self, card: CardRead, out: &mut Vec<Command>) {
        match self.screen {
            Screen::PresentCard => {}
            // On the RUN keypad a card fills the number in.
            Screen::RunEntry => {
                self.personal.other_run = card.run.expose().replace('-', "");
                self.card_presented = true;
                return;
            }
            _ => return,
        }
        if !self.available.backend {
            self.notice = Some(Notice::Missing(Service::Backend));
            return;
        }
        self.card_presented = true;
        self.personal.holder_run = card.run.expose().to_string();
        self.personal.document = card.document.expose().to_string();
        self.personal.birth_date = card.birth_date;
        if card.expiry.is_some_and(|expiry| expiry < card.today) {
            self.go(Screen::Stopped(Stop::CardExpired));
            return;
        }
        if self.function == Some(Function::FirstIssue)
            && card
                .birth_date
                .is_some_and(|b| b.age_on(card.today) < i32::from(self.settings.min_age))
        {
            self.go(Screen::Stopped(Stop::TooYoung));
            return;
        }
        self.today = Some(card.today);
        self.work(Job::VerifyingCard);
        out.push(Command::VerifyCard {
            run: self.holder_run(),
            document: Secret::new(self.personal.document.clone()),
        });
    }

    fn card_checked(&mut self, verdict: CardVerdict, out: &mut Vec<Command>) {
        match verdict {
            CardVerdict::Valid { birth_date } => {
                let birth = self.personal.birth_date.or(birth_date);
                self.personal.birth_date = birth;
                let too_young = match (self.function, birth, self.today) {
                    (Some(Function::FirstIssue), Some(b), Some(today)) => {
                        b.age_on(today) < i32::from(self.settings.min_age)
                    }
                    _ => false,
                };
                if too_young {
                    self.go(Screen::Stopped(Stop::TooYoung));
                } else {
                    self.go(Screen::PlaceFinger(FingerState::Waiting));
                    out.push(Command::CaptureFinger);
                }
            }
            CardVerdict::Blocked => self.go(Screen::Stopped(Stop::CardBlocked)),
            CardVerdict::Expired => self.go(Screen::Stopped(Stop::CardExpired)),
            CardVerdict::Unknown => self.go(Screen::Stopped(Stop::CardUnknown)),
        }
    }

    fn finger(&mut self, finger: FingerEvent, out: &mut Vec<Command>) {
        let Screen::PlaceFinger(_) = self.screen else {
            return;
        };
        let keep_notice = self.notice;
        let state = match finger {
            FingerEvent::Waiting => FingerState::Waiting,
            FingerEvent::Reading => FingerState::Reading,
            FingerEvent::LiftAndPlaceAgain => FingerState::LiftAndPlaceAgain,
            FingerEvent::PoorImage => {
                // Not a try: the image never left the kiosk.
                out.push(Command::CaptureFinger);
                FingerState::PressFirmer
            }
            FingerEvent::NoFinger => {
                // The idle clock, not the reader, decides when to give up.
                out.push(Command::CaptureFinger);
                match self.screen {
                    // The finger was never lifted: the next capture asks
                    // again, so keep saying so instead of "waiting".
                    Screen::PlaceFinger(FingerState::LiftAndPlaceAgain) => {
                        FingerState::LiftAndPlaceAgain
                    }
                    _ => FingerState::Waiting,
                }
            }
            FingerEvent::Captured(template) => {
                self.work(Job::VerifyingFinger);
                out.push(Command::VerifyFinger {
                    run: self.holder_run(),
                    template,
                });
                return;
            }
            FingerEvent::Failed => {
                self.notice = Some(Notice::Missing(Service::Fingerprint));
                return;
            }
        };
        self.screen = Screen::PlaceFinger(state);
        // "No match, 2 tries left" stays up while the citizen tries again.
        self.notice = match keep_notice {
            Some(Notice::FingerNoMatch { .. }) => keep_notice,
            _ => None,
        };
    }

    fn finger_checked(&mut self, verdict: FingerVerdict, out: &mut Vec<Command>) {
        match verdict {
            FingerVerdict::Match => {
                self.identified = true;
                self.finger_tries = 0;
                match self.function {
                    Some(Function::FirstIssue) => self.go(Screen::Email),
                    Some(Function::Recover) => {
                        self.work(Job::IssuingKey);
                        out.push(Command::RecoverKey {
                            run: self.holder_run(),
                        });
                    }
                    Some(Function::Certificates) => self.go(Screen::Confirm),
                    None => self.go(Screen::Menu),
                }
            }
            FingerVerdict::NoMatch => {
                self.finger_tries = self.finger_tries.saturating_add(1);
                if self.finger_tries >= self.settings.max_finger_tries {
                    self.go(Screen::Stopped(Stop::FingerTriesExhausted));
                } else {
                    self.go(Screen::PlaceFinger(FingerState::Waiting));
                    self.notice = Some(Notice::FingerNoMatch {
                        remaining: self.finger_tries_left(),
                    });
                    out.push(Command::CaptureFinger);
                }
            }
            FingerVerdict::TooManyTries => self.go(Screen::Stopped(Stop::FingerTriesExhausted)),
        }
    }

    fn activation(&mut self, outcome: ActivationOutcome) {
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

    fn print(&mut self, out: &mut Vec<Command>) {
        self.print_attempts = self.print_attempts.saturating_add(1);
        self.go(Screen::Printing);
        out.push(Command::Print {
            folio: self.personal.folio.clone(),
        });
    }

    /// A registry call failed: back to the step that made it, with a notice,
    /// so that one touch tries again.
    fn service_failed(&mut self, out: &mut Vec<Command>) {
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
        };
        self.go(back_to);
        if !matches!(back_to, Screen::Stopped(_)) {
            self.notice = Some(Notice::ServiceFailed);
        }
    }

    /// End the session: tell the application, wipe everything personal, say goodbye.
    fn end(&mut self, outcome: Outcome, out: &mut Vec<Command>) {
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

    fn reset_to_attract(&mut self) {
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
        self.code_tries = 0;
        self.print_attempts = 0;
        self.reveal = false;
        self.today = None;
        self.warning_until = None;
    }
}
