//! Capture time against the wire-time floor.
//!
//! The floor is the time the bytes of a capture need on a UART at the given
//! baud (10 bits a byte, 8N1), request and answer in turn: GenImg, Img2Tz,
//! UpChar and its data packets, plus UpImage and its 288 data packets for an
//! image capture. A pty has no baud rate; the emulator paces its bytes to
//! that floor, so what the driver adds on top is its own overhead. A second
//! baseline, measured in the same run, is the bare paced transfer of the
//! same number of bytes through a pty with no protocol at all.
//!
//! Run: `cargo bench -p totem-sim-devices --bench capture` (about 3 minutes).
//! The module is R307-like (no ring LED), so LED exchanges are not counted.

use std::io::Read;
use std::time::{Duration, Instant};

use totem_config::FingerprintSettings;
use totem_device::fingerprint::codec::{data_wire_len, IMAGE_BYTES, OVERHEAD, TEMPLATE_LEN};
use totem_device::{FingerprintEvent, FingerprintReader};
use totem_sim_devices::{FingerprintEmulator, FingerprintEmulatorConfig};

const PACKET_SIZE: usize = 128;

/// Bytes on the wire for one capture.
fn capture_bytes(image: bool) -> usize {
    let command = |params: usize| OVERHEAD + 1 + params;
    let ack = OVERHEAD + 1;
    let mut bytes = command(0) + ack // GenImg
        + command(1) + ack // Img2Tz
        + command(1) + ack + data_wire_len(TEMPLATE_LEN, PACKET_SIZE); // UpChar
    if image {
        bytes += command(0) + ack + data_wire_len(IMAGE_BYTES, PACKET_SIZE);
    }
    bytes
}

fn floor(bytes: usize, baud: u32) -> Duration {
    Duration::from_secs_f64(bytes as f64 * 10.0 / f64::from(baud))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

async fn captures(baud: u32, image: bool, runs: usize) -> Vec<Duration> {
    let dir = tempfile::tempdir().expect("a temp dir");
    let link = dir.path().join("fp");
    let emulator = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud,
        link: Some(link.clone()),
        has_led: false,
        packet_size: PACKET_SIZE,
        ..FingerprintEmulatorConfig::default()
    })
    .expect("the emulator starts");
    emulator.place_finger(11_111_111, 1);
    let (reader, mut events) = FingerprintReader::spawn(FingerprintSettings {
        port: link.to_string_lossy().into_owned(),
        baud,
        ..FingerprintSettings::default()
    });
    loop {
        if let Some(FingerprintEvent::Connected(_)) = events.recv().await {
            break;
        }
    }
    let mut times = Vec::new();
    // One warm-up capture, not counted.
    for i in 0..=runs {
        if i > 0 {
            lift_and_place_again(&emulator, &reader, &mut events).await;
        }
        let start = Instant::now();
        reader.capture(image).await.expect("the driver runs");
        loop {
            match events.recv().await.expect("the driver runs") {
                FingerprintEvent::Captured(_) => break,
                FingerprintEvent::FingerDetected => {}
                other => panic!("unexpected {other:?}"),
            }
        }
        if i > 0 {
            times.push(start.elapsed());
        }
    }
    times
}

/// Between two timed captures the finger comes off and goes back on, as a
/// person's would: the driver reads a placement only once, so it must see
/// the sensor empty (here in an untimed capture, cancelled once it waits).
async fn lift_and_place_again(
    emulator: &FingerprintEmulator,
    reader: &FingerprintReader,
    events: &mut tokio::sync::mpsc::Receiver<FingerprintEvent>,
) {
    emulator.lift_finger();
    reader.capture(false).await.expect("the driver runs");
    match events.recv().await.expect("the driver runs") {
        FingerprintEvent::WaitingForFinger => {}
        other => panic!("unexpected {other:?}"),
    }
    reader.cancel().await.expect("the driver runs");
    match events.recv().await.expect("the driver runs") {
        FingerprintEvent::Cancelled => {}
        other => panic!("unexpected {other:?}"),
    }
    emulator.place_finger(11_111_111, 1);
}

/// The same bytes through the paced pty, no protocol: the emulator's
/// pacing plus the pty, measured.
fn raw_transfer(baud: u32, bytes: usize) -> Duration {
    let (mut master, mut slave) = serialport::TTYPort::pair().expect("a pty");
    let payload = vec![0x55u8; bytes];
    let start = Instant::now();
    let writer = std::thread::spawn(move || {
        // Same pacing rule as the emulators: absolute deadlines, ~1 ms chunks.
        let per_byte = 10.0 / f64::from(baud);
        let chunk = ((f64::from(baud) / 10.0 / 1000.0).ceil() as usize).max(1);
        let t0 = Instant::now();
        let mut sent = 0;
        for piece in payload.chunks(chunk) {
            sent += piece.len();
            let due = t0 + Duration::from_secs_f64(per_byte * sent as f64);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            std::io::Write::write_all(&mut master, piece).expect("pty write");
        }
        master
    });
    let mut got = 0;
    let mut buf = [0u8; 4096];
    while got < bytes {
        got += slave.read(&mut buf).unwrap_or(0);
    }
    let elapsed = start.elapsed();
    let _ = writer.join();
    elapsed
}

fn main() {
    // `cargo test --benches` runs this with --bench absent: stay quick then.
    let quick = !std::env::args().any(|a| a == "--bench");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    println!(
        "{:<8} {:<9} {:>6} {:>11} {:>11} {:>11} {:>8} {:>8}",
        "baud", "capture", "bytes", "floor", "raw pty", "median", "vs floor", "vs raw"
    );
    for baud in [57_600u32, 115_200] {
        for image in [false, true] {
            let runs = match (quick, image) {
                (true, _) => 1,
                (false, false) => 30,
                (false, true) => 5,
            };
            if quick && image {
                continue;
            }
            let bytes = capture_bytes(image);
            let floor = floor(bytes, baud);
            let raw = raw_transfer(baud, bytes);
            let median = median(runtime.block_on(captures(baud, image, runs)));
            println!(
                "{:<8} {:<9} {:>6} {:>8.1} ms {:>8.1} ms {:>8.1} ms {:>7.3}x {:>7.3}x",
                baud,
                if image { "image" } else { "template" },
                bytes,
                floor.as_secs_f64() * 1e3,
                raw.as_secs_f64() * 1e3,
                median.as_secs_f64() * 1e3,
                median.as_secs_f64() / floor.as_secs_f64(),
                median.as_secs_f64() / raw.as_secs_f64(),
            );
        }
    }
}
