//! The fingerprint driver against the emulated module, over real
//! pseudo-terminals at 115200 baud.

use std::time::Duration;

use tokio::sync::mpsc::Receiver;
use tokio::time::timeout;
use totem_config::FingerprintSettings;
use totem_device::fingerprint::codec::Confirmation;
use totem_device::{FailureReason, FingerprintEvent, FingerprintReader, PoorImageReason, Timings};
use totem_sim_devices::{FingerprintEmulator, FingerprintEmulatorConfig, FingerprintFault};
use totem_sim_people::{finger_template, similarity};

const BAUD: u32 = 115_200;
const CITIZEN: u32 = 11_111_111;

struct Rig {
    emulator: FingerprintEmulator,
    reader: FingerprintReader,
    events: Receiver<FingerprintEvent>,
    _dir: tempfile::TempDir,
}

fn timings() -> Timings {
    Timings {
        answer_timeout: Duration::from_millis(400),
        poll_interval: Duration::from_millis(20),
        heartbeat: Duration::from_millis(300),
        max_image_tries: 3,
    }
}

/// The module at `config.baud` (115200 unless a test says otherwise).
async fn rig(config: FingerprintEmulatorConfig, password: u32) -> Rig {
    rig_with_fault(config, password, FingerprintFault::None).await
}

/// As `rig`, with `fault` set before the driver first speaks to the module.
async fn rig_with_fault(
    config: FingerprintEmulatorConfig,
    password: u32,
    fault: FingerprintFault,
) -> Rig {
    start_rig(config, password, fault, 1).await
}

/// The module, and the driver with a finger timeout of `finger_timeout_secs`.
async fn start_rig(
    config: FingerprintEmulatorConfig,
    password: u32,
    fault: FingerprintFault,
    finger_timeout_secs: u64,
) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("fingerprint");
    let baud = if config.baud == FingerprintEmulatorConfig::default().baud {
        BAUD
    } else {
        config.baud
    };
    let emulator = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud,
        link: Some(link.clone()),
        ..config
    })
    .unwrap();
    emulator.set_fault(fault);
    let settings = FingerprintSettings {
        port: link.to_string_lossy().into_owned(),
        baud,
        password,
        finger_timeout_secs,
        ..FingerprintSettings::default()
    };
    let (reader, events) = FingerprintReader::spawn_with(settings, timings());
    Rig {
        emulator,
        reader,
        events,
        _dir: dir,
    }
}

/// The next event, or a test failure after `secs`.
async fn next(events: &mut Receiver<FingerprintEvent>, secs: u64) -> FingerprintEvent {
    timeout(Duration::from_secs(secs), events.recv())
        .await
        .expect("an event in time")
        .expect("the driver is running")
}

/// Skips progress events up to the one that ends the capture.
async fn outcome(events: &mut Receiver<FingerprintEvent>) -> FingerprintEvent {
    loop {
        match next(events, 10).await {
            FingerprintEvent::WaitingForFinger
            | FingerprintEvent::FingerDetected
            | FingerprintEvent::LiftAndPlaceAgain => continue,
            other => return other,
        }
    }
}

async fn connected(events: &mut Receiver<FingerprintEvent>) -> totem_device::ModuleInfo {
    loop {
        match next(events, 10).await {
            FingerprintEvent::Connected(info) => return info,
            FingerprintEvent::Disconnected | FingerprintEvent::Failed(_) => continue,
            other => panic!("expected Connected, got {other:?}"),
        }
    }
}

async fn capture_succeeds(rig: &mut Rig) -> Vec<u8> {
    rig.reader.capture(false).await.unwrap();
    match outcome(&mut rig.events).await {
        FingerprintEvent::Captured(capture) => capture.template.to_vec(),
        other => panic!("expected Captured, got {other:?}"),
    }
}

/// What a person does for the next try: the finger comes off the sensor,
/// the kiosk asks for a capture, and once it waits the finger goes back on.
async fn lift_then_capture(rig: &mut Rig, finger: u8) -> Vec<u8> {
    rig.emulator.lift_finger();
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::WaitingForFinger
    ));
    rig.emulator.place_finger(CITIZEN, finger);
    match outcome(&mut rig.events).await {
        FingerprintEvent::Captured(capture) => capture.template.to_vec(),
        other => panic!("expected Captured, got {other:?}"),
    }
}

/// Fails the test if the driver says anything within `ms`.
async fn silence(events: &mut Receiver<FingerprintEvent>, ms: u64) {
    if let Ok(event) = timeout(Duration::from_millis(ms), events.recv()).await {
        panic!("expected nothing yet, got {event:?}");
    }
}

