//! The unit's promise under a real systemd: packaging/systemd-drill.sh starts
//! systemd 252+ as PID 1 of a private PID/mount namespace, runs
//! packaging/totem.service (notify, watchdog, restart, hardening) with the
//! watchdog probe as ExecStart, kills it with SIGKILL and freezes it with
//! SIGSTOP, and checks each time that systemd brings it back to READY and the
//! "attract" status. Needs root and /lib/systemd/systemd; elsewhere the test
//! says it was skipped (the supervisor tests cover the same ground).

use std::path::Path;
use std::process::Command;

#[test]
fn real_systemd_restarts_the_kiosk_unit_after_sigkill_and_a_frozen_ui() {
    let root = unsafe { libc::geteuid() } == 0;
    let have_systemd = Path::new("/lib/systemd/systemd").exists();
    let have_unshare = Command::new("unshare").arg("--help").output().is_ok();
    if !(root && have_systemd && have_unshare) {
        eprintln!("skipped: needs root, /lib/systemd/systemd and unshare");
        return;
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/systemd-drill.sh");
    let out = Command::new("bash")
        .arg(script)
        .args([
            "--watchdog-sec",
            "3",
            "--",
            env!("CARGO_BIN_EXE_totem-watchdog-probe"),
            "/run/totem-drill",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stdout.contains("FAIL: systemd did not start") && stdout.contains("Operation not permitted")
    {
        // A container without CAP_SYS_ADMIN: no namespaces, no systemd.
        eprintln!("skipped: cannot create namespaces here\n{stdout}");
        return;
    }
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for step in [
        "PASS: start",
        "PASS: after kill -9",
        "PASS: after freezing",
        "PASS: all",
    ] {
        assert!(stdout.contains(step), "missing {step:?} in\n{stdout}");
    }
    assert!(
        stdout.contains("NRestarts=2, status \"attract screen\""),
        "{stdout}"
    );
}
