//! An emulated ZhianTec R30x / R503 module on a pseudo-terminal. It answers
//! every command of the protocol with the bytes a module sends, at the pace
//! of the configured baud rate, so any host program that speaks the protocol
//! can use it.

use std::collections::BTreeMap;
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use totem_device::fingerprint::codec::{
    data_packets, packet_size_code, Ack, Command, Confirmation, Packet, PacketDecoder, PacketKind,
    SystemParameters, DEFAULT_ADDRESS, IMAGE_BYTES, TEMPLATE_LEN,
};
use totem_sim_people::{finger_template, noisy_capture, similarity, SimRng};

use crate::pacing::{byte_time, PacedWriter};
use crate::pty::{remove_link, Pty};
use crate::ridges::{finger_image, pack_levels, Contact};

/// How the emulated module is built and wired.
#[derive(Debug, Clone)]
pub struct FingerprintEmulatorConfig {
    /// Paces the bytes it sends and receives (8N1).
    pub baud: u32,
    /// A symlink to create at this path, pointing at the pty (re-pointed on
    /// replug). Without it, use [`FingerprintEmulator::path`].
    pub link: Option<PathBuf>,
    pub address: u32,
    pub password: u32,
    /// Data packet size: 32, 64, 128 or 256.
    pub packet_size: usize,
    /// R503-style ring LED (answers AuraLedConfig).
    pub has_led: bool,
    /// Fraction of template bytes that differ from capture to capture.
    pub noise: f64,
    pub library_size: u16,
}

impl Default for FingerprintEmulatorConfig {
    fn default() -> Self {
        Self {
            baud: 57_600,
            link: None,
            address: DEFAULT_ADDRESS,
            password: 0,
            packet_size: 128,
            has_led: true,
            noise: 0.08,
            library_size: 200,
        }
    }
}

/// A fault to inject, as a real module or its cable would show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FingerprintFault {
    #[default]
    None,
    /// The sensor never sees a finger.
    NoFinger,
    /// Img2Tz answers "image too messy".
    MessyImage,
    /// The image is smeared (the module still makes a template; the host's
    /// quality check must catch it).
    SmudgedImage,
    /// VfyPwd is always refused.
    WrongPassword,
    /// Every answer is held back this long.
    Slow(Duration),
    /// Random bytes before every answer.
    Garbage,
    /// The module answers nothing (powered off behind a live adapter).
    Silent,
}

/// What a test can read back about the exchange.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FingerprintStats {
    pub commands: u64,
    pub bad_packets: u64,
    pub captures: u64,
    pub led: Option<(u8, u8)>,
    /// Packets ignored because the host's port was set to another baud.
    pub wrong_baud_packets: u64,
}

#[derive(Debug, Default)]
struct State {
    finger: Option<(u32, u8)>,
    fault: FingerprintFault,
    unplugged: bool,
    stop: bool,
    stats: FingerprintStats,
    /// Where the pty is now (changes on replug).
    slave_path: Option<PathBuf>,
}

struct Shared {
    state: Mutex<State>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic elsewhere must not take the emulator down with it.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The running emulator. Dropping it stops it and removes its link.
pub struct FingerprintEmulator {
    shared: Arc<Shared>,
    link: Option<PathBuf>,
    thread: Option<JoinHandle<()>>,
}

impl FingerprintEmulator {
    /// Creates the pty (and link) and starts answering.
    pub fn start(config: FingerprintEmulatorConfig) -> io::Result<Self> {
        let pty = Pty::open(config.link.as_deref())?;
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                slave_path: Some(pty.slave_path.clone()),
                ..State::default()
            }),
        });
        let link = config.link.clone();
        let thread_shared = Arc::clone(&shared);
        let thread = thread::Builder::new()
            .name("fingerprint-emulator".into())
            .spawn(move || Module::new(config, thread_shared).run(pty))?;
        Ok(Self {
            shared,
            link,
            thread: Some(thread),
        })
    }

    /// The path a host should open: the link if one was asked for, else the
    /// pty itself.
    pub fn path(&self) -> PathBuf {
        self.link
            .clone()
            .or_else(|| self.shared.lock().slave_path.clone())
            .unwrap_or_default()
    }

    /// Puts a synthetic citizen's finger (0..10; 1 = right index) on the
    /// sensor.
    pub fn place_finger(&self, run_body: u32, finger: u8) {
        self.shared.lock().finger = Some((run_body, finger));
    }

    pub fn lift_finger(&self) {
        self.shared.lock().finger = None;
    }

    pub fn set_fault(&self, fault: FingerprintFault) {
        self.shared.lock().fault = fault;
    }

    /// Pulls the cable: the pty and its link disappear.
    pub fn unplug(&self) {
        self.shared.lock().unplugged = true;
    }

    /// Plugs it back: a new pty, the link pointed at it.
    pub fn replug(&self) {
        self.shared.lock().unplugged = false;
    }

    pub fn stats(&self) -> FingerprintStats {
        self.shared.lock().stats.clone()
    }
}