#[tokio::test]
async fn a_capture_gives_the_citizens_template_with_noise() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    let info = connected(&mut rig.events).await;
    assert_eq!(info.baud, BAUD);
    assert_eq!(info.packet_size, 128);
    assert!(info.has_led);

    rig.emulator.place_finger(CITIZEN, 1);
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::FingerDetected
    ));
    let template = match outcome(&mut rig.events).await {
        FingerprintEvent::Captured(capture) => {
            assert!(capture.image.is_none());
            assert!(format!("{capture:?}").contains("redacted"));
            capture.template.to_vec()
        }
        other => panic!("expected Captured, got {other:?}"),
    };
    let enrolled = finger_template(CITIZEN, 1);
    assert_eq!(template.len(), 512);
    assert!(similarity(&enrolled, &template) > 0.8);
    assert_ne!(template, enrolled.to_vec(), "captures carry sensor noise");
    // Another finger of the same citizen does not look like this one.
    assert!(similarity(&finger_template(CITIZEN, 2), &template) < 0.2);
    // The ring LED was set to show success.
    assert_eq!(rig.emulator.stats().led, Some((3, 3)));
}

#[tokio::test]
async fn the_image_is_uploaded_converted_and_judged() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);
    rig.reader.capture(true).await.unwrap();
    match outcome(&mut rig.events).await {
        FingerprintEvent::Captured(capture) => {
            let image = capture.image.as_ref().expect("an image");
            assert_eq!(image.dimensions(), (256, 288));
            let quality = capture.quality.expect("a quality score");
            assert!(quality.acceptable() && quality.score > 50, "{quality:?}");
        }
        other => panic!("expected Captured, got {other:?}"),
    }
}

#[tokio::test]
async fn a_smudged_image_is_refused_by_the_quality_check() {
    // Image uploads are long at 115200 (about 3.4 s each): this test runs
    // three of them, so it runs at 921600.
    let mut rig = rig(
        FingerprintEmulatorConfig {
            baud: 921_600,
            ..FingerprintEmulatorConfig::default()
        },
        0,
    )
    .await;
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);
    // A smudged finger: the module still makes a template, but our check
    // refuses the image, asks for another try, and finally gives up.
    rig.emulator.set_fault(FingerprintFault::SmudgedImage);
    rig.reader.capture(true).await.unwrap();
    let mut asked_again = 0;
    loop {
        match next(&mut rig.events, 15).await {
            FingerprintEvent::LiftAndPlaceAgain => {
                asked_again += 1;
                rig.emulator.lift_finger();
                tokio::time::sleep(Duration::from_millis(60)).await;
                rig.emulator.place_finger(CITIZEN, 1);
            }
            FingerprintEvent::WaitingForFinger | FingerprintEvent::FingerDetected => {}
            FingerprintEvent::PoorImage(PoorImageReason::LowQuality(q)) => {
                assert!(!q.acceptable());
                break;
            }
            other => panic!("expected PoorImage, got {other:?}"),
        }
    }
    assert_eq!(asked_again, 2);
    // A clean finger again: the one left lying there must come off first,
    // then it is captured, image and all.
    rig.emulator.set_fault(FingerprintFault::None);
    rig.reader.capture(true).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::LiftAndPlaceAgain
    ));
    rig.emulator.lift_finger();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::WaitingForFinger
    ));
    rig.emulator.place_finger(CITIZEN, 1);
    match outcome(&mut rig.events).await {
        FingerprintEvent::Captured(capture) => {
            assert!(capture.quality.is_some_and(|q| q.acceptable()));
        }
        other => panic!("expected Captured, got {other:?}"),
    }
}

#[tokio::test]
async fn no_finger_times_out_and_the_next_capture_works() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::WaitingForFinger
    ));
    assert!(matches!(
        outcome(&mut rig.events).await,
        FingerprintEvent::NoFinger
    ));

    // The sensor fault: a finger is there but never seen.
    rig.emulator.set_fault(FingerprintFault::NoFinger);
    rig.emulator.place_finger(CITIZEN, 1);
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        outcome(&mut rig.events).await,
        FingerprintEvent::NoFinger
    ));

    rig.emulator.set_fault(FingerprintFault::None);
    capture_succeeds(&mut rig).await;
}

