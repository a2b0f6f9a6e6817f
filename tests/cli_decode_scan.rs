//! `totem decode-scan` as a technician or a script uses it: the real
//! binary, real arguments and stdin, JSON on stdout, status 2 on bad input.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

// Synthetic card: RUN 11.111.111-1, serial A11111111, born 1990-01-01,
// expires 2030-01-01. Check digits worked out by hand (ICAO 7-3-1).
const MRZ: &str = "INCHLA111111116<<<<<<<<<<<<<<<\r\n9001011M3001019CHL11111111<1<3\r\nPRUEBA<SINTETICA<<ANA<MARIA<<<\r\n";
const QR_CLASSIC: &str = "https://portal.sidiv.registrocivil.cl/docstatus?RUN=11111111-1&type=CEDULA&serial=A11111111&mrz=A11111111690010113001019";
const QR_NEW: &str = "https://portal.nuevosidiv.registrocivil.cl/document-validity?RUN=11111111-1&type=CEDULA_EXT&serial=A11111111&mrz=A11111111690010113001019";
const PDF417: &str = "1111111110001234567PRUEBA SINTETICA              CHL300101A111111111";

fn totem(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_totem"))
        .arg("decode-scan")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    pipe.write_all(stdin.unwrap_or("").as_bytes()).unwrap();
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn decoded(args: &[&str], stdin: Option<&str>) -> Value {
    let out = totem(args, stdin);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout.trim().lines().count(),
        1,
        "one JSON object on one line: {stdout}"
    );
    serde_json::from_str(&stdout).unwrap()
}

fn failure(args: &[&str], stdin: Option<&str>) -> String {
    let out = totem(args, stdin);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(out.stdout.is_empty());
    String::from_utf8(out.stderr).unwrap()
}

fn all_checks_ok(card: &Value, fields: &[&str]) {
    let checks = card["checks"].as_array().unwrap();
    let named: Vec<&str> = checks
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(named, fields);
    assert!(checks.iter().all(|c| c["ok"] == Value::Bool(true)));
}

#[test]
fn td1_mrz_from_stdin() {
    let card = decoded(&["-"], Some(MRZ));
    assert_eq!(card["carrier"], "mrz_td1");
    assert_eq!(card["run"], "11111111-1");
    assert_eq!(card["document_number"], "A11111111");
    assert_eq!(card["document_type"], "CEDULA");
    assert_eq!(card["birth_date"], "1990-01-01");
    assert_eq!(card["expiry_date"], "2030-01-01");
    assert_eq!(card["sex"], "M");
    assert_eq!(card["nationality"], "CHL");
    assert_eq!(card["surnames"], "PRUEBA SINTETICA");
    assert_eq!(card["given_names"], "ANA MARIA");
    all_checks_ok(
        &card,
        &[
            "document_number",
            "birth_date",
            "expiry_date",
            "composite",
            "run",
        ],
    );
}

#[test]
fn td1_mrz_as_three_arguments() {
    let lines: Vec<&str> = MRZ.lines().collect();
    let card = decoded(&lines, None);
    assert_eq!(card["run"], "11111111-1");
}

#[test]
fn qr_url_of_each_host() {
    for (url, kind) in [(QR_CLASSIC, "CEDULA"), (QR_NEW, "CEDULA_EXT")] {
        let card = decoded(&[url], None);
        assert_eq!(card["carrier"], "qr");
        assert_eq!(card["run"], "11111111-1");
        assert_eq!(card["document_type"], kind);
        assert_eq!(card["document_number"], "A11111111");
        assert_eq!(card["birth_date"], "1990-01-01");
        assert_eq!(card["expiry_date"], "2030-01-01");
        // The QR carries no name.
        assert!(card.get("surnames").is_none());
        all_checks_ok(
            &card,
            &[
                "run",
                "document_number",
                "birth_date",
                "expiry_date",
                "serial",
            ],
        );
    }
}

#[test]
fn legacy_pdf417() {
    let card = decoded(&[PDF417], None);
    assert_eq!(card["carrier"], "pdf417");
    assert_eq!(card["run"], "11111111-1");
    assert_eq!(card["document_number"], "A111111111");
    assert_eq!(card["surnames"], "PRUEBA SINTETICA");
    assert_eq!(card["expiry_date"], "2030-01-01");
    assert!(card.get("birth_date").is_none());
}

#[test]
fn failed_check_digit_names_the_field() {
    let bad_birth = MRZ.replacen("9001011M", "9001021M", 1);
    let message = failure(&["-"], Some(&bad_birth));
    assert!(
        message.contains("birth_date") && message.contains("check digit"),
        "{message}"
    );

    let bad_run = QR_CLASSIC.replace("11111111-1", "11111111-2");
    let message = failure(&[&bad_run], None);
    assert!(
        message.contains("qr: run: check digit does not match"),
        "{message}"
    );

    let bad_composite = MRZ.replacen("<1<3", "<1<4", 1);
    let message = failure(&["-"], Some(&bad_composite));
    assert!(message.contains("composite"), "{message}");
}

#[test]
fn not_a_card_and_broken_inputs() {
    let message = failure(&["hello world"], None);
    assert!(message.contains("not a card"), "{message}");
    let message = failure(&["-"], Some(""));
    assert!(message.contains("not a card"), "{message}");
    let truncated = &MRZ[..70];
    let message = failure(&["-"], Some(truncated));
    assert!(message.contains("mrz_td1"), "{message}");
    let message = failure(&[&QR_CLASSIC.replace("type=CEDULA", "type=CARNET")], None);
    assert!(message.contains("type"), "{message}");
    // The error never echoes the personal data it was given.
    assert!(!message.contains("11111111"), "{message}");
}
