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
use totem::ui::screens::maintenance::{self, Maintenance, Site};
use totem::ui::{theme, App, Effects, Message};
use totem_flow::{
    CardRead, CardVerdict, CertificateOutcome, Command, Date, Event, FingerEvent, FingerVerdict,
    Secret, SecretBytes,
};
use totem_maintenance::desk::MaintenanceDesk;
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

/// A kiosk with maintenance mode, its audit log in `dir`; the PIN is 2468.
fn maintained(dir: &std::path::Path) -> App<Silent> {
    let settings = totem_config::kiosk::MaintenanceSettings {
        pin_hash: totem_maintenance::pin::hash_pin("2468").expect("hash"),
        audit_log: dir.join("audit.log").display().to_string(),
        pin_state_file: dir.join("pin-lock.json").display().to_string(),
        ..Default::default()
    };
    let metrics = Arc::new(Metrics::new("TOT-TEST", "0.0.0"));
    let now = totem_maintenance::chrono::Utc::now();
    let desk =
        MaintenanceDesk::open(&settings, "TOT-TEST", Some(metrics.clone()), now).expect("desk");
    let site = Site {
        kiosk_id: "TOT-TEST".into(),
        site: "Oficina de prueba".into(),
        backend_url: "https://registry.test.invalid".into(),
        client_cert: dir.join("missing.pem"),
        printer_queue: "totem".into(),
        spool_dir: dir.display().to_string(),
        scanner: ("/dev/null".into(), 9600),
        fingerprint: ("/dev/null".into(), 57600),
    };
    let mut maintenance = Maintenance::new(desk, metrics.clone(), None, site);
    maintenance.open_pad();
    App::new(totem_flow::Settings::default(), default_catalog(), Silent)
        .expect("texts")
        .with_operations(
            Operations::new(metrics, Watchdog::from_values(None, None, None, 1))
                .with_maintenance(maintenance),
        )
}

fn sees(app: &App<Silent>, text: &str) -> bool {
    let settings = Settings {
        fonts: fonts(),
        default_font: theme::REGULAR,
        ..Settings::default()
    };
    Simulator::with_size(settings, PORTRAIT, app.view())
        .find(text)
        .is_ok()
}

fn audit(dir: &std::path::Path) -> String {
    std::fs::read_to_string(dir.join("audit.log")).expect("audit log")
}

#[test]
fn five_wrong_pins_lock_the_pad_and_the_audit_log_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = maintained(dir.path());
    assert!(sees(&app, "Ingrese el PIN de técnico"));
    for left in (0..5).rev() {
        touch(&mut app, "1");
        touch(&mut app, "OK");
        match left {
            0 => {}
            1 => assert!(sees(&app, "PIN incorrecto. Queda 1 intento.")),
            _ => assert!(sees(
                &app,
                &format!("PIN incorrecto. Quedan {left} intentos.")
            )),
        }
    }
    assert!(!sees(&app, "OK"), "the pad is gone while locked");
    let _ = app.update(Message::Maintenance(maintenance::Message::Refresh));
    assert!(sees(&app, "Entrada bloqueada por PINs incorrectos."));
    assert!(sees(&app, "Cerrar"), "the locked pad can still be closed");
    let log = audit(dir.path());
    assert_eq!(log.matches("\"pin_failed\"").count(), 5, "{log}");
    assert!(log.contains("\"lockout\""), "{log}");
    assert!(!log.contains("maintenance_entered"), "{log}");
    // Even the right PIN is not checked while locked.
    let _ = app.update(Message::Maintenance(maintenance::Message::Digit('2')));
    let _ = app.update(Message::Maintenance(maintenance::Message::Submit));
    assert!(!audit(dir.path()).contains("maintenance_entered"));
}

#[test]
fn the_right_pin_opens_the_dashboard_and_out_of_service_replaces_the_attract_screen() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut app = maintained(dir.path());
    for digit in ["2", "4", "6", "8"] {
        touch(&mut app, digit);
    }
    touch(&mut app, "OK");
    assert!(sees(&app, "Salir de mantenimiento"), "dashboard not shown");
    assert!(sees(&app, "Lector de cédula"));
    assert!(sees(&app, "Servidor del Registro"));
    touch(&mut app, "Poner fuera de servicio");
    touch(&mut app, "Salir de mantenimiento");
    assert!(sees(&app, "Fuera de servicio"));
    assert!(!sees(&app, "Toque la pantalla para comenzar"));
    let log = audit(dir.path());
    let events: Vec<&str> = log
        .lines()
        .filter_map(|l| l.split("\"event\":\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(
        events,
        [
            "application_started",
            "maintenance_entered",
            "out_of_service",
            "maintenance_left"
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_heartbeat_thread_reaches_the_reference_registry_over_tls() {
    use totem_sim_registry::{Server, ServerConfig, TlsMaterial, Transport};
    let dir = tempfile::tempdir().expect("tempdir");
    let material = TlsMaterial::generate("TOT-0001").expect("tls");
    material
        .write_dir(&dir.path().join("tls"))
        .expect("write tls");
    let server = Server::start(ServerConfig::new(
        dir.path().join("registry.db"),
        Transport::Tls(material.clone()),
    ))
    .await
    .expect("server");
    let client = totem_registry::Client::from_pem(
        &server.url(),
        Some(totem_registry::ClientTls {
            ca_pem: material.ca_cert_pem.clone().into_bytes(),
            identity_pem: Some(material.kiosk_identity_pem()),
        }),
        Duration::from_secs(5),
        "TOT-0001",
        false,
    )
    .expect("client");
    let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
    totem::ui::operations::start_heartbeat(
        client,
        metrics.clone(),
        "TOT-0001".into(),
        dir.path().to_owned(),
        dir.path().join("tls/kiosk.pem"),
        Duration::from_millis(100),
    );
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let beats = loop {
        let beats: i64 = server.with_db(|db| {
            // One row per kiosk, counting the beats it received.
            db.query_row(
                "SELECT COALESCE(MAX(received), 0) FROM heartbeats WHERE kiosk_id = 'TOT-0001'",
                [],
                |r| r.get(0),
            )
            .expect("count")
        });
        if beats >= 2 || std::time::Instant::now() > deadline {
            break beats;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(beats >= 2, "{beats} heartbeats stored");
    let text = metrics.render();
    assert!(text.contains("totem_heartbeat_failures_total 0"), "{text}");
    assert!(text.contains("totem_spool_free_bytes "), "{text}");
    assert!(
        !text.contains("totem_client_cert_not_after_timestamp_seconds 0"),
        "{text}"
    );
}
