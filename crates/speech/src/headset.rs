//! Is a headset plugged in? From a Linux input device's switch
//! (SW_HEADPHONE_INSERT: HDA codecs and USB jack modules report it), an
//! ALSA jack control (polled with `amixer`), or a file holding 1 or 0 (the
//! emulated switch of tests and demos). When the source cannot be read the
//! answer is "no": personal data then stays unspoken rather than risk the
//! loudspeaker.

use std::fs::File;
use std::io::{self, Read};
use std::os::fd::AsRawFd;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

use totem_config::{HeadsetSettings, HeadsetSource};

/// The current answer, shared between the monitor and the speaker.
#[derive(Debug, Clone, Default)]
pub struct Headset(Arc<AtomicBool>);

impl Headset {
    /// A headset that is never there (source "none").
    pub fn absent() -> Self {
        Self::default()
    }

    pub fn is_present(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    fn set(&self, present: bool, changes: &Sender<bool>) {
        if self.0.swap(present, Ordering::SeqCst) != present {
            let _ = changes.send(present);
        }
    }
}

/// Where the signal comes from, resolved from `[accessibility.headset]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signal {
    None,
    /// An input device; `None` = the first with a headphone switch.
    Evdev(Option<PathBuf>),
    Alsa {
        card: String,
        control: String,
    },
    File(PathBuf),
}

impl Signal {
    pub fn from_settings(s: &HeadsetSettings) -> Self {
        match s.source {
            HeadsetSource::None => Signal::None,
            HeadsetSource::Evdev if s.evdev_device == "auto" => Signal::Evdev(None),
            HeadsetSource::Evdev => Signal::Evdev(Some(PathBuf::from(&s.evdev_device))),
            HeadsetSource::Alsa => Signal::Alsa {
                card: s.alsa_card.clone(),
                control: s.alsa_control.clone(),
            },
            HeadsetSource::File => Signal::File(PathBuf::from(&s.file)),
        }
    }
}

/// Starts watching `signal` on a thread of its own; returns the shared
/// answer and a channel that receives each change (the ui starts speech
/// mode on `true`).
pub fn watch(signal: Signal) -> (Headset, Receiver<bool>) {
    let headset = Headset::default();
    let (tx, rx) = mpsc::channel();
    let h = headset.clone();
    // Without a thread there is no signal: the headset stays absent.
    let _ = std::thread::Builder::new()
        .name("headset".into())
        .spawn(move || match signal {
            Signal::None => {}
            Signal::File(path) => poll(&h, &tx, || read_file_switch(&path)),
            Signal::Alsa { card, control } => poll(&h, &tx, || read_alsa_jack(&card, &control)),
            Signal::Evdev(device) => watch_evdev(&h, &tx, device.as_deref()),
        });
    (headset, rx)
}

const POLL: Duration = Duration::from_millis(100);

/// Polls for the life of the process (the kiosk watches its jack as long
/// as it runs).
fn poll(h: &Headset, tx: &Sender<bool>, read: impl Fn() -> bool) {
    loop {
        h.set(read(), tx);
        std::thread::sleep(POLL);
    }
}

/// The emulated switch: the file holds "1" (plugged in) or "0"; a missing
/// or unreadable file is "0".
pub fn read_file_switch(path: &Path) -> bool {
    std::fs::read_to_string(path).is_ok_and(|s| s.trim() == "1")
}

/// An ALSA jack control, e.g. `amixer -c 0 cget iface=CARD,name='Headphone Jack'`.
fn read_alsa_jack(card: &str, control: &str) -> bool {
    Command::new("amixer")
        .args(["-c", card, "cget", &format!("iface=CARD,name={control}")])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .is_some_and(|o| parse_amixer_jack(&String::from_utf8_lossy(&o.stdout)))
}

/// `amixer cget` of a boolean jack control prints `  : values=on` when
/// something is plugged in.
pub fn parse_amixer_jack(output: &str) -> bool {
    output
        .lines()
        .filter_map(|l| l.trim().strip_prefix(": values="))
        .any(|v| v.trim() == "on")
}

// linux/input-event-codes.h
const EV_SW: u16 = 0x05;
const SW_HEADPHONE_INSERT: u16 = 0x02;
/// `struct input_event` on 64-bit Linux: timeval (16), type, code, value.
pub const INPUT_EVENT_SIZE: usize = 24;

/// What one input event says about the headphone switch, if anything.
pub fn headphone_switch(event: &[u8; INPUT_EVENT_SIZE]) -> Option<bool> {
    let kind = u16::from_ne_bytes([event[16], event[17]]);
    let code = u16::from_ne_bytes([event[18], event[19]]);
    let value = i32::from_ne_bytes([event[20], event[21], event[22], event[23]]);
    (kind == EV_SW && code == SW_HEADPHONE_INSERT).then_some(value != 0)
}

/// `_IOC(_IOC_READ, 'E', nr, len)`.
const fn eviocg(nr: u64, len: u64) -> u64 {
    (2 << 30) | (len << 16) | ((b'E' as u64) << 8) | nr
}

/// The device's switch states (EVIOCGSW) or, with `bits`, which switches
/// it has (EVIOCGBIT(EV_SW)); `None` when it is not an input device.
fn switch_bits(file: &File, capabilities: bool) -> Option<u64> {
    let mut bits = [0u8; 8];
    let request = if capabilities {
        eviocg(0x20 + u64::from(EV_SW), 8)
    } else {
        eviocg(0x1b, 8)
    };
    // SAFETY: the ioctl writes at most 8 bytes (the length in `request`)
    // into `bits`, which lives for the call.
    let r = unsafe { libc::ioctl(file.as_raw_fd(), request as _, bits.as_mut_ptr()) };
    (r >= 0).then(|| u64::from_le_bytes(bits))
}

fn has_headphone_switch(path: &Path) -> bool {
    File::open(path)
        .ok()
        .and_then(|f| switch_bits(&f, true))
        .is_some_and(|bits| bits & (1 << SW_HEADPHONE_INSERT) != 0)
}

/// The first /dev/input/event* with a headphone switch.
fn find_evdev() -> Option<PathBuf> {
    let mut devices: Vec<PathBuf> = std::fs::read_dir("/dev/input")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("event"))
        })
        .collect();
    devices.sort();
    devices.into_iter().find(|p| has_headphone_switch(p))
}

/// Follows a device (or a pipe carrying input events, in tests); when it
/// goes away (a USB jack module unplugged) the headset is absent until it
/// comes back.
fn watch_evdev(h: &Headset, tx: &Sender<bool>, device: Option<&Path>) {
    loop {
        let path = match device {
            Some(p) => Some(p.to_path_buf()),
            None => find_evdev(),
        };
        if let Some(path) = path {
            if let Ok(file) = File::open(&path) {
                // A pipe has no switch state: it starts absent.
                let now =
                    switch_bits(&file, false).is_some_and(|b| b & (1 << SW_HEADPHONE_INSERT) != 0);
                h.set(now, tx);
                let _ = follow_events(file, h, tx);
            }
        }
        h.set(false, tx);
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn follow_events(mut file: File, h: &Headset, tx: &Sender<bool>) -> io::Result<()> {
    let mut event = [0u8; INPUT_EVENT_SIZE];
    loop {
        file.read_exact(&mut event)?;
        if let Some(present) = headphone_switch(&event) {
            h.set(present, tx);
        }
    }
}
