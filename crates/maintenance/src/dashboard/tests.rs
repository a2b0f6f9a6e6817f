//! The dashboard's tests: every sentence it and the action reports can
//! show, translated with the shipped Fluent files in both languages.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::*;
use crate::desk::ActionKind;
use crate::disk::DiskSpace;
use crate::metrics::{Device, PrinterState};
use crate::reports::{
    self, CaptureQuality, CaptureTest, LedTest, RawScan, ReloadOutcome, TestPageProgress,
};
use chrono::TimeZone;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};

/// The shipped texts, as the ui loads them.
pub(crate) struct Say {
    es: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

impl Say {
    pub(crate) fn new() -> Self {
        let bundle = |tag: &str, source: &str| {
            let mut b = FluentBundle::new(vec![tag
                .parse::<unic_langid::LanguageIdentifier>()
                .unwrap()]);
            b.set_use_isolating(false);
            b.add_resource(FluentResource::try_new(source.to_owned()).unwrap())
                .unwrap();
            b
        };
        Self {
            es: bundle("es", include_str!("../../../../assets/i18n/es.ftl")),
            en: bundle("en", include_str!("../../../../assets/i18n/en.ftl")),
        }
    }

    /// Translates `text`; a missing id or argument fails the test.
    pub(crate) fn say(&self, english: bool, text: &Text) -> String {
        let bundle = if english { &self.en } else { &self.es };
        let mut args = FluentArgs::new();
        for (name, arg) in &text.args {
            let value = match arg {
                Arg::Str(s) => FluentValue::from(s.clone()),
                Arg::Num(n) => FluentValue::from(*n),
                Arg::Text(t) => FluentValue::from(self.say(english, t)),
            };
            args.set(*name, value);
        }
        let message = bundle.get_message(text.key).unwrap_or_else(|| {
            panic!(
                "{} missing in {}",
                text.key,
                if english { "en" } else { "es" }
            )
        });
        let mut errors = Vec::new();
        let out = bundle
            .format_pattern(message.value().unwrap(), Some(&args), &mut errors)
            .into_owned();
        assert!(errors.is_empty(), "{}: {errors:?}", text.key);
        out
    }

    pub(crate) fn es(&self, text: &Text) -> String {
        self.say(false, text)
    }

    pub(crate) fn en(&self, text: &Text) -> String {
        self.say(true, text)
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0)
        .single()
        .unwrap()
}

fn healthy() -> DashboardInputs {
    DashboardInputs {
        now: now(),
        kiosk_id: "TOT-0001".into(),
        site: "Hospital Regional".into(),
        version: "0.1.0".into(),
        uptime: Duration::from_secs(3 * 86_400 + 4 * 3600),
        sessions_today: 37,
        devices: vec![
            DeviceInput {
                device: Device::Scanner,
                port: "/dev/ttyACM0".into(),
                baud: 9600,
                params: vec![],
                connected_since: Some(now() - chrono::TimeDelta::hours(2)),
                last_error: None,
                has_led: None,
                paused: false,
            },
            DeviceInput {
                device: Device::Fingerprint,
                port: "/dev/ttyUSB0".into(),
                baud: 57_600,
                params: vec![
                    (Text::new("maint-param-library-size"), Text::raw("200")),
                    (Text::new("maint-param-led"), yes_no(true)),
                ],
                connected_since: Some(now() - chrono::TimeDelta::hours(2)),
                last_error: Some(Text::new("maint-error-no-answer")),
                has_led: Some(true),
                paused: false,
            },
        ],
        backend: BackendInput {
            url: "https://registry.example.invalid".into(),
            reachable: Some(true),
            last_latency: Some(Duration::from_millis(85)),
            client_cert_not_after: Ok(now() + chrono::TimeDelta::days(200)),
            reports_waiting: Some(0),
        },
        printer: PrinterInput {
            queue: "totem".into(),
            state: PrinterState::Idle,
            reasons: vec!["none".into()],
            jobs_waiting: 0,
        },
        spool_dir: "/var/lib/totem/spool".into(),
        spool_space: Ok(DiskSpace {
            free: 20_000_000_000,
            total: 32_000_000_000,
        }),
        out_of_service: None,
        log_tail: vec!["{\"message\":\"session started\"}".into()],
        recent_audit: vec![],
    }
}

fn section<'a>(d: &'a Dashboard, key: &str) -> &'a Section {
    d.sections.iter().find(|s| s.title.key == key).unwrap()
}