impl Drop for FingerprintEmulator {
    fn drop(&mut self) {
        self.shared.lock().stop = true;
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        if let Some(link) = &self.link {
            remove_link(link);
        }
    }
}

/// Where a DownChar / DownImage transfer goes.
enum Download {
    Char(u8, Vec<u8>),
    Image(Vec<u8>),
}

/// The module itself: sensor, buffers, library, registers.
struct Module {
    config: FingerprintEmulatorConfig,
    shared: Arc<Shared>,
    writer: PacedWriter,
    decoder: PacketDecoder,
    /// When the first byte of the packet being received arrived.
    receiving_since: Option<Instant>,
    image: Option<Vec<u8>>,
    char_buffers: [Option<Vec<u8>>; 2],
    library: BTreeMap<u16, Vec<u8>>,
    download: Option<Download>,
    security_level: u16,
    capture_no: u64,
    garbage: SimRng,
}

impl Module {
    fn new(config: FingerprintEmulatorConfig, shared: Arc<Shared>) -> Self {
        Self {
            writer: PacedWriter::new(config.baud),
            decoder: PacketDecoder::new(),
            receiving_since: None,
            image: None,
            char_buffers: [None, None],
            library: BTreeMap::new(),
            download: None,
            security_level: 3,
            capture_no: 0,
            garbage: SimRng::new(0x6A5B_A6E0),
            config,
            shared,
        }
    }

