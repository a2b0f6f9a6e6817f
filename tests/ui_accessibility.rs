//! The visual aids on every citizen's screen, through iced_test's
//! `Simulator` over the real `view`:
//!
//! - the seated layout puts every interactive element inside the reach
//!   band of the example kiosk (kiosk-config/kiosk.toml: a 476 mm screen
//!   whose lower edge is 800 mm above the floor);
//! - at 150 % and 200 % text no label sticks out of its button and no text
//!   out of the window;
//! - the A+, contrast and seated controls are on every screen, change the
//!   session's aids, and high contrast draws the page black;
//! - `TOTEM_AIDS_SNAPSHOTS=DIR cargo test -p totem --test ui_accessibility -- --ignored`
//!   writes a picture of every screen at 200 % and in high contrast (the
//!   ones in docs/screenshots/accessibility/).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use iced::{Rectangle, Settings, Task};
use iced_test::selector::Candidate;
use iced_test::Simulator;
use totem::ui::catalog::default_catalog;
use totem::ui::keyboard;
use totem::ui::screens::{attract, certificates, code, done, email, language, menu, password};
use totem::ui::theme::{fonts, PORTRAIT};
use totem::ui::widgets::CONTROL;
use totem::ui::{theme, App, Effects, Message};
use totem_access::ReachBand;
use totem_flow::{
    ActivationOutcome, Aid, CardRead, CardVerdict, CertificateOutcome, Command, Date, Event,
    Family, Field, FingerEvent, FingerVerdict, Function, Key, KeyOutcome, Language, PrintFailure,
    Secret, SecretBytes,
};

struct Silent;

impl Effects for Silent {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Event> {
        Task::none()
    }
}

fn settings() -> Settings {
    Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    }
}

/// The `[accessibility]` of the example kiosk.toml, as a site ships it.
fn example_accessibility() -> totem_config::AccessibilitySettings {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk-config/kiosk.toml");
    totem_config::load_kiosk(&path)
        .expect("the example kiosk.toml loads")
        .accessibility
}

/// The band the example kiosk's screen gives a 1080×1920 window.
fn example_band() -> ReachBand {
    let screen = example_accessibility().screen;
    totem_access::reach_band(&totem_access::ScreenGeometry {
        height_px: PORTRAIT.height as u32,
        height_mm: f64::from(screen.height_mm),
        bottom_edge_mm: f64::from(screen.bottom_edge_mm),
    })
    .expect("the example screen has rows in reach")
}

fn new_app(aids: &[Aid]) -> App<Silent> {
    let mut app = App::new(totem_flow::Settings::default(), default_catalog(), Silent)
        .expect("texts")
        .with_accessibility(example_accessibility());
    app.set_size(PORTRAIT);
    // Chosen on the attract screen, before the session starts.
    for aid in aids {
        let _ = app.update(Message::Attract(attract::Message::Aid(*aid)));
    }
    app
}

fn answer(app: &mut App<Silent>, event: Event) {
    let session = app.session().id();
    let _ = app.update(Message::Answer { session, event });
}

fn device(app: &mut App<Silent>, event: Event) {
    let _ = app.update(Message::Device(event));
}

fn typed(app: &mut App<Silent>, keys: &str, wrap: impl Fn(keyboard::Message) -> Message) {
    for c in keys.chars() {
        let _ = app.update(wrap(keyboard::Message::Key(Key::Char(c))));
    }
}