fn action(d: &Dashboard, kind: ActionKind) -> &ActionButton {
    d.actions.iter().find(|a| a.kind == kind).unwrap()
}

#[test]
fn a_healthy_kiosk_is_all_green_in_both_languages() {
    let say = Say::new();
    let d = build(&healthy());
    assert_eq!(d.overall, Severity::Ok, "{:#?}", d.sections);
    assert!(d.problems.is_empty());
    assert_eq!(d.heading, "TOT-0001 · Hospital Regional · v0.1.0");
    let kiosk = &d.sections[0];
    assert_eq!(say.es(&kiosk.title), "Tótem");
    assert_eq!(say.es(&kiosk.rows[1].label), "En marcha hace");
    assert_eq!(say.es(&kiosk.rows[1].value), "3 d 4 h");
    assert_eq!(say.en(&kiosk.rows[2].label), "Sessions today");
    assert_eq!(say.es(&kiosk.rows[2].value), "37");
    let fp = section(&d, "maint-section-fingerprint");
    assert_eq!(say.es(&fp.title), "Lector de huella");
    assert_eq!(say.es(&fp.rows[0].value), "/dev/ttyUSB0 a 57600 baudios");
    assert_eq!(say.en(&fp.rows[0].value), "/dev/ttyUSB0 at 57600 baud");
    assert_eq!(
        say.es(&fp.rows[1].value),
        "desde 2026-11-25 10:00:00 (hace 2 h 0 min)"
    );
    assert_eq!(
        say.en(&fp.rows[1].value),
        "since 2026-11-25 10:00:00 (2 h 0 min ago)"
    );
    let shown: Vec<(String, String)> = fp
        .rows
        .iter()
        .map(|r| (say.es(&r.label), say.es(&r.value)))
        .collect();
    assert!(
        shown.contains(&("Anillo LED".into(), "sí".into())),
        "{shown:?}"
    );
    assert!(shown.contains(&("Capacidad de la biblioteca".into(), "200".into())));
    // A past error while connected is a hint, not a fault.
    let last = fp.rows.last().unwrap();
    assert_eq!(say.en(&last.label), "Last error");
    assert_eq!(last.severity, Severity::Ok);
    let disabled: Vec<_> = d
        .actions
        .iter()
        .filter(|a| a.disabled_because.is_some())
        .map(|a| a.kind)
        .collect();
    assert_eq!(disabled, [ActionKind::BackInService]);
    let labels: Vec<String> = d.actions.iter().map(|a| say.es(&a.label)).collect();
    assert_eq!(labels[0], "Probar captura de huella");
    assert_eq!(labels[9], "Salir de mantenimiento");
}

#[test]
fn what_is_broken_comes_first_in_plain_words_in_both_languages() {
    let say = Say::new();
    let mut i = healthy();
    i.devices[1].connected_since = None;
    i.printer = PrinterInput {
        queue: "totem".into(),
        state: PrinterState::Stopped,
        reasons: vec!["media-empty-error".into(), "media-low-report".into()],
        jobs_waiting: 2,
    };
    i.backend.client_cert_not_after = Ok(now() + chrono::TimeDelta::days(12));
    i.spool_space = Ok(DiskSpace {
        free: 80_000_000,
        total: 32_000_000_000,
    });
    let d = build(&i);
    assert_eq!(d.overall, Severity::Fault);
    let en: Vec<String> = d.problems.iter().map(|p| say.en(p)).collect();
    assert_eq!(
        en,
        [
            "Fingerprint reader is not connected (/dev/ttyUSB0).",
            "The kiosk's TLS certificate expires in 12 days.",
            "The printer is stopped.",
            "Printer: out of paper: refill the tray.",
            "Little disk space left for the print spool (80.0 MB).",
        ]
    );
    let es: Vec<String> = d.problems.iter().map(|p| say.es(p)).collect();
    assert_eq!(
        es,
        [
            "Lector de huella no está conectado (/dev/ttyUSB0).",
            "El certificado TLS del tótem vence en 12 días.",
            "La impresora está detenida.",
            "Impresora: sin papel: rellene la bandeja.",
            "Queda poco espacio en disco para la cola de impresión (80.0 MB).",
        ]
    );
    let printer = section(&d, "maint-section-printer");
    assert!(printer.rows.iter().any(|r| say.es(&r.value)
        == "media-empty-error: sin papel: rellene la bandeja"
        && r.severity == Severity::Fault));
    let led = action(&d, ActionKind::LedTest);
    assert_eq!(
        led.disabled_because.as_ref().map(|t| say.es(t)).as_deref(),
        Some("el lector de huella no está conectado")
    );
    // A disconnected reader's last error is a fault.
    let fp = section(&d, "maint-section-fingerprint");
    assert_eq!(fp.rows.last().unwrap().severity, Severity::Fault);
}

