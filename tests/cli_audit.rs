//! `totem audit verify FILE`: OK and the count for an intact log; the first
//! broken line and exit 2 for an edited one; exit 1 for a missing file.

use std::process::Command;

use totem_maintenance::audit::{AuditEvent, AuditLog};
use totem_maintenance::chrono::{TimeZone, Utc};

fn verify(path: &std::path::Path) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_totem"))
        .args(["audit", "verify"])
        .arg(path)
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn audit_verify_reports_ok_or_the_first_broken_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.log");
    let t = Utc
        .with_ymd_and_hms(2026, 11, 25, 10, 0, 0)
        .single()
        .unwrap();
    let mut log = AuditLog::open(&path, "TOT-0001", t).unwrap();
    log.append(AuditEvent::MaintenanceEntered, None, t).unwrap();
    log.append(AuditEvent::ActionTaken, Some("paper_refilled"), t)
        .unwrap();
    log.append(AuditEvent::MaintenanceLeft, None, t).unwrap();
    drop(log);

    let (code, stdout, _) = verify(&path);
    assert_eq!(code, Some(0), "{stdout}");
    assert!(stdout.starts_with("OK 3 entries, head "), "{stdout}");

    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("paper_refilled", "print_test_page")).unwrap();
    let (code, stdout, _) = verify(&path);
    assert_eq!(code, Some(2));
    assert!(stdout.contains("line 3: chain broken"), "{stdout}");

    let (code, _, stderr) = verify(&dir.path().join("missing.log"));
    assert_eq!(code, Some(1));
    assert!(stderr.contains("missing.log"), "{stderr}");
}
