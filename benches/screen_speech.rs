//! Speech mode in the app, measured the way a citizen meets it:
//!
//! 1. From the message that brings a new screen to the first audio sample
//!    of its description at the output (goal: median ≤ 300 ms), against
//!    espeak-ng alone (start to first sample) in the same rounds.
//! 2. What speech costs the ui thread: `App::update` + `App::view` for the
//!    same screen change with speech on and off, interleaved, as a ratio
//!    (the touch-to-frame figure of `scripts/bench-ui` is this work plus
//!    drawing, which speech does not touch).
//!
//! `cargo bench -p totem --bench screen_speech` (espeak-ng installed).

use std::sync::Arc;
use std::time::{Duration, Instant};

use iced::Task;
use totem::ui::catalog::default_catalog;
use totem::ui::screens::language;
use totem::ui::{App, Effects, Message};
use totem_config::{AccessibilitySettings, Language};
use totem_flow::{Aid, Command, Event, Service};
use totem_speech::{Headset, Outputs, Speaker, Voices, WavFiles};

const ROUNDS: usize = 30;

struct NoEffects;

impl Effects for NoEffects {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Event> {
        Task::none()
    }
    fn present(&self) -> Vec<Service> {
        Vec::new()
    }
}

fn stats(name: &str, mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p90 = ms[ms.len() * 9 / 10];
    let max = ms[ms.len() - 1];
    println!("{name:<52} median {median:8.2} ms   p90 {p90:8.2} ms   max {max:8.2} ms");
    median
}

fn app(speech: bool, dir: &std::path::Path) -> (App<NoEffects>, WavFiles) {
    let access = AccessibilitySettings::default();
    let wav = WavFiles::new(dir, if speech { "on" } else { "off" });
    let speaker = Speaker::start(
        &access.speech,
        Voices::from_settings(&access.speech),
        Outputs {
            headset: Arc::new(wav.clone()),
            loudspeaker: Arc::new(wav.clone()),
        },
        Headset::absent(),
    )
    .expect("speaker");
    let mut app = App::new(
        totem_flow::Settings::default(),
        default_catalog(),
        NoEffects,
    )
    .expect("texts")
    .with_accessibility(access)
    .with_speech(speaker, Headset::absent());
    let _ = app.update(Message::Attract(
        totem::ui::screens::attract::Message::Touched,
    ));
    if speech {
        let _ = app.update(Message::Aid(Aid::ToggleSpeech));
    }
    (app, wav)
}

/// The next screen change: language → menu, or menu → language.
fn next_screen(app: &mut App<NoEffects>) {
    let message = match app.session().screen() {
        totem_flow::Screen::Language => Message::Language(language::Message::Choose(Language::Es)),
        _ => Message::Back,
    };
    let _ = app.update(message);
    let _ = app.view();
}

fn main() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut on, wav) = app(true, dir.path());
    let (mut off, _) = app(false, dir.path());
    let voices = Voices::from_settings(&AccessibilitySettings::default().speech);
    let mut first_sample = Vec::new();
    let mut espeak_alone = Vec::new();
    let mut ui_on = Vec::new();
    let mut ui_off = Vec::new();
    for _ in 0..ROUNDS {
        // espeak-ng alone, the baseline.
        let start = Instant::now();
        let mut synthesis = voices
            .start("Elija su idioma. Choose your language.", Language::Es, 175)
            .expect("espeak-ng");
        let mut buf = [0i16; 256];
        while synthesis.read(&mut buf).map(|n| n == 0).unwrap_or(true) {}
        espeak_alone.push(start.elapsed().as_secs_f64() * 1e3);
        synthesis.kill();

        // A new screen with speech on, to its first sample.
        let before = wav.recordings().len();
        let start = Instant::now();
        next_screen(&mut on);
        ui_on.push(start.elapsed().as_secs_f64() * 1e3);
        let until = Instant::now() + Duration::from_secs(5);
        let at = loop {
            let recordings = wav.recordings();
            if let Some(at) = recordings.get(before).and_then(|r| r.first_sample) {
                break at;
            }
            if Instant::now() > until {
                panic!("no sound for the new screen");
            }
            std::thread::sleep(Duration::from_micros(500));
        };
        first_sample.push(at.duration_since(start).as_secs_f64() * 1e3);

        // The same change with speech off: the ui thread's work alone.
        let start = Instant::now();
        next_screen(&mut off);
        ui_off.push(start.elapsed().as_secs_f64() * 1e3);
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("{ROUNDS} rounds, interleaved:");
    let base = stats(
        "baseline: espeak-ng alone, start to first sample",
        espeak_alone,
    );
    let heard = stats(
        "new screen -> first sample of its description",
        first_sample,
    );
    let with = stats("ui thread: update + view, speech on", ui_on);
    let without = stats("ui thread: update + view, speech off", ui_off);
    println!(
        "first sample / espeak-ng alone: {:.2}; ui thread speech on / off: {:.2}",
        heard / base,
        with / without
    );
}
