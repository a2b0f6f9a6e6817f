//! The scanner driver against the emulated scanner, over real
//! pseudo-terminals, with every terminator and framing.

use std::time::Duration;

use chrono::NaiveDate;
use tokio::sync::mpsc::Receiver;
use tokio::time::timeout;
use totem_config::{ScanFraming, ScanTerminator, ScannerSettings};
use totem_device::{CardScanner, ScannerEvent, UnreadableReason};
use totem_document::{
    encode_mrz, encode_pdf417, encode_pdf417_scan, encode_qr, CardData, Carrier, QrHost, Run, Sex,
};
use totem_sim_devices::{ScannerEmulator, ScannerEmulatorConfig};

const BAUD: u32 = 115_200;

fn synthetic_card() -> CardData {
    CardData {
        run: Run::from_body(11_111_111),
        document_number: "B11111111".into(),
        document_type: "CEDULA".into(),
        birth_date: NaiveDate::from_ymd_opt(1990, 1, 2).unwrap(),
        expiry_date: NaiveDate::from_ymd_opt(2031, 5, 6).unwrap(),
        sex: Sex::Female,
        nationality: "CHL".into(),
        surnames: "PRUEBA SINTETICA".into(),
        given_names: "ANA".into(),
    }
}

struct Rig {
    emulator: ScannerEmulator,
    _scanner: CardScanner,
    events: Receiver<ScannerEvent>,
    _dir: tempfile::TempDir,
}

async fn rig(terminator: ScanTerminator, framing: ScanFraming) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("scanner");
    let emulator = ScannerEmulator::start(ScannerEmulatorConfig {
        baud: BAUD,
        link: Some(link.clone()),
        terminator,
        framing,
    })
    .unwrap();
    let (scanner, mut events) = CardScanner::spawn(ScannerSettings {
        port: link.to_string_lossy().into_owned(),
        baud: BAUD,
        terminator,
        framing,
    });
    assert!(matches!(
        next(&mut events).await,
        ScannerEvent::Connected { .. }
    ));
    Rig {
        emulator,
        _scanner: scanner,
        events,
        _dir: dir,
    }
}

async fn next(events: &mut Receiver<ScannerEvent>) -> ScannerEvent {
    timeout(Duration::from_secs(5), events.recv())
        .await
        .expect("an event in time")
        .expect("the driver is running")
}

async fn card(events: &mut Receiver<ScannerEvent>) -> totem_document::ScannedCard {
    match next(events).await {
        ScannerEvent::CardRead(card) => card,
        other => panic!("expected a card, got {other:?}"),
    }
}

#[tokio::test]
async fn every_carrier_is_read_with_every_terminator_and_framing() {
    let data = synthetic_card();
    // The PDF417 read ends in binary fingerprint data, as a real one does.
    let texts = [
        (Carrier::Qr, encode_qr(&data, QrHost::Classic).into_bytes()),
        (Carrier::Qr, encode_qr(&data, QrHost::New).into_bytes()),
        (Carrier::MrzTd1, encode_mrz(&data).into_bytes()),
        (Carrier::Pdf417, encode_pdf417_scan(&data)),
    ];
    for terminator in [ScanTerminator::Cr, ScanTerminator::Crlf, ScanTerminator::Lf] {
        for framing in [ScanFraming::None, ScanFraming::StxEtx] {
            let mut rig = rig(terminator, framing).await;
            for (carrier, read) in &texts {
                rig.emulator.present_bytes(read);
                let card = card(&mut rig.events).await;
                assert_eq!(card.carrier, *carrier, "{terminator:?} {framing:?}");
                assert_eq!(card.run, data.run, "{terminator:?} {framing:?} {carrier:?}");
            }
        }
    }
}

#[tokio::test]
async fn garbage_is_unreadable_and_the_next_card_still_reads() {
    let mut rig = rig(ScanTerminator::Cr, ScanFraming::None).await;
    rig.emulator.send_raw(&[0xFF, 0x00, 0x9C, 0x81, b'\r']);
    assert!(matches!(
        next(&mut rig.events).await,
        ScannerEvent::Unreadable {
            reason: UnreadableReason::NotText
        }
    ));
    rig.emulator.send_raw(b"not a card at all\r");
    match next(&mut rig.events).await {
        ScannerEvent::Unreadable { reason } => {
            assert!(reason.to_string().starts_with("could not read the card"));
        }
        other => panic!("expected Unreadable, got {other:?}"),
    }
    // A babbling port: far more than a read can be, with no terminator.
    rig.emulator.send_raw(&vec![b'7'; 5000]);
    rig.emulator.send_raw(b"\r");
    assert!(matches!(
        next(&mut rig.events).await,
        ScannerEvent::Unreadable {
            reason: UnreadableReason::TooLong
        }
    ));
    // A QR with a damaged check: the field is named, the input is not echoed.
    let mut qr = encode_qr(&synthetic_card(), QrHost::New);
    qr = qr.replace("RUN=11111111-1", "RUN=11111112-1");
    rig.emulator.present(&qr);
    match next(&mut rig.events).await {
        ScannerEvent::Unreadable { reason } => {
            assert!(!reason.to_string().contains("11111112"), "{reason}");
        }
        other => panic!("expected Unreadable, got {other:?}"),
    }
    rig.emulator.present(&encode_pdf417(&synthetic_card()));
    card(&mut rig.events).await;
}

#[tokio::test]
async fn unplug_and_replug_recover_without_a_restart() {
    let mut rig = rig(ScanTerminator::Crlf, ScanFraming::StxEtx).await;
    rig.emulator.unplug();
    assert!(matches!(
        next(&mut rig.events).await,
        ScannerEvent::Disconnected
    ));
    rig.emulator.replug();
    assert!(matches!(
        next(&mut rig.events).await,
        ScannerEvent::Connected { .. }
    ));
    rig.emulator.present(&encode_mrz(&synthetic_card()));
    assert_eq!(card(&mut rig.events).await.carrier, Carrier::MrzTd1);
}

#[tokio::test]
async fn a_driver_set_to_the_wrong_baud_reads_noise_not_cards() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("scanner");
    let emulator = ScannerEmulator::start(ScannerEmulatorConfig {
        baud: BAUD,
        link: Some(link.clone()),
        terminator: ScanTerminator::Cr,
        framing: ScanFraming::None,
    })
    .unwrap();
    let (_scanner, mut events) = CardScanner::spawn(ScannerSettings {
        port: link.to_string_lossy().into_owned(),
        baud: 9600,
        terminator: ScanTerminator::Cr,
        framing: ScanFraming::None,
    });
    assert!(matches!(
        next(&mut events).await,
        ScannerEvent::Connected { .. }
    ));
    // The terminator is garbled too, so the noise is cut by the length
    // bound or sits unterminated: in no case does a card come out.
    for _ in 0..3 {
        emulator.present(&encode_pdf417(&synthetic_card()));
    }
    emulator.send_raw(&vec![b'x'; 1100]);
    match next(&mut events).await {
        ScannerEvent::Unreadable { reason } => {
            assert!(matches!(
                reason,
                UnreadableReason::NotText | UnreadableReason::TooLong
            ));
        }
        other => panic!("expected Unreadable, got {other:?}"),
    }
}