#[test]
fn a_reader_without_a_led_greys_the_led_test_and_says_why() {
    let say = Say::new();
    let mut i = healthy();
    i.devices[1].has_led = Some(false);
    let d = build(&i);
    let led = action(&d, ActionKind::LedTest);
    assert_eq!(
        led.disabled_because.as_ref().map(|t| say.en(t)).as_deref(),
        Some("this reader has no LED ring")
    );
    // Capture still works.
    let capture = action(&d, ActionKind::TestFingerprintCapture);
    assert!(capture.disabled_because.is_none());
}

#[test]
fn paused_drivers_are_not_a_fault() {
    let say = Say::new();
    let mut i = healthy();
    for d in &mut i.devices {
        d.paused = true;
        d.connected_since = None;
    }
    let d = build(&i);
    assert!(d.problems.is_empty(), "{:?}", d.problems);
    let scanner = section(&d, "maint-section-scanner");
    assert_eq!(
        say.es(&scanner.rows[1].value),
        "en pausa mientras escucha la prueba de lectura cruda"
    );
}

#[test]
fn an_expired_or_unreadable_certificate_is_a_fault() {
    let say = Say::new();
    let mut i = healthy();
    i.backend.client_cert_not_after = Ok(now() - chrono::TimeDelta::days(1));
    assert_eq!(build(&i).overall, Severity::Fault);
    i.backend.client_cert_not_after =
        Err("cannot read /etc/totem/tls/kiosk.pem: No such file".into());
    let d = build(&i);
    let es: Vec<String> = d.problems.iter().map(|p| say.es(p)).collect();
    assert!(es.contains(&"No se puede leer el certificado TLS del tótem.".to_owned()));
}

#[test]
fn a_demo_over_plain_http_needs_no_certificate() {
    let say = Say::new();
    let mut i = healthy();
    i.backend.url = "http://127.0.0.1:8931".into();
    i.backend.client_cert_not_after = Err("cannot read /etc/totem/tls/kiosk.pem".into());
    let d = build(&i);
    assert_eq!(d.overall, Severity::Ok);
    assert!(d.problems.is_empty());
    let rows: Vec<String> = d
        .sections
        .iter()
        .flat_map(|s| &s.rows)
        .map(|r| say.es(&r.value))
        .collect();
    assert!(rows.contains(&"no se usa (demo por http sin cifrar)".to_owned()));
}

#[test]
fn delivery_reports_waiting_show_amber_with_their_count() {
    let say = Say::new();
    let value = |d: &Dashboard| {
        d.sections
            .iter()
            .flat_map(|s| &s.rows)
            .find(|r| r.label.key == "maint-reports-waiting")
            .map(|r| (say.es(&r.value), say.en(&r.value), r.severity))
    };
    let mut i = healthy();
    assert_eq!(
        value(&build(&i)),
        Some(("ninguno".into(), "none".into(), Severity::Ok))
    );
    i.backend.reports_waiting = Some(2);
    assert_eq!(
        value(&build(&i)),
        Some((
            "2 (se envían cuando el Registro los reciba)".into(),
            "2 (sent when the registry takes them)".into(),
            Severity::Warning
        ))
    );
    i.backend.reports_waiting = None;
    assert_eq!(value(&build(&i)), None);
}

