//! Personal data only through a headset that is plugged in (5.1.3.9), a
//! password character never said (5.1.3.8), and the headset signal from an
//! emulated switch file and from input events through a pipe.

mod common;

use std::io::Write;
use std::time::Duration;

use common::*;
use totem_config::Language;
use totem_flow::entry::{Field, Key};
use totem_speech::{headset, watch, Headset, Signal, Utterance};

struct Switch {
    path: std::path::PathBuf,
    headset: Headset,
    changes: std::sync::mpsc::Receiver<bool>,
    _dir: tempfile::TempDir,
}

fn switch() -> Switch {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("headset");
    std::fs::write(&path, "0").unwrap();
    let (headset, changes) = watch(Signal::File(path.clone()));
    Switch {
        path,
        headset,
        changes,
        _dir: dir,
    }
}

impl Switch {
    fn plug(&self, present: bool) {
        std::fs::write(&self.path, if present { "1\n" } else { "0\n" }).unwrap();
        wait_for("the switch", || self.headset.is_present() == present);
    }
}

fn run_utterance() -> Utterance {
    Utterance::new(Language::Es)
        .public("Su RUN es")
        .personal("12.345.678-5")
}

#[test]
fn without_a_headset_a_personal_datum_is_left_out_of_the_loudspeaker() {
    let s = switch();
    let k = kiosk(s.headset.clone(), 100);
    k.speaker.say(run_utterance());
    k.wait_silent();
    assert!(k.headset_out.recordings().is_empty());
    let said = samples(&k.loudspeaker.recordings()[0]).1;
    let withheld = "Su RUN es dato personal: conecte audífonos para escucharlo";
    assert_eq!(said, k.reference(withheld, Language::Es, 175, 100));
    assert_ne!(
        said,
        k.reference("Su RUN es 12.345.678-5", Language::Es, 175, 100)
    );
}

#[test]
fn with_a_headset_everything_goes_to_the_headset_and_nothing_to_the_loudspeaker() {
    let s = switch();
    let k = kiosk(s.headset.clone(), 100);
    s.plug(true);
    assert_eq!(s.changes.recv_timeout(Duration::from_secs(5)), Ok(true));
    k.speaker.say(run_utterance());
    k.wait_silent();
    assert!(k.loudspeaker.recordings().is_empty());
    let said = samples(&k.headset_out.recordings()[0]).1;
    assert_eq!(
        said,
        k.reference("Su RUN es 12.345.678-5", Language::Es, 175, 100)
    );
    // Unplugged: the next utterance goes to the loudspeaker, withheld.
    s.plug(false);
    k.speaker.repeat();
    k.wait_silent();
    assert_eq!(k.headset_out.recordings().len(), 1);
    assert_eq!(k.loudspeaker.recordings().len(), 1);
}

#[test]
fn unplugging_while_a_personal_datum_plays_cuts_it_at_once() {
    let s = switch();
    let k = kiosk(s.headset.clone(), 100);
    s.plug(true);
    let long = attract(Language::Es).1;
    k.speaker.say(
        Utterance::new(Language::Es)
            .public(long.as_str())
            .personal("12.345.678-5"),
    );
    wait_for("the first sound", || {
        k.headset_out
            .recordings()
            .first()
            .is_some_and(|r| r.first_sample.is_some())
    });
    s.plug(false);
    k.wait_silent();
    let r = &k.headset_out.recordings()[0];
    assert!(!r.finished, "cut when the headset went");
    let full = k.reference(&format!("{long} 12.345.678-5"), Language::Es, 175, 100);
    assert!(samples(r).1.len() < full.len() / 2);
    assert!(
        k.loudspeaker.recordings().is_empty(),
        "nothing moved to the loudspeaker"
    );
}

