//! The session's rules, walked event by event with a synthetic clock.

use std::time::{Duration, Instant};

use totem_flow::*;

const HOLDER: &str = "11111111-1";
const OTHER_TYPED: &str = "123456785";

fn catalog() -> Catalog {
    let entry = |kind: &str, family, holder_only, enabled| CertificateEntry {
        kind: kind.into(),
        family,
        purpose_es: format!("{kind} es"),
        purpose_en: format!("{kind} en"),
        holder_only,
        enabled,
    };
    Catalog {
        certificates: vec![
            entry("nacimiento-todo-tramite", Family::Nacimiento, false, true),
            entry("nacimiento-matricula", Family::Nacimiento, false, true),
            entry(
                "antecedentes-fines-particulares",
                Family::Antecedentes,
                true,
                true,
            ),
            entry(
                "discapacidad-inscripcion",
                Family::Discapacidad,
                false,
                false,
            ),
        ],
    }
}

struct Kiosk {
    session: Session,
    now: Instant,
}

impl Kiosk {
    fn new() -> Self {
        Self {
            session: Session::new(Settings::default(), catalog()),
            now: Instant::now(),
        }
    }

    fn ev(&mut self, event: Event) -> Vec<Command> {
        self.session.update(self.now, event)
    }

    fn wait(&mut self, secs: u64) -> Vec<Command> {
        let mut out = Vec::new();
        for _ in 0..secs {
            self.now += Duration::from_secs(1);
            out.extend(self.ev(Event::Tick));
        }
        out
    }

    fn screen(&self) -> Screen {
        self.session.screen()
    }

    fn typed(&mut self, text: &str) {
        for c in text.chars() {
            self.ev(Event::Key(Key::Char(c)));
        }
    }

    fn open_menu(&mut self) {
        self.ev(Event::Touch);
        assert_eq!(self.screen(), Screen::Language);
        self.ev(Event::ChooseLanguage(Language::En));
        assert_eq!(self.screen(), Screen::Menu);
        assert_eq!(self.session.language(), Language::En);
    }

    /// A new session, through the language screen, with `function` chosen
    /// on the menu.
    fn choosing(function: Function) -> Self {
        let mut k = Self::new();
        k.open_menu();
        k.ev(Event::Choose(function));
        k
    }

    fn card(&self, birth: Date) -> Event {
        Event::CardRead(CardRead {
            run: Secret::new(HOLDER),
            document: Secret::new("A01234567"),
            birth_date: Some(birth),
            expiry: Some(Date::new(2030, 1, 1)),
            today: Date::new(2026, 11, 25),
        })
    }

    /// Card + finger up to a match, from the card screen.
    fn identify(&mut self) -> Vec<Command> {
        assert_eq!(self.screen(), Screen::PresentCard);
        let out = self.ev(self.card(Date::new(1980, 5, 5)));
        assert_eq!(
            out,
            vec![Command::VerifyCard {
                run: Secret::new(HOLDER),
                document: Secret::new("A01234567"),
            }]
        );
        assert_eq!(self.screen(), Screen::Working(Job::VerifyingCard));
        let out = self.ev(Event::CardChecked(CardVerdict::Valid {
            birth_date: None,
            finger: None,
        }));
        assert_eq!(out, vec![Command::CaptureFinger]);
        self.ev(Event::Finger(FingerEvent::Reading));
        assert_eq!(self.screen(), Screen::PlaceFinger(FingerState::Reading));
        let out = self.ev(Event::Finger(FingerEvent::Captured(SecretBytes::new(
            vec![1; 512],
        ))));
        assert_eq!(
            out,
            vec![Command::VerifyFinger {
                run: Secret::new(HOLDER),
                template: SecretBytes::new(vec![1; 512])
            }]
        );
        self.ev(Event::FingerChecked(FingerVerdict::Match))
    }

    /// From the menu to the code screen of a first issue.
    fn first_issue_to_code(&mut self) {
        self.open_menu();
        self.ev(Event::Choose(Function::FirstIssue));
        assert!(self.identify().is_empty());
        assert_eq!(self.screen(), Screen::Email);
        self.typed("ana@correo");
        self.ev(Event::Key(Key::Text(".cl")));
        let out = self.ev(Event::Submit);
        assert_eq!(
            out,
            vec![Command::IssueKey {
                run: Secret::new(HOLDER),
                email: Secret::new("ana@correo.cl")
            }]
        );
        self.ev(Event::KeyIssued(KeyOutcome::Issued {
            code: Secret::new("QWERTY"),
        }));
        assert_eq!(self.screen(), Screen::ShowCode);
        assert_eq!(self.session.code_shown(), "QWERTY");
        self.ev(Event::Submit);
        assert_eq!(self.screen(), Screen::CodeEntry);
    }

    fn set_password(&mut self) -> Vec<Command> {
        self.typed("abcDEF12");
        assert_eq!(self.session.password_display(Field::Password), "••••••••");
        self.ev(Event::Submit); // moves to the repeat field
        assert_eq!(self.session.focus(), Field::PasswordAgain);
        self.typed("abcDEF12");
        self.ev(Event::Submit)
    }

    fn assert_wiped(&self) {
        assert!(
            !self.session.holds_personal_data(),
            "personal data left in {:?}",
            self.session
        );
        assert_eq!(self.session.email(), "");
        assert_eq!(self.session.code_shown(), "");
        assert_eq!(self.session.code_typed(), "");
        assert_eq!(self.session.run_typed(), "");
        assert_eq!(self.session.folio(), "");
        assert_eq!(self.session.password_display(Field::Password), "");
        assert_eq!(self.session.function(), None);
    }
}

fn step(index: u8, total: u8) -> Option<Step> {
    Some(Step { index, total })
}

