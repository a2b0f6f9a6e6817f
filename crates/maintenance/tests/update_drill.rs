//! The update drill (packaging/update-drill.sh, docs/deploy.md): install,
//! upgrade inside a session (deferred to the attract screen) and rollback
//! by pinning, from a signed local apt repository, under a real systemd in
//! a namespace. Opt-in, because it needs two built packages (a release
//! build of each takes some 20 minutes on two cores):
//!
//! ```sh
//! packaging/build-debs /tmp/debs
//! TOTEM_UPDATE_DRILL_DEBS=/tmp/debs cargo test -p totem-maintenance --test update_drill
//! ```
//!
//! DIR must hold exactly two `totem_*.deb`; the older is installed first.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Debian version order of `totem_<version>_<arch>.deb` names, for the
/// two packages of the drill (plain numeric parts, as this project's are).
fn version_key(deb: &Path) -> Vec<u64> {
    let name = deb.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let version = name.split('_').nth(1).unwrap_or_default();
    version
        .split(['.', '-', '~', '+'])
        .map(|part| part.parse().unwrap_or(0))
        .collect()
}

#[test]
fn a_kiosk_upgrades_when_idle_and_rolls_back_by_pinning() {
    let Some(dir) = std::env::var_os("TOTEM_UPDATE_DRILL_DEBS").map(PathBuf::from) else {
        eprintln!("skipped: set TOTEM_UPDATE_DRILL_DEBS=DIR with two totem .debs (packaging/build-debs DIR)");
        return;
    };
    let mut debs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("totem_") && n.ends_with(".deb"))
        })
        .collect();
    assert_eq!(
        debs.len(),
        2,
        "{}: want two totem_*.deb, found {debs:?}",
        dir.display()
    );
    debs.sort_by_key(|d| version_key(d));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../packaging/update-drill.sh");
    let out = Command::new("bash")
        .arg(script)
        .args(&debs)
        .output()
        .expect("bash");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    for step in [
        "PASS: install",
        "PASS: start",
        "PASS: upgrade to",
        "PASS: after the session",
        "PASS: after the upgrade",
        "PASS: rollback by pin",
        "PASS: after the rollback",
        "PASS: the pin holds",
        "PASS: all",
    ] {
        assert!(stdout.contains(step), "missing {step:?} in\n{stdout}");
    }
}