/// Every citizen's screen in turn, with `aids` chosen on the attract
/// screen; `visit` sees each. The walk sends the screens' own messages
/// rather than clicks: at 200 % a key may be scrolled out of view, which
/// is what the seated and clipping checks below look at.
fn walk(aids: &[Aid], mut visit: impl FnMut(&str, &App<Silent>)) {
    // First issue, through every step.
    let mut app = new_app(aids);
    visit("01-attract", &app);
    let _ = app.update(Message::Attract(attract::Message::Touched));
    visit("02-language", &app);
    let _ = app.update(Message::Language(language::Message::Choose(Language::Es)));
    visit("03-menu", &app);
    let _ = app.update(Message::Menu(menu::Message::Choose(Function::FirstIssue)));
    visit("04-card", &app);
    device(
        &mut app,
        Event::CardRead(CardRead {
            run: Secret::new("11111111-1"),
            document: Secret::new("A01234567"),
            birth_date: Some(Date::new(1980, 1, 1)),
            expiry: None,
            today: Date::new(2026, 11, 25),
        }),
    );
    visit("05-verifying", &app);
    answer(
        &mut app,
        Event::CardChecked(CardVerdict::Valid {
            birth_date: None,
            finger: None,
        }),
    );
    device(&mut app, Event::Finger(FingerEvent::Reading));
    visit("06-finger", &app);
    device(
        &mut app,
        Event::Finger(FingerEvent::Captured(SecretBytes::new(vec![1; 8]))),
    );
    answer(&mut app, Event::FingerChecked(FingerVerdict::NoMatch));
    visit("07-finger-no-match", &app);
    device(
        &mut app,
        Event::Finger(FingerEvent::Captured(SecretBytes::new(vec![1; 8]))),
    );
    answer(&mut app, Event::FingerChecked(FingerVerdict::Match));
    typed(&mut app, "ana@correo", |k| {
        Message::Email(email::Message::Keyboard(k))
    });
    let _ = app.update(Message::Email(email::Message::Keyboard(
        keyboard::Message::Key(Key::Text(".cl")),
    )));
    visit("08-email", &app);
    let _ = app.update(Message::Email(email::Message::Continue));
    answer(
        &mut app,
        Event::KeyIssued(KeyOutcome::Issued {
            code: Secret::new("KPWQRT"),
        }),
    );
    visit("09-code-shown", &app);
    let _ = app.update(Message::Code(code::Message::Continue));
    typed(&mut app, "KPW", |k| {
        Message::Code(code::Message::Keyboard(k))
    });
    visit("10-code-entry", &app);
    typed(&mut app, "QRT", |k| {
        Message::Code(code::Message::Keyboard(k))
    });
    let _ = app.update(Message::Code(code::Message::Continue));
    let pw = |k| Message::Password(password::Message::Keyboard(k));
    typed(&mut app, "Clave2026", pw);
    let _ = app.update(Message::Password(password::Message::Focus(
        Field::PasswordAgain,
    )));
    typed(&mut app, "Clave20", pw);
    visit("11-password", &app);
    let _ = app.update(Message::Tick(Instant::now() + Duration::from_secs(95)));
    visit("12-inactivity-warning", &app);
    let _ = app.update(Message::MoreTime);
    typed(&mut app, "26", pw);
    let _ = app.update(Message::Password(password::Message::Continue));
    visit("13-activating", &app);
    answer(&mut app, Event::Activation(ActivationOutcome::Activated));
    visit("14-done", &app);
    let _ = app.update(Message::Done(done::Message::Finish));
    visit("15-goodbye", &app);

    // A certificate for another RUN, a failed print and a reprint.
    let mut app = new_app(aids);
    let _ = app.update(Message::Attract(attract::Message::Touched));
    let _ = app.update(Message::Language(language::Message::Choose(Language::Es)));
    let _ = app.update(Message::Menu(menu::Message::Choose(Function::Certificates)));
    visit("16-families", &app);
    let _ = app.update(Message::Certificates(certificates::Message::Family(
        Family::Nacimiento,
    )));
    visit("17-purposes", &app);
    let kind = app
        .session()
        .kinds(Family::Nacimiento)
        .into_iter()
        .find(|entry| !entry.holder_only)
        .map(|entry| entry.kind.clone())
        .expect("a birth certificate for anyone");
    let _ = app.update(Message::Certificates(certificates::Message::Kind(kind)));
    typed(&mut app, "123456784", |k| {
        Message::Certificates(certificates::Message::Keypad(k))
    });
    visit("18-run-wrong-check-digit", &app);
    let _ = app.update(Message::Certificates(certificates::Message::Keypad(
        keyboard::Message::Key(Key::Delete),
    )));
    typed(&mut app, "5", |k| {
        Message::Certificates(certificates::Message::Keypad(k))
    });
    let _ = app.update(Message::Certificates(certificates::Message::Continue));
    visit("19-confirm", &app);
    let _ = app.update(Message::Certificates(certificates::Message::Continue));
    answer(
        &mut app,
        Event::CertificateIssued(CertificateOutcome::Issued {
            folio: "4401-2026".into(),
        }),
    );
    visit("20-printing", &app);
    answer(&mut app, Event::Printed(Err(PrintFailure::OutOfPaper)));
    visit("21-print-failed", &app);
    let _ = app.update(Message::Certificates(certificates::Message::Reprint));
    answer(&mut app, Event::Printed(Ok(())));
    visit("22-take-it", &app);

    // A flow stopped by a rule: a blocked card.
    let mut app = new_app(aids);
    let _ = app.update(Message::Attract(attract::Message::Touched));
    let _ = app.update(Message::Language(language::Message::Choose(Language::Es)));
    let _ = app.update(Message::Menu(menu::Message::Choose(Function::Recover)));
    device(
        &mut app,
        Event::CardRead(CardRead {
            run: Secret::new("11111111-1"),
            document: Secret::new("A01234567"),
            birth_date: Some(Date::new(1980, 1, 1)),
            expiry: None,
            today: Date::new(2026, 11, 25),
        }),
    );
    answer(&mut app, Event::CardChecked(CardVerdict::Blocked));
    visit("23-stopped", &app);
}