#[test]
fn first_issue_walks_to_an_active_key() {
    let mut k = Kiosk::choosing(Function::FirstIssue);
    assert_eq!(k.session.step(), step(1, 4));
    k.identify();
    assert_eq!(k.session.step(), step(2, 4));
    k.typed("ana@correo");
    assert!(!k.session.email_ok());
    assert!(
        k.ev(Event::Submit).is_empty(),
        "an implausible address is not sent"
    );
    k.ev(Event::Key(Key::Text(".cl")));
    assert!(k.session.email_ok());
    k.ev(Event::Submit);
    k.ev(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("QWERTY"),
    }));
    assert_eq!(k.session.step(), step(3, 4));
    k.ev(Event::Submit);
    k.typed("qwert");
    assert!(
        k.ev(Event::Submit).is_empty(),
        "five letters are not a code"
    );
    k.typed("y");
    assert_eq!(k.session.code_typed(), "QWERTY");
    k.ev(Event::Submit);
    assert_eq!(k.screen(), Screen::NewPassword);
    assert_eq!(k.session.step(), step(4, 4));
    let out = k.set_password();
    assert_eq!(
        out,
        vec![Command::Activate {
            run: Secret::new(HOLDER),
            code: Secret::new("QWERTY"),
            password: Secret::new("abcDEF12"),
        }]
    );
    k.ev(Event::Activation(ActivationOutcome::Activated));
    assert_eq!(k.screen(), Screen::Done);
    let out = k.ev(Event::Finish);
    assert_eq!(
        out,
        vec![Command::EndSession {
            outcome: Outcome::Completed
        }]
    );
    assert_eq!(k.screen(), Screen::Goodbye);
    assert!(
        k.session.card_presented(),
        "the farewell asks for the card to be taken"
    );
    k.assert_wiped();
    assert_eq!(
        k.session.language(),
        Language::En,
        "the farewell speaks the citizen's language"
    );
    k.wait(6);
    assert_eq!(k.screen(), Screen::Attract);
    assert!(!k.session.card_presented());
    assert_eq!(
        k.session.language(),
        Language::Es,
        "the next citizen starts in Spanish"
    );
}

#[test]
fn password_rules_gate_activation_and_tick_live() {
    let mut k = Kiosk::new();
    k.first_issue_to_code();
    k.typed("QWERTY");
    k.ev(Event::Submit);
    k.typed("abcdefgh");
    let check = k.session.password_check();
    assert!(check.long_enough && check.has_lower && !check.has_upper && !check.has_digit);
    assert!(k.ev(Event::Submit).is_empty());
    assert_eq!(
        k.session.focus(),
        Field::Password,
        "a password against the policy is not accepted"
    );
    k.ev(Event::ToggleReveal);
    assert_eq!(k.session.password_display(Field::Password), "abcdefgh");
    k.ev(Event::Key(Key::Char('A')));
    k.ev(Event::Key(Key::Char('1')));
    assert!(k.session.password_check().policy_holds());
    k.ev(Event::Focus(Field::PasswordAgain));
    k.typed("abcdefghA2");
    assert!(!k.session.password_check().both_match);
    assert!(
        k.ev(Event::Submit).is_empty(),
        "different repeats are not sent"
    );
    k.ev(Event::Key(Key::Delete));
    k.ev(Event::Key(Key::Char('1')));
    assert!(k.session.password_check().all());
    assert!(matches!(
        k.ev(Event::Submit)[..],
        [Command::Activate { .. }]
    ));
    k.ev(Event::Activation(ActivationOutcome::PasswordRejected));
    assert_eq!(k.screen(), Screen::NewPassword);
    assert_eq!(k.session.notice(), Some(Notice::PasswordRejected));
    assert_eq!(k.session.password_display(Field::Password), "");
}

#[test]
fn wrong_code_then_right_code_keeps_the_password() {
    let mut k = Kiosk::new();
    k.first_issue_to_code();
    k.typed("QWERTZ");
    k.ev(Event::Submit);
    k.set_password();
    k.ev(Event::Activation(ActivationOutcome::WrongCode {
        remaining: 4,
    }));
    assert_eq!(k.screen(), Screen::CodeEntry);
    assert_eq!(k.session.notice(), Some(Notice::WrongCode { remaining: 4 }));
    assert_eq!(k.session.code_typed(), "", "the wrong code is cleared");
    k.typed("qwerty");
    let out = k.ev(Event::Submit);
    assert_eq!(
        out,
        vec![Command::Activate {
            run: Secret::new(HOLDER),
            code: Secret::new("QWERTY"),
            password: Secret::new("abcDEF12"),
        }],
        "the password chosen before is used again"
    );
    k.ev(Event::Activation(ActivationOutcome::Activated));
    assert_eq!(k.screen(), Screen::Done);
    assert_eq!(
        k.session.code_shown(),
        "",
        "codes and passwords are wiped once active"
    );
}

#[test]
fn five_wrong_codes_block_and_offer_a_new_code() {
    let mut k = Kiosk::new();
    k.first_issue_to_code();
    k.typed("AAAAAA");
    k.ev(Event::Submit);
    k.set_password();
    for left in (1..=4).rev() {
        // The registry says 9 left; the kiosk's own limit of 5 wins.
        k.ev(Event::Activation(ActivationOutcome::WrongCode {
            remaining: 9,
        }));
        assert_eq!(
            k.session.notice(),
            Some(Notice::WrongCode { remaining: left })
        );
        k.typed("AAAAAA");
        k.ev(Event::Submit);
    }
    k.ev(Event::Activation(ActivationOutcome::WrongCode {
        remaining: 9,
    }));
    assert_eq!(k.screen(), Screen::Stopped(Stop::CodeBlocked));
    let out = k.ev(Event::RecoverInstead);
    assert_eq!(
        out,
        vec![Command::RecoverKey {
            run: Secret::new(HOLDER)
        }]
    );
    k.ev(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("NUEVOO"),
    }));
    assert_eq!(k.screen(), Screen::ShowCode);
    assert_eq!(k.session.code_tries_left(), 5);
}

#[test]
fn registry_blocked_and_used_codes_stop() {
    let mut k = Kiosk::new();
    k.first_issue_to_code();
    k.typed("AAAAAA");
    k.ev(Event::Submit);
    k.set_password();
    k.ev(Event::Activation(ActivationOutcome::CodeUsed));
    assert_eq!(k.screen(), Screen::Stopped(Stop::CodeUsed));
    assert!(Stop::CodeUsed.offers_recovery());
    let out = k.ev(Event::Finish);
    assert_eq!(
        out,
        vec![Command::EndSession {
            outcome: Outcome::Refused
        }]
    );
    k.assert_wiped();
}

#[test]
fn recover_has_three_steps_and_asks_for_a_new_code() {
    let mut k = Kiosk::choosing(Function::Recover);
    assert_eq!(k.session.step(), step(1, 3));
    let out = k.identify();
    assert_eq!(
        out,
        vec![Command::RecoverKey {
            run: Secret::new(HOLDER)
        }]
    );
    k.ev(Event::KeyIssued(KeyOutcome::Issued {
        code: Secret::new("ZXCVBN"),
    }));
    assert_eq!(k.session.step(), step(2, 3));
    k.ev(Event::Submit);
    k.typed("zxcvbn");
    k.ev(Event::Submit);
    assert_eq!(k.session.step(), step(3, 3));
    assert!(
        k.session.offers_cancel(),
        "the password screen offers Cancelar"
    );
    k.set_password();
    k.ev(Event::Activation(ActivationOutcome::Activated));
    assert_eq!(k.screen(), Screen::Done);
    // Done carries its own "Terminar": cancelling still ends the session,
    // but no second way out is shown.
    assert!(k.session.can_cancel() && !k.session.offers_cancel());
}

