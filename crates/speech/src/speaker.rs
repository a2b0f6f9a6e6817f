//! The speaker: one thread that synthesises and plays, steered by the
//! ui thread through shared state. Every method returns at once.

use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use totem_access::Level;
use totem_config::SpeechSettings;

use crate::headset::Headset;
use crate::output::{Alsa, Output, OutputKind};
use crate::utterance::Utterance;
use crate::voice::Voices;

/// Samples per write: 46 ms at espeak-ng's 22,050 Hz, so a pause, an
/// interrupt or the headset's removal is noticed within that.
const CHUNK: usize = 1024;
/// How far ahead of real time the speaker writes: enough to ride out a
/// busy moment, little enough that pause and interrupt are prompt.
const LEAD: Duration = Duration::from_millis(150);

/// The two outputs.
#[derive(Clone)]
pub struct Outputs {
    pub headset: Arc<dyn Output>,
    pub loudspeaker: Arc<dyn Output>,
}

impl Outputs {
    /// The ALSA devices of `[accessibility.speech]`.
    pub fn alsa(settings: &SpeechSettings) -> Self {
        Self {
            headset: Arc::new(Alsa::new(&settings.headset_device)),
            loudspeaker: Arc::new(Alsa::new(&settings.loudspeaker_device)),
        }
    }

    fn get(&self, kind: OutputKind) -> &Arc<dyn Output> {
        match kind {
            OutputKind::Headset => &self.headset,
            OutputKind::Loudspeaker => &self.loudspeaker,
        }
    }
}

struct State {
    /// Bumped by every say, repeat and stop: the playing utterance checks
    /// it between chunks and stops when it is no longer current.
    generation: u64,
    pending: Option<Utterance>,
    /// For "repeat"; forgotten (and zeroized) at the end of the session.
    last: Option<Utterance>,
    paused: bool,
    speaking: bool,
    volume: Level,
    rate: Level,
    error: Option<String>,
    shutdown: bool,
}

struct Shared {
    state: Mutex<State>,
    wake: Condvar,
    outputs: Outputs,
    voices: Voices,
    headset: Headset,
    transcript: Option<Transcript>,
}

/// Each text handed to espeak-ng, with the output it went to, in order:
/// what a test asserts a citizen heard, screen by screen. Only a test (or
/// a tool) that asks for one with [`Speaker::start_transcribed`] has it;
/// the kiosk never keeps one, since it holds what the headset heard. It
/// lives in memory and is wiped when dropped.
#[derive(Clone, Default)]
pub struct Transcript(Arc<Mutex<Vec<Said>>>);

/// One utterance as handed to espeak-ng, and where it went.
type Said = (OutputKind, zeroize::Zeroizing<String>);

impl Transcript {
    fn push(&self, output: OutputKind, text: &str) {
        if let Ok(mut said) = self.0.lock() {
            said.push((output, zeroize::Zeroizing::new(text.to_string())));
        }
    }

