//! The emulated module answers the protocol byte for byte, as any host
//! program (not only ours) would see it: a plain blocking serial port, raw
//! bytes out, raw bytes in.

use std::io::{Read, Write};
use std::time::{Duration, Instant};

use serialport::SerialPort;
use totem_device::fingerprint::codec::{
    Ack, Command, Confirmation, LedColour, LedConfig, LedControl, Packet, PacketDecoder,
    PacketKind, SystemParameters, DEFAULT_ADDRESS,
};
use totem_sim_devices::{FingerprintEmulator, FingerprintEmulatorConfig};

const BAUD: u32 = 115_200;

struct Host {
    port: Box<dyn SerialPort>,
    decoder: PacketDecoder,
}

impl Host {
    fn open(emulator: &FingerprintEmulator) -> Self {
        Self::open_at(emulator, BAUD)
    }

    fn open_at(emulator: &FingerprintEmulator, baud: u32) -> Self {
        let port = serialport::new(emulator.path().to_string_lossy(), baud)
            .timeout(Duration::from_millis(50))
            .open()
            .unwrap();
        Self {
            port,
            decoder: PacketDecoder::new(),
        }
    }

    fn send_bytes(&mut self, bytes: &[u8]) {
        self.port.write_all(bytes).unwrap();
    }

    fn packet(&mut self) -> Packet {
        let deadline = Instant::now() + Duration::from_secs(3);
        let mut buf = [0u8; 512];
        loop {
            if let Some(p) = self.decoder.next_packet() {
                return p;
            }
            assert!(Instant::now() < deadline, "no answer");
            if let Ok(n) = self.port.read(&mut buf) {
                self.decoder.push(&buf[..n]);
            }
        }
    }

    /// Sends a command; returns the raw bytes of the acknowledgement.
    fn ask_raw(&mut self, command: &Command) -> Vec<u8> {
        self.send_bytes(&command.to_packet(DEFAULT_ADDRESS).encode().unwrap());
        self.packet().encode().unwrap()
    }

    fn ask(&mut self, command: &Command) -> Ack {
        self.send_bytes(&command.to_packet(DEFAULT_ADDRESS).encode().unwrap());
        Ack::from_packet(&self.packet()).expect("an acknowledgement")
    }

    fn data(&mut self) -> Vec<u8> {
        let mut data = Vec::new();
        loop {
            let p = self.packet();
            data.extend_from_slice(&p.payload);
            match p.kind {
                PacketKind::Data => {}
                PacketKind::EndData => return data,
                other => panic!("unexpected {other:?}"),
            }
        }
    }
}

fn start() -> FingerprintEmulator {
    FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud: BAUD,
        ..FingerprintEmulatorConfig::default()
    })
    .unwrap()
}

#[test]
fn the_answers_are_the_datasheet_bytes() {
    let emulator = start();
    let mut host = Host::open(&emulator);
    // VfyPwd with the default password → OK.
    assert_eq!(
        host.ask_raw(&Command::VfyPwd { password: 0 }),
        [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x03, 0x00, 0x00, 0x0A]
    );
    // GenImg with no finger → 02.
    assert_eq!(
        host.ask_raw(&Command::GenImg),
        [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x03, 0x02, 0x00, 0x0C]
    );
    // A damaged command (checksum off by one) → 01, packet error.
    let mut bad = Command::GenImg.to_packet(DEFAULT_ADDRESS).encode().unwrap();
    *bad.last_mut().unwrap() ^= 1;
    host.send_bytes(&bad);
    assert_eq!(
        host.packet().encode().unwrap(),
        [0xEF, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x03, 0x01, 0x00, 0x0B]
    );
    // An instruction the module does not have → 01.
    let ack = host.ask(&Command::Other {
        code: 0x77,
        parameters: vec![],
    });
    assert_eq!(ack.confirmation, Confirmation::PacketError);
    // A wrong password → 13.
    assert_eq!(
        host.ask(&Command::VfyPwd { password: 1 }).confirmation,
        Confirmation::WrongPassword
    );
}

#[test]
fn system_parameters_describe_the_link() {
    let emulator = start();
    let mut host = Host::open(&emulator);
    let ack = host.ask(&Command::ReadSysPara);
    assert_eq!(ack.confirmation, Confirmation::Ok);
    let params = SystemParameters::parse(&ack.data).unwrap();
    assert_eq!(params.baud(), BAUD);
    assert_eq!(params.packet_size(), Some(128));
    assert_eq!(params.address, DEFAULT_ADDRESS);

    // Packet size 256 (code 3), then an upload comes in 256-byte packets.
    let ack = host.ask(&Command::SetSysPara {
        parameter: 6,
        value: 3,
    });
    assert_eq!(ack.confirmation, Confirmation::Ok);
    let params = SystemParameters::parse(&host.ask(&Command::ReadSysPara).data).unwrap();
    assert_eq!(params.packet_size(), Some(256));
    assert_eq!(
        host.ask(&Command::SetSysPara {
            parameter: 9,
            value: 1
        })
        .confirmation,
        Confirmation::InvalidRegister
    );
}