#[test]
fn a_password_character_is_said_as_character_entered_on_both_outputs() {
    let s = switch();
    let k = kiosk(s.headset.clone(), 100);
    let typed = || {
        Utterance::new(Language::Es)
            .keystroke(Field::Password, Key::Char('Q'))
            .keystroke(Field::PasswordAgain, Key::Char('7'))
    };
    k.speaker.say(typed());
    k.wait_silent();
    s.plug(true);
    k.speaker.say(typed());
    k.wait_silent();
    let expected = k.reference(
        "carácter ingresado carácter ingresado",
        Language::Es,
        175,
        100,
    );
    assert_eq!(samples(&k.loudspeaker.recordings()[0]).1, expected);
    assert_eq!(samples(&k.headset_out.recordings()[0]).1, expected);
    let en = Utterance::new(Language::En).field_contents(Field::Password, "Qx9!Qx9!");
    k.speaker.say(en);
    k.wait_silent();
    assert_eq!(
        samples(&k.headset_out.recordings()[1]).1,
        k.reference("8 characters entered", Language::En, 175, 100)
    );
}

#[test]
fn a_run_typed_on_the_keypad_is_echoed_through_the_headset_only() {
    let s = switch();
    let k = kiosk(s.headset.clone(), 100);
    k.speaker
        .say(Utterance::new(Language::Es).keystroke(Field::Run, Key::Char('7')));
    k.wait_silent();
    s.plug(true);
    k.speaker
        .say(Utterance::new(Language::Es).keystroke(Field::Run, Key::Char('7')));
    k.wait_silent();
    assert_eq!(
        samples(&k.loudspeaker.recordings()[0]).1,
        k.reference(
            "dato personal: conecte audífonos para escucharlo",
            Language::Es,
            175,
            100
        )
    );
    assert_eq!(
        samples(&k.headset_out.recordings()[0]).1,
        k.reference("7", Language::Es, 175, 100)
    );
}

fn input_event(kind: u16, code: u16, value: i32) -> [u8; headset::INPUT_EVENT_SIZE] {
    let mut e = [0u8; headset::INPUT_EVENT_SIZE];
    e[16..18].copy_from_slice(&kind.to_ne_bytes());
    e[18..20].copy_from_slice(&code.to_ne_bytes());
    e[20..24].copy_from_slice(&value.to_ne_bytes());
    e
}

#[test]
fn the_headphone_switch_of_an_input_device_is_followed() {
    // A pipe stands in for /dev/input/eventN: the same bytes, the same reader.
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("event0");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
    let (h, changes) = watch(Signal::Evdev(Some(fifo.clone())));
    let mut device = std::fs::OpenOptions::new().write(true).open(&fifo).unwrap();
    const EV_SYN: u16 = 0;
    const EV_KEY: u16 = 1;
    const EV_SW: u16 = 5;
    const SW_HEADPHONE_INSERT: u16 = 2;
    const SW_MICROPHONE_INSERT: u16 = 4;
    device.write_all(&input_event(EV_KEY, 115, 1)).unwrap();
    device
        .write_all(&input_event(EV_SW, SW_MICROPHONE_INSERT, 1))
        .unwrap();
    device
        .write_all(&input_event(EV_SW, SW_HEADPHONE_INSERT, 1))
        .unwrap();
    device.write_all(&input_event(EV_SYN, 0, 0)).unwrap();
    assert_eq!(changes.recv_timeout(Duration::from_secs(5)), Ok(true));
    assert!(h.is_present());
    device
        .write_all(&input_event(EV_SW, SW_HEADPHONE_INSERT, 0))
        .unwrap();
    assert_eq!(changes.recv_timeout(Duration::from_secs(5)), Ok(false));
    device
        .write_all(&input_event(EV_SW, SW_HEADPHONE_INSERT, 1))
        .unwrap();
    assert_eq!(changes.recv_timeout(Duration::from_secs(5)), Ok(true));
    // The device goes away (a USB jack module pulled out): absent.
    drop(device);
    assert_eq!(changes.recv_timeout(Duration::from_secs(5)), Ok(false));
}

#[test]
fn an_alsa_jack_control_reads_on_as_present() {
    let plugged = "numid=18,iface=CARD,name='Headphone Jack'\n  ; type=BOOLEAN,access=r-------,values=1\n  : values=on\n";
    assert!(headset::parse_amixer_jack(plugged));
    assert!(!headset::parse_amixer_jack(&plugged.replace("=on", "=off")));
    assert!(!headset::parse_amixer_jack(
        "amixer: Cannot find the given element from control hw:0\n"
    ));
}
