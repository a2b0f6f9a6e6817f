//! An emulated ID-card scanner on a pseudo-terminal: when a card is
//! presented it sends the card's text, wrapped and terminated as configured,
//! at the pace of the baud rate.

use std::io;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread::{self, JoinHandle};
use std::time::Duration;

use totem_config::{ScanFraming, ScanTerminator};

use crate::pacing::PacedWriter;
use crate::pty::{remove_link, Pty};

#[derive(Debug, Clone)]
pub struct ScannerEmulatorConfig {
    pub baud: u32,
    pub link: Option<PathBuf>,
    pub terminator: ScanTerminator,
    pub framing: ScanFraming,
}

impl Default for ScannerEmulatorConfig {
    fn default() -> Self {
        Self {
            baud: 9600,
            link: None,
            terminator: ScanTerminator::Cr,
            framing: ScanFraming::None,
        }
    }
}

enum Action {
    Send(Vec<u8>),
    Unplug,
    Replug,
    Stop,
}

/// The running scanner. Dropping it stops it and removes its link.
pub struct ScannerEmulator {
    actions: mpsc::Sender<Action>,
    config: ScannerEmulatorConfig,
    path: std::sync::Arc<std::sync::Mutex<Option<PathBuf>>>,
    thread: Option<JoinHandle<()>>,
}

impl ScannerEmulator {
    pub fn start(config: ScannerEmulatorConfig) -> io::Result<Self> {
        let pty = Pty::open(config.link.as_deref())?;
        let path = std::sync::Arc::new(std::sync::Mutex::new(Some(pty.slave_path.clone())));
        let (tx, rx) = mpsc::channel();
        let thread_config = config.clone();
        let thread_path = std::sync::Arc::clone(&path);
        let thread = thread::Builder::new()
            .name("scanner-emulator".into())
            .spawn(move || run(thread_config, pty, rx, thread_path))?;
        Ok(Self {
            actions: tx,
            config,
            path,
            thread: Some(thread),
        })
    }

    /// The path a host should open (the link, or the pty itself).
    pub fn path(&self) -> PathBuf {
        self.config
            .link
            .clone()
            .or_else(|| self.path.lock().ok().and_then(|p| p.clone()))
            .unwrap_or_default()
    }

    /// Presents a card: its text (QR URL, MRZ lines, PDF417 text) is sent
    /// framed and terminated as configured.
    pub fn present(&self, text: &str) {
        self.present_bytes(text.as_bytes());
    }

    /// Presents a card whose read is not all text: a PDF417 of a card
    /// before 2013 ends in binary fingerprint data
    /// (`totem_document::encode_pdf417_scan`).
    pub fn present_bytes(&self, read: &[u8]) {
        let mut bytes = Vec::with_capacity(read.len() + 4);
        if self.config.framing == ScanFraming::StxEtx {
            bytes.push(0x02);
        }
        let terminator: &[u8] = match self.config.terminator {
            ScanTerminator::Cr => b"\r",
            ScanTerminator::Lf => b"\n",
            ScanTerminator::Crlf => b"\r\n",
        };
        match self.config.framing {
            ScanFraming::StxEtx => {
                bytes.extend_from_slice(read);
                bytes.push(0x03);
            }
            // Unframed, a multi-line read (the three MRZ lines) goes out as
            // one terminated line each, as MRZ readers do.
            ScanFraming::None => {
                let lines: Vec<&[u8]> = read.split(|&b| b == b'\n').collect();
                for (i, line) in lines.iter().enumerate() {
                    bytes.extend_from_slice(line);
                    if i + 1 < lines.len() {
                        bytes.extend_from_slice(terminator);
                    }
                }
            }
        }
        bytes.extend_from_slice(terminator);
        self.send_raw(&bytes);
    }

    /// Sends bytes as they are (noise, half reads).
    pub fn send_raw(&self, bytes: &[u8]) {
        let _ = self.actions.send(Action::Send(bytes.to_vec()));
    }

    pub fn unplug(&self) {
        let _ = self.actions.send(Action::Unplug);
    }

    pub fn replug(&self) {
        let _ = self.actions.send(Action::Replug);
    }
}

impl Drop for ScannerEmulator {
    fn drop(&mut self) {
        let _ = self.actions.send(Action::Stop);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if let Some(link) = &self.config.link {
            remove_link(link);
        }
    }
}

fn run(
    config: ScannerEmulatorConfig,
    first: Pty,
    actions: mpsc::Receiver<Action>,
    path: std::sync::Arc<std::sync::Mutex<Option<PathBuf>>>,
) {
    let mut pty = Some(first);
    let mut writer = PacedWriter::new(config.baud);
    let mut scratch = [0u8; 256];
    let mut link_checked = std::time::Instant::now();
    loop {
        if link_checked.elapsed() >= Duration::from_secs(1) {
            link_checked = std::time::Instant::now();
            if let Some(p) = &pty {
                p.keep_link(config.link.as_deref());
            }
        }
        let action = match actions.recv_timeout(Duration::from_millis(50)) {
            Ok(action) => action,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                // A scanner ignores what the host sends; drain it so the
                // host never blocks.
                if let Some(p) = pty.as_mut() {
                    let _ = std::io::Read::read(&mut p.master, &mut scratch);
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => Action::Stop,
        };
        match action {
            Action::Stop => return,
            Action::Send(mut bytes) => {
                if let Some(p) = pty.as_mut() {
                    // A host at another speed reads noise, not text.
                    if p.host_baud().is_some_and(|b| b != config.baud) {
                        for byte in bytes.iter_mut() {
                            *byte = (*byte ^ 0x5A) | 0x80;
                        }
                    }
                    if let Err(e) = writer.write(&mut p.master, &bytes) {
                        tracing::warn!(error = %e, "scanner emulator: host not reading");
                    }
                }
            }
            Action::Unplug => {
                pty = None;
                if let Some(link) = &config.link {
                    remove_link(link);
                }
                if let Ok(mut p) = path.lock() {
                    *p = None;
                }
            }
            Action::Replug => {
                if pty.is_none() {
                    match Pty::open(config.link.as_deref()) {
                        Ok(new) => {
                            if let Ok(mut p) = path.lock() {
                                *p = Some(new.slave_path.clone());
                            }
                            pty = Some(new);
                        }
                        Err(e) => tracing::warn!(error = %e, "scanner emulator: no new pty"),
                    }
                }
            }
        }
    }
}
