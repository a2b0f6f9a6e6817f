//! `[accessibility]`: the tactile keypad, the headset signal, the screen as
//! mounted, and the speech defaults (see docs/accessibility.md).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AccessibilitySettings {
    pub keypad: KeypadSettings,
    pub headset: HeadsetSettings,
    pub screen: ScreenSettings,
    pub speech: SpeechSettings,
}

/// Which keyboard key each key of the tactile keypad sends. A USB keypad
/// arrives as a keyboard; values are key names as iced/winit name them
/// ("ArrowUp", "Enter", "F1", "AudioVolumeUp") or one character ("5", "*").
/// An empty name means the keypad has no such key (the function is then in
/// the help menu).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct KeypadSettings {
    pub up: String,
    pub down: String,
    pub back: String,
    pub select: String,
    pub help: String,
    /// Starts and stops speech mode.
    pub audio: String,
    /// The digit keys 0 to 9, in that order.
    pub digits: Vec<String>,
    /// The `*` key: the RUN's check digit K.
    pub star: String,
    /// The `#` key: erases the last character typed.
    pub hash: String,
    pub repeat: String,
    pub pause: String,
    pub slower: String,
    pub faster: String,
    pub louder: String,
    pub softer: String,
}

impl Default for KeypadSettings {
    fn default() -> Self {
        Self {
            up: "ArrowUp".into(),
            down: "ArrowDown".into(),
            back: "Escape".into(),
            select: "Enter".into(),
            help: "F1".into(),
            audio: "F2".into(),
            digits: (0..10).map(|d| d.to_string()).collect(),
            star: "*".into(),
            hash: "#".into(),
            repeat: "F3".into(),
            pause: "MediaPlayPause".into(),
            slower: "F4".into(),
            faster: "F5".into(),
            louder: "AudioVolumeUp".into(),
            softer: "AudioVolumeDown".into(),
        }
    }
}

impl KeypadSettings {
    /// Every mapped function with its key, in the order of the file
    /// (`digits` as `digits[0]` … `digits[9]`).
    pub fn bindings(&self) -> Vec<(String, &str)> {
        let mut all: Vec<(String, &str)> = [
            ("up", &self.up),
            ("down", &self.down),
            ("back", &self.back),
            ("select", &self.select),
            ("help", &self.help),
            ("audio", &self.audio),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.as_str()))
        .collect();
        all.extend(
            self.digits
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("digits[{i}]"), v.as_str())),
        );
        for (k, v) in [
            ("star", &self.star),
            ("hash", &self.hash),
            ("repeat", &self.repeat),
            ("pause", &self.pause),
            ("slower", &self.slower),
            ("faster", &self.faster),
            ("louder", &self.louder),
            ("softer", &self.softer),
        ] {
            all.push((k.to_string(), v.as_str()));
        }
        all
    }
}

/// What a keypad key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeypadFunction {
    Up,
    Down,
    Back,
    Select,
    Help,
    Audio,
    /// A digit key, 0 to 9.
    Digit(u8),
    Star,
    Hash,
    Repeat,
    Pause,
    Slower,
    Faster,
    Louder,
    Softer,
}

impl KeypadSettings {
    /// The function of the key named `key_name` (iced's name of a named
    /// key, e.g. `format!("{named:?}")` of `keyboard::key::Named::ArrowUp`,
    /// or the character of a character key), if the keypad maps it.
    pub fn function_of(&self, key_name: &str) -> Option<KeypadFunction> {
        use KeypadFunction::*;
        if key_name.is_empty() {
            return None;
        }
        if let Some(d) = self.digits.iter().position(|k| k == key_name) {
            return Some(Digit(d as u8));
        }
        [
            (&self.up, Up),
            (&self.down, Down),
            (&self.back, Back),
            (&self.select, Select),
            (&self.help, Help),
            (&self.audio, Audio),
            (&self.star, Star),
            (&self.hash, Hash),
            (&self.repeat, Repeat),
            (&self.pause, Pause),
            (&self.slower, Slower),
            (&self.faster, Faster),
            (&self.louder, Louder),
            (&self.softer, Softer),
        ]
        .into_iter()
        .find(|(k, _)| k.as_str() == key_name)
        .map(|(_, f)| f)
    }
}