    fn run(mut self, first: Pty) {
        let mut pty = Some(first);
        let mut buf = [0u8; 512];
        let mut link_checked = Instant::now();
        loop {
            if link_checked.elapsed() >= Duration::from_secs(1) {
                link_checked = Instant::now();
                if let Some(p) = &pty {
                    p.keep_link(self.config.link.as_deref());
                }
            }
            let (stop, unplugged) = {
                let s = self.shared.lock();
                (s.stop, s.unplugged)
            };
            if stop {
                return;
            }
            match (&mut pty, unplugged) {
                (Some(_), true) => {
                    pty = None;
                    if let Some(link) = &self.config.link {
                        remove_link(link);
                    }
                    self.shared.lock().slave_path = None;
                    self.decoder.clear();
                }
                (None, false) => match Pty::open(self.config.link.as_deref()) {
                    Ok(new) => {
                        self.shared.lock().slave_path = Some(new.slave_path.clone());
                        pty = Some(new);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "fingerprint emulator: no new pty");
                        thread::sleep(Duration::from_millis(100));
                    }
                },
                (None, true) => thread::sleep(Duration::from_millis(10)),
                (Some(port), false) => match port.master.read(&mut buf) {
                    Ok(n) if n > 0 => {
                        if self.decoder.pending() == 0 {
                            self.receiving_since = Some(Instant::now());
                        }
                        self.decoder.push(&buf[..n]);
                        if self.serve(port).is_err() {
                            // The host side is gone or stuck: drop what it sent.
                            self.decoder.clear();
                        }
                    }
                    _ => {}
                },
            }
        }
    }

    /// Answers every complete packet received.
    fn serve(&mut self, port: &mut Pty) -> io::Result<()> {
        loop {
            let bad_before = self.decoder.bad_checksums();
            let packet = self.decoder.next_packet();
            if self.decoder.bad_checksums() > bad_before {
                // A damaged command: a module says "packet error".
                self.shared.lock().stats.bad_packets += 1;
                self.answer(port, Ack::new(Confirmation::PacketError, vec![]))?;
            }
            let Some(packet) = packet else {
                if self.decoder.pending() == 0 {
                    self.receiving_since = None;
                }
                return Ok(());
            };
            // Not for us: a module on a shared line stays quiet.
            if packet.address != self.config.address {
                continue;
            }
            // A host at another speed: on a real line its bytes arrive as
            // noise and the module hears no packet at all.
            if port.host_baud().is_some_and(|b| b != self.config.baud) {
                self.shared.lock().stats.wrong_baud_packets += 1;
                continue;
            }
            self.wait_for_wire(&packet);
            self.handle(port, packet)?;
        }
    }

    /// The command only "arrived" once its last byte would have crossed a
    /// real line.
    fn wait_for_wire(&mut self, packet: &Packet) {
        let since = self.receiving_since.take().unwrap_or_else(Instant::now);
        let due = since + byte_time(self.config.baud) * packet.wire_len() as u32;
        let now = Instant::now();
        if due > now {
            thread::sleep(due - now);
        }
        if self.decoder.pending() > 0 {
            self.receiving_since = Some(Instant::now());
        }
    }

    fn handle(&mut self, port: &mut Pty, packet: Packet) -> io::Result<()> {
        match packet.kind {
            PacketKind::Command => {}
            PacketKind::Data | PacketKind::EndData => return self.receive_data(port, packet),
            _ => return Ok(()),
        }
        let fault = {
            let mut s = self.shared.lock();
            s.stats.commands += 1;
            s.fault
        };
        if fault == FingerprintFault::Silent {
            return Ok(());
        }
        let Ok(command) = Command::from_payload(&packet.payload) else {
            return self.answer(port, Ack::new(Confirmation::PacketError, vec![]));
        };
        let ok = |data: Vec<u8>| Ack::new(Confirmation::Ok, data);
        let code = |c: Confirmation| Ack::new(c, vec![]);
        let ack = match command {
            Command::VfyPwd { password } => {
                if fault == FingerprintFault::WrongPassword || password != self.config.password {
                    code(Confirmation::WrongPassword)
                } else {
                    ok(vec![])
                }
            }
            Command::ReadSysPara => ok(self.system_parameters().to_bytes().to_vec()),
            Command::GenImg => self.gen_img(fault),
            Command::Img2Tz { buffer } => self.img2tz(buffer, fault),
            Command::UpChar { buffer } => {
                let Some(template) =
                    buffer_index(buffer).and_then(|i| self.char_buffers[i].clone())
                else {
                    return self.answer(port, code(Confirmation::UploadTemplateFailed));
                };
                self.answer(port, ok(vec![]))?;
                return self.send_data(port, &template);
            }
            Command::UpImage => {
                let Some(image) = self.image.clone() else {
                    return self.answer(port, code(Confirmation::UploadImageFailed));
                };
                self.answer(port, ok(vec![]))?;
                return self.send_data(port, &image);
            }
            Command::DownChar { buffer } => match buffer_index(buffer) {
                Some(_) => {
                    self.download = Some(Download::Char(buffer, Vec::new()));
                    ok(vec![])
                }
                None => code(Confirmation::CannotReceiveData),
            },
            Command::DownImage => {
                self.download = Some(Download::Image(Vec::new()));
                ok(vec![])
            }
            Command::Match => match (&self.char_buffers[0], &self.char_buffers[1]) {
                (Some(a), Some(b)) => {
                    let score = score(a, b);
                    if score >= 50 {
                        ok(score.to_be_bytes().to_vec())
                    } else {
                        Ack::new(Confirmation::NoMatch, vec![0, 0])
                    }
                }
                _ => Ack::new(Confirmation::NoMatch, vec![0, 0]),
            },
            Command::Search {
                buffer,
                start,
                count,
            } => self.search(buffer, start, count),
            Command::RegModel => match (&self.char_buffers[0], &self.char_buffers[1]) {
                (Some(a), Some(b)) if score(a, b) >= 50 => ok(vec![]),
                _ => code(Confirmation::EnrollMergeFailed),
            },
            Command::Store { buffer, page } => {
                match buffer_index(buffer).and_then(|i| self.char_buffers[i].clone()) {
                    _ if page >= self.config.library_size => code(Confirmation::PageOutOfRange),
                    Some(template) => {
                        self.library.insert(page, template);
                        ok(vec![])
                    }
                    None => code(Confirmation::FlashWriteFailed),
                }
            }
            Command::LoadChar { buffer, page } => {
                match (buffer_index(buffer), self.library.get(&page)) {
                    _ if page >= self.config.library_size => code(Confirmation::PageOutOfRange),
                    (Some(i), Some(template)) => {
                        self.char_buffers[i] = Some(template.clone());
                        ok(vec![])
                    }
                    _ => code(Confirmation::InvalidTemplate),
                }
            }
            Command::DeleteChar { page, count } => {
                let end = page.saturating_add(count);
                if count == 0 || end > self.config.library_size {
                    code(Confirmation::DeleteFailed)
                } else {
                    self.library.retain(|p, _| *p < page || *p >= end);
                    ok(vec![])
                }
            }
            Command::Empty => {
                self.library.clear();
                ok(vec![])
            }
            Command::SetSysPara { parameter, value } => {
                return self.set_sys_para(port, parameter, value);
            }
            Command::TemplateNum => ok((self.library.len() as u16).to_be_bytes().to_vec()),
            Command::AuraLedConfig(led) => {
                if self.config.has_led {
                    self.shared.lock().stats.led = Some((led.control.code(), led.colour.code()));
                    ok(vec![])
                } else {
                    code(Confirmation::PacketError)
                }
            }
            Command::Other { .. } => code(Confirmation::PacketError),
        };
        self.answer(port, ack)
    }

    fn system_parameters(&self) -> SystemParameters {
        SystemParameters {
            status: 0,
            system_id: 0x0009,
            library_size: self.config.library_size,
            security_level: self.security_level,
            address: self.config.address,
            packet_size_code: packet_size_code(self.config.packet_size).unwrap_or(2),
            baud_factor: u16::try_from(self.config.baud / 9600).unwrap_or(u16::MAX),
        }
    }

    fn gen_img(&mut self, fault: FingerprintFault) -> Ack {
        let finger = self.shared.lock().finger;
        let Some((run_body, finger)) = finger.filter(|_| fault != FingerprintFault::NoFinger)
        else {
            return Ack::new(Confirmation::NoFinger, vec![]);
        };
        self.capture_no += 1;
        let contact = if fault == FingerprintFault::SmudgedImage {
            Contact::Smudged
        } else {
            Contact::Clean
        };
        let levels = finger_image(run_body, finger, self.capture_no, contact);
        self.image = Some(pack_levels(&levels));
        // The template this capture would give, noisy like a real sensor.
        let enrolled = finger_template(run_body, finger);
        self.char_buffers[0] =
            Some(noisy_capture(&enrolled, self.config.noise, self.capture_no).to_vec());
        self.shared.lock().stats.captures += 1;
        Ack::new(Confirmation::Ok, vec![])
    }

    fn img2tz(&mut self, buffer: u8, fault: FingerprintFault) -> Ack {
        let Some(index) = buffer_index(buffer) else {
            return Ack::new(Confirmation::PacketError, vec![]);
        };
        if self.image.is_none() {
            return Ack::new(Confirmation::NoValidImage, vec![]);
        }
        if fault == FingerprintFault::MessyImage {
            return Ack::new(Confirmation::ImageTooMessy, vec![]);
        }
        // GenImg prepared the features in slot 0; move them where asked.
        if let Some(features) = self.char_buffers[0].clone() {
            self.char_buffers[index] = Some(features);
        }
        Ack::new(Confirmation::Ok, vec![])
    }

    fn search(&self, buffer: u8, start: u16, count: u16) -> Ack {
        let not_found = Ack::new(Confirmation::NotFound, vec![0, 0, 0, 0]);
        let Some(probe) = buffer_index(buffer).and_then(|i| self.char_buffers[i].as_ref()) else {
            return not_found;
        };
        let end = start.saturating_add(count);
        let best = self
            .library
            .range(start..end)
            .map(|(page, t)| (*page, score(probe, t)))
            .max_by_key(|(_, s)| *s);
        match best {
            Some((page, s)) if s >= 50 => {
                let mut data = page.to_be_bytes().to_vec();
                data.extend_from_slice(&s.to_be_bytes());
                Ack::new(Confirmation::Ok, data)
            }
            _ => not_found,
        }
    }

    fn set_sys_para(&mut self, port: &mut Pty, parameter: u8, value: u8) -> io::Result<()> {
        match parameter {
            4 if (1..=12).contains(&value) => {
                // The answer still goes out at the old rate; then the UART
                // switches.
                self.answer(port, Ack::new(Confirmation::Ok, vec![]))?;
                self.config.baud = u32::from(value) * 9600;
                self.writer.set_baud(self.config.baud);
                Ok(())
            }
            5 if (1..=5).contains(&value) => {
                self.security_level = u16::from(value);
                self.answer(port, Ack::new(Confirmation::Ok, vec![]))
            }
            6 if value <= 3 => {
                self.config.packet_size = 32 << value;
                self.answer(port, Ack::new(Confirmation::Ok, vec![]))
            }
            4..=6 => self.answer(
                port,
                Ack::new(Confirmation::BadRegisterConfiguration, vec![]),
            ),
            _ => self.answer(port, Ack::new(Confirmation::InvalidRegister, vec![])),
        }
    }

    fn receive_data(&mut self, port: &mut Pty, packet: Packet) -> io::Result<()> {
        let last = packet.kind == PacketKind::EndData;
        let overflow = match self.download.as_mut() {
            None => return Ok(()),
            Some(Download::Char(_, data)) => {
                data.extend_from_slice(&packet.payload);
                data.len() > TEMPLATE_LEN
            }
            Some(Download::Image(data)) => {
                data.extend_from_slice(&packet.payload);
                data.len() > IMAGE_BYTES
            }
        };
        if overflow {
            self.download = None;
            return self.answer(port, Ack::new(Confirmation::CannotReceiveData, vec![]));
        }
        if last {
            match self.download.take() {
                Some(Download::Char(buffer, data)) => {
                    if let Some(i) = buffer_index(buffer) {
                        self.char_buffers[i] = Some(data);
                    }
                }
                Some(Download::Image(data)) => self.image = Some(data),
                None => {}
            }
        }
        Ok(())
    }

    /// Sends an acknowledgement, with the current fault's garbage or delay.
    fn answer(&mut self, port: &mut Pty, ack: Ack) -> io::Result<()> {
        let fault = self.shared.lock().fault;
        match fault {
            FingerprintFault::Slow(delay) => thread::sleep(delay),
            FingerprintFault::Garbage => {
                let len = 1 + self.garbage.below(40) as usize;
                let noise: Vec<u8> = (0..len).map(|_| self.garbage.next_u64() as u8).collect();
                self.writer.write(&mut port.master, &noise)?;
            }
            _ => {}
        }
        self.send(port, &ack.to_packet(self.config.address))
    }

    fn send(&mut self, port: &mut Pty, packet: &Packet) -> io::Result<()> {
        let bytes = packet
            .encode()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        self.writer.write(&mut port.master, &bytes)
    }

    fn send_data(&mut self, port: &mut Pty, data: &[u8]) -> io::Result<()> {
        // One write for the whole transfer: the pacing is continuous, as on
        // a UART sending back-to-back packets.
        let mut bytes = Vec::with_capacity(data.len() + data.len() / 8 + 16);
        for packet in data_packets(self.config.address, data, self.config.packet_size) {
            packet
                .encode_into(&mut bytes)
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
        }
        self.writer.write(&mut port.master, &bytes)
    }
}

fn buffer_index(buffer: u8) -> Option<usize> {
    match buffer {
        1 => Some(0),
        2 => Some(1),
        _ => None,
    }
}

/// A module-style match score (0..=300ish) from the simulated similarity.
fn score(a: &[u8], b: &[u8]) -> u16 {
    (similarity(a, b) * 300.0).round() as u16
}

/// Resolves `path` as the emulator's link or pty path, for messages.
pub fn describe(path: &Path) -> String {
    match std::fs::read_link(path) {
        Ok(target) => format!("{} -> {}", path.display(), target.display()),
        Err(_) => path.display().to_string(),
    }
}
