//! The stdin commands of `totem-sim devices`, against the running emulators
//! and the real scanner driver.

use std::time::Duration;

use tokio::time::timeout;
use totem_config::{ScanFraming, ScanTerminator, ScannerSettings};
use totem_device::{CardScanner, ScannerEvent};
use totem_sim_devices::cli::{execute, Reply};
use totem_sim_devices::{
    FingerprintEmulator, FingerprintEmulatorConfig, ScannerEmulator, ScannerEmulatorConfig,
};
use totem_sim_people::Population;

#[tokio::test]
async fn commands_present_citizens_cards_and_pull_the_cable() {
    let dir = tempfile::tempdir().unwrap();
    let fingerprint = FingerprintEmulator::start(FingerprintEmulatorConfig {
        baud: 115_200,
        link: Some(dir.path().join("fp")),
        ..FingerprintEmulatorConfig::default()
    })
    .unwrap();
    let scanner = ScannerEmulator::start(ScannerEmulatorConfig {
        baud: 115_200,
        link: Some(dir.path().join("sc")),
        terminator: ScanTerminator::Lf,
        framing: ScanFraming::None,
    })
    .unwrap();
    let (_driver, mut events) = CardScanner::spawn(ScannerSettings {
        port: scanner.path().to_string_lossy().into_owned(),
        baud: 115_200,
        terminator: ScanTerminator::Lf,
        framing: ScanFraming::None,
    });
    assert!(matches!(
        next(&mut events).await,
        ScannerEvent::Connected { .. }
    ));

    let population = Population::reference(chrono::Local::now().date_naive());
    let citizen = population.demo(0);
    for carrier in ["qr", "qr-new", "mrz", "pdf417"] {
        let line = format!("citizen {} {carrier}", citizen.run_body);
        assert!(matches!(
            execute(&line, &fingerprint, &scanner),
            Ok(Reply::Text(_))
        ));
        match next(&mut events).await {
            ScannerEvent::CardRead(card) => assert_eq!(card.run.body(), citizen.run_body),
            other => panic!("{carrier}: expected a card, got {other:?}"),
        }
    }
    assert!(execute("citizen 1 qr", &fingerprint, &scanner).is_err());
    assert!(execute("fault sideways", &fingerprint, &scanner).is_err());
    assert!(execute("bogus", &fingerprint, &scanner).is_err());

    execute("fault disconnect", &fingerprint, &scanner).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!fingerprint.path().exists());
    execute("fault none", &fingerprint, &scanner).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(fingerprint.path().exists());
    assert!(matches!(
        execute("quit", &fingerprint, &scanner),
        Ok(Reply::Quit)
    ));
}

async fn next(events: &mut tokio::sync::mpsc::Receiver<ScannerEvent>) -> ScannerEvent {
    timeout(Duration::from_secs(5), events.recv())
        .await
        .unwrap()
        .unwrap()
}

#[test]
fn a_removed_link_comes_back_and_a_missing_folder_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("not-yet").join("fp");
    let emulator = FingerprintEmulator::start(FingerprintEmulatorConfig {
        link: Some(link.clone()),
        ..FingerprintEmulatorConfig::default()
    })
    .unwrap();
    assert!(link.exists());
    std::fs::remove_file(&link).unwrap();
    std::thread::sleep(Duration::from_millis(1300));
    assert!(link.exists(), "the emulator put its link back");
    drop(emulator);
    assert!(
        std::fs::symlink_metadata(&link).is_err(),
        "and removes it when stopped"
    );
}