/// What the simulator's layout holds: the interactive elements (by the
/// id every control carries), the scrollables, and every text.
#[derive(Default)]
struct Found {
    controls: Vec<(Rectangle, Option<Rectangle>)>,
    scrollables: Vec<Rectangle>,
    texts: Vec<(String, Rectangle)>,
}

fn layout_of(app: &App<Silent>) -> Found {
    let control = iced::widget::Id::new(CONTROL);
    let mut found = Found::default();
    {
        let mut ui = Simulator::with_size(settings(), PORTRAIT, app.view());
        // A selector that never selects: it sees every widget of the tree.
        let _ = ui.find(|candidate: Candidate<'_>| -> Option<()> {
            match candidate {
                Candidate::Container {
                    id: Some(id),
                    bounds,
                    visible_bounds,
                } if *id == control => found.controls.push((bounds, visible_bounds)),
                Candidate::Scrollable { bounds, .. } => found.scrollables.push(bounds),
                // As much of a text as shows: a scrolled page's text runs
                // under the footer in layout, not on the screen.
                Candidate::Text {
                    visible_bounds: Some(visible),
                    content,
                    ..
                } => found.texts.push((content.to_string(), visible)),
                _ => {}
            }
            None
        });
    }
    found
}

/// Whether `control`, out of view, is part of the content `scrollable`
/// scrolls (under its top, within its sides).
fn in_content_of(scrollable: Rectangle, control: Rectangle) -> bool {
    control.y >= scrollable.y
        && control.x >= scrollable.x - 0.5
        && control.x + control.width <= scrollable.x + scrollable.width + 0.5
}

fn contains(outer: Rectangle, inner: Rectangle) -> bool {
    inner.x >= outer.x - 0.5
        && inner.y >= outer.y - 0.5
        && inner.x + inner.width <= outer.x + outer.width + 0.5
        && inner.y + inner.height <= outer.y + outer.height + 0.5
}

fn inside(band: ReachBand, r: Rectangle) -> bool {
    // Half a pixel for layout rounding.
    band.holds(r.y + 0.5, r.height - 1.0)
}

