//! The citizen's aids: on for the session that chose them, doubled time in
//! speech mode, and gone for the next citizen.

use std::time::{Duration, Instant};

use totem_flow::*;

fn session() -> (Session, Instant) {
    (
        Session::new(Settings::default(), Catalog::default()),
        Instant::now(),
    )
}

fn wait(s: &mut Session, now: &mut Instant, secs: u64) {
    for _ in 0..secs {
        *now += Duration::from_secs(1);
        s.update(*now, Event::Tick);
    }
}

#[test]
fn aids_chosen_on_the_attract_screen_last_the_session_and_end_with_it() {
    let (mut s, now) = session();
    s.update(now, Event::Aid(Aid::ToggleSeated));
    s.update(now, Event::Aid(Aid::NextTextSize));
    s.update(now, Event::Aid(Aid::NextTextSize));
    assert_eq!(
        s.screen(),
        Screen::Attract,
        "an aid does not start a session"
    );
    s.update(now, Event::Touch);
    s.update(now, Event::Aid(Aid::ToggleContrast));
    s.update(now, Event::ChooseLanguage(Language::Es));
    let aids = s.aids();
    assert!(aids.seated && aids.high_contrast && !aids.speech);
    assert_eq!(aids.text, TextSize::Largest);
    assert_eq!(aids.text.percent(), 200);
    s.update(now, Event::Cancel);
    assert_eq!(s.screen(), Screen::Attract);
    assert_eq!(s.aids(), Aids::default(), "the next citizen finds none");
}

#[test]
fn the_text_size_steps_round_and_the_headset_turns_speech_on() {
    let (mut s, now) = session();
    let sizes: Vec<u16> = (0..4)
        .map(|_| {
            s.update(now, Event::Aid(Aid::NextTextSize));
            s.aids().text.percent()
        })
        .collect();
    assert_eq!(sizes, [150, 200, 100, 150]);
    s.update(now, Event::Aid(Aid::HeadsetPlugged));
    s.update(now, Event::Aid(Aid::HeadsetPlugged));
    assert!(s.aids().speech, "plugging in twice keeps it on");
    s.update(now, Event::Aid(Aid::ToggleSpeech));
    assert!(!s.aids().speech, "the audio key turns it off");
}

#[test]
fn speech_mode_doubles_the_idle_time_and_the_warning() {
    let (mut s, mut now) = session();
    s.update(now, Event::Touch);
    s.update(now, Event::ChooseLanguage(Language::Es));
    s.update(now, Event::Aid(Aid::HeadsetPlugged));
    // Without speech the menu warns after 45 s; with it, after 90.
    wait(&mut s, &mut now, 89);
    assert_eq!(s.warning_seconds_left(), None);
    wait(&mut s, &mut now, 1);
    assert_eq!(s.warning_seconds_left(), Some(40));
    wait(&mut s, &mut now, 39);
    assert_eq!(s.screen(), Screen::Menu);
    wait(&mut s, &mut now, 1);
    assert_ne!(s.screen(), Screen::Menu, "the session ended after 40 s");
    assert!(!s.aids().speech);
}
