//! espeak-ng, driven as a program: the text goes in on stdin (never on the
//! command line, where `ps` would show it), 16-bit PCM comes out on stdout
//! as it is synthesised.

use std::io::{self, Read, Write};
use std::process::{Child, ChildStdout, Command, Stdio};

use totem_config::{Language, SpeechSettings};

use zeroize::Zeroizing;

use crate::wav;

/// The voices and the program that speaks them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voices {
    /// The espeak-ng program (a name on PATH or a path).
    pub program: String,
    pub es: String,
    pub en: String,
}

impl Default for Voices {
    fn default() -> Self {
        Self::from_settings(&SpeechSettings::default())
    }
}

impl Voices {
    pub fn from_settings(s: &SpeechSettings) -> Self {
        Self {
            program: "espeak-ng".into(),
            es: s.voice_es.clone(),
            en: s.voice_en.clone(),
        }
    }

    pub fn voice(&self, language: Language) -> &str {
        match language {
            Language::Es => &self.es,
            Language::En => &self.en,
        }
    }

    /// Starts synthesising `text`; samples can be read as they come.
    pub fn start(&self, text: &str, language: Language, rate_wpm: u32) -> io::Result<Synthesis> {
        let mut child = Command::new(&self.program)
            .args([
                "-v",
                self.voice(language),
                "-s",
                &rate_wpm.to_string(),
                "-b",
                "1",
                "--stdout",
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| io::Error::new(e.kind(), format!("cannot start {}: {e}", self.program)))?;
        let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(io::Error::other("espeak-ng started without its pipes"));
        };
        // Written from a thread of its own: espeak-ng may start writing
        // sound before it has read all of a long text, and both pipes are
        // bounded. Dropping stdin ends its input.
        let bytes = Zeroizing::new(text.as_bytes().to_vec());
        let writer = std::thread::Builder::new()
            .name("espeak-input".into())
            .spawn(move || {
                let _ = stdin.write_all(&bytes);
            });
        let header = match writer {
            Ok(_) => wav::read_header(&mut stdout),
            Err(e) => Err(e),
        };
        match header {
            Ok(rate) => Ok(Synthesis {
                child,
                stdout,
                rate,
                odd: None,
            }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    /// The whole of `text` at once (tests and the benchmark's reference).
    pub fn render(
        &self,
        text: &str,
        language: Language,
        rate_wpm: u32,
    ) -> io::Result<(u32, Vec<i16>)> {
        let mut s = self.start(text, language, rate_wpm)?;
        let mut all = Vec::new();
        let mut buf = vec![0i16; 4096];
        loop {
            let n = s.read(&mut buf)?;
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        let rate = s.rate;
        s.finish();
        Ok((rate, all))
    }
}

/// One running synthesis.
pub struct Synthesis {
    child: Child,
    stdout: ChildStdout,
    pub rate: u32,
    odd: Option<u8>,
}

impl Synthesis {
    /// Reads up to `out.len()` samples; 0 at the end.
    pub fn read(&mut self, out: &mut [i16]) -> io::Result<usize> {
        let mut bytes = vec![0u8; out.len() * 2];
        let mut have = 0;
        if let Some(b) = self.odd.take() {
            bytes[0] = b;
            have = 1;
        }
        loop {
            let n = self.stdout.read(&mut bytes[have..])?;
            have += n;
            if n == 0 || have >= 2 {
                break;
            }
        }
        if have % 2 == 1 {
            self.odd = Some(bytes[have - 1]);
            have -= 1;
        }
        let samples = wav::to_samples(&bytes[..have]);
        out[..samples.len()].copy_from_slice(&samples);
        Ok(samples.len())
    }

    /// Stops it now (interrupt).
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Reaps the finished process.
    pub fn finish(mut self) {
        let _ = self.child.wait();
    }
}
