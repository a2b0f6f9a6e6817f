//! The citizen's controls: a new utterance cuts the old one (5.1.3.5),
//! repeat, pause and resume, slower/faster, louder/softer (5.1.3.4), and
//! volume and rate back to the defaults when the session ends (5.1.3.13).

mod common;

use std::time::Duration;

use common::*;
use totem_config::Language;
use totem_speech::{Headset, Utterance};

fn whole_attract() -> String {
    attract(Language::Es).1
}

fn written(k: &Kiosk, index: usize) -> u64 {
    std::fs::metadata(&k.loudspeaker.recordings()[index].path)
        .map(|m| m.len())
        .unwrap_or(0)
}

#[test]
fn a_new_utterance_cuts_the_one_being_said() {
    let k = kiosk(Headset::absent(), 100);
    let long = whole_attract();
    k.speaker
        .say(Utterance::new(Language::Es).public(long.as_str()));
    assert!(k.speaker.is_speaking(), "say returned before the sound");
    wait_for("the first sound", || {
        k.loudspeaker
            .recordings()
            .first()
            .is_some_and(|r| r.first_sample.is_some())
    });
    std::thread::sleep(Duration::from_millis(300));
    k.speaker.say(Utterance::new(Language::Es).public("Volver"));
    k.wait_silent();
    let recordings = k.loudspeaker.recordings();
    assert_eq!(recordings.len(), 2);
    assert!(!recordings[0].finished, "the first was cut");
    let (_, cut) = samples(&recordings[0]);
    let full = k.reference(&long, Language::Es, 175, 100);
    assert!(
        cut.len() < full.len() / 2,
        "{} of {}",
        cut.len(),
        full.len()
    );
    assert_eq!(
        cut[..],
        full[..cut.len()],
        "what was said is the start of it"
    );
    assert!(recordings[1].finished);
    assert_eq!(
        samples(&recordings[1]).1,
        k.reference("Volver", Language::Es, 175, 100)
    );
}

#[test]
fn pause_holds_the_speech_and_resume_goes_on_to_the_end() {
    let k = kiosk(Headset::absent(), 100);
    let long = ftl(Language::Es, "attract-hint-4");
    k.speaker
        .say(Utterance::new(Language::Es).public(long.as_str()));
    wait_for("the first sound", || {
        k.loudspeaker
            .recordings()
            .first()
            .is_some_and(|r| r.first_sample.is_some())
    });
    k.speaker.pause();
    // What was already queued (at most 150 ms ahead) goes out; then nothing.
    std::thread::sleep(Duration::from_millis(400));
    let held = written(&k, 0);
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(written(&k, 0), held, "sound went on while paused");
    assert!(k.speaker.is_paused());
    k.speaker.resume();
    k.wait_silent();
    let r = &k.loudspeaker.recordings()[0];
    assert!(r.finished);
    assert_eq!(
        samples(r).1,
        k.reference(&long, Language::Es, 175, 100),
        "nothing lost"
    );
}

#[test]
fn repeat_says_the_last_utterance_again_and_slower_makes_it_longer() {
    let k = kiosk(Headset::absent(), 100);
    let text = ftl(Language::En, "attract-touch");
    k.speaker
        .say(Utterance::new(Language::En).public(text.as_str()));
    k.wait_silent();
    k.speaker.repeat();
    k.wait_silent();
    assert!(k.speaker.slower());
    assert!(k.speaker.slower());
    assert_eq!(k.speaker.rate(), 125);
    k.speaker.repeat();
    k.wait_silent();
    let r = k.loudspeaker.recordings();
    assert_eq!(r.len(), 3);
    let (first, again, slow) = (samples(&r[0]).1, samples(&r[1]).1, samples(&r[2]).1);
    assert_eq!(first, again);
    assert!(
        slow.len() as f64 > first.len() as f64 * 1.2,
        "{} vs {}",
        slow.len(),
        first.len()
    );
    assert_eq!(slow, k.reference(&text, Language::En, 125, 100));
}

#[test]
fn volume_steps_are_heard_and_the_session_end_resets_them() {
    let k = kiosk(Headset::absent(), 70);
    let text = "Continuar";
    assert!(k.speaker.louder());
    assert!(k.speaker.louder());
    assert!(k.speaker.faster());
    assert_eq!(k.speaker.volume(), 90);
    k.speaker.say(Utterance::new(Language::Es).public(text));
    k.wait_silent();
    k.speaker.end_session();
    assert_eq!(k.speaker.volume(), 70, "volume back to the site's default");
    assert_eq!(k.speaker.rate(), 175, "rate back to the site's default");
    k.speaker.repeat();
    k.wait_silent();
    assert_eq!(
        k.loudspeaker.recordings().len(),
        1,
        "the session's last words are forgotten"
    );
    k.speaker.say(Utterance::new(Language::Es).public(text));
    k.wait_silent();
    let r = k.loudspeaker.recordings();
    assert_eq!(samples(&r[0]).1, k.reference(text, Language::Es, 200, 90));
    assert_eq!(samples(&r[1]).1, k.reference(text, Language::Es, 175, 70));
    let peak = |s: &[i16]| s.iter().map(|v| v.unsigned_abs()).max().unwrap_or(0);
    assert!(
        peak(&samples(&r[0]).1) > peak(&samples(&r[1]).1),
        "louder is louder"
    );
}

#[test]
fn a_volume_change_is_heard_within_the_utterance_being_said() {
    let k = kiosk(Headset::absent(), 50);
    let long = ftl(Language::Es, "attract-hint-4");
    k.speaker
        .say(Utterance::new(Language::Es).public(long.as_str()));
    wait_for("the first sound", || {
        k.loudspeaker
            .recordings()
            .first()
            .is_some_and(|r| r.first_sample.is_some())
    });
    for _ in 0..5 {
        k.speaker.louder();
    }
    k.wait_silent();
    let (_, played) = samples(&k.loudspeaker.recordings()[0]);
    let at_50 = k.reference(&long, Language::Es, 175, 50);
    let at_100 = k.reference(&long, Language::Es, 175, 100);
    let n = played.len();
    assert_eq!(n, at_50.len());
    assert_eq!(played[..1024], at_50[..1024], "began at 50 %");
    assert_eq!(played[n - 1024..], at_100[n - 1024..], "ended at 100 %");
}
