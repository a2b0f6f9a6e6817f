//! Checks of `[accessibility]` that serde cannot make.

use std::collections::HashMap;

use super::{at, Issues};
use crate::accessibility::{is_key_name, HeadsetSource};
use crate::locate::Seg;
use crate::AccessibilitySettings;

fn keypad_path(binding: &str) -> Vec<Seg> {
    let mut path = at(&["accessibility", "keypad"]);
    match binding
        .strip_prefix("digits[")
        .and_then(|r| r.strip_suffix(']'))
    {
        Some(i) => {
            path.push(Seg::Key("digits".into()));
            path.push(Seg::Index(i.parse().unwrap_or(0)));
        }
        None => path.push(Seg::Key(binding.into())),
    }
    path
}

pub(super) fn check(a: &AccessibilitySettings, v: &mut Issues) {
    let k = &a.keypad;
    v.check(
        k.digits.len() == 10,
        at(&["accessibility", "keypad", "digits"]),
        format!(
            "lists {} keys; expected 10, the keys of the digits 0 to 9 in order",
            k.digits.len()
        ),
    );
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (function, key) in k.bindings() {
        if key.is_empty() {
            // Optional keys only: navigation, select and the digits must exist.
            let required = matches!(
                function.as_str(),
                "up" | "down" | "back" | "select" | "help" | "audio"
            ) || function.starts_with("digits[");
            v.check(
                !required,
                keypad_path(&function),
                "must not be empty; every keypad has this key (expected a key name such as \"Enter\")",
            );
            continue;
        }
        v.check(
            is_key_name(key),
            keypad_path(&function),
            format!("\"{key}\" is not a key name; expected a named key such as \"ArrowUp\", \"Enter\", \"F1\", \"AudioVolumeUp\", or one character such as \"5\""),
        );
        if let Some(earlier) = seen.get(key) {
            v.check(
                false,
                keypad_path(&function),
                format!(
                    "\"{key}\" is already the key of {earlier}; expected each key to do one thing"
                ),
            );
        } else {
            seen.insert(key, function.clone());
        }
    }

    let h = &a.headset;
    let headset = |key: &str| at(&["accessibility", "headset", key]);
    match h.source {
        HeadsetSource::Evdev => v.check(
            h.evdev_device == "auto" || h.evdev_device.starts_with("/dev/input/"),
            headset("evdev_device"),
            "is not an input device; expected \"auto\" or a path under /dev/input/ (e.g. /dev/input/by-path/…-event)",
        ),
        HeadsetSource::Alsa => {
            v.check(
                !h.alsa_card.trim().is_empty(),
                headset("alsa_card"),
                "must not be empty with source = \"alsa\"; expected a card number or name, e.g. \"0\"",
            );
            v.check(
                !h.alsa_control.trim().is_empty(),
                headset("alsa_control"),
                "must not be empty with source = \"alsa\"; expected the jack control, e.g. \"Headphone Jack\"",
            );
        }
        HeadsetSource::File => v.check(
            h.file.starts_with('/'),
            headset("file"),
            "is not an absolute path; expected the file of the emulated switch, e.g. \"/run/totem/headset\"",
        ),
        HeadsetSource::None => {}
    }

    let s = &a.screen;
    let screen = |key: &str| at(&["accessibility", "screen", key]);
    v.check(
        (50..=3_000).contains(&s.width_mm),
        screen("width_mm"),
        "is out of range; expected the active area's width, 50 to 3000 mm",
    );
    v.check(
        (50..=3_000).contains(&s.height_mm),
        screen("height_mm"),
        "is out of range; expected the active area's height, 50 to 3000 mm",
    );
    v.check(
        s.bottom_edge_mm <= 2_500,
        screen("bottom_edge_mm"),
        "is out of range; expected the height of the active area's lower edge above the floor, 0 to 2500 mm",
    );

    let sp = &a.speech;
    let speech = |key: &str| at(&["accessibility", "speech", key]);
    v.check(
        (100..=300).contains(&sp.rate_wpm),
        speech("rate_wpm"),
        "is out of range; expected 100 to 300 words per minute (default 175)",
    );
    v.check(
        (10..=100).contains(&sp.volume_percent),
        speech("volume_percent"),
        "is out of range; expected 10 to 100 percent (default 70)",
    );
    for (key, voice) in [("voice_es", &sp.voice_es), ("voice_en", &sp.voice_en)] {
        v.check(
            !voice.is_empty()
                && voice
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '_')),
            speech(key),
            "is not an espeak-ng voice name; expected e.g. \"es-419\" or \"en\" (`espeak-ng --voices` lists them)",
        );
    }
    for key in ["headset_device", "loudspeaker_device"] {
        let device = if key == "headset_device" {
            &sp.headset_device
        } else {
            &sp.loudspeaker_device
        };
        v.check(
            !device.trim().is_empty() && !device.chars().any(char::is_whitespace),
            speech(key),
            "is not an ALSA device name; expected e.g. \"default\" or \"plughw:1,0\" (`aplay -L` lists them)",
        );
    }
}