#[test]
fn recover_without_a_key_and_first_issue_with_one_stop() {
    let mut k = Kiosk::choosing(Function::Recover);
    k.identify();
    k.ev(Event::KeyIssued(KeyOutcome::NoKeyYet));
    assert_eq!(k.screen(), Screen::Stopped(Stop::NoKeyYet));
    assert!(k.ev(Event::RecoverInstead).is_empty());

    let mut k = Kiosk::choosing(Function::FirstIssue);
    k.identify();
    k.typed("a@b.cl");
    k.ev(Event::Submit);
    k.ev(Event::KeyIssued(KeyOutcome::AlreadyHasKey));
    assert_eq!(k.screen(), Screen::Stopped(Stop::AlreadyHasKey));
    assert_eq!(
        k.ev(Event::RecoverInstead),
        vec![Command::RecoverKey {
            run: Secret::new(HOLDER)
        }]
    );
}

#[test]
fn under_fourteen_cannot_get_a_key() {
    let today = Date::new(2026, 11, 25);
    assert_eq!(Date::new(2012, 11, 25).age_on(today), 14);
    assert_eq!(Date::new(2012, 11, 26).age_on(today), 13);

    // The card's date alone refuses no one (a two-digit year is also a
    // centenarian's): the card is checked and the registry's date decides,
    // before the finger.
    let mut k = Kiosk::choosing(Function::FirstIssue);
    assert!(matches!(
        k.ev(k.card(Date::new(2012, 11, 26)))[..],
        [Command::VerifyCard { .. }]
    ));
    let out = k.ev(Event::CardChecked(CardVerdict::Valid {
        birth_date: Some(Date::new(2012, 11, 26)),
        finger: None,
    }));
    assert!(out.is_empty());
    assert_eq!(k.screen(), Screen::Stopped(Stop::TooYoung));

    // Fourteen today is old enough.
    let mut k = Kiosk::choosing(Function::FirstIssue);
    assert!(matches!(
        k.ev(k.card(Date::new(2012, 11, 25)))[..],
        [Command::VerifyCard { .. }]
    ));
    assert_eq!(
        k.ev(Event::CardChecked(CardVerdict::Valid {
            birth_date: Some(Date::new(2012, 11, 25)),
            finger: None,
        })),
        vec![Command::CaptureFinger]
    );

    // By the registry's birth date when the card has none (legacy PDF417).
    let mut k = Kiosk::choosing(Function::FirstIssue);
    k.ev(Event::CardRead(CardRead {
        run: Secret::new(HOLDER),
        document: Secret::new("A01234567"),
        birth_date: None,
        expiry: None,
        today,
    }));
    k.ev(Event::CardChecked(CardVerdict::Valid {
        birth_date: Some(Date::new(2015, 1, 1)),
        finger: None,
    }));
    assert_eq!(k.screen(), Screen::Stopped(Stop::TooYoung));

    // Recovering has no age rule here (the key exists already).
    let mut k = Kiosk::choosing(Function::Recover);
    assert!(matches!(
        k.ev(k.card(Date::new(2012, 11, 26)))[..],
        [Command::VerifyCard { .. }]
    ));
}

/// Cards (MRZ and QR, as the scanner decodes them) of citizens aged 100 and
/// 110: their `26` and `16` are also a child's years, so the card decides no
/// age; the registry's full date does, and they get their ClaveÚnica.
#[test]
fn centenarians_obtain_a_clave_unica() {
    use totem_document::{decode_scan_at, encode_mrz, encode_qr, CardData, QrHost, Run, Sex};
    let day = chrono::NaiveDate::from_ymd_opt;
    let today = Date::new(2026, 11, 25);
    for (year, month, d) in [(1926, 3, 14), (1916, 8, 2)] {
        let card = CardData {
            run: Run::parse(HOLDER).unwrap(),
            document_number: "A01234567".into(),
            document_type: "CEDULA".into(),
            birth_date: day(year, month, d).unwrap(),
            expiry_date: day(2031, 1, 1).unwrap(),
            sex: Sex::Female,
            nationality: "CHL".into(),
            surnames: "PRUEBA CENTENARIA".into(),
            given_names: "ROSA".into(),
        };
        for text in [encode_mrz(&card), encode_qr(&card, QrHost::New)] {
            let scanned = decode_scan_at(&text, day(2026, 11, 25).unwrap()).unwrap();
            let read = CardRead::from_scanned(&scanned, today);
            assert_eq!(
                read.birth_date,
                None,
                "the card cannot tell 19{} from 20{}",
                year % 100,
                year % 100
            );
            let mut k = Kiosk::choosing(Function::FirstIssue);
            assert_eq!(
                k.ev(Event::CardRead(read)),
                vec![Command::VerifyCard {
                    run: Secret::new(HOLDER),
                    document: Secret::new("A01234567"),
                }]
            );
            let registry_birth = Date::new(year, month as u8, d as u8);
            assert!(registry_birth.age_on(today) >= 100);
            assert_eq!(
                k.ev(Event::CardChecked(CardVerdict::Valid {
                    birth_date: Some(registry_birth),
                    finger: None,
                })),
                vec![Command::CaptureFinger]
            );
            k.ev(Event::Finger(FingerEvent::Captured(SecretBytes::new(
                vec![1; 512],
            ))));
            k.ev(Event::FingerChecked(FingerVerdict::Match));
            assert_eq!(k.screen(), Screen::Email);
            k.typed("rosa@correo.cl");
            assert!(matches!(
                k.ev(Event::Submit)[..],
                [Command::IssueKey { .. }]
            ));
            k.ev(Event::KeyIssued(KeyOutcome::Issued {
                code: Secret::new("QWERTY"),
            }));
            k.ev(Event::Submit);
            k.typed("QWERTY");
            k.ev(Event::Submit);
            assert!(matches!(k.set_password()[..], [Command::Activate { .. }]));
            k.ev(Event::Activation(ActivationOutcome::Activated));
            assert_eq!(k.screen(), Screen::Done);
        }
    }
}

