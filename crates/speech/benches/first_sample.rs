//! Time from `Speaker::say` to the first audio sample reaching the output
//! (goal: median ≤ 300 ms on the kiosk's machine), against a baseline in
//! the same run: espeak-ng alone, from its start to its first sample.
//!
//! `cargo bench -p totem-speech --bench first_sample` (espeak-ng and
//! alsa-utils installed; the ALSA run plays to the "null" device).

use std::io;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use totem_config::{Language, SpeechSettings};
use totem_speech::{Alsa, Headset, Output, Outputs, Speaker, Stream, Utterance, Voices, WavFiles};

const RUNS: usize = 30;

/// An output that notes when its first sample arrives, around another.
struct FirstSample<O> {
    inner: O,
    at: Arc<Mutex<Vec<Instant>>>,
}

struct FirstSampleStream {
    inner: Box<dyn Stream>,
    at: Arc<Mutex<Vec<Instant>>>,
    seen: bool,
}

impl<O: Output> Output for FirstSample<O> {
    fn open(&self, rate: u32) -> io::Result<Box<dyn Stream>> {
        Ok(Box::new(FirstSampleStream {
            inner: self.inner.open(rate)?,
            at: self.at.clone(),
            seen: false,
        }))
    }
}

impl Stream for FirstSampleStream {
    fn write(&mut self, samples: &[i16]) -> io::Result<()> {
        self.inner.write(samples)?;
        if !self.seen {
            self.seen = true;
            self.at.lock().unwrap().push(Instant::now());
        }
        Ok(())
    }
    fn finish(self: Box<Self>, stop: &dyn Fn() -> bool) -> io::Result<()> {
        self.inner.finish(stop)
    }
    fn abort(self: Box<Self>) {
        self.inner.abort()
    }
}

fn stats(name: &str, mut ms: Vec<f64>) -> f64 {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p90 = ms[ms.len() * 9 / 10];
    println!(
        "{name:<46} median {median:7.1} ms   p90 {p90:7.1} ms   min {:7.1}   max {:7.1}   (n = {})",
        ms[0],
        ms[ms.len() - 1],
        ms.len()
    );
    median
}

fn wait_for(mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "no sound within 30 s"
        );
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// A speaker whose output notes its first samples.
struct Rig {
    speaker: Speaker,
    at: Arc<Mutex<Vec<Instant>>>,
    interrupting: bool,
}

impl Rig {
    fn new<O: Output + 'static>(output: O, interrupting: bool) -> Self {
        let at = Arc::new(Mutex::new(Vec::new()));
        let out: Arc<dyn Output> = Arc::new(FirstSample {
            inner: output,
            at: at.clone(),
        });
        let settings = SpeechSettings::default();
        let outputs = Outputs {
            headset: out.clone(),
            loudspeaker: out,
        };
        let speaker = Speaker::start(
            &settings,
            Voices::from_settings(&settings),
            outputs,
            Headset::absent(),
        )
        .expect("speaker");
        Self {
            speaker,
            at,
            interrupting,
        }
    }

    fn count(&self) -> usize {
        self.at.lock().unwrap().len()
    }

    /// One say() of TEXT, in ms to its first sample.
    fn once(&self) -> f64 {
        if self.interrupting {
            let before = self.count();
            self.speaker.say(Utterance::new(Language::Es).public(LONG));
            wait_for(|| self.count() > before);
            std::thread::sleep(Duration::from_millis(200));
        }
        let before = self.count();
        let said = Instant::now();
        self.speaker.say(Utterance::new(Language::Es).public(TEXT));
        wait_for(|| self.count() > before);
        let first = *self.at.lock().unwrap().last().unwrap();
        self.speaker.stop();
        wait_for(|| !self.speaker.is_speaking());
        if let Some(e) = self.speaker.take_error() {
            panic!("{e}");
        }
        first.duration_since(said).as_secs_f64() * 1e3
    }
}

const TEXT: &str = "Toque la pantalla para comenzar";
const LONG: &str = "Registro Civil. Tótem de autoatención. Obtenga su Clave Única por primera vez.";

fn baseline(voices: &Voices) -> f64 {
    let start = Instant::now();
    let mut s = voices.start(TEXT, Language::Es, 175).expect("espeak-ng");
    let mut buf = [0i16; 1024];
    let n = s.read(&mut buf).expect("samples");
    assert!(n > 0);
    let ms = start.elapsed().as_secs_f64() * 1e3;
    s.kill();
    ms
}

fn main() {
    let voices = Voices::default();
    let dir = tempfile::tempdir().expect("temp dir");
    let rigs = [
        (
            "say() to first sample, WAV output",
            Rig::new(WavFiles::new(dir.path(), "bench"), false),
        ),
        (
            "say() to first sample, ALSA (aplay -D null)",
            Rig::new(Alsa::new("null"), false),
        ),
        (
            "say() cutting speech, ALSA (aplay -D null)",
            Rig::new(Alsa::new("null"), true),
        ),
    ];
    // Interleaved, so a busy moment of the machine falls on all alike.
    let mut base = Vec::new();
    let mut runs: Vec<Vec<f64>> = vec![Vec::new(); rigs.len()];
    for _ in 0..RUNS {
        base.push(baseline(&voices));
        for (i, (_, rig)) in rigs.iter().enumerate() {
            runs[i].push(rig.once());
        }
    }
    println!("first sample of \"{TEXT}\" ({RUNS} rounds, interleaved)");
    let b = stats("baseline: espeak-ng start to first sample", base);
    let medians: Vec<f64> = rigs
        .iter()
        .zip(runs)
        .map(|((name, _), ms)| stats(name, ms))
        .collect();
    println!(
        "ratio of medians to the baseline: WAV {:.2}, ALSA {:.2}, interrupting {:.2}; goal: median <= 300 ms",
        medians[0] / b,
        medians[1] / b,
        medians[2] / b
    );
}
