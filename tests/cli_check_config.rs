//! `totem check-config`: the shipped configuration passes; broken copies
//! fail with status 2 and a message naming file, line and key.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn check_config(dir: Option<&Path>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_totem"));
    command
        .arg("check-config")
        .current_dir(env!("CARGO_MANIFEST_DIR"));
    if let Some(dir) = dir {
        command.arg(dir);
    }
    command.output().unwrap()
}

fn shipped() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk-config")
}

/// A copy of kiosk-config/ with one text replaced in one file.
fn broken_copy(file: &str, from: &str, to: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for name in ["kiosk.toml", "certificates.toml", "demo.toml"] {
        let mut text = std::fs::read_to_string(shipped().join(name)).unwrap();
        if name == file {
            assert!(text.contains(from), "{from}");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

fn line_of(path: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    text[..text.find(needle).unwrap()].matches('\n').count() + 1
}

#[test]
fn default_dir_is_ok_with_a_summary() {
    let out = check_config(None);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("OK kiosk-config/kiosk.toml: kiosk TOT-0001"),
        "{stdout}"
    );
    assert!(
        stdout.contains("17 certificates in 8 families, 17 enabled, 4 for the holder only"),
        "{stdout}"
    );
    assert!(
        stdout.contains("demo.toml") && stdout.contains("(DEMO)"),
        "{stdout}"
    );
}

#[test]
fn bad_fingerprint_baud() {
    let dir = broken_copy("kiosk.toml", "baud = 57600", "baud = 56000");
    let out = check_config(Some(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let file = dir.path().join("kiosk.toml");
    let line = line_of(&file, "baud = 56000");
    let expected = format!("{}:{line}: devices.fingerprint.baud: ", file.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(stderr.contains("9600 × N"), "{stderr}");
}

#[test]
fn plain_http_outside_demo() {
    let dir = broken_copy("kiosk.toml", "url = \"https://", "url = \"http://");
    let out = check_config(Some(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("backend.url") && stderr.contains("kiosk.demo = true"),
        "{stderr}"
    );
}

#[test]
fn typo_in_a_key() {
    let dir = broken_copy("kiosk.toml", "warning_secs = 20", "warn_secs = 20");
    let out = check_config(Some(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let line = line_of(&dir.path().join("kiosk.toml"), "warn_secs");
    assert!(
        stderr.contains(&format!(
            "kiosk.toml:{line}: timeouts.warn_secs: unknown field"
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning_secs"),
        "the expected keys are listed: {stderr}"
    );
}

#[test]
fn duplicate_certificate_kind() {
    let dir = broken_copy(
        "certificates.toml",
        "kind = \"matrimonio-todo-tramite\"",
        "kind = \"matrimonio-asignacion-familiar\"",
    );
    let out = check_config(Some(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("certificates.toml:") && stderr.contains("certificate[4].kind"),
        "{stderr}"
    );
    assert!(stderr.contains("each kind once"), "{stderr}");
}

#[test]
fn broken_demo_file_is_reported_too() {
    let dir = broken_copy("demo.toml", "demo = true", "demo = false");
    let out = check_config(Some(dir.path()));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("demo.toml:") && stderr.contains("backend.url"),
        "{stderr}"
    );
}

#[test]
fn missing_dir() {
    let out = check_config(Some(Path::new("/nonexistent/totem-config")));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("/nonexistent/totem-config/kiosk.toml") && stderr.contains("cannot read"),
        "{stderr}"
    );
}