#[test]
fn bad_cards_stop_with_their_reason() {
    for (verdict, stop) in [
        (CardVerdict::Blocked, Stop::CardBlocked),
        (CardVerdict::Expired, Stop::CardExpired),
        (CardVerdict::Unknown, Stop::CardUnknown),
    ] {
        let mut k = Kiosk::choosing(Function::Recover);
        k.ev(k.card(Date::new(1980, 1, 1)));
        k.ev(Event::CardChecked(verdict));
        assert_eq!(k.screen(), Screen::Stopped(stop));
    }
    // An expired card is caught from its own expiry date.
    let mut k = Kiosk::choosing(Function::Recover);
    let out = k.ev(Event::CardRead(CardRead {
        run: Secret::new(HOLDER),
        document: Secret::new("A01234567"),
        birth_date: None,
        expiry: Some(Date::new(2026, 11, 24)),
        today: Date::new(2026, 11, 25),
    }));
    assert!(out.is_empty());
    assert_eq!(k.screen(), Screen::Stopped(Stop::CardExpired));
    // An unreadable card leaves the citizen on the card step with a hint.
    let mut k = Kiosk::choosing(Function::Recover);
    k.ev(Event::CardUnreadable);
    assert_eq!(k.screen(), Screen::PresentCard);
    assert_eq!(k.session.notice(), Some(Notice::CardUnreadable));
}

#[test]
fn an_expired_cards_date_is_kept_for_its_validity_screen_and_wiped_at_the_end() {
    let mut k = Kiosk::choosing(Function::FirstIssue);
    k.ev(Event::CardRead(CardRead {
        run: Secret::new(HOLDER),
        document: Secret::new("A01234567"),
        birth_date: None,
        expiry: Some(Date::new(2025, 3, 12)),
        today: Date::new(2026, 11, 25),
    }));
    assert_eq!(k.screen(), Screen::Stopped(Stop::CardExpired));
    assert_eq!(k.session.card_expiry(), Some(Date::new(2025, 3, 12)));
    k.ev(Event::Finish);
    assert_eq!(k.session.card_expiry(), None);
    k.assert_wiped();
    // Back past the card forgets its date as well.
    let mut k = Kiosk::choosing(Function::Recover);
    k.ev(k.card(Date::new(1980, 1, 1)));
    k.ev(Event::CardChecked(CardVerdict::Valid {
        birth_date: None,
        finger: Some(Finger::LeftIndex),
    }));
    assert_eq!(k.session.finger_to_place(), Some(Finger::LeftIndex));
    assert!(k.session.card_expiry().is_some());
    k.ev(Event::Back);
    assert_eq!(k.screen(), Screen::PresentCard);
    assert_eq!(k.session.card_expiry(), None);
    assert_eq!(
        k.session.finger_to_place(),
        None,
        "the next card's finger may differ"
    );
}

#[test]
fn three_fingerprint_misses_send_to_an_office() {
    let mut k = Kiosk::choosing(Function::Recover);
    k.ev(k.card(Date::new(1980, 1, 1)));
    k.ev(Event::CardChecked(CardVerdict::Valid {
        birth_date: None,
        finger: None,
    }));
    // A poor image is not a try: the reader captures again.
    assert_eq!(
        k.ev(Event::Finger(FingerEvent::PoorImage)),
        vec![Command::CaptureFinger]
    );
    assert_eq!(k.screen(), Screen::PlaceFinger(FingerState::PressFirmer));
    assert_eq!(
        k.ev(Event::Finger(FingerEvent::NoFinger)),
        vec![Command::CaptureFinger]
    );
    k.ev(Event::Finger(FingerEvent::LiftAndPlaceAgain));
    assert_eq!(
        k.screen(),
        Screen::PlaceFinger(FingerState::LiftAndPlaceAgain)
    );
    // The finger is never lifted: the reader times out and the next capture
    // will ask again, so the screen keeps asking to lift it.
    assert_eq!(
        k.ev(Event::Finger(FingerEvent::NoFinger)),
        vec![Command::CaptureFinger]
    );
    assert_eq!(
        k.screen(),
        Screen::PlaceFinger(FingerState::LiftAndPlaceAgain)
    );
    k.ev(Event::Finger(FingerEvent::Waiting));
    assert_eq!(k.screen(), Screen::PlaceFinger(FingerState::Waiting));
    assert_eq!(k.session.finger_tries_left(), 3);
    for left in [2, 1] {
        k.ev(Event::Finger(FingerEvent::Captured(SecretBytes::new(
            vec![2; 512],
        ))));
        let out = k.ev(Event::FingerChecked(FingerVerdict::NoMatch));
        assert_eq!(out, vec![Command::CaptureFinger]);
        assert_eq!(
            k.session.notice(),
            Some(Notice::FingerNoMatch { remaining: left })
        );
        k.ev(Event::Finger(FingerEvent::Reading));
        assert_eq!(
            k.session.notice(),
            Some(Notice::FingerNoMatch { remaining: left }),
            "the hint stays"
        );
    }
    k.ev(Event::Finger(FingerEvent::Captured(SecretBytes::new(
        vec![2; 512],
    ))));
    assert!(k
        .ev(Event::FingerChecked(FingerVerdict::NoMatch))
        .is_empty());
    assert_eq!(k.screen(), Screen::Stopped(Stop::FingerTriesExhausted));
    assert!(!k.session.holds_personal_data() || k.session.screen() != Screen::Done);
    k.ev(Event::Finish);
    k.assert_wiped();
}

#[test]
fn holder_only_certificate_goes_through_identify() {
    let mut k = Kiosk::choosing(Function::Certificates);
    assert_eq!(k.screen(), Screen::Families);
    assert_eq!(k.session.step(), step(1, 4));
    assert_eq!(
        k.session.families(),
        vec![Family::Nacimiento, Family::Antecedentes],
        "disabled kinds hidden"
    );
    k.ev(Event::ChooseFamily(Family::Antecedentes));
    assert_eq!(k.session.step(), step(2, 4));
    k.ev(Event::ChooseKind("antecedentes-fines-particulares".into()));
    assert_eq!(k.screen(), Screen::PresentCard);
    assert_eq!(k.session.step(), step(3, 4));
    k.identify();
    assert_eq!(k.screen(), Screen::Confirm);
    assert_eq!(k.session.step(), step(4, 4));
    assert_eq!(k.session.certificate_for(), "11.111.111-1");
    let out = k.ev(Event::Submit);
    assert_eq!(
        out,
        vec![Command::IssueCertificate {
            kind: "antecedentes-fines-particulares".into(),
            for_run: Secret::new(HOLDER),
        }]
    );
    let out = k.ev(Event::CertificateIssued(CertificateOutcome::Issued {
        folio: "500123".into(),
    }));
    assert_eq!(
        out,
        vec![Command::Print {
            folio: "500123".into()
        }]
    );
    assert_eq!(k.screen(), Screen::Printing);
    let out = k.ev(Event::Printed(Ok(())));
    assert_eq!(
        out,
        vec![Command::ReportDelivery {
            folio: "500123".into(),
            delivered: true
        }]
    );
    assert_eq!(k.screen(), Screen::TakeIt);
    assert_eq!(k.session.folio(), "500123");
    // Another certificate of the same person needs no second fingerprint.
    k.ev(Event::AnotherCertificate);
    assert_eq!(k.screen(), Screen::Families);
    k.ev(Event::ChooseFamily(Family::Antecedentes));
    k.ev(Event::ChooseKind("antecedentes-fines-particulares".into()));
    assert_eq!(k.screen(), Screen::Confirm);
}

