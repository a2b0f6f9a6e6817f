//! `totem-sim demo --no-kiosk`: the real binary, its control API over http,
//! and the kiosk's own drivers on the emulators' pseudo-terminals. What the
//! demo panel asks for must arrive as bytes the kiosk reads.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use totem_config::{FingerprintSettings, ScanFraming, ScanTerminator, ScannerSettings};
use totem_device::{CardScanner, FingerprintEvent, FingerprintReader, ScannerEvent};
use totem_sim_people::{finger_template, similarity};

struct Demo {
    child: Child,
    control: String,
    registry: String,
}

impl Drop for Demo {
    fn drop(&mut self) {
        // SIGTERM: the demo's own clean shutdown (links removed).
        unsafe {
            libc::kill(self.child.id() as i32, libc::SIGTERM);
        }
        let _ = self.child.wait();
    }
}

fn start(state: &Path) -> Demo {
    let mut child = Command::new(env!("CARGO_BIN_EXE_totem-sim"))
        .args([
            "demo",
            "--no-kiosk",
            "--control",
            "127.0.0.1:0",
            "--state-dir",
        ])
        .arg(state)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (mut control, mut registry) = (String::new(), String::new());
    for line in lines.by_ref() {
        let line = line.unwrap();
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["demo", "control", url, ..] => control = url.to_string(),
            ["registry", url, ..] => registry = url.to_string(),
            ["ready"] => break,
            _ => {}
        }
    }
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    assert!(control.starts_with("http://127.0.0.1:"), "{control}");
    Demo {
        child,
        control,
        registry,
    }
}

async fn next_card(cards: &mut tokio::sync::mpsc::Receiver<ScannerEvent>) -> ScannerEvent {
    loop {
        match tokio::time::timeout(Duration::from_secs(10), cards.recv()).await {
            Ok(Some(ScannerEvent::Connected { .. })) => continue,
            Ok(Some(event)) => return event,
            other => panic!("no scanner event: {other:?}"),
        }
    }
}