#[test]
fn enroll_store_search_match_and_delete_work_like_a_module() {
    let emulator = start();
    let mut host = Host::open(&emulator);
    emulator.place_finger(22_222_222, 1);
    for buffer in [1, 2] {
        assert_eq!(host.ask(&Command::GenImg).confirmation, Confirmation::Ok);
        assert_eq!(
            host.ask(&Command::Img2Tz { buffer }).confirmation,
            Confirmation::Ok
        );
    }
    assert_eq!(host.ask(&Command::Match).confirmation, Confirmation::Ok);
    assert_eq!(host.ask(&Command::RegModel).confirmation, Confirmation::Ok);
    assert_eq!(
        host.ask(&Command::Store { buffer: 1, page: 5 })
            .confirmation,
        Confirmation::Ok
    );
    assert_eq!(
        host.ask(&Command::Store {
            buffer: 1,
            page: 999
        })
        .confirmation,
        Confirmation::PageOutOfRange
    );
    assert_eq!(host.ask(&Command::TemplateNum).data, vec![0, 1]);

    // The same finger again is found on page 5; another finger is not.
    assert_eq!(host.ask(&Command::GenImg).confirmation, Confirmation::Ok);
    host.ask(&Command::Img2Tz { buffer: 1 });
    let found = host.ask(&Command::Search {
        buffer: 1,
        start: 0,
        count: 200,
    });
    assert_eq!(found.confirmation, Confirmation::Ok);
    assert_eq!(&found.data[..2], &[0, 5]);
    emulator.place_finger(22_222_222, 2);
    host.ask(&Command::GenImg);
    host.ask(&Command::Img2Tz { buffer: 1 });
    let search = Command::Search {
        buffer: 1,
        start: 0,
        count: 200,
    };
    assert_eq!(host.ask(&search).confirmation, Confirmation::NotFound);

    // A template sent down and read back up is the same bytes.
    let template: Vec<u8> = (0..512u32).map(|i| (i * 7) as u8).collect();
    assert_eq!(
        host.ask(&Command::DownChar { buffer: 2 }).confirmation,
        Confirmation::Ok
    );
    for p in totem_device::fingerprint::codec::data_packets(DEFAULT_ADDRESS, &template, 128) {
        host.send_bytes(&p.encode().unwrap());
    }
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(
        host.ask(&Command::UpChar { buffer: 2 }).confirmation,
        Confirmation::Ok
    );
    assert_eq!(host.data(), template);

    let delete = Command::DeleteChar { page: 5, count: 1 };
    assert_eq!(host.ask(&delete).confirmation, Confirmation::Ok);
    assert_eq!(host.ask(&Command::TemplateNum).data, vec![0, 0]);
    assert_eq!(host.ask(&Command::Empty).confirmation, Confirmation::Ok);

    let led = LedConfig {
        control: LedControl::Flashing,
        speed: 10,
        colour: LedColour::Red,
        count: 2,
    };
    assert_eq!(
        host.ask(&Command::AuraLedConfig(led)).confirmation,
        Confirmation::Ok
    );
    assert_eq!(emulator.stats().led, Some((2, 1)));
}

#[test]
fn its_bytes_take_the_time_of_the_baud_rate() {
    // 57600 baud: the 568 bytes of an UpChar transfer need 98.6 ms on a
    // real line; a pty alone would take microseconds.
    let emulator = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud: 57_600,
        ..FingerprintEmulatorConfig::default()
    })
    .unwrap();
    let mut host = Host::open_at(&emulator, 57_600);
    emulator.place_finger(22_222_222, 1);
    host.ask(&Command::GenImg);
    host.ask(&Command::Img2Tz { buffer: 1 });
    let start = Instant::now();
    assert_eq!(
        host.ask(&Command::UpChar { buffer: 1 }).confirmation,
        Confirmation::Ok
    );
    assert_eq!(host.data().len(), 512);
    let elapsed = start.elapsed();
    let wire = Duration::from_secs_f64((13 + 12 + 512 + 4 * 11) as f64 * 10.0 / 57_600.0);
    assert!(elapsed >= wire, "{elapsed:?} < {wire:?}");
}

#[test]
fn a_host_at_the_wrong_baud_gets_no_answer() {
    let emulator = start();
    let mut host = Host::open_at(&emulator, 9600);
    host.send_bytes(
        &Command::VfyPwd { password: 0 }
            .to_packet(DEFAULT_ADDRESS)
            .encode()
            .unwrap(),
    );
    let mut buf = [0u8; 64];
    std::thread::sleep(Duration::from_millis(200));
    assert!(host.port.read(&mut buf).is_err(), "no bytes come back");
    assert_eq!(emulator.stats().wrong_baud_packets, 1);
}