#[test]
fn certificate_for_another_run_checks_the_digit_live() {
    let mut k = Kiosk::choosing(Function::Certificates);
    k.ev(Event::ChooseFamily(Family::Nacimiento));
    assert_eq!(k.session.kinds(Family::Nacimiento).len(), 2);
    k.ev(Event::ChooseKind("nacimiento-matricula".into()));
    assert_eq!(k.screen(), Screen::RunEntry);
    k.typed("1234567");
    assert_eq!(
        k.session.run_check(),
        RunCheck::Incomplete,
        "no verdict while typing"
    );
    k.typed("84");
    assert_eq!(k.session.run_typed(), "12.345.678-4");
    assert_eq!(k.session.run_check(), RunCheck::WrongCheckDigit);
    assert!(k.ev(Event::Submit).is_empty());
    k.ev(Event::Key(Key::Delete));
    k.typed("5");
    assert_eq!(k.session.run_check(), RunCheck::Valid);
    k.ev(Event::Submit);
    assert_eq!(k.screen(), Screen::Confirm);
    assert_eq!(k.session.certificate_for(), "12.345.678-5");
    let out = k.ev(Event::Submit);
    assert_eq!(
        out,
        vec![Command::IssueCertificate {
            kind: "nacimiento-matricula".into(),
            for_run: Secret::new("12345678-5")
        }]
    );
    // No record: back to the keypad to correct the number.
    k.ev(Event::CertificateIssued(CertificateOutcome::NotFound));
    assert_eq!(k.screen(), Screen::RunEntry);
    assert_eq!(k.session.notice(), Some(Notice::CertificateNotFound));
    assert!(!k.session.card_presented());
    let _ = OTHER_TYPED;
}

/// Certificates, on a kiosk whose catalog also offers an entity's
/// certificate.
fn choosing_entity_certificates() -> Kiosk {
    let mut catalog = catalog();
    catalog.certificates.push(CertificateEntry {
        kind: "personas-juridicas-vigencia".into(),
        family: Family::PersonasJuridicas,
        purpose_es: "Vigencia".into(),
        purpose_en: "Standing".into(),
        holder_only: false,
        enabled: true,
    });
    let mut k = Kiosk::new();
    k.session = Session::new(Settings::default(), catalog);
    k.open_menu();
    k.ev(Event::Choose(Function::Certificates));
    k
}

#[test]
fn entity_certificate_is_asked_by_registration_number_or_rut_never_a_persons_run() {
    let mut k = choosing_entity_certificates();
    k.ev(Event::ChooseFamily(Family::PersonasJuridicas));
    k.ev(Event::ChooseKind("personas-juridicas-vigencia".into()));
    assert_eq!(k.screen(), Screen::EntityEntry);
    assert!(k.screen().is_typing());
    assert_eq!(k.session.step(), Some(Step { index: 3, total: 4 }));
    // A person's RUN is not an entity.
    k.typed(OTHER_TYPED);
    assert_eq!(k.session.entity_check(), EntityCheck::PersonRun);
    assert!(k.ev(Event::Submit).is_empty());
    assert_eq!(k.screen(), Screen::EntityEntry);
    // A card on this keypad does not fill it: a card names a person.
    k.ev(k.card(Date::new(1980, 1, 1)));
    assert_eq!(k.session.entity_typed(), "12.345.678-5");
    for _ in 0..9 {
        k.ev(Event::Key(Key::Delete));
    }
    // The entity's RUT, with its check digit judged live.
    k.typed("650000014");
    assert_eq!(k.session.entity_check(), EntityCheck::WrongCheckDigit);
    k.ev(Event::Key(Key::Delete));
    let dv = entry::check_digit(65_000_001);
    k.typed(&dv.to_string());
    assert_eq!(k.session.entity_check(), EntityCheck::Rut);
    k.ev(Event::Submit);
    assert_eq!(k.screen(), Screen::Confirm);
    assert_eq!(k.session.certificate_for(), format!("65.000.001-{dv}"));
    let out = k.ev(Event::Submit);
    assert_eq!(
        out,
        vec![Command::IssueEntityCertificate {
            kind: "personas-juridicas-vigencia".into(),
            entity: EntityNumber::Rut(format!("65000001-{dv}")),
        }]
    );
    // No such entity: back to its keypad with the number kept.
    k.ev(Event::CertificateIssued(CertificateOutcome::NotFound));
    assert_eq!(k.screen(), Screen::EntityEntry);
    assert_eq!(k.session.notice(), Some(Notice::CertificateNotFound));
    // A registration number instead.
    for _ in 0..9 {
        k.ev(Event::Key(Key::Delete));
    }
    assert_eq!(
        k.session.notice(),
        None,
        "a correction clears the complaint"
    );
    k.typed("12345");
    assert_eq!(k.session.entity_check(), EntityCheck::Registration(12_345));
    k.ev(Event::Submit);
    assert_eq!(k.session.certificate_for(), "12345");
    // Back from the confirmation returns to the entity's keypad.
    k.ev(Event::Back);
    assert_eq!(k.screen(), Screen::EntityEntry);
    k.ev(Event::Submit);
    let out = k.ev(Event::Submit);
    assert_eq!(
        out,
        vec![Command::IssueEntityCertificate {
            kind: "personas-juridicas-vigencia".into(),
            entity: EntityNumber::Registration(12_345),
        }]
    );
    k.ev(Event::CertificateIssued(CertificateOutcome::Issued {
        folio: "9".into(),
    }));
    assert_eq!(k.screen(), Screen::Printing);
    k.ev(Event::Printed(Ok(())));
    k.ev(Event::Finish);
    assert!(!k.session.holds_personal_data());
    // Back from the keypad forgets the number and returns to the purposes.
    let mut k = choosing_entity_certificates();
    k.ev(Event::ChooseFamily(Family::PersonasJuridicas));
    k.ev(Event::ChooseKind("personas-juridicas-vigencia".into()));
    k.typed("77");
    k.ev(Event::Back);
    assert_eq!(k.screen(), Screen::Purposes(Family::PersonasJuridicas));
    assert_eq!(k.session.entity_typed(), "");
}

