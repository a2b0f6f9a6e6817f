//! The CUPS printer against a real cupsd with a cups-pdf queue, both started
//! here: a private cupsd (own config dir, port and socket, so it never
//! touches the machine's CUPS), run as root because cups-pdf's backend must.
//!
//! If cupsd cannot be started the test FAILS with the reason; set
//! `TOTEM_SKIP_CUPS_TESTS=1` on a development machine without root to skip.
//! The cupsd itself is tests/support/private_cupsd.rs (shared with the
//! dashboard's test-page walk).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use totem_config::PaperSize;
use totem_print::{
    ipp, render_certificate, sample, Backend, CertificateTitle, Cups, Issuer, JobKind, JobPhase,
    Printer, PrinterState,
};

#[path = "support/private_cupsd.rs"]
mod private_cupsd;
use private_cupsd::Cupsd;

impl Cupsd {
    /// Sets the queue's printer-state-reasons, as a printer's backend does
    /// when the device reports them (CUPS-Add-Modify-Printer over IPP).
    fn set_reasons(&self, reasons: &[&str]) {
        let server = ipp::Server(format!("127.0.0.1:{}", self.port));
        let mut req = ipp::Request::new(
            ipp::Operation::CupsAddModifyPrinter,
            1,
            &server.printer_uri(&self.queue),
        )
        .unwrap();
        req.op(
            "requesting-user-name",
            ipp::IppValue::new_name_without_language("root").unwrap(),
        )
        .unwrap()
        .attr(
            ipp::Group::PrinterAttributes,
            "printer-state-reasons",
            ipp::keywords(reasons).unwrap(),
        )
        .unwrap();
        let answer = server.send("/admin/", &req, &[]).unwrap();
        assert!(
            answer.is_success(),
            "CUPS-Add-Modify-Printer: 0x{:04x}",
            answer.status()
        );
    }

    /// IPP job-state of a CUPS job (7 canceled, 9 completed, ...).
    fn job_state(&self, job_id: i32) -> i32 {
        let server = ipp::Server(format!("127.0.0.1:{}", self.port));
        let mut req = ipp::Request::new(
            ipp::Operation::GetJobAttributes,
            2,
            &server.printer_uri(&self.queue),
        )
        .unwrap();
        req.op("job-id", ipp::IppValue::Integer(job_id)).unwrap();
        let answer = server
            .send(&format!("/printers/{}", self.queue), &req, &[])
            .unwrap();
        answer.integer("job-state").unwrap_or(-1)
    }

    fn printer(&self, spool: &Path) -> Printer {
        let cups = Cups::new(
            &format!("127.0.0.1:{}", self.port),
            &self.queue,
            PaperSize::Letter,
        );
        Printer::with_backend(Backend::Cups(cups), spool).unwrap()
    }

    /// What a phone reads from each page cups-pdf has written so far: the
    /// QR code of every printed certificate (its URL carries the folio).
    /// (cups-pdf goes through PostScript, which drops the text layer, so the
    /// page is read as an image, like paper.)
    fn printed_qr_codes(&self) -> Vec<String> {
        let mut codes = Vec::new();
        for entry in std::fs::read_dir(&self.out).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "pdf") {
                continue;
            }
            let png = path.with_extension("");
            let rendered = Command::new("pdftoppm")
                .args(["-png", "-r", "150", "-f", "1", "-l", "1", "-singlefile"])
                .arg(&path)
                .arg(&png)
                .status();
            if !rendered.is_ok_and(|s| s.success()) {
                continue;
            }
            let out = Command::new("zbarimg")
                .args(["--quiet", "--raw", "-S*.enable=0", "-Sqrcode.enable=1"])
                .arg(png.with_extension("png"))
                .output()
                .unwrap();
            codes.extend(
                String::from_utf8_lossy(&out.stdout)
                    .lines()
                    .map(str::to_owned),
            );
            let _ = std::fs::remove_file(png.with_extension("png"));
        }
        codes
    }

    fn printed(&self, folio: &str) -> bool {
        self.printed_qr_codes()
            .iter()
            .any(|url| url.contains(&format!("folio={folio}&")))
    }
}