async fn post(
    client: &reqwest::Client,
    url: String,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = client.post(url).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_control_api_puts_a_card_and_a_finger_on_the_kiosks_serial_lines() {
    let state = tempfile::tempdir().unwrap();
    let demo = start(state.path());
    let client = reqwest::Client::new();

    // The written config is a valid demo config pointing at this run.
    let kiosk = totem_config::load_kiosk(&state.path().join("kiosk-config/kiosk.toml")).unwrap();
    assert!(kiosk.kiosk.demo);
    assert_eq!(kiosk.backend.url, demo.registry);
    let health = client
        .get(format!("{}/v1/health", demo.registry))
        .send()
        .await
        .unwrap();
    assert!(health.status().is_success(), "the registry answers");

    let citizens: Vec<serde_json::Value> = client
        .get(format!("{}/demo/citizens", demo.control))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(citizens[1]["run"], "44.000.055-K");
    assert!(citizens.len() >= 9);

    // The card, through the kiosk's scanner driver on the linked pty.
    let (_scanner, mut cards) = CardScanner::spawn(ScannerSettings {
        port: kiosk.devices.scanner.port.clone(),
        baud: 9600,
        terminator: ScanTerminator::Cr,
        framing: ScanFraming::None,
    });
    // Wait for the driver to hold the port before presenting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for carrier in ["qr", "mrz"] {
        let (status, _) = post(
            &client,
            format!("{}/demo/card", demo.control),
            serde_json::json!({ "run_body": 44_000_055, "carrier": carrier }),
        )
        .await;
        assert_eq!(status, 200);
        match next_card(&mut cards).await {
            ScannerEvent::CardRead(card) => assert_eq!(card.run.body(), 44_000_055, "{carrier}"),
            other => panic!("{carrier}: {other:?}"),
        }
    }
    let (status, said) = post(
        &client,
        format!("{}/demo/card", demo.control),
        serde_json::json!({ "run_body": 12_345_670 }),
    )
    .await;
    assert_eq!(status, 400);
    assert!(said["error"]
        .as_str()
        .unwrap()
        .contains("no synthetic citizen"));

    // The fingers, through the kiosk's fingerprint driver, the way a demo
    // user tries a wrong finger and then the right one: each is lifted once
    // read, so the driver (which reads a resting finger only once) takes
    // each placement as one try.
    let (reader, mut fingers) = FingerprintReader::spawn(FingerprintSettings {
        port: kiosk.devices.fingerprint.port.clone(),
        baud: kiosk.devices.fingerprint.baud,
        finger_timeout_secs: 2,
        ..FingerprintSettings::default()
    });
    loop {
        match tokio::time::timeout(Duration::from_secs(10), fingers.recv()).await {
            Ok(Some(FingerprintEvent::Connected(_))) => break,
            Ok(Some(_)) => continue,
            other => panic!("the reader did not connect: {other:?}"),
        }
    }
    let place = |finger: u8| {
        let client = client.clone();
        let url = format!("{}/demo/finger", demo.control);
        async move {
            let (status, _) = post(
                &client,
                url,
                serde_json::json!({ "run_body": 44_000_055, "finger": finger }),
            )
            .await;
            assert_eq!(status, 200);
        }
    };
    // The next event that is not progress.
    async fn end(fingers: &mut tokio::sync::mpsc::Receiver<FingerprintEvent>) -> FingerprintEvent {
        loop {
            match tokio::time::timeout(Duration::from_secs(10), fingers.recv()).await {
                Ok(Some(
                    FingerprintEvent::WaitingForFinger
                    | FingerprintEvent::FingerDetected
                    | FingerprintEvent::LiftAndPlaceAgain,
                )) => continue,
                Ok(Some(event)) => return event,
                other => panic!("no answer: {other:?}"),
            }
        }
    }
    place(2).await;
    reader.capture(false).await.unwrap();
    match end(&mut fingers).await {
        FingerprintEvent::Captured(c) => {
            assert!(similarity(&c.template, &finger_template(44_000_055, 2)) > 0.8)
        }
        other => panic!("the wrong finger was not captured: {other:?}"),
    }
    // The kiosk asks again at once (as after "does not match"): the reader
    // waits for a finger, it does not read the wrong one a second time.
    reader.capture(false).await.unwrap();
    match tokio::time::timeout(Duration::from_secs(10), fingers.recv()).await {
        Ok(Some(FingerprintEvent::WaitingForFinger)) => {}
        Ok(Some(FingerprintEvent::LiftAndPlaceAgain)) => {
            panic!("the wrong finger was left on the sensor")
        }
        other => panic!("expected WaitingForFinger, got {other:?}"),
    }
    place(1).await;
    match end(&mut fingers).await {
        FingerprintEvent::Captured(c) => {
            assert!(similarity(&c.template, &finger_template(44_000_055, 1)) > 0.8)
        }
        other => panic!("the right finger was not captured: {other:?}"),
    }
    // Lifted: the next capture finds no finger and times out.
    reader.capture(false).await.unwrap();
    match end(&mut fingers).await {
        FingerprintEvent::NoFinger => {}
        other => panic!("expected NoFinger, got {other:?}"),
    }

    // A finger that stays (the citizen forgets to lift it) is read once;
    // the next capture asks to lift it, and reads the next placement.
    let (status, _) = post(
        &client,
        format!("{}/demo/finger", demo.control),
        serde_json::json!({ "run_body": 44_000_055, "finger": 2, "stay": true }),
    )
    .await;
    assert_eq!(status, 200);
    reader.capture(false).await.unwrap();
    assert!(matches!(
        end(&mut fingers).await,
        FingerprintEvent::Captured(_)
    ));
    reader.capture(false).await.unwrap();
    match tokio::time::timeout(Duration::from_secs(10), fingers.recv()).await {
        Ok(Some(FingerprintEvent::LiftAndPlaceAgain)) => {}
        other => panic!("expected LiftAndPlaceAgain, got {other:?}"),
    }
    let (status, _) = post(
        &client,
        format!("{}/demo/lift", demo.control),
        serde_json::json!({}),
    )
    .await;
    assert_eq!(status, 200);
    match tokio::time::timeout(Duration::from_secs(10), fingers.recv()).await {
        Ok(Some(FingerprintEvent::WaitingForFinger)) => {}
        other => panic!("expected WaitingForFinger, got {other:?}"),
    }
    place(1).await;
    match end(&mut fingers).await {
        FingerprintEvent::Captured(c) => {
            assert!(similarity(&c.template, &finger_template(44_000_055, 1)) > 0.8)
        }
        other => panic!("the right finger was not captured: {other:?}"),
    }

    let (status, said) = post(
        &client,
        format!("{}/demo/fault", demo.control),
        serde_json::json!({ "device": "fingerprint", "mode": "melted" }),
    )
    .await;
    assert_eq!(status, 400);
    assert!(said["error"].as_str().unwrap().contains("unknown fault"));
}

/// The demo panel's own requests (`totem::ui::demo_panel`, the kiosk's
/// `demo` feature) as this control API takes them: the citizens it lists
/// are the panel's, and the card the panel presents for the one picked
/// reaches the kiosk's scanner driver.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_panels_requests_are_the_ones_the_control_api_takes() {
    use totem::ui::demo_panel::{Action, Citizen, DemoPanel, Message};
    let state = tempfile::tempdir().unwrap();
    let demo = start(state.path());
    let client = reqwest::Client::new();
    let kiosk = totem_config::load_kiosk(&state.path().join("kiosk-config/kiosk.toml")).unwrap();

    let citizens: Vec<Citizen> = client
        .get(format!("{}/demo/citizens", demo.control))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .expect("the panel reads the control API's citizens");
    assert!(citizens.iter().any(|c| c.run == "44.000.055-K"));
    let mut panel = DemoPanel::new(demo.control.clone());
    let _ = panel.update(Message::Citizens(Ok(citizens)));
    let _ = panel.update(Message::Select(44_000_055));

    let (_scanner, mut cards) = CardScanner::spawn(ScannerSettings {
        port: kiosk.devices.scanner.port.clone(),
        baud: 9600,
        terminator: ScanTerminator::Cr,
        framing: ScanFraming::None,
    });
    // Wait for the driver to hold the port before presenting.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (path, body) = panel
        .request(Action::PresentCard)
        .expect("a citizen is picked");
    let (status, _) = post(&client, format!("{}{path}", demo.control), body).await;
    assert_eq!(status, 200);
    match next_card(&mut cards).await {
        ScannerEvent::CardRead(card) => assert_eq!(card.run.body(), 44_000_055),
        other => panic!("{other:?}"),
    }
    let (path, body) = panel.request(Action::Lift).expect("lifting needs nobody");
    let (status, _) = post(&client, format!("{}{path}", demo.control), body).await;
    assert_eq!(status, 200);
}