#[test]
fn a_card_on_the_keypad_fills_the_run() {
    let mut k = Kiosk::choosing(Function::Certificates);
    k.ev(Event::ChooseFamily(Family::Nacimiento));
    k.ev(Event::ChooseKind("nacimiento-todo-tramite".into()));
    k.ev(k.card(Date::new(1980, 1, 1)));
    assert_eq!(k.session.run_typed(), "11.111.111-1");
    assert_eq!(k.session.run_check(), RunCheck::Valid);
}

fn to_printing(k: &mut Kiosk) {
    k.open_menu();
    k.ev(Event::Choose(Function::Certificates));
    k.ev(Event::ChooseFamily(Family::Nacimiento));
    k.ev(Event::ChooseKind("nacimiento-todo-tramite".into()));
    k.typed(OTHER_TYPED);
    k.ev(Event::Submit);
    k.ev(Event::Submit);
    k.ev(Event::CertificateIssued(CertificateOutcome::Issued {
        folio: "77".into(),
    }));
    assert_eq!(k.screen(), Screen::Printing);
}

#[test]
fn failed_print_offers_a_reprint_of_the_same_folio() {
    let mut k = Kiosk::new();
    to_printing(&mut k);
    k.ev(Event::Printed(Err(PrintFailure::OutOfPaper)));
    assert_eq!(k.screen(), Screen::PrintFailed(PrintFailure::OutOfPaper));
    assert!(k.session.can_reprint());
    assert_eq!(
        k.ev(Event::Reprint),
        vec![Command::Print { folio: "77".into() }]
    );
    k.ev(Event::Printed(Err(PrintFailure::PaperJam)));
    k.ev(Event::Reprint);
    k.ev(Event::Printed(Err(PrintFailure::Offline)));
    assert!(!k.session.can_reprint(), "three attempts, then the office");
    assert!(k.ev(Event::Reprint).is_empty());
    let out = k.ev(Event::Finish);
    assert_eq!(
        out,
        vec![
            Command::ReportDelivery {
                folio: "77".into(),
                delivered: false
            },
            Command::EndSession {
                outcome: Outcome::Refused
            },
        ]
    );
    k.assert_wiped();
}

#[test]
fn a_print_that_never_answers_counts_as_failed() {
    let mut k = Kiosk::new();
    to_printing(&mut k);
    k.wait(89);
    assert_eq!(k.screen(), Screen::Printing);
    k.wait(1);
    assert_eq!(k.screen(), Screen::PrintFailed(PrintFailure::Other));
}

#[test]
fn inactivity_warns_then_ends_and_wipes() {
    let mut k = Kiosk::choosing(Function::FirstIssue);
    k.identify();
    k.typed("ana@");
    // Typing screens wait 90 s.
    k.wait(89);
    assert_eq!(k.session.warning_seconds_left(), None);
    k.wait(1);
    assert_eq!(k.session.warning_seconds_left(), Some(20));
    k.wait(5);
    assert_eq!(k.session.warning_seconds_left(), Some(15));
    // One touch gives the time back.
    assert!(k.ev(Event::MoreTime).is_empty());
    assert_eq!(k.session.warning_seconds_left(), None);
    assert_eq!(k.session.email(), "ana@", "nothing typed is lost");
    k.wait(90);
    assert!(k.session.warning_seconds_left().is_some());
    let out = k.wait(20);
    assert_eq!(
        out,
        vec![Command::EndSession {
            outcome: Outcome::TimedOut
        }]
    );
    assert_eq!(k.screen(), Screen::Goodbye);
    k.assert_wiped();
}

#[test]
fn menu_waits_45_seconds_and_the_warning_is_at_least_20() {
    let mut k = Kiosk::new();
    k.open_menu();
    k.wait(44);
    assert_eq!(k.session.warning_seconds_left(), None);
    k.wait(1);
    assert_eq!(k.session.warning_seconds_left(), Some(20));
    k.wait(19);
    assert_eq!(k.screen(), Screen::Menu);
    let out = k.wait(1);
    assert_eq!(
        out,
        vec![Command::EndSession {
            outcome: Outcome::TimedOut
        }]
    );
    // Nothing was started: straight back to the attract screen.
    assert_eq!(k.screen(), Screen::Attract);

    let mut config = totem_config::KioskConfig::default();
    config.timeouts.warning_secs = 5;
    config.timeouts.idle_secs = 30;
    let s = Settings::from_config(&config);
    assert_eq!(s.warning, Duration::from_secs(20));
    assert_eq!(s.idle, Duration::from_secs(30));
}

#[test]
fn a_finger_capture_is_cancelled_when_the_session_times_out() {
    let mut k = Kiosk::choosing(Function::Recover);
    k.ev(k.card(Date::new(1980, 1, 1)));
    k.ev(Event::CardChecked(CardVerdict::Valid {
        birth_date: None,
        finger: None,
    }));
    let out = k.wait(65);
    assert_eq!(
        out,
        vec![
            Command::CancelCapture,
            Command::EndSession {
                outcome: Outcome::TimedOut
            }
        ]
    );
    k.assert_wiped();
    assert_eq!(k.screen(), Screen::Goodbye);
    assert!(k.session.card_presented());
}