#[test]
fn a_large_disk_with_a_small_share_free_is_fine() {
    let mut i = healthy();
    // 20 GB free on a 250 GB disk: 8 %, yet years of certificates.
    i.spool_space = Ok(DiskSpace {
        free: 20_000_000_000,
        total: 250_000_000_000,
    });
    assert!(build(&i).problems.is_empty());
    i.spool_space = Ok(DiskSpace {
        free: 400_000_000,
        total: 250_000_000_000,
    });
    assert_eq!(build(&i).overall, Severity::Warning);
}

#[test]
fn out_of_service_shows_and_swaps_the_buttons() {
    let mut i = healthy();
    i.out_of_service = Some("Sin papel".into());
    let d = build(&i);
    assert_eq!(d.overall, Severity::Warning);
    let put = action(&d, ActionKind::PutOutOfService);
    let back = action(&d, ActionKind::BackInService);
    assert!(put.disabled_because.is_some() && back.disabled_because.is_none());
}

/// Every text the dashboard and the reports can produce, in both
/// languages: no missing id, no missing argument, never the raw id.
#[test]
fn every_text_exists_in_both_languages() {
    let say = Say::new();
    let mut broken = healthy();
    broken.devices[0].connected_since = None;
    broken.devices[0].last_error = Some(Text::new("maint-error-at").arg("time", "10:02:03").arg(
        "error",
        Text::new("maint-error-unreadable").arg("reason", Text::new("maint-unreadable-incomplete")),
    ));
    broken.devices[1].paused = true;
    broken.backend.reachable = Some(false);
    broken.backend.last_latency = Some(Duration::from_secs(3));
    broken.backend.client_cert_not_after = Ok(now() - chrono::TimeDelta::days(1));
    broken.printer.state = PrinterState::Offline;
    broken.printer.reasons = [
        "media-empty-error",
        "media-low-warning",
        "media-jam-error",
        "door-open-error",
        "toner-empty-error",
        "toner-low-report",
        "offline-report",
        "paused",
        "other-error",
    ]
    .map(String::from)
    .to_vec();
    broken.printer.jobs_waiting = 3;
    broken.spool_space = Err("statvfs: no such folder".into());
    broken.out_of_service = Some("Fuera".into());
    let mut unknown = healthy();
    unknown.backend.reachable = None;
    unknown.printer.state = PrinterState::Unknown;
    let q = CaptureQuality {
        coverage: 0.62,
        contrast: 0.31,
        score: 71,
        min_coverage: 0.45,
        min_contrast: 0.2,
    };
    let mut texts: Vec<Text> = Vec::new();
    for inputs in [healthy(), broken, unknown] {
        texts.extend(build(&inputs).texts().into_iter().cloned());
    }
    let mut reports = vec![
        reports::reload(&ReloadOutcome::Refused {
            error: "kiosk.toml:3: kiosk.id: expected a string".into(),
        }),
        reports::reload(&ReloadOutcome::Loaded {
            applied: vec![],
            need_restart: vec![],
        }),
        reports::reload(&ReloadOutcome::Loaded {
            applied: vec!["[timeouts]".into()],
            need_restart: vec!["[devices.scanner]".into()],
        }),
        reports::led(LedTest::Done),
        reports::led(LedTest::NoLed),
        reports::led(LedTest::Failed),
        reports::raw_scan(&RawScan::Listening {
            port: "/dev/ttyACM0".into(),
        }),
        reports::raw_scan(&RawScan::Read {
            masked: "x".into(),
            bytes: 1,
            verdict: Text::new("maint-raw-decoded")
                .arg("carrier", "qr")
                .arg("document", "CEDULA"),
        }),
        reports::raw_scan(&RawScan::Read {
            masked: "x".into(),
            bytes: 1,
            verdict: Text::new("maint-raw-not-a-card").arg("error", "mrz: check digit"),
        }),
        reports::raw_scan(&RawScan::PortFailed {
            port: "/dev/ttyACM0".into(),
            error: "busy".into(),
        }),
        reports::capture(&CaptureTest::Captured {
            width: 256,
            height: 288,
            quality: Some(q),
            template_bytes: 512,
        }),
        reports::capture(&CaptureTest::Captured {
            width: 0,
            height: 0,
            quality: None,
            template_bytes: 512,
        }),
        reports::capture(&CaptureTest::PoorImage(Some(q))),
        reports::capture(&CaptureTest::Failed(Text::new("maint-error-link-lost"))),
    ];
    for i in 0..3 {
        reports.push(reports::led(LedTest::Showing(i)));
    }
    for t in [
        CaptureTest::Waiting,
        CaptureTest::Reading,
        CaptureTest::LiftAndPlaceAgain,
        CaptureTest::NoFinger,
    ] {
        reports.push(reports::capture(&t));
    }
    for p in [
        TestPageProgress::Waiting,
        TestPageProgress::PrinterProblem(Text::raw("The printer is out of paper.")),
        TestPageProgress::Printed,
        TestPageProgress::Failed("job-canceled-by-user".into()),
        TestPageProgress::NotSpooled("disk full".into()),
    ] {
        reports.push(reports::test_page("test-1", &p));
    }
    for r in &reports {
        texts.extend(r.lines.iter().cloned());
    }
    for e in [
        "maint-unreadable-not-text",
        "maint-unreadable-too-long",
        "maint-error-not-connected",
        "maint-error-wrong-password",
        "maint-error-link-lost",
        "maint-why-busy",
        "maint-stop",
        "maint-title",
        "maint-pin-prompt",
        "maint-locked",
        "maint-close",
        "maint-language",
        "maint-audit",
        "maint-param-baud",
        "maint-param-packet-size",
        "maint-param-security-level",
    ] {
        texts.push(Text::new(e));
    }
    texts.push(Text::new("maint-error-module").arg("code", "ImageMessy"));
    texts.push(Text::new("maint-unreadable-not-a-card").arg("detail", "mrz: check digit"));
    texts.push(Text::new("maint-error-protocol").arg("what", "a short packet"));
    texts.push(Text::new("maint-param-baud-value").arg("baud", 57600u32));
    texts.push(Text::new("maint-param-packet-size-value").arg("bytes", 128u32));
    texts.push(Text::new("maint-pin-wrong").arg("left", 1u32));
    texts.push(
        Text::new("maint-locked-until")
            .arg("time", "10:15")
            .arg("left", "14:59"),
    );
    assert!(texts.len() > 100, "{}", texts.len());
    for t in &texts {
        for english in [false, true] {
            let s = say.say(english, t);
            assert!(!s.is_empty() && !s.contains("maint-"), "{t:?} -> {s:?}");
        }
    }
}