    /// Everything said so far, oldest first.
    pub fn said(&self) -> Vec<(OutputKind, String)> {
        self.0
            .lock()
            .map(|said| said.iter().map(|(o, t)| (*o, t.to_string())).collect())
            .unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.0.lock().map(|said| said.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl std::fmt::Debug for Transcript {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Transcript({} utterances)", self.len())
    }
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave State inconsistent
        // (plain fields), so a poisoned lock is taken over.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Speech output with the citizen's controls (EN 301 549 5.1.3).
pub struct Speaker {
    shared: Arc<Shared>,
}

impl Speaker {
    /// Starts the speech thread. `headset` is the answer of
    /// [`crate::headset::watch`] (or [`Headset::absent`]).
    pub fn start(
        settings: &SpeechSettings,
        voices: Voices,
        outputs: Outputs,
        headset: Headset,
    ) -> std::io::Result<Self> {
        Self::start_with(settings, voices, outputs, headset, None)
    }

    /// The same, keeping a [`Transcript`] of what is said (tests).
    pub fn start_transcribed(
        settings: &SpeechSettings,
        voices: Voices,
        outputs: Outputs,
        headset: Headset,
    ) -> std::io::Result<(Self, Transcript)> {
        let transcript = Transcript::default();
        let speaker =
            Self::start_with(settings, voices, outputs, headset, Some(transcript.clone()))?;
        Ok((speaker, transcript))
    }

    fn start_with(
        settings: &SpeechSettings,
        voices: Voices,
        outputs: Outputs,
        headset: Headset,
        transcript: Option<Transcript>,
    ) -> std::io::Result<Self> {
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                generation: 0,
                pending: None,
                last: None,
                paused: false,
                speaking: false,
                volume: Level::volume(settings.volume_percent),
                rate: Level::rate(settings.rate_wpm),
                error: None,
                shutdown: false,
            }),
            wake: Condvar::new(),
            outputs,
            voices,
            headset,
            transcript,
        });
        let worker = shared.clone();
        std::thread::Builder::new()
            .name("speech".into())
            .spawn(move || run(&worker))?;
        Ok(Self { shared })
    }

    fn with(&self, change: impl FnOnce(&mut State)) {
        let mut s = self.shared.lock();
        change(&mut s);
        drop(s);
        self.shared.wake.notify_all();
    }

    /// Says `utterance`, cutting whatever was being said (5.1.3.5). Returns
    /// at once.
    pub fn say(&self, utterance: Utterance) {
        self.with(|s| {
            s.generation += 1;
            s.last = Some(utterance.clone());
            s.pending = Some(utterance);
            s.paused = false;
        });
    }

    /// Says the last utterance again from its start.
    pub fn repeat(&self) {
        self.with(|s| {
            if let Some(last) = s.last.clone() {
                s.generation += 1;
                s.pending = Some(last);
                s.paused = false;
            }
        });
    }

    /// Holds the speech where it is; [`Speaker::resume`] goes on from there.
    pub fn pause(&self) {
        self.with(|s| s.paused = true);
    }

    pub fn resume(&self) {
        self.with(|s| s.paused = false);
    }

    /// The keypad's pause key.
    pub fn toggle_pause(&self) {
        self.with(|s| s.paused = !s.paused);
    }

    /// One volume step up, heard at once; false at the top.
    pub fn louder(&self) -> bool {
        self.step(|s| s.volume.up())
    }

    pub fn softer(&self) -> bool {
        self.step(|s| s.volume.down())
    }

    /// One rate step up, from the next utterance (or a repeat); false at
    /// the top.
    pub fn faster(&self) -> bool {
        self.step(|s| s.rate.up())
    }

    pub fn slower(&self) -> bool {
        self.step(|s| s.rate.down())
    }

    fn step(&self, f: impl FnOnce(&mut State) -> bool) -> bool {
        let mut moved = false;
        self.with(|s| moved = f(s));
        moved
    }

    /// Silence now; nothing pending.
    pub fn stop(&self) {
        self.with(|s| {
            s.generation += 1;
            s.pending = None;
        });
    }

    /// The session is over: silence, the last utterance forgotten, volume
    /// and rate back to the site's defaults (5.1.3.13).
    pub fn end_session(&self) {
        self.with(|s| {
            s.generation += 1;
            s.pending = None;
            s.last = None;
            s.paused = false;
            s.volume.reset();
            s.rate.reset();
        });
    }

    /// Volume in percent.
    pub fn volume(&self) -> u32 {
        self.shared.lock().volume.value()
    }

    /// Rate in words per minute.
    pub fn rate(&self) -> u32 {
        self.shared.lock().rate.value()
    }

    /// Whether an utterance is being played (or waits to be).
    pub fn is_speaking(&self) -> bool {
        let s = self.shared.lock();
        s.speaking || s.pending.is_some()
    }

    pub fn is_paused(&self) -> bool {
        self.shared.lock().paused
    }

    /// The last failure (espeak-ng or the sound device missing), once.
    /// Its text never holds what was to be said.
    pub fn take_error(&self) -> Option<String> {
        self.shared.lock().error.take()
    }
}

