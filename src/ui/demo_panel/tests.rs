//! The demo panel's requests, its answers and its touches.

use super::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

fn citizen(run_body: u32) -> Citizen {
    Citizen {
        run_body,
        run: format!("{run_body}"),
        name: "Synthetic Person".into(),
        age: 40,
        card: "valid".into(),
        has_key: true,
        good_for: "recover".into(),
    }
}

fn panel_with_two() -> DemoPanel {
    let mut panel = DemoPanel::new("http://127.0.0.1:9");
    let _ = panel.update(Message::Citizens(Ok(vec![
        citizen(44_000_055),
        citizen(44_000_044),
    ])));
    panel
}

#[test]
fn nothing_is_sent_for_a_citizen_until_one_is_picked() {
    let mut panel = panel_with_two();
    assert_eq!(panel.request(Action::PresentCard), None);
    let _ = panel.update(Message::Act(Action::RightFinger));
    assert_eq!(panel.status(), "Pick a citizen first.");
    // Lifting needs nobody.
    assert_eq!(panel.request(Action::Lift).map(|r| r.0), Some("/demo/lift"));
}

#[test]
fn each_button_asks_the_control_api_for_its_own_card_or_finger() {
    let mut panel = panel_with_two();
    let _ = panel.update(Message::Select(44_000_055));
    let (path, body) = panel.request(Action::PresentCard).unwrap();
    assert_eq!(path, "/demo/card");
    assert_eq!(body["run_body"], 44_000_055);
    let (_, right) = panel.request(Action::RightFinger).unwrap();
    assert_eq!(
        (right["run_body"].as_u64(), right["finger"].as_u64()),
        (Some(44_000_055), Some(1))
    );
    let (_, wrong) = panel.request(Action::WrongFinger).unwrap();
    assert_eq!(
        (wrong["run_body"].as_u64(), wrong["finger"].as_u64()),
        (Some(44_000_055), Some(2))
    );
    let (_, other) = panel.request(Action::SomeoneElsesFinger).unwrap();
    assert_eq!(
        (other["run_body"].as_u64(), other["finger"].as_u64()),
        (Some(44_000_044), Some(1))
    );
}

#[test]
fn only_a_demo_kiosk_with_a_loopback_control_url_gets_a_panel() {
    // One test touches the process-wide switch and the environment.
    allow(false);
    std::env::set_var(CONTROL_ENV, "http://127.0.0.1:4000");
    assert!(
        DemoPanel::from_env().is_none(),
        "kiosk.demo = false: no panel"
    );
    allow(true);
    assert!(DemoPanel::from_env().is_some());
    std::env::set_var(CONTROL_ENV, "http://registry.example:4000");
    assert!(DemoPanel::from_env().is_none(), "never a remote control");
    std::env::remove_var(CONTROL_ENV);
    assert!(DemoPanel::from_env().is_none());
    allow(false);
}

/// A one-shot HTTP server on loopback: returns the request it got.
fn answer_once(
    status: &'static str,
    reply: &'static str,
) -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        let mut length = 0usize;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let mut stream = stream;
        write!(
            stream,
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
            reply.len()
        )
        .unwrap();
        format!("{head}{}", String::from_utf8(body).unwrap())
    });
    (url, handle)
}

#[test]
fn a_finger_is_posted_as_json_and_a_refusal_comes_back_as_a_sentence() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let client = reqwest::Client::new();

    let (url, server) = answer_once("200 OK", r#"{"ok":true}"#);
    let body = serde_json::json!({ "run_body": 44_000_055, "finger": 1 });
    let sent = runtime.block_on(send(client.clone(), format!("{url}/demo/finger"), body));
    assert_eq!(sent, Ok(()));
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /demo/finger "), "{request}");
    assert!(
        request.ends_with(r#"{"finger":1,"run_body":44000055}"#),
        "{request}"
    );

    let (url, server) = answer_once(
        "400 Bad Request",
        r#"{"error":"no synthetic citizen has that RUN body"}"#,
    );
    let sent = runtime.block_on(send(
        client,
        format!("{url}/demo/card"),
        serde_json::json!({}),
    ));
    server.join().unwrap();
    assert_eq!(
        sent,
        Err("The demo control refused: no synthetic citizen has that RUN body".into())
    );
}

fn simulator<'a>(view: Element<'a, Message>) -> iced_test::Simulator<'a, Message> {
    let settings = iced::Settings {
        fonts: crate::ui::theme::fonts(),
        default_font: theme::REGULAR,
        ..iced::Settings::default()
    };
    iced_test::Simulator::with_size(settings, crate::ui::theme::PORTRAIT, view)
}