/// Every screen a session can be on, each reached by real events.
fn reach(screen: &str) -> Kiosk {
    let mut k = Kiosk::new();
    match screen {
        "language" => {
            k.ev(Event::Touch);
        }
        "menu" => k.open_menu(),
        "card" => {
            k.open_menu();
            k.ev(Event::Choose(Function::FirstIssue));
        }
        "verifying-card" => {
            k = reach("card");
            k.ev(k.card(Date::new(1980, 1, 1)));
        }
        "finger" => {
            k = reach("verifying-card");
            k.ev(Event::CardChecked(CardVerdict::Valid {
                birth_date: None,
                finger: None,
            }));
        }
        "email" => {
            k.open_menu();
            k.ev(Event::Choose(Function::FirstIssue));
            k.identify();
            k.typed("ana@correo.cl");
        }
        "show-code" => {
            k.first_issue_to_code();
            k.ev(Event::Back);
        }
        "code" => {
            k.first_issue_to_code();
            k.typed("QWE");
        }
        "password" => {
            k.first_issue_to_code();
            k.typed("QWERTY");
            k.ev(Event::Submit);
            k.typed("abc");
        }
        "activating" => {
            k = reach("password");
            for _ in 0..3 {
                k.ev(Event::Key(Key::Delete));
            }
            k.set_password();
        }
        "done" => {
            k = reach("activating");
            k.ev(Event::Activation(ActivationOutcome::Activated));
        }
        "stopped" => {
            k = reach("verifying-card");
            k.ev(Event::CardChecked(CardVerdict::Blocked));
        }
        "families" => {
            k.open_menu();
            k.ev(Event::Choose(Function::Certificates));
        }
        "purposes" => {
            k = reach("families");
            k.ev(Event::ChooseFamily(Family::Nacimiento));
        }
        "run" => {
            k = reach("purposes");
            k.ev(Event::ChooseKind("nacimiento-todo-tramite".into()));
            k.typed("1234");
        }
        "confirm" => {
            k = reach("run");
            k.typed("56785");
            k.ev(Event::Submit);
        }
        "printing" => to_printing(&mut k),
        "print-failed" => {
            to_printing(&mut k);
            k.ev(Event::Printed(Err(PrintFailure::OutOfPaper)));
        }
        "take-it" => {
            to_printing(&mut k);
            k.ev(Event::Printed(Ok(())));
        }
        other => panic!("no route to {other}"),
    }
    k
}

const ALL: &[&str] = &[
    "language",
    "menu",
    "card",
    "verifying-card",
    "finger",
    "email",
    "show-code",
    "code",
    "password",
    "activating",
    "done",
    "stopped",
    "families",
    "purposes",
    "run",
    "confirm",
    "printing",
    "print-failed",
    "take-it",
];

#[test]
fn cancel_from_every_step_ends_and_wipes() {
    for name in ALL {
        let mut k = reach(name);
        let id = k.session.id();
        assert!(k.session.can_cancel(), "{name}: no cancel");
        let out = k.ev(Event::Cancel);
        assert_eq!(
            out.last(),
            Some(&Command::EndSession {
                outcome: Outcome::Cancelled
            }),
            "{name}: {out:?}"
        );
        assert!(
            matches!(k.screen(), Screen::Goodbye | Screen::Attract),
            "{name}: {:?}",
            k.screen()
        );
        assert_ne!(
            k.session.id(),
            id,
            "{name}: late answers must be recognisable"
        );
        k.assert_wiped();
        // A late answer for the old session changes nothing.
        let screen = k.screen();
        k.ev(Event::KeyIssued(KeyOutcome::Issued {
            code: Secret::new("LATEEE"),
        }));
        k.ev(Event::Activation(ActivationOutcome::Activated));
        k.ev(Event::CertificateIssued(CertificateOutcome::Issued {
            folio: "1".into(),
        }));
        assert_eq!(k.screen(), screen, "{name}");
        k.assert_wiped();
    }
}

#[test]
fn back_goes_one_step_back_where_offered() {
    let expect = [
        ("language", Screen::Attract),
        ("menu", Screen::Language),
        ("card", Screen::Menu),
        ("finger", Screen::PresentCard),
        ("email", Screen::Menu),
        ("code", Screen::ShowCode),
        ("password", Screen::CodeEntry),
        ("families", Screen::Menu),
        ("purposes", Screen::Families),
        ("run", Screen::Purposes(Family::Nacimiento)),
        ("confirm", Screen::RunEntry),
    ];
    for (name, back_to) in expect {
        let mut k = reach(name);
        assert!(k.session.can_go_back(), "{name}");
        k.ev(Event::Back);
        assert_eq!(k.screen(), back_to, "{name}");
    }
    // Back from the finger cancels the capture and forgets the card's RUN.
    let mut k = reach("finger");
    assert_eq!(k.ev(Event::Back), vec![Command::CancelCapture]);
    // Back past the identification forgets it.
    let mut k = reach("email");
    k.ev(Event::Back);
    assert!(!k.session.holds_personal_data());
    // Screens waiting on the registry or the printer have no back.
    for name in [
        "verifying-card",
        "activating",
        "printing",
        "done",
        "take-it",
    ] {
        let mut k = reach(name);
        let screen = k.screen();
        assert!(!k.session.can_go_back(), "{name}");
        k.ev(Event::Back);
        assert_eq!(k.screen(), screen, "{name}");
    }
}

#[test]
fn missing_devices_and_backend_grey_out_functions() {
    let mut k = Kiosk::new();
    k.open_menu();
    k.ev(Event::Availability {
        service: Service::Fingerprint,
        available: false,
    });
    assert_eq!(
        k.session.unavailable(Function::FirstIssue),
        Some(Service::Fingerprint)
    );
    assert_eq!(
        k.session.unavailable(Function::Recover),
        Some(Service::Fingerprint)
    );
    assert_eq!(k.session.unavailable(Function::Certificates), None);
    k.ev(Event::Choose(Function::Recover));
    assert_eq!(k.screen(), Screen::Menu);
    assert_eq!(
        k.session.notice(),
        Some(Notice::Missing(Service::Fingerprint))
    );
    // Holder-only certificates are greyed; the others still work.
    k.ev(Event::Choose(Function::Certificates));
    k.ev(Event::ChooseFamily(Family::Antecedentes));
    let entry = k.session.kinds(Family::Antecedentes)[0].clone();
    assert_eq!(
        k.session.kind_unavailable(&entry),
        Some(Service::Fingerprint)
    );
    k.ev(Event::ChooseKind(entry.kind.clone()));
    assert_eq!(k.screen(), Screen::Purposes(Family::Antecedentes));

    k.ev(Event::Availability {
        service: Service::Backend,
        available: false,
    });
    k.ev(Event::Back);
    k.ev(Event::Back);
    assert_eq!(
        k.session.unavailable(Function::Certificates),
        Some(Service::Backend)
    );
    k.ev(Event::Availability {
        service: Service::Printer,
        available: false,
    });
    k.ev(Event::Availability {
        service: Service::Backend,
        available: true,
    });
    assert_eq!(
        k.session.unavailable(Function::Certificates),
        Some(Service::Printer)
    );
}

#[test]
fn the_reader_dropping_mid_capture_pauses_then_resumes() {
    let mut k = reach("finger");
    assert!(k
        .ev(Event::Availability {
            service: Service::Fingerprint,
            available: false
        })
        .is_empty());
    assert_eq!(
        k.session.notice(),
        Some(Notice::Missing(Service::Fingerprint))
    );
    let out = k.ev(Event::Availability {
        service: Service::Fingerprint,
        available: true,
    });
    assert_eq!(out, vec![Command::CaptureFinger]);
    assert_eq!(k.session.notice(), None);
}

