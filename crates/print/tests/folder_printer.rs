//! The demo printer (a folder) through the real spool on disk: jobs reach
//! the folder, survive a restart, wait while the folder is unusable, and
//! their outcome stays until acknowledged.

use std::os::unix::fs::PermissionsExt;

use totem_config::{PrinterKind, PrinterSettings};
use totem_print::{JobKind, JobPhase, Printer, PrinterState};

fn settings(root: &std::path::Path) -> PrinterSettings {
    PrinterSettings {
        kind: PrinterKind::Folder,
        folder: root.join("printed").display().to_string(),
        spool_dir: root.join("spool").display().to_string(),
        ..PrinterSettings::default()
    }
}

#[test]
fn a_job_reaches_the_folder_and_leaves_no_personal_data_in_the_spool() {
    let root = tempfile::tempdir().unwrap();
    let mut printer = Printer::open(&settings(root.path())).unwrap();
    let spool_mode = std::fs::metadata(root.path().join("spool"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(spool_mode & 0o777, 0o700);

    printer
        .enqueue(
            "500000000001",
            JobKind::Certificate,
            "%PDF-1.7 José".as_bytes(),
        )
        .unwrap();
    let pdf_in_spool = root.path().join("spool/500000000001.pdf");
    assert_eq!(
        std::fs::metadata(&pdf_in_spool)
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let json = std::fs::read_to_string(root.path().join("spool/500000000001.json")).unwrap();
    assert!(!json.contains("José"), "{json}");

    assert_eq!(printer.poll().state, PrinterState::Ready);
    assert_eq!(
        std::fs::read(root.path().join("printed/500000000001.pdf")).unwrap(),
        "%PDF-1.7 José".as_bytes()
    );
    assert!(
        !pdf_in_spool.exists(),
        "the printed PDF must leave the spool"
    );
    let outcomes = printer.outcomes();
    assert_eq!(outcomes.len(), 1);
    assert!(outcomes[0].delivered);
    assert_eq!(outcomes[0].attempts, 1);

    // Same folio twice is refused (the spool is keyed by folio).
    assert!(printer
        .enqueue("500000000001", JobKind::Certificate, b"x")
        .is_err());
    printer.acknowledge("500000000001").unwrap();
    assert!(printer.jobs().is_empty());
    assert!(std::fs::read_dir(root.path().join("spool"))
        .unwrap()
        .next()
        .is_none());
}

#[test]
fn jobs_wait_while_the_folder_is_unusable_and_survive_a_restart() {
    let root = tempfile::tempdir().unwrap();
    // A file where the folder should be: the "printer" cannot print.
    std::fs::write(root.path().join("printed"), b"").unwrap();
    let mut printer = Printer::open(&settings(root.path())).unwrap();
    printer
        .enqueue("500000000002", JobKind::Certificate, b"%PDF one")
        .unwrap();
    printer
        .enqueue("slip-1", JobKind::ActivationSlip, b"%PDF two")
        .unwrap();
    assert_eq!(printer.poll().state, PrinterState::FolderUnavailable);
    assert_eq!(printer.job("500000000002").unwrap().phase, JobPhase::Queued);
    assert!(printer.outcomes().is_empty());
    drop(printer); // the kiosk restarts

    std::fs::remove_file(root.path().join("printed")).unwrap();
    let mut printer = Printer::open(&settings(root.path())).unwrap();
    assert_eq!(printer.jobs().len(), 2);
    assert_eq!(printer.poll().state, PrinterState::Ready);
    assert!(root.path().join("printed/500000000002.pdf").exists());
    assert!(root.path().join("printed/slip-1.pdf").exists());
    assert_eq!(printer.outcomes().iter().filter(|o| o.delivered).count(), 2);
}

#[test]
fn a_job_given_up_is_reported_failed_and_can_be_printed_again_with_its_folio() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("printed"), b"").unwrap();
    let mut printer = Printer::open(&settings(root.path())).unwrap();
    printer
        .enqueue("500000000003", JobKind::Certificate, b"%PDF three")
        .unwrap();
    printer.poll();
    printer.give_up("500000000003", "media-empty").unwrap();
    let outcome = &printer.outcomes()[0];
    assert!(!outcome.delivered);
    assert_eq!(outcome.reason.as_deref(), Some("media-empty"));
    // Failed jobs keep their PDF, so the same folio can be printed again.
    assert!(root.path().join("spool/500000000003.pdf").exists());
    assert!(printer.reprint("slip-unknown").is_err());

    std::fs::remove_file(root.path().join("printed")).unwrap();
    printer.reprint("500000000003").unwrap();
    assert!(
        printer.reprint("500000000003").is_err(),
        "only a failed job is reprinted"
    );
    printer.poll();
    assert_eq!(
        std::fs::read(root.path().join("printed/500000000003.pdf")).unwrap(),
        b"%PDF three"
    );
    let outcome = &printer.outcomes()[0];
    assert!(outcome.delivered);
    assert_eq!(outcome.attempts, 1);
}

#[test]
fn a_job_whose_pdf_vanished_fails_instead_of_retrying_forever() {
    let root = tempfile::tempdir().unwrap();
    let mut printer = Printer::open(&settings(root.path())).unwrap();
    std::fs::write(root.path().join("printed"), b"").unwrap();
    printer
        .enqueue("500000000004", JobKind::Certificate, b"%PDF four")
        .unwrap();
    std::fs::remove_file(root.path().join("spool/500000000004.pdf")).unwrap();
    std::fs::remove_file(root.path().join("printed")).unwrap();
    printer.poll();
    let outcome = &printer.outcomes()[0];
    assert!(!outcome.delivered);
    assert_eq!(outcome.reason.as_deref(), Some("spool-pdf-missing"));
    assert!(matches!(
        printer.reprint("500000000004"),
        Err(totem_print::PrintError::PdfMissing(_))
    ));
}
