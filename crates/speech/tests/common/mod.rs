//! What the speech tests share: a speaker whose outputs are WAV files, the
//! attract screen's texts from the shipped Fluent files, waiting.

#![allow(dead_code)]

use std::path::Path;
use std::time::{Duration, Instant};

use totem_config::{Language, SpeechSettings};
use totem_speech::{scale, wav, Headset, Outputs, Recording, Speaker, Voices, WavFiles};

pub struct Kiosk {
    pub speaker: Speaker,
    pub headset_out: WavFiles,
    pub loudspeaker: WavFiles,
    pub voices: Voices,
    pub settings: SpeechSettings,
    pub dir: tempfile::TempDir,
}

pub fn kiosk(headset: Headset, volume_percent: u32) -> Kiosk {
    let dir = tempfile::tempdir().unwrap();
    let headset_out = WavFiles::new(dir.path(), "headset");
    let loudspeaker = WavFiles::new(dir.path(), "loudspeaker");
    let settings = SpeechSettings {
        volume_percent,
        ..SpeechSettings::default()
    };
    let voices = Voices::from_settings(&settings);
    let outputs = Outputs {
        headset: std::sync::Arc::new(headset_out.clone()),
        loudspeaker: std::sync::Arc::new(loudspeaker.clone()),
    };
    let speaker = Speaker::start(&settings, voices.clone(), outputs, headset).unwrap();
    Kiosk {
        speaker,
        headset_out,
        loudspeaker,
        voices,
        settings,
        dir,
    }
}

impl Kiosk {
    /// What espeak-ng makes of `text` at the default rate, at `volume`.
    pub fn reference(&self, text: &str, language: Language, rate: u32, volume: u32) -> Vec<i16> {
        let (_, mut samples) = self.voices.render(text, language, rate).unwrap();
        scale(&mut samples, volume);
        samples
    }

    pub fn wait_silent(&self) {
        wait_for("the speaker to fall silent", || !self.speaker.is_speaking());
        assert_eq!(self.speaker.take_error(), None);
    }
}

pub fn samples(r: &Recording) -> (u32, Vec<i16>) {
    wav::read_file(&r.path).unwrap()
}

/// Waits (polling) for something that happens on another thread; fails
/// after a generous bound so a broken build does not hang.
pub fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "gave up waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The value of `id` in assets/i18n/<lang>.ftl (single-line messages).
pub fn ftl(language: Language, id: &str) -> String {
    let file = match language {
        Language::Es => "es.ftl",
        Language::En => "en.ftl",
    };
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/i18n")
        .join(file);
    let source = std::fs::read_to_string(path).unwrap();
    source
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{id} = ")))
        .unwrap_or_else(|| panic!("{id} not in {file}"))
        .to_string()
}

/// The attract screen's instruction, and everything the screen says.
pub fn attract(language: Language) -> (String, String) {
    let instruction = ftl(language, "attract-touch");
    let ids = [
        "attract-title",
        "attract-subtitle",
        "attract-hint-1",
        "attract-hint-2",
        "attract-hint-3",
        "attract-hint-4",
        "attract-touch",
    ];
    let whole = ids.map(|id| ftl(language, id)).join(". ");
    (instruction, whole)
}

/// Root mean square of the samples, as a fraction of full scale.
pub fn rms(samples: &[i16]) -> f64 {
    let sum: f64 = samples.iter().map(|&s| f64::from(s) * f64::from(s)).sum();
    (sum / samples.len().max(1) as f64).sqrt() / 32768.0
}