#[test]
fn plurals_and_reports_read_right_in_spanish() {
    let say = Say::new();
    let wrong = |n: u32| say.es(&Text::new("maint-pin-wrong").arg("left", n));
    assert_eq!(wrong(1), "PIN incorrecto. Queda 1 intento.");
    assert_eq!(wrong(4), "PIN incorrecto. Quedan 4 intentos.");
    let r = reports::capture(&CaptureTest::Captured {
        width: 256,
        height: 288,
        quality: Some(CaptureQuality {
            coverage: 0.624,
            contrast: 0.31,
            score: 71,
            min_coverage: 0.45,
            min_contrast: 0.2,
        }),
        template_bytes: 512,
    });
    let lines: Vec<String> = r.lines.iter().map(|l| say.es(l)).collect();
    assert_eq!(
        lines[..4],
        [
            "Huella capturada: imagen de 256 × 288, plantilla de 512 bytes.",
            "Cobertura: 62 % (mínimo 45 %)",
            "Contraste: 31 % (mínimo 20 %)",
            "Puntaje de calidad: 71",
        ]
    );
    let led = reports::led(LedTest::Done);
    assert_eq!(
        say.en(&led.lines[0]),
        "LED test done: the ring showed red, blue and purple."
    );
    let page = reports::test_page(
        "test-1",
        &TestPageProgress::PrinterProblem(Text::raw("La impresora no tiene papel.")),
    );
    assert_eq!(
        say.es(&page.lines[0]),
        "Página de prueba test-1: aún no se imprime; problema de la impresora: La impresora no tiene papel."
    );
}
