//! Identify the citizen: the card on the scanner, checked by the registry,
//! then a fingerprint matched 1:1 against it.
//!
//! Shared by every function that needs the holder (first issue, recover, the
//! holder's own certificates); where it leads after a match depends on the
//! function chosen.

use zeroize::Zeroize;

use crate::command::Command;
use crate::event::{CardRead, CardVerdict, FingerEvent, FingerVerdict};
use crate::screen::{FingerState, Function, Job, Notice, Screen, Service, Stop};
use crate::secret::Secret;
use crate::state::Session;

impl Session {
    pub fn finger_tries_left(&self) -> u8 {
        self.settings
            .max_finger_tries
            .saturating_sub(self.finger_tries)
    }

    /// Back past the identification: forget whose card it was.
    pub(crate) fn forget_identity(&mut self) {
        self.identified = false;
        self.personal.holder_run.zeroize();
        self.personal.document.zeroize();
        self.personal.birth_date = None;
        self.personal.card_expiry = None;
        self.finger_tries = 0;
        self.finger = None;
    }

    pub(crate) fn card_read(&mut self, card: CardRead, out: &mut Vec<Command>) {
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
        self.personal.card_expiry = card.expiry;
        // The card's birth date decides nothing: a two-digit year is a
        // centenarian's as well as a child's. The registry's date does.
        if card.expiry.is_some_and(|expiry| expiry < card.today) {
            self.go(Screen::Stopped(Stop::CardExpired));
            return;
        }
        self.today = Some(card.today);
        self.work(Job::VerifyingCard);
        out.push(Command::VerifyCard {
            run: self.holder_run(),
            document: Secret::new(self.personal.document.clone()),
        });
    }

    pub(crate) fn card_checked(&mut self, verdict: CardVerdict, out: &mut Vec<Command>) {
        match verdict {
            CardVerdict::Valid { birth_date, finger } => {
                self.finger = finger;
                let birth = birth_date;
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

    pub(crate) fn finger(&mut self, finger: FingerEvent, out: &mut Vec<Command>) {
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

    pub(crate) fn finger_checked(&mut self, verdict: FingerVerdict, out: &mut Vec<Command>) {
        match verdict {
            FingerVerdict::Match => {
                self.identified = true;
                self.finger_tries = 0;
                match self.function {
                    Some(Function::FirstIssue) => self.go(Screen::Email),
                    Some(Function::Recover) => self.recover_key(out),
                    Some(Function::Certificates) => self.go(Screen::Confirm),
                    // Checking a certificate identifies nobody.
                    Some(Function::CheckCertificate) | None => self.go(Screen::Menu),
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
}
