//! What `totem run` tells its operators, through the real `update`/`view`:
//! the Prometheus endpoint (on loopback) after simulated sessions, and the
//! sd_notify messages (READY, STATUS, WATCHDOG) on a real datagram socket.
//! The effects are a recorder: no device, registry or printer here.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::os::unix::net::UnixDatagram;
use std::sync::Arc;
use std::time::Duration;

use iced::{Settings, Task};
use iced_test::Simulator;
use totem::ui::app::{default_catalog, fonts, PORTRAIT};
use totem::ui::operations::Operations;
use totem::ui::{theme, App, Effects, Message};
use totem_flow::{
    CardRead, CardVerdict, CertificateOutcome, Command, Date, Event, FingerEvent, FingerVerdict,
    Secret, SecretBytes,
};
use totem_maintenance::metrics::Metrics;
use totem_maintenance::watchdog::Watchdog;

struct Silent;

impl Effects for Silent {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Message> {
        Task::none()
    }
}

fn kiosk(watchdog: Watchdog) -> (App<Silent>, Arc<Metrics>) {
    let metrics = Arc::new(Metrics::new("TOT-TEST", "0.0.0"));
    let app = App::new(totem_flow::Settings::default(), default_catalog(), Silent)
        .expect("texts")
        .with_operations(Operations::new(metrics.clone(), watchdog));
    (app, metrics)
}

fn touch(app: &mut App<Silent>, label: &str) {
    let settings = Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    };
    let mut ui = Simulator::with_size(settings, PORTRAIT, app.view());
    if let Err(error) = ui.click(label) {
        panic!(
            "cannot touch {label:?} on {:?}: {error}",
            app.session().screen()
        );
    }
    let messages: Vec<Message> = ui.into_messages().collect();
    for message in messages {
        let _ = app.update(message);
    }
}

fn answer(app: &mut App<Silent>, event: Event) {
    let session = app.session().id();
    let _ = app.update(Message::Answer { session, event });
}

fn start(app: &mut App<Silent>, entry: &str) {
    touch(app, "Toque la pantalla para comenzar");
    touch(app, "Español");
    touch(app, entry);
}

fn identify(app: &mut App<Silent>, misses: usize) {
    let _ = app.update(Message::Device(Event::CardRead(CardRead {
        run: Secret::new("11111111-1"),
        document: Secret::new("A01234567"),
        birth_date: Some(Date::new(1980, 5, 5)),
        expiry: Some(Date::new(2031, 1, 1)),
        today: Date::new(2026, 11, 25),
    })));
    answer(
        app,
        Event::CardChecked(CardVerdict::Valid { birth_date: None }),
    );
    for verdict in std::iter::repeat_n(FingerVerdict::NoMatch, misses).chain([FingerVerdict::Match])
    {
        let _ = app.update(Message::Device(Event::Finger(FingerEvent::Captured(
            SecretBytes::new(vec![3; 512]),
        ))));
        answer(app, Event::FingerChecked(verdict));
    }
}

/// GET /metrics from the real endpoint.
fn scrape(metrics: Arc<Metrics>) -> String {
    let endpoint =
        totem_maintenance::http::start_in_background("127.0.0.1:0", metrics).expect("bind");
    let mut stream = TcpStream::connect(endpoint.addr).expect("connect");
    stream
        .write_all(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .expect("send");
    let mut text = String::new();
    stream.read_to_string(&mut text).expect("read");
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    text
}

#[test]
fn the_metrics_endpoint_counts_a_printed_certificate_and_a_cancelled_recover() {
    let (mut app, metrics) = kiosk(Watchdog::from_values(None, None, None, 1));
    start(&mut app, "Certificados gratuitos");
    touch(&mut app, "Antecedentes");
    touch(&mut app, "Fines particulares");
    identify(&mut app, 1);
    let _ = app.update(Message::Device(Event::Finger(FingerEvent::PoorImage)));
    touch(&mut app, "Imprimir certificado");
    answer(
        &mut app,
        Event::CertificateIssued(CertificateOutcome::Issued {
            folio: "900001".into(),
        }),
    );
    answer(&mut app, Event::Printed(Ok(())));
    touch(&mut app, "Terminar");

    // A second citizen walks away from the recover flow.
    let _ = app.update(Message::Device(Event::Availability {
        service: totem_flow::Service::Scanner,
        available: true,
    }));
    while app.session().screen() != totem_flow::Screen::Attract {
        let _ = app.update(Message::Tick(
            std::time::Instant::now() + Duration::from_secs(600),
        ));
    }
    start(&mut app, "Recuperar Clave Única");
    touch(&mut app, "Cancelar");

    let text = scrape(metrics);
    for line in [
        "totem_sessions_started_total{flow=\"certificate\"} 1",
        "totem_sessions_completed_total{flow=\"certificate\"} 1",
        "totem_sessions_started_total{flow=\"recover\"} 1",
        "totem_sessions_completed_total{flow=\"recover\"} 0",
        "totem_sessions_abandoned_total{flow=\"recover\",reason=\"cancelled\"} 1",
        "totem_sessions_abandoned_total{flow=\"certificate\",reason=\"cancelled\"} 0",
        "totem_fingerprint_tries_total{outcome=\"match\"} 1",
        "totem_fingerprint_tries_total{outcome=\"no_match\"} 1",
        "totem_fingerprint_tries_total{outcome=\"poor_image\"} 1",
        "totem_certificates_printed_total{kind=\"antecedentes-fines-particulares\"} 1",
        "totem_device_connected{device=\"scanner\"} 1",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains("11111111"), "a RUN in the metrics");
}

#[test]
fn systemd_hears_ready_once_the_attract_screen_is_drawn_and_status_on_each_return() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("notify");
    let manager = UnixDatagram::bind(&path).expect("bind");
    manager
        .set_read_timeout(Some(Duration::from_secs(2)))
        .expect("timeout");
    let socket = path.to_str().expect("utf-8 path");
    let watchdog = Watchdog::from_values(Some(socket), Some("2000000"), None, 1);
    let (mut app, _metrics) = kiosk(watchdog);
    let next = || {
        let mut buf = [0u8; 256];
        let n = manager.recv(&mut buf).expect("a notification");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };

    // The watchdog's period is half of WATCHDOG_USEC, from the ui loop's timer.
    assert_eq!(
        app.operations().and_then(Operations::ping_interval),
        Some(Duration::from_secs(1))
    );
    let _ = app.view();
    assert_eq!(next(), "READY=1\nSTATUS=attract");
    let _ = app.view();
    let _ = app.update(Message::WatchdogPing);
    assert_eq!(next(), "WATCHDOG=1", "READY is sent once only");

    start(&mut app, "Recuperar Clave Única");
    touch(&mut app, "Cancelar");
    while app.session().screen() != totem_flow::Screen::Attract {
        let _ = app.update(Message::Tick(
            std::time::Instant::now() + Duration::from_secs(600),
        ));
    }
    assert_eq!(next(), "STATUS=attract");
}