#[tokio::test]
async fn a_messy_image_asks_to_lift_and_place_again_then_gives_up() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.emulator.set_fault(FingerprintFault::MessyImage);
    rig.emulator.place_finger(CITIZEN, 1);
    rig.reader.capture(false).await.unwrap();
    let mut asked_again = 0;
    let end = loop {
        match next(&mut rig.events, 10).await {
            FingerprintEvent::LiftAndPlaceAgain => {
                asked_again += 1;
                rig.emulator.lift_finger();
                tokio::time::sleep(Duration::from_millis(60)).await;
                rig.emulator.place_finger(CITIZEN, 1);
            }
            FingerprintEvent::WaitingForFinger | FingerprintEvent::FingerDetected => {}
            other => break other,
        }
    };
    assert_eq!(asked_again, 2);
    assert!(matches!(
        end,
        FingerprintEvent::PoorImage(PoorImageReason::Module(Confirmation::ImageTooMessy))
    ));
    rig.emulator.set_fault(FingerprintFault::None);
    lift_then_capture(&mut rig, 1).await;
}

/// A rig whose captures wait 5 s for a finger, so a test can watch the
/// driver wait for a lift without racing the timeout.
async fn patient_rig() -> Rig {
    start_rig(
        FingerprintEmulatorConfig::default(),
        0,
        FingerprintFault::None,
        5,
    )
    .await
}

#[tokio::test]
async fn a_finger_left_on_the_sensor_is_not_read_again_until_it_is_lifted() {
    let mut rig = patient_rig().await;
    connected(&mut rig.events).await;
    // The citizen puts the wrong finger and leaves it there while the kiosk
    // checks it and asks for another try.
    rig.emulator.place_finger(CITIZEN, 6);
    let wrong = capture_succeeds(&mut rig).await;
    assert!(similarity(&finger_template(CITIZEN, 6), &wrong) > 0.8);
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::LiftAndPlaceAgain
    ));
    // A real sensor keeps reporting the resting finger: no image is taken
    // from it, and "lift" is said once, not at every poll.
    silence(&mut rig.events, 600).await;
    // Lifted, then the right finger: that one is captured.
    rig.emulator.lift_finger();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::WaitingForFinger
    ));
    rig.emulator.place_finger(CITIZEN, 1);
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::FingerDetected
    ));
    let right = match outcome(&mut rig.events).await {
        FingerprintEvent::Captured(capture) => capture.template.to_vec(),
        other => panic!("expected Captured, got {other:?}"),
    };
    assert!(similarity(&finger_template(CITIZEN, 1), &right) > 0.8);

    // Lifted while the kiosk was busy: the next capture just waits.
    lift_then_capture(&mut rig, 1).await;
}

#[tokio::test]
async fn a_finger_never_lifted_ends_in_no_finger_and_is_still_not_read() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);
    capture_succeeds(&mut rig).await;
    // The finger rests there through a whole finger timeout (1 s here).
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::LiftAndPlaceAgain
    ));
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::NoFinger
    ));
    // Still there at the next capture: still not read.
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::LiftAndPlaceAgain
    ));
    rig.emulator.lift_finger();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::WaitingForFinger
    ));
    rig.emulator.place_finger(CITIZEN, 1);
    assert!(matches!(
        outcome(&mut rig.events).await,
        FingerprintEvent::Captured(_)
    ));
}

#[tokio::test]
async fn a_capture_waiting_for_the_lift_can_be_cancelled() {
    let mut rig = patient_rig().await;
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);
    capture_succeeds(&mut rig).await;
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::LiftAndPlaceAgain
    ));
    rig.reader.cancel().await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Cancelled
    ));
    // The session was cancelled with the finger on the sensor: the next
    // capture (say, the next citizen's) does not take it either.
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::LiftAndPlaceAgain
    ));
    rig.reader.cancel().await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Cancelled
    ));
    lift_then_capture(&mut rig, 1).await;
}

#[tokio::test]
async fn a_reconnected_reader_forgets_the_finger() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);
    capture_succeeds(&mut rig).await;
    // The cable is pulled and put back: a new connection, no memory of a
    // finger, so the finger there is read at once.
    rig.emulator.unplug();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Disconnected
    ));
    rig.emulator.replug();
    connected(&mut rig.events).await;
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::FingerDetected
    ));
}