/// What of a screen lies outside the band: every control as far as it is
/// visible (one scrolled out of view comes into view inside its
/// scrollable, which must be in the band), and every scrollable.
fn out_of_reach(band: ReachBand, found: &Found) -> Vec<String> {
    let mut out = Vec::new();
    for (bounds, visible) in &found.controls {
        if let Some(v) = visible.filter(|v| v.height > 0.5) {
            if !inside(band, v) {
                out.push(format!("control at y {:.0}..{:.0}", v.y, v.y + v.height));
            }
        } else if !found.scrollables.iter().any(|s| in_content_of(*s, *bounds)) {
            out.push(format!("control out of view, in no scrollable: {bounds:?}"));
        }
    }
    for s in &found.scrollables {
        if !inside(band, *s) {
            out.push(format!("scrollable at y {:.0}..{:.0}", s.y, s.y + s.height));
        }
    }
    out
}

#[test]
fn the_example_kiosk_reaches_from_row_226_down() {
    // 476 mm over 1,920 rows, the lower edge at 800 mm: 1,220 mm is
    // 420 mm up, 1,694 rows; the floor limit of 380 mm is under the screen.
    let band = example_band();
    assert!((225..=227).contains(&band.top), "{band:?}");
    assert_eq!(band.bottom, 1919);
}

#[test]
fn seated_every_control_of_every_screen_is_within_reach() {
    let band = example_band();
    for aids in [
        vec![Aid::ToggleSeated],
        vec![Aid::ToggleSeated, Aid::NextTextSize, Aid::NextTextSize],
        vec![Aid::ToggleSeated, Aid::ToggleContrast, Aid::NextTextSize],
    ] {
        let mut screens = 0;
        walk(&aids, |name, app| {
            assert!(app.session().aids().seated, "{name}: still seated");
            let found = layout_of(app);
            // The aids (3) at least, and what the screen offers.
            let least = if name == "15-goodbye" { 1 } else { 3 };
            assert!(found.controls.len() >= least, "{name}: controls found");
            let out = out_of_reach(band, &found);
            assert!(out.is_empty(), "{aids:?} {name}: {out:#?}");
            screens += 1;
        });
        assert_eq!(screens, 23);
    }
}

#[test]
fn standing_the_header_sits_above_the_reach_band_so_the_check_can_fail() {
    let band = example_band();
    let app = new_app(&[]);
    let attract = layout_of(&app);
    // The seated layout is chosen standing: its button must be in reach.
    let (_, seated) = attract
        .texts
        .iter()
        .find(|(content, _)| content == "Sentado")
        .expect("the attract screen offers the seated layout");
    assert!(
        inside(band, *seated),
        "a seated citizen reaches 'Sentado' on the attract screen: {seated:?}"
    );
    let out = out_of_reach(band, &attract);
    assert!(
        !out.is_empty(),
        "the touch that starts spans the whole screen"
    );
    let mut app = new_app(&[]);
    let _ = app.update(Message::Attract(attract::Message::Touched));
    let _ = app.update(Message::Language(language::Message::Choose(Language::Es)));
    let out = out_of_reach(band, &layout_of(&app));
    assert!(!out.is_empty(), "the menu's header controls are at the top");
}

/// Texts that stick out of the control they are drawn in, or out of the
/// window's width.
fn clipped(found: &Found) -> Vec<String> {
    let mut out = Vec::new();
    for (content, t) in &found.texts {
        if t.x < -0.5 || t.x + t.width > PORTRAIT.width + 0.5 {
            out.push(format!("{content:?} wider than the window: {t:?}"));
        }
        for c in found
            .controls
            .iter()
            .filter_map(|(_, visible)| visible.as_ref())
        {
            let overlaps = t.intersects(c);
            let contained = t.x >= c.x - 0.5
                && t.y >= c.y - 0.5
                && t.x + t.width <= c.x + c.width + 0.5
                && t.y + t.height <= c.y + c.height + 0.5;
            // A control that holds a scrollable (the attract screen's touch
            // anywhere) holds more than it shows: text past its edge is scrolled to.
            let scrolled = found
                .scrollables
                .iter()
                .any(|sc| in_content_of(*sc, *t) && contains(*c, *sc));
            if overlaps && !contained && !scrolled {
                out.push(format!(
                    "{content:?} sticks out of its control {c:?}: {t:?}"
                ));
            }
        }
    }
    out
}