#[test]
fn a_failed_registry_call_returns_to_its_step() {
    let mut k = reach("verifying-card");
    k.ev(Event::ServiceFailed);
    assert_eq!(k.screen(), Screen::PresentCard);
    assert_eq!(k.session.notice(), Some(Notice::ServiceFailed));

    let mut k = reach("activating");
    k.ev(Event::ServiceFailed);
    assert_eq!(k.screen(), Screen::NewPassword);
    assert!(
        matches!(k.ev(Event::Submit)[..], [Command::Activate { .. }]),
        "one touch retries"
    );

    // A call that never answers fails by itself.
    let mut k = reach("confirm");
    k.ev(Event::Submit);
    k.wait(90);
    assert_eq!(k.screen(), Screen::Confirm);
    assert_eq!(k.session.notice(), Some(Notice::ServiceFailed));
}

#[test]
fn the_code_slip_prints_when_a_printer_is_there() {
    let mut k = reach("show-code");
    assert_eq!(
        k.ev(Event::PrintCodeSlip),
        vec![Command::PrintCodeSlip {
            code: Secret::new("QWERTY")
        }]
    );
    let mut k = reach("show-code");
    k.ev(Event::Availability {
        service: Service::Printer,
        available: false,
    });
    assert!(!k.session.can_print_slip());
    assert!(k.ev(Event::PrintCodeSlip).is_empty());
}

#[test]
fn debug_output_carries_no_personal_data() {
    let mut k = reach("password");
    let text = format!("{:?}", k.session);
    assert!(!text.contains("11111111") && !text.contains("ana@") && !text.contains("QWERTY"));
    k.ev(Event::Key(Key::Text("DEF12")));
    k.ev(Event::Submit);
    k.typed("abcDEF12");
    let out = k.ev(Event::Submit);
    let text = format!("{out:?}");
    assert!(text.contains("Activate"));
    assert!(
        !text.contains("11111111") && !text.contains("abcDEF12") && !text.contains("QWERTY"),
        "{text}"
    );
}

#[test]
fn attract_and_goodbye_have_no_inactivity_end() {
    let mut k = Kiosk::new();
    assert!(k.wait(600).is_empty());
    assert_eq!(k.screen(), Screen::Attract);
    let mut k = reach("done");
    k.ev(Event::Finish);
    k.ev(Event::Touch);
    assert_eq!(
        k.screen(),
        Screen::Attract,
        "a touch on the farewell skips it"
    );
}

#[test]
fn a_certificate_is_checked_by_folio_and_code_without_saying_which_was_wrong() {
    let mut k = Kiosk::choosing(Function::CheckCertificate);
    assert_eq!(k.screen(), Screen::FolioEntry);
    assert_eq!(k.session.step(), Some(Step { index: 1, total: 3 }));
    assert!(k.screen().is_typing());
    assert!(k.ev(Event::Submit).is_empty(), "no folio, no step");
    assert_eq!(k.screen(), Screen::FolioEntry);
    k.typed("500000123");
    assert!(k.session.folio_complete());
    k.ev(Event::Submit);
    assert_eq!(k.screen(), Screen::VerificationEntry);
    assert_eq!(k.session.step(), Some(Step { index: 2, total: 3 }));
    k.typed("7f3k9qx2lm4");
    assert_eq!(k.session.verification_typed(), "7F3K-9QX2-LM4");
    assert!(
        k.ev(Event::Submit).is_empty(),
        "eleven characters are not a code"
    );
    k.typed("p");
    let out = k.ev(Event::Submit);
    assert_eq!(
        out,
        vec![Command::CheckCertificate {
            folio: "500000123".into(),
            code: "7F3K-9QX2-LM4P".into(),
        }]
    );
    assert_eq!(k.screen(), Screen::Working(Job::CheckingCertificate));
    // Wrong folio or wrong code: one answer, back on the code.
    k.ev(Event::CertificateChecked(CheckOutcome::NotFound));
    assert_eq!(k.screen(), Screen::VerificationEntry);
    assert_eq!(k.session.notice(), Some(Notice::CertificateNotFound));
    // Back to the folio to correct it.
    k.ev(Event::Back);
    assert_eq!(k.screen(), Screen::FolioEntry);
    assert_eq!(k.session.verification_typed(), "");
    k.ev(Event::Key(Key::Delete));
    k.typed("4");
    k.ev(Event::Submit);
    k.typed("7F3K9QX2LM4P");
    k.ev(Event::Submit);
    let genuine = CheckedCertificate {
        folio: "500000124".into(),
        title: "Certificado de Nacimiento".into(),
        issued_on: Date::new(2026, 11, 25),
        subject_masked: Secret::new("M. J. González N."),
        delivered: true,
    };
    k.ev(Event::CertificateChecked(CheckOutcome::Genuine(
        genuine.clone(),
    )));
    assert_eq!(k.screen(), Screen::CertificateChecked);
    assert_eq!(k.session.step(), Some(Step { index: 3, total: 3 }));
    assert_eq!(k.session.checked(), Some(&CheckOutcome::Genuine(genuine)));
    // Another check starts afresh.
    k.ev(Event::AnotherCertificate);
    assert_eq!(k.screen(), Screen::FolioEntry);
    assert_eq!(k.session.folio_typed(), "");
    assert_eq!(k.session.checked(), None);
    // A registry failure returns to the code with a notice; the end wipes.
    k.typed("500000124");
    k.ev(Event::Submit);
    k.typed("7F3K9QX2LM4P");
    k.ev(Event::Submit);
    k.ev(Event::ServiceFailed);
    assert_eq!(k.screen(), Screen::VerificationEntry);
    assert_eq!(k.session.notice(), Some(Notice::ServiceFailed));
    k.ev(Event::Submit);
    k.ev(Event::CertificateChecked(CheckOutcome::NotValid));
    assert_eq!(k.session.checked(), Some(&CheckOutcome::NotValid));
    let out = k.ev(Event::Finish);
    assert_eq!(
        out,
        vec![Command::EndSession {
            outcome: Outcome::Completed
        }]
    );
    k.assert_wiped();
    // Only the registry is needed.
    let mut k = Kiosk::new();
    k.ev(Event::Availability {
        service: Service::Printer,
        available: false,
    });
    assert_eq!(k.session.unavailable(Function::CheckCertificate), None);
    k.ev(Event::Availability {
        service: Service::Backend,
        available: false,
    });
    assert_eq!(
        k.session.unavailable(Function::CheckCertificate),
        Some(Service::Backend)
    );
}