#[tokio::test]
async fn a_wrong_password_is_reported_and_the_driver_connects_once_it_is_right() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    drop(rig);

    // The module expects another password than the one configured.
    let mut rig = rig_with_password(7, 0).await;
    loop {
        match next(&mut rig.events, 5).await {
            FingerprintEvent::Failed(FailureReason::WrongPassword) => break,
            FingerprintEvent::Disconnected => {}
            other => panic!("expected Failed(WrongPassword), got {other:?}"),
        }
    }
    // While down, a capture is refused at once.
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Failed(FailureReason::NotConnected)
    ));

    // The injected fault: the right password refused too; clearing it
    // recovers without a restart.
    let mut rig = rig_with_fault(
        FingerprintEmulatorConfig::default(),
        0,
        FingerprintFault::WrongPassword,
    )
    .await;
    loop {
        match next(&mut rig.events, 5).await {
            FingerprintEvent::Failed(FailureReason::WrongPassword) => break,
            FingerprintEvent::Disconnected => {}
            other => panic!("expected Failed(WrongPassword), got {other:?}"),
        }
    }
    rig.emulator.set_fault(FingerprintFault::None);
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);
    capture_succeeds(&mut rig).await;
}

async fn rig_with_password(module: u32, configured: u32) -> Rig {
    rig(
        FingerprintEmulatorConfig {
            password: module,
            ..FingerprintEmulatorConfig::default()
        },
        configured,
    )
    .await
}

#[tokio::test]
async fn slow_answers_and_garbage_on_the_line_still_give_a_capture() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);

    rig.emulator
        .set_fault(FingerprintFault::Slow(Duration::from_millis(150)));
    let template = capture_succeeds(&mut rig).await;
    assert!(similarity(&finger_template(CITIZEN, 1), &template) > 0.8);

    rig.emulator.set_fault(FingerprintFault::Garbage);
    for _ in 0..3 {
        let template = lift_then_capture(&mut rig, 1).await;
        assert!(similarity(&finger_template(CITIZEN, 1), &template) > 0.8);
    }
}

#[tokio::test]
async fn a_silent_module_is_reported_disconnected_and_found_again() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.emulator.set_fault(FingerprintFault::Silent);
    // The idle heartbeat notices.
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Disconnected
    ));
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Failed(FailureReason::NoAnswer)
    ));
    rig.emulator.set_fault(FingerprintFault::None);
    connected(&mut rig.events).await;
    rig.emulator.place_finger(CITIZEN, 1);
    capture_succeeds(&mut rig).await;
}

#[tokio::test]
async fn unplug_and_replug_recover_without_a_restart() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;

    rig.emulator.unplug();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Disconnected
    ));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        !rig.emulator.path().exists(),
        "the port path is gone while unplugged"
    );

    rig.emulator.replug();
    connected(&mut rig.events).await;
    assert!(rig.emulator.path().exists(), "the link is back");
    rig.emulator.place_finger(CITIZEN, 1);
    capture_succeeds(&mut rig).await;

    // Unplugged in the middle of a capture: the capture fails, then the
    // driver reconnects by itself.
    rig.emulator.lift_finger();
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::WaitingForFinger
    ));
    rig.emulator.unplug();
    assert!(matches!(
        outcome(&mut rig.events).await,
        FingerprintEvent::Failed(FailureReason::LinkLost | FailureReason::NoAnswer)
    ));
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::Disconnected
    ));
    rig.emulator.replug();
    connected(&mut rig.events).await;
}

#[tokio::test]
async fn a_capture_can_be_cancelled() {
    let mut rig = rig(FingerprintEmulatorConfig::default(), 0).await;
    connected(&mut rig.events).await;
    rig.reader.capture(false).await.unwrap();
    assert!(matches!(
        next(&mut rig.events, 5).await,
        FingerprintEvent::WaitingForFinger
    ));
    rig.reader.cancel().await.unwrap();
    assert!(matches!(
        outcome(&mut rig.events).await,
        FingerprintEvent::Cancelled
    ));
}

#[tokio::test]
async fn a_driver_set_to_the_wrong_baud_reports_no_answer() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("fingerprint");
    let _emulator = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud: BAUD,
        link: Some(link.clone()),
        ..FingerprintEmulatorConfig::default()
    })
    .unwrap();
    let (_reader, mut events) = FingerprintReader::spawn_with(
        FingerprintSettings {
            port: link.to_string_lossy().into_owned(),
            baud: 57_600,
            ..FingerprintSettings::default()
        },
        timings(),
    );
    assert!(matches!(
        next(&mut events, 5).await,
        FingerprintEvent::Disconnected
    ));
    match next(&mut events, 5).await {
        FingerprintEvent::Failed(reason @ FailureReason::NoAnswer) => {
            assert!(reason.to_string().contains("baud rate"));
        }
        other => panic!("expected Failed(NoAnswer), got {other:?}"),
    }
}