/// Where the "headphones plugged in" signal comes from.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum HeadsetSource {
    /// No signal: speech mode starts only with the keypad's audio key, and
    /// personal data is never spoken.
    None,
    /// A Linux input device's switch (SW_HEADPHONE_INSERT), as HDA codecs
    /// and USB jack modules report it.
    Evdev,
    /// An ALSA jack control such as "Headphone Jack", polled.
    Alsa,
    /// A file holding 1 (plugged) or 0: the emulated switch of tests and
    /// demos.
    File,
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct HeadsetSettings {
    pub source: HeadsetSource,
    /// source = "evdev": the device, or "auto" for the first input device
    /// that has a headphone switch.
    pub evdev_device: String,
    /// source = "alsa": the card (number or name) and the jack control.
    pub alsa_card: String,
    pub alsa_control: String,
    /// source = "file": the file.
    pub file: String,
}

impl Default for HeadsetSettings {
    fn default() -> Self {
        Self {
            source: HeadsetSource::Evdev,
            evdev_device: "auto".into(),
            alsa_card: "0".into(),
            alsa_control: "Headphone Jack".into(),
            file: "/run/totem/headset".into(),
        }
    }
}

/// The screen's active area as mounted, for the reach band.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct ScreenSettings {
    pub width_mm: u32,
    pub height_mm: u32,
    /// Height of the active area's lower edge above the floor.
    pub bottom_edge_mm: u32,
}

impl Default for ScreenSettings {
    fn default() -> Self {
        // A 21.5" portrait panel (268 × 476 mm) on a typical kiosk stand.
        Self {
            width_mm: 268,
            height_mm: 476,
            bottom_edge_mm: 800,
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SpeechSettings {
    /// Words per minute at the start of every session, 100 to 300.
    pub rate_wpm: u32,
    /// Percent of full scale at the start of every session, 10 to 100.
    pub volume_percent: u32,
    /// espeak-ng voices.
    pub voice_es: String,
    pub voice_en: String,
    /// ALSA devices (as `aplay -D` takes them) of the two outputs.
    pub headset_device: String,
    pub loudspeaker_device: String,
}

impl Default for SpeechSettings {
    fn default() -> Self {
        Self {
            rate_wpm: 175,
            volume_percent: 70,
            voice_es: "es-419".into(),
            voice_en: "en".into(),
            headset_device: "default".into(),
            loudspeaker_device: "default".into(),
        }
    }
}

/// Named keys a keypad may send (iced's `keyboard::key::Named` names).
pub const NAMED_KEYS: &[&str] = &[
    "ArrowUp",
    "ArrowDown",
    "ArrowLeft",
    "ArrowRight",
    "Enter",
    "Escape",
    "Backspace",
    "Tab",
    "Space",
    "Delete",
    "Insert",
    "Home",
    "End",
    "PageUp",
    "PageDown",
    "Help",
    "ContextMenu",
    "NumLock",
    "AudioVolumeUp",
    "AudioVolumeDown",
    "AudioVolumeMute",
    "MediaPlayPause",
    "MediaPlay",
    "MediaPause",
    "MediaStop",
    "MediaTrackNext",
    "MediaTrackPrevious",
    "F1",
    "F2",
    "F3",
    "F4",
    "F5",
    "F6",
    "F7",
    "F8",
    "F9",
    "F10",
    "F11",
    "F12",
    "F13",
    "F14",
    "F15",
    "F16",
    "F17",
    "F18",
    "F19",
    "F20",
    "F21",
    "F22",
    "F23",
    "F24",
];

/// Whether `name` is a key a keypad can send: a named key or one visible
/// character.
pub fn is_key_name(name: &str) -> bool {
    let mut chars = name.chars();
    let one_char = matches!((chars.next(), chars.next()), (Some(c), None) if !c.is_whitespace() && !c.is_control());
    one_char || NAMED_KEYS.contains(&name)
}
