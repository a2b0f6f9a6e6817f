//! Where sound goes: the headset and the loudspeaker, each an [`Output`]
//! that opens one [`Stream`] per utterance. [`Alsa`] plays through an ALSA
//! device with `aplay` (the system's default sink is the device "default");
//! [`WavFiles`] keeps every stream as a WAV file, for tests.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::wav;

/// The two outputs of the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OutputKind {
    /// Private listening: the headphone jack.
    Headset,
    /// Anyone nearby hears it.
    Loudspeaker,
}

/// A place sound can go.
pub trait Output: Send + Sync {
    fn open(&self, rate: u32) -> io::Result<Box<dyn Stream>>;
}

/// One utterance's sound on its way out.
pub trait Stream: Send {
    /// Queues samples. The speaker paces its writes to real time, so this
    /// does not hold more than a fraction of a second.
    fn write(&mut self, samples: &[i16]) -> io::Result<()>;
    /// No more samples: lets what is queued play out, unless `stop()`
    /// turns true meanwhile, which cuts it.
    fn finish(self: Box<Self>, stop: &dyn Fn() -> bool) -> io::Result<()>;
    /// Cuts it now, dropping what is queued.
    fn abort(self: Box<Self>);
}

/// An ALSA device, played with `aplay` (alsa-utils).
#[derive(Debug, Clone)]
pub struct Alsa {
    pub device: String,
}

impl Alsa {
    pub fn new(device: impl Into<String>) -> Self {
        Self {
            device: device.into(),
        }
    }
}

impl Output for Alsa {
    fn open(&self, rate: u32) -> io::Result<Box<dyn Stream>> {
        let mut child = Command::new("aplay")
            .args([
                "-q",
                "-D",
                &self.device,
                "-t",
                "raw",
                "-f",
                "S16_LE",
                "-c",
                "1",
            ])
            .arg(format!("-r{rate}"))
            // 100 ms of device buffer: an interrupt cuts within that.
            .arg("--buffer-time=100000")
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot start aplay: {e}")))?;
        let stdin = child
            .stdin
            .take()
            .ok_or_else(|| io::Error::other("no stdin"))?;
        Ok(Box::new(AplayStream {
            child,
            stdin: Some(stdin),
            bytes: Vec::new(),
        }))
    }
}

struct AplayStream {
    child: Child,
    stdin: Option<ChildStdin>,
    bytes: Vec<u8>,
}

impl Stream for AplayStream {
    fn write(&mut self, samples: &[i16]) -> io::Result<()> {
        let stdin = self
            .stdin
            .as_mut()
            .ok_or_else(|| io::Error::other("closed"))?;
        self.bytes.clear();
        for s in samples {
            self.bytes.extend_from_slice(&s.to_le_bytes());
        }
        stdin.write_all(&self.bytes)
    }

    fn finish(mut self: Box<Self>, stop: &dyn Fn() -> bool) -> io::Result<()> {
        drop(self.stdin.take());
        loop {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            if stop() {
                let _ = self.child.kill();
                let _ = self.child.wait();
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    fn abort(mut self: Box<Self>) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One stream as the WAV output kept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recording {
    pub path: PathBuf,
    /// Played to its end (false: cut by an interrupt, a pause-stop or the
    /// headset's removal).
    pub finished: bool,
    /// When its first sample arrived (for the benchmark).
    pub first_sample: Option<Instant>,
}

/// An output that writes each stream to `<dir>/<seq>-<name>.wav`. Clones
/// share the list of recordings.
#[derive(Debug, Clone)]
pub struct WavFiles {
    dir: PathBuf,
    name: String,
    recordings: Arc<Mutex<Vec<Recording>>>,
}

impl WavFiles {
    pub fn new(dir: &Path, name: &str) -> Self {
        Self {
            dir: dir.to_path_buf(),
            name: name.to_string(),
            recordings: Arc::new(Mutex::new(Vec::new())),
        }
    }

    /// Every stream so far, oldest first; the last may still be open.
    pub fn recordings(&self) -> Vec<Recording> {
        self.recordings
            .lock()
            .map(|r| r.clone())
            .unwrap_or_default()
    }
}

impl Output for WavFiles {
    fn open(&self, rate: u32) -> io::Result<Box<dyn Stream>> {
        let mut list = self
            .recordings
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?;
        let path = self
            .dir
            .join(format!("{:04}-{}.wav", list.len() + 1, self.name));
        let mut file = std::fs::File::create(&path)?;
        file.write_all(&wav::header(rate, 0))?;
        list.push(Recording {
            path,
            finished: false,
            first_sample: None,
        });
        Ok(Box::new(WavStream {
            file,
            rate,
            samples: 0,
            index: list.len() - 1,
            recordings: self.recordings.clone(),
        }))
    }
}

struct WavStream {
    file: std::fs::File,
    rate: u32,
    samples: u32,
    index: usize,
    recordings: Arc<Mutex<Vec<Recording>>>,
}

impl WavStream {
    fn close(&mut self, finished: bool) {
        use std::io::{Seek, SeekFrom};
        let _ = self.file.seek(SeekFrom::Start(0));
        let _ = self.file.write_all(&wav::header(self.rate, self.samples));
        let _ = self.file.flush();
        if let Ok(mut list) = self.recordings.lock() {
            list[self.index].finished = finished;
        }
    }
}

impl Stream for WavStream {
    fn write(&mut self, samples: &[i16]) -> io::Result<()> {
        if self.samples == 0 && !samples.is_empty() {
            if let Ok(mut list) = self.recordings.lock() {
                list[self.index].first_sample = Some(Instant::now());
            }
        }
        let bytes: Vec<u8> = samples.iter().flat_map(|s| s.to_le_bytes()).collect();
        self.file.write_all(&bytes)?;
        self.samples += samples.len() as u32;
        Ok(())
    }

    fn finish(mut self: Box<Self>, _stop: &dyn Fn() -> bool) -> io::Result<()> {
        self.close(true);
        Ok(())
    }

    fn abort(mut self: Box<Self>) {
        self.close(false);
    }
}
