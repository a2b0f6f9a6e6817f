//! espeak-ng renders the attract screen's texts to WAV through the speaker;
//! the files are speech: not silent, at espeak-ng's rate, longer for more
//! text. `sox` reads them too, as a second opinion.

mod common;

use std::process::Command;

use common::*;
use totem_config::Language;
use totem_speech::Headset;

fn sox_stat(path: &std::path::Path) -> (f64, f64) {
    let out = Command::new("sox")
        .arg(path)
        .args(["-n", "stat"])
        .output()
        .expect("sox (scripts/install-deps installs it)");
    let text = String::from_utf8_lossy(&out.stderr);
    let field = |name: &str| -> f64 {
        text.lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split(':').nth(1))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in sox's output: {text}"))
    };
    (field("Length (seconds)"), field("RMS     amplitude"))
}

fn renders(language: Language) {
    let k = kiosk(Headset::absent(), 100);
    let (instruction, _) = attract(language);
    // The screen's heading, subtitle and instruction: more text, and short
    // enough that rendering it in real time keeps the test quick.
    let more = ["attract-title", "attract-subtitle", "attract-touch"]
        .map(|id| ftl(language, id))
        .join(". ");
    for text in [&instruction, &more] {
        k.speaker
            .say(totem_speech::Utterance::new(language).public(text.as_str()));
        k.wait_silent();
    }
    let recordings = k.loudspeaker.recordings();
    assert_eq!(recordings.len(), 2);
    assert!(k.headset_out.recordings().is_empty());
    let mut durations = vec![];
    for r in &recordings {
        assert!(r.finished);
        let (rate, samples) = samples(r);
        assert_eq!(rate, 22_050, "espeak-ng's voices speak at 22,050 Hz");
        let seconds = samples.len() as f64 / f64::from(rate);
        let peak = samples.iter().map(|s| s.unsigned_abs()).max().unwrap_or(0);
        assert!(rms(&samples) > 0.02, "silent: rms {}", rms(&samples));
        assert!(peak > 8_000, "too quiet: peak {peak}");
        let (sox_seconds, sox_rms) = sox_stat(&r.path);
        assert!(
            (sox_seconds - seconds).abs() < 0.01,
            "{sox_seconds} vs {seconds}"
        );
        assert!(sox_rms > 0.02, "sox finds it silent: {sox_rms}");
        durations.push(seconds);
    }
    // "Toque la pantalla para comenzar" takes about 2 s; with the heading
    // and subtitle before it, more than twice that.
    assert!((1.0..4.0).contains(&durations[0]), "{durations:?}");
    assert!(durations[1] > 2.0 * durations[0], "{durations:?}");
}

#[test]
fn the_attract_instruction_is_rendered_in_spanish() {
    renders(Language::Es);
}

#[test]
fn the_attract_instruction_is_rendered_in_english() {
    renders(Language::En);
}

#[test]
fn the_speaker_plays_exactly_what_espeak_ng_says_at_the_volume_set() {
    let k = kiosk(Headset::absent(), 70);
    let (instruction, _) = attract(Language::Es);
    k.speaker
        .say(totem_speech::Utterance::new(Language::Es).public(instruction.as_str()));
    k.wait_silent();
    let (_, played) = samples(&k.loudspeaker.recordings()[0]);
    assert_eq!(played, k.reference(&instruction, Language::Es, 175, 70));
}