#[test]
fn at_150_and_200_percent_no_text_sticks_out_of_its_control_or_the_window() {
    for aids in [
        vec![Aid::NextTextSize],
        vec![Aid::NextTextSize, Aid::NextTextSize],
        vec![Aid::NextTextSize, Aid::NextTextSize, Aid::ToggleSeated],
    ] {
        walk(&aids, |name, app| {
            // The warning is a layer over the page: its texts lie over the
            // page's controls without being in them (its pictures are looked at).
            if name == "12-inactivity-warning" {
                return;
            }
            let found = layout_of(app);
            assert!(!found.texts.is_empty(), "{name}");
            let out = clipped(&found);
            assert!(out.is_empty(), "{aids:?} {name}: {out:#?}");
        });
    }
}

#[test]
fn the_aid_controls_are_on_every_screen_and_change_the_aids() {
    walk(&[], |name, app| {
        if name == "15-goodbye" {
            return; // The farewell ends the session; its aids end with it.
        }
        let mut ui = Simulator::with_size(settings(), PORTRAIT, app.view());
        for label in ["Texto 150 %", "Contraste", "Sentado"] {
            assert!(ui.find(label).is_ok(), "{name}: {label}");
        }
    });
    let mut app = new_app(&[]);
    let touch = |app: &mut App<Silent>, label: &str| {
        let mut ui = Simulator::with_size(settings(), PORTRAIT, app.view());
        ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
        let messages: Vec<_> = ui.into_messages().collect();
        for m in messages {
            let _ = app.update(m);
        }
    };
    touch(&mut app, "Contraste");
    assert!(app.session().aids().high_contrast);
    assert_eq!(
        theme::colours(&app.theme()).page,
        iced::Color::BLACK,
        "high contrast draws the page black"
    );
    touch(&mut app, "Texto 150 %");
    touch(&mut app, "Texto 200 %");
    assert_eq!(app.session().aids().text.percent(), 200);
    touch(&mut app, "Texto 100 %");
    assert_eq!(app.session().aids().text.percent(), 100);
    touch(&mut app, "Sentado");
    assert!(app.session().aids().seated);
    // A touch elsewhere starts the session, with the aids on.
    touch(&mut app, "Toque la pantalla para comenzar");
    assert_eq!(app.session().screen(), totem_flow::Screen::Language);
    assert!(app.session().aids().high_contrast && app.session().aids().seated);
    let _ = app.update(Message::Cancel);
    let _ = app.update(Message::Attract(attract::Message::Touched));
    assert!(
        !app.session().aids().high_contrast,
        "the next citizen finds the standard look"
    );
    assert_eq!(theme::colours(&app.theme()).page, iced::Color::WHITE);
}

fn shoot(app: &App<Silent>, dir: &Path, name: &str) {
    let mut ui = Simulator::with_size(settings(), PORTRAIT, app.view());
    let snapshot = ui.snapshot(&app.theme()).expect("renders");
    let path = dir.join(format!("{name}.png"));
    let _ = std::fs::remove_file(&path);
    // `matches_image` writes the file when there is none yet.
    assert!(snapshot.matches_image(&path).expect("writes"));
}

#[test]
#[ignore = "writes pictures; run by hand with TOTEM_AIDS_SNAPSHOTS=DIR"]
fn snapshots() {
    let dir = PathBuf::from(
        std::env::var("TOTEM_AIDS_SNAPSHOTS").unwrap_or_else(|_| "/tmp/totem-aids".into()),
    );
    std::fs::create_dir_all(&dir).expect("dir");
    let sets: [(&str, Vec<Aid>); 3] = [
        ("200", vec![Aid::NextTextSize, Aid::NextTextSize]),
        ("contrast", vec![Aid::ToggleContrast]),
        ("seated", vec![Aid::ToggleSeated]),
    ];
    for (suffix, aids) in sets {
        walk(&aids, |name, app| {
            shoot(app, &dir, &format!("{name}-{suffix}"))
        });
    }
}
