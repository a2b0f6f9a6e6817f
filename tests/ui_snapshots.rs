//! Headless pictures of every screen, for looking at the design quickly:
//! `TOTEM_SNAPSHOTS=/tmp/shots cargo test -p totem --test ui_snapshots -- --ignored`.
//! (The screenshots in docs/ come from the real window under Xvfb.)

use std::path::{Path, PathBuf};

use iced::{Settings, Size, Task};
use iced_test::Simulator;
use totem::ui::catalog::default_catalog;
use totem::ui::theme::{fonts, LANDSCAPE, PORTRAIT};
use totem::ui::{theme, App, Effects, Message};
use totem_flow::{
    CardRead, CardVerdict, Command, Date, Event, FingerEvent, FingerVerdict, KeyOutcome, Secret,
    SecretBytes,
};

struct Silent;

impl Effects for Silent {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Event> {
        Task::none()
    }
}

fn shoot(app: &App<Silent>, size: Size, dir: &Path, name: &str) {
    let settings = Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    };
    let mut ui = Simulator::with_size(settings, size, app.view());
    let snapshot = ui.snapshot(&app.theme()).expect("renders");
    let path = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(dir.join(format!("{name}-tiny-skia.png")));
    // `matches_image` writes the file when there is none yet.
    assert!(snapshot.matches_image(&path).expect("writes"));
}

fn press(app: &mut App<Silent>, size: Size, label: &str) {
    let settings = Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    };
    let mut ui = Simulator::with_size(settings, size, app.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let messages: Vec<_> = ui.into_messages().collect();
    for m in messages {
        let _ = app.update(m);
    }
}

fn answer(app: &mut App<Silent>, event: Event) {
    let session = app.session().id();
    let _ = app.update(Message::Answer { session, event });
}

fn walk(size: Size, dir: &Path, suffix: &str) {
    let mut app =
        App::new(totem_flow::Settings::default(), default_catalog(), Silent).expect("texts");
    app.set_size(size);
    let shot = |app: &App<Silent>, name: &str| shoot(app, size, dir, &format!("{name}{suffix}"));
    shot(&app, "01-attract");
    press(&mut app, size, "Toque la pantalla para comenzar");
    shot(&app, "02-language");
    press(&mut app, size, "Español");
    shot(&app, "03-menu");
    press(&mut app, size, "Obtener ClaveÚnica (primera vez)");
    shot(&app, "04-card");
    let _ = app.update(Message::Device(Event::CardRead(CardRead {
        run: Secret::new("11111111-1"),
        document: Secret::new("A01234567"),
        birth_date: Some(Date::new(1980, 1, 1)),
        expiry: None,
        today: Date::new(2026, 11, 25),
    })));
    shot(&app, "05-verifying");
    answer(
        &mut app,
        Event::CardChecked(CardVerdict::Valid {
            birth_date: None,
            finger: None,
        }),
    );
    let _ = app.update(Message::Device(Event::Finger(FingerEvent::Reading)));
    shot(&app, "06-finger");
    let _ = app.update(Message::Device(Event::Finger(FingerEvent::Captured(
        SecretBytes::new(vec![1; 8]),
    ))));
    answer(&mut app, Event::FingerChecked(FingerVerdict::NoMatch));
    shot(&app, "07-finger-no-match");
    let _ = app.update(Message::Device(Event::Finger(FingerEvent::Captured(
        SecretBytes::new(vec![1; 8]),
    ))));
    answer(&mut app, Event::FingerChecked(FingerVerdict::Match));
    for c in ["a", "n", "a", "@", "c", "o", "r", "r", "e", "o", ".cl"] {
        press(&mut app, size, c);
    }
    shot(&app, "08-email");
    press(&mut app, size, "Continuar");
    answer(
        &mut app,
        Event::KeyIssued(KeyOutcome::Issued {
            code: Secret::new("KPWQRT"),
        }),
    );
    shot(&app, "09-code-shown");
    press(&mut app, size, "Continuar");
    for c in ["K", "P", "W"] {
        press(&mut app, size, c);
    }
    shot(&app, "10-code-entry");
    for c in ["Q", "R", "T"] {
        press(&mut app, size, c);
    }
    press(&mut app, size, "Continuar");
    for c in ["c", "l", "a", "v", "e", "1"] {
        press(&mut app, size, c);
    }
    shot(&app, "11-password");
    let _ = app.update(Message::Tick(
        std::time::Instant::now() + std::time::Duration::from_secs(95),
    ));
    shot(&app, "12-inactivity-warning");
    press(&mut app, size, "Necesito más tiempo");
    answer(
        &mut app,
        Event::Activation(totem_flow::ActivationOutcome::Activated),
    );
    let _ = app.update(Message::Password(
        totem::ui::screens::password::Message::Continue,
    ));
    // Jump: the password flow was shown above; finish through the registry answer.
    let _ = app.update(Message::Cancel);
    shot(&app, "19-goodbye");

    let mut app =
        App::new(totem_flow::Settings::default(), default_catalog(), Silent).expect("texts");
    app.set_size(size);
    press(&mut app, size, "Toque la pantalla para comenzar");
    press(&mut app, size, "Español");
    press(&mut app, size, "Certificados gratuitos");
    shot(&app, "13-families");
    press(&mut app, size, "Nacimiento");
    shot(&app, "14-purposes");
    press(&mut app, size, "Matrícula escolar");
    for c in ["1", "2", "3", "4", "5", "6", "7", "8", "4"] {
        press(&mut app, size, c);
    }
    shot(&app, "15-run-wrong-dv");
    press(&mut app, size, "⌫");
    press(&mut app, size, "5");
    press(&mut app, size, "Continuar");
    shot(&app, "16-confirm");
    press(&mut app, size, "Imprimir certificado");
    answer(
        &mut app,
        Event::CertificateIssued(totem_flow::CertificateOutcome::Issued {
            folio: "4401-2026".into(),
        }),
    );
    shot(&app, "17-printing");
    answer(
        &mut app,
        Event::Printed(Err(totem_flow::PrintFailure::OutOfPaper)),
    );
    shot(&app, "17b-print-failed");
    press(&mut app, size, "Imprimir de nuevo");
    answer(&mut app, Event::Printed(Ok(())));
    shot(&app, "18-take-it");
}

#[test]
#[ignore = "writes pictures; run by hand with TOTEM_SNAPSHOTS=DIR"]
fn snapshots() {
    let dir = PathBuf::from(
        std::env::var("TOTEM_SNAPSHOTS").unwrap_or_else(|_| "/tmp/totem-snapshots".into()),
    );
    std::fs::create_dir_all(&dir).expect("dir");
    walk(PORTRAIT, &dir, "");
    if std::env::var("TOTEM_SNAPSHOTS_LANDSCAPE").is_ok() {
        walk(LANDSCAPE, &dir, "-landscape");
    }
}