impl Drop for Speaker {
    fn drop(&mut self) {
        self.with(|s| {
            s.shutdown = true;
            s.generation += 1;
            s.pending = None;
            s.last = None;
        });
    }
}

fn run(shared: &Shared) {
    loop {
        let (utterance, generation) = {
            let mut s = shared.lock();
            while s.pending.is_none() && !s.shutdown {
                s = shared.wake.wait(s).unwrap_or_else(|p| p.into_inner());
            }
            if s.shutdown {
                return;
            }
            let Some(u) = s.pending.take() else { continue };
            s.speaking = true;
            (u, s.generation)
        };
        if let Err(e) = play(shared, &utterance, generation) {
            shared.lock().error = Some(e.to_string());
        }
        shared.lock().speaking = false;
        drop(utterance);
    }
}

fn play(shared: &Shared, utterance: &Utterance, generation: u64) -> std::io::Result<()> {
    // Private listening only through a headset that is there now; checked
    // again before every chunk.
    let private = shared.headset.is_present();
    let kind = if private {
        OutputKind::Headset
    } else {
        OutputKind::Loudspeaker
    };
    let carries_personal = private && utterance.has_personal_parts();
    let text = utterance.text(private);
    if text.trim().is_empty() {
        return Ok(());
    }
    if let Some(transcript) = &shared.transcript {
        transcript.push(kind, &text);
    }
    let rate_wpm = shared.lock().rate.value();
    let mut synthesis = shared.voices.start(&text, utterance.language, rate_wpm)?;
    drop(text);
    let rate = synthesis.rate;
    let mut stream = match shared.outputs.get(kind).open(rate) {
        Ok(s) => s,
        Err(e) => {
            synthesis.kill();
            return Err(e);
        }
    };
    let mut buf = vec![0i16; CHUNK];
    let mut played_until = Instant::now();
    loop {
        let n = match synthesis.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) => {
                synthesis.kill();
                stream.abort();
                return Err(e);
            }
        };
        let volume = match wait_turn(shared, generation, played_until) {
            Some(v) => v,
            None => {
                synthesis.kill();
                stream.abort();
                return Ok(());
            }
        };
        // Personal data was going to the headset and the headset went
        // away: the jack may now be the loudspeaker. Cut it.
        if carries_personal && !shared.headset.is_present() {
            synthesis.kill();
            stream.abort();
            return Ok(());
        }
        scale(&mut buf[..n], volume);
        if let Err(e) = stream.write(&buf[..n]) {
            synthesis.kill();
            stream.abort();
            return Err(e);
        }
        let now = Instant::now();
        played_until = played_until.max(now) + Duration::from_secs_f64(n as f64 / f64::from(rate));
    }
    synthesis.finish();
    let superseded = || {
        let s = shared.lock();
        s.generation != generation || s.shutdown
    };
    let headset_gone = || carries_personal && !shared.headset.is_present();
    stream.finish(&|| superseded() || headset_gone())
}

/// Waits until the next chunk may be written: not paused, not more than
/// LEAD ahead of real time, still current (`None`: superseded by a newer
/// say, a repeat, a stop or the session's end). Returns the volume to play
/// it at.
fn wait_turn(shared: &Shared, generation: u64, played_until: Instant) -> Option<u32> {
    let mut s = shared.lock();
    loop {
        if s.generation != generation || s.shutdown {
            return None;
        }
        let now = Instant::now();
        let ahead = played_until.saturating_duration_since(now);
        if !s.paused && ahead <= LEAD {
            return Some(s.volume.value());
        }
        let wait = if s.paused {
            Duration::from_millis(200)
        } else {
            ahead - LEAD
        };
        s = shared
            .wake
            .wait_timeout(s, wait)
            .map(|(g, _)| g)
            .unwrap_or_else(|p| p.into_inner().0);
    }
}

/// Software volume: a linear gain of `percent` / 100.
pub fn scale(samples: &mut [i16], percent: u32) {
    let gain = percent.min(100) as i32;
    for s in samples {
        *s = (i32::from(*s) * gain / 100) as i16;
    }
}