fn certificate_pdf(folio: &str) -> zeroize::Zeroizing<Vec<u8>> {
    let kind = "nacimiento-todo-tramite";
    let mut cert = sample::certificate(kind, CertificateTitle::from_kind(kind).unwrap());
    cert.folio = folio.into();
    cert.verification_url = format!("https://verificar.registro.example/v?folio={folio}&codigo=X");
    render_certificate(&cert, &Issuer::default(), PaperSize::Letter).unwrap()
}

/// Polls until `done` holds or 40 s pass (cups-pdf runs Ghostscript).
fn poll_until(printer: &mut Printer, what: &str, done: impl Fn(&Printer) -> bool) {
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        printer.poll();
        if done(printer) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what}; printer {:?}, jobs {:?}",
            printer.status(),
            printer.jobs()
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

fn phase(printer: &Printer, id: &str) -> JobPhase {
    printer.job(id).map(|j| j.phase.clone()).unwrap()
}

#[test]
fn prints_through_cupsd_waits_while_the_queue_is_stopped_or_cupsd_is_down() {
    let Some(mut cupsd) = private_cupsd::start_or_skip() else {
        return;
    };
    let spool_dir = tempfile::tempdir().unwrap();
    let spool = spool_dir.path().join("spool");
    let mut printer = cupsd.printer(&spool);
    assert_eq!(printer.poll().state, PrinterState::Ready);

    // 1. Printed: the PDF appears in cups-pdf's folder with the folio, and
    //    leaves the spool.
    printer
        .enqueue(
            "500000000101",
            JobKind::Certificate,
            &certificate_pdf("500000000101"),
        )
        .unwrap();
    poll_until(&mut printer, "the first job to print", |p| {
        p.job("500000000101").unwrap().phase == JobPhase::Printed
    });
    assert!(
        cupsd.printed("500000000101"),
        "no printed page with folio 500000000101: {:?}\n{}",
        cupsd.printed_qr_codes(),
        cupsd.logs()
    );
    assert!(!spool.join("500000000101.pdf").exists());
    let outcome = printer
        .outcomes()
        .into_iter()
        .find(|o| o.id == "500000000101")
        .unwrap();
    assert!(outcome.delivered);
    printer.acknowledge("500000000101").unwrap();

    // 2. Queue disabled: a clear state, the job waits in the spool, and
    //    prints once the queue is enabled again.
    cupsd.admin("cupsdisable", &[&cupsd.queue]).unwrap();
    assert_eq!(printer.poll().state, PrinterState::QueueDisabled);
    assert!(
        printer.status().reasons.iter().any(|r| r == "paused"),
        "{:?}",
        printer.status()
    );
    printer
        .enqueue(
            "500000000102",
            JobKind::Certificate,
            &certificate_pdf("500000000102"),
        )
        .unwrap();
    for _ in 0..3 {
        printer.poll();
    }
    assert_eq!(phase(&printer, "500000000102"), JobPhase::Queued);
    assert!(spool.join("500000000102.pdf").exists());
    cupsd.admin("cupsenable", &[&cupsd.queue]).unwrap();
    poll_until(&mut printer, "the job held by the disabled queue", |p| {
        p.job("500000000102").unwrap().phase == JobPhase::Printed
    });
    assert!(cupsd.printed("500000000102"), "{}", cupsd.logs());

    // 2b. Reasons a printer reports come through as states: out of paper
    //     stops printing (the job waits), low paper only warns.
    cupsd.set_reasons(&["media-empty-error"]);
    assert_eq!(printer.poll().state, PrinterState::MediaEmpty);
    assert_eq!(
        printer.status().state.message(totem_config::Language::Es),
        "La impresora no tiene papel."
    );
    printer
        .enqueue(
            "500000000105",
            JobKind::Certificate,
            &certificate_pdf("500000000105"),
        )
        .unwrap();
    printer.poll();
    assert_eq!(phase(&printer, "500000000105"), JobPhase::Queued);
    cupsd.set_reasons(&["media-low-warning"]);
    assert_eq!(printer.poll().state, PrinterState::MediaLow);
    poll_until(&mut printer, "the job that waited for paper", |p| {
        p.job("500000000105").unwrap().phase == JobPhase::Printed
    });
    cupsd.set_reasons(&["none"]);

    // 3. cupsd stopped: the state says so, the job waits, survives a kiosk
    //    restart (a new Printer over the same spool) and prints when cupsd
    //    is back.
    cupsd.stop();
    assert_eq!(printer.poll().state, PrinterState::ServiceUnreachable);
    printer
        .enqueue(
            "500000000103",
            JobKind::Certificate,
            &certificate_pdf("500000000103"),
        )
        .unwrap();
    printer.poll();
    assert_eq!(phase(&printer, "500000000103"), JobPhase::Queued);
    drop(printer);
    let mut printer = cupsd.printer(&spool);
    assert_eq!(phase(&printer, "500000000103"), JobPhase::Queued);
    cupsd.run().unwrap();
    poll_until(&mut printer, "the job spooled while cupsd was down", |p| {
        p.job("500000000103").unwrap().phase == JobPhase::Printed
    });
    assert!(cupsd.printed("500000000103"), "{}", cupsd.logs());

    // 4. A job CUPS cancels is reported failed; it prints again with the
    //    same folio. (Jobs are held so there is time to cancel one.)
    cupsd
        .admin(
            "lpadmin",
            &[
                "-p",
                &cupsd.queue,
                "-o",
                "job-hold-until-default=indefinite",
            ],
        )
        .unwrap();
    printer
        .enqueue(
            "500000000104",
            JobKind::Certificate,
            &certificate_pdf("500000000104"),
        )
        .unwrap();
    printer
        .enqueue(
            "500000000106",
            JobKind::Certificate,
            &certificate_pdf("500000000106"),
        )
        .unwrap();
    printer.poll();
    let JobPhase::Submitted { cups_job } = phase(&printer, "500000000104") else {
        panic!("not submitted: {:?}", printer.jobs());
    };
    // The citizen leaves: giving up withdraws the job from CUPS.
    let JobPhase::Submitted { cups_job: left } = phase(&printer, "500000000106") else {
        panic!("not submitted: {:?}", printer.jobs());
    };
    printer.give_up("500000000106", "citizen-left").unwrap();
    assert_eq!(cupsd.job_state(left), 7, "CUPS job not canceled");
    let outcome = printer
        .outcomes()
        .into_iter()
        .find(|o| o.id == "500000000106")
        .unwrap();
    assert!(!outcome.delivered);
    assert_eq!(outcome.reason.as_deref(), Some("citizen-left"));
    cupsd
        .admin("cancel", &[&format!("{}-{cups_job}", cupsd.queue)])
        .unwrap();
    poll_until(&mut printer, "the canceled job to be seen as failed", |p| {
        matches!(
            p.job("500000000104").unwrap().phase,
            JobPhase::Failed { .. }
        )
    });
    let outcome = printer
        .outcomes()
        .into_iter()
        .find(|o| o.id == "500000000104")
        .unwrap();
    assert!(!outcome.delivered);
    assert!(
        outcome
            .reason
            .as_deref()
            .unwrap_or("")
            .starts_with("canceled"),
        "{outcome:?}"
    );
    cupsd
        .admin(
            "lpadmin",
            &["-p", &cupsd.queue, "-o", "job-hold-until-default=no-hold"],
        )
        .unwrap();
    printer.reprint("500000000104").unwrap();
    poll_until(&mut printer, "the reprint", |p| {
        p.job("500000000104").unwrap().phase == JobPhase::Printed
    });
    let outcome = printer
        .outcomes()
        .into_iter()
        .find(|o| o.id == "500000000104")
        .unwrap();
    assert!(outcome.delivered);
    assert_eq!(outcome.attempts, 2);
    assert!(cupsd.printed("500000000104"), "{}", cupsd.logs());

    // 5. A queue that does not exist is named as such.
    let cups = Cups::new(
        &format!("127.0.0.1:{}", cupsd.port),
        "no-such-queue",
        PaperSize::A4,
    );
    let other_spool = spool_dir.path().join("other");
    let mut missing = Printer::with_backend(Backend::Cups(cups), &other_spool).unwrap();
    assert_eq!(missing.poll().state, PrinterState::QueueMissing);
}