/// Touch `label` on the panel as drawn; feed what it says back in.
fn touch(panel: &mut DemoPanel, label: &str) -> Vec<Message> {
    let mut ui = simulator(panel.view());
    ui.click(label).unwrap_or_else(|e| panic!("{label}: {e}"));
    let said: Vec<Message> = ui.into_messages().collect();
    for m in said.clone() {
        let _ = panel.update(m);
    }
    said
}

#[test]
fn the_tab_opens_the_panel_and_its_buttons_act_on_the_citizen_picked() {
    let mut panel = panel_with_two();
    panel.citizens[0].name = "María José González Núñez".into();
    assert!(!panel.is_open());
    touch(&mut panel, "D");
    assert!(panel.is_open(), "the DEMO tab opens it");
    // No one picked: the citizen buttons are greyed and say nothing.
    assert!(touch(&mut panel, "Present card").is_empty());
    touch(&mut panel, "María José González Núñez");
    assert_eq!(panel.selected().map(|c| c.run_body), Some(44_000_055));
    let said = touch(&mut panel, "Present card");
    assert!(
        matches!(said[..], [Message::Act(Action::PresentCard)]),
        "{said:?}"
    );
    let said = touch(&mut panel, "Wrong finger");
    assert!(
        matches!(said[..], [Message::Act(Action::WrongFinger)]),
        "{said:?}"
    );
    touch(&mut panel, "✕");
    assert!(!panel.is_open());
}

/// `TOTEM_SNAPSHOTS=DIR cargo test -p totem --features demo --lib demo_panel -- --ignored`
#[test]
#[ignore = "writes a picture; run by hand"]
fn snapshot() {
    let dir = std::path::PathBuf::from(
        std::env::var("TOTEM_SNAPSHOTS").unwrap_or_else(|_| "/tmp/totem-snapshots".into()),
    );
    std::fs::create_dir_all(&dir).unwrap();
    let mut panel = DemoPanel::new("http://127.0.0.1:9");
    let today = [
        "44.000.066-5",
        "44.000.055-K",
        "44.000.099-1",
        "44.000.022-3",
    ];
    let list = today
        .iter()
        .enumerate()
        .map(|(i, run)| Citizen {
            run_body: i as u32 + 1,
            run: run.to_string(),
            name: format!("Persona Sintética {}", i + 1),
            age: 30 + i as u32,
            card: "valid".into(),
            has_key: i % 2 == 1,
            good_for: "Recuperar ClaveÚnica".into(),
        })
        .collect();
    let _ = panel.update(Message::Citizens(Ok(list)));
    for (name, open) in [("demo-panel-closed", false), ("demo-panel-open", true)] {
        if open {
            let _ = panel.update(Message::Toggle);
            let _ = panel.update(Message::Select(2));
        }
        let base: Element<'_, Message> = container(text("Kiosk screen").size(theme::TITLE))
            .center(Length::Fill)
            .style(|_t| container::Style {
                background: Some(iced::Background::Color(theme::WHITE)),
                ..Default::default()
            })
            .into();
        let mut ui = simulator(overlay(base, Some(&panel), |m| m));
        let shot = ui.snapshot(&theme::theme()).unwrap();
        let path = dir.join(format!("{name}.png"));
        // `matches_image` writes NAME-tiny-skia.png when there is none.
        let _ = std::fs::remove_file(dir.join(format!("{name}-tiny-skia.png")));
        assert!(shot.matches_image(&path).unwrap());
    }
}

#[test]
fn an_absent_control_api_is_said_plainly() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // A port nobody listens on: bound, then closed.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let got = runtime.block_on(fetch_citizens(
        reqwest::Client::new(),
        format!("http://127.0.0.1:{port}/demo/citizens"),
    ));
    assert!(got
        .unwrap_err()
        .starts_with("The demo control does not answer"));
}
