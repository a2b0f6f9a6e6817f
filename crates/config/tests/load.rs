//! The shipped example files load, and every kind of mistake a technician
//! can make is reported with file, line, key and what is expected.

use std::path::{Path, PathBuf};

use totem_config::{
    load, load_kiosk, parse_catalog, parse_kiosk, ConfigError, Family, KioskConfig, PrinterKind,
    Subject,
};

fn config_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../kiosk-config")
}

fn kiosk_source() -> String {
    std::fs::read_to_string(config_dir().join("kiosk.toml")).unwrap()
}

fn catalog_source() -> String {
    std::fs::read_to_string(config_dir().join("certificates.toml")).unwrap()
}

fn line_of(source: &str, needle: &str) -> usize {
    let at = source
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in source"));
    source[..at].matches('\n').count() + 1
}

/// Replaces `from` in kiosk.toml and returns the error, checking it points
/// at the line where `to` now stands.
fn kiosk_error(from: &str, to: &str) -> ConfigError {
    let source = kiosk_source();
    assert!(source.contains(from), "{from}");
    let changed = source.replacen(from, to, 1);
    let err = parse_kiosk(Path::new("kiosk.toml"), &changed).unwrap_err();
    let first_line = to.lines().next().unwrap();
    assert_eq!(err.line, Some(line_of(&changed, first_line)), "{err}");
    err
}

#[test]
fn shipped_files_load() {
    let (kiosk, catalog) = load(&config_dir()).unwrap();
    assert_eq!(kiosk.kiosk.id, "TOT-0001");
    assert!(!kiosk.kiosk.demo);
    assert_eq!(kiosk.devices.fingerprint.baud, 57_600);
    // DOMAIN.md's 16 and the informe de cese de convivencia (Ley 21.126).
    assert_eq!(catalog.certificates.len(), 17);
    let holder_only: Vec<_> = catalog
        .certificates
        .iter()
        .filter(|c| c.holder_only)
        .map(|c| c.family)
        .collect();
    assert_eq!(
        holder_only,
        [
            Family::Antecedentes,
            Family::Antecedentes,
            Family::HojaDeVidaConductor,
            Family::Discapacidad,
        ]
    );
    // Each entry's subject: entities by their own number, not a RUN.
    for c in &catalog.certificates {
        let expected = match c.family {
            Family::PersonasJuridicas => Subject::Entity,
            f if f.holder_only() => Subject::Holder,
            _ => Subject::Run,
        };
        assert_eq!(c.subject(), expected, "{}", c.kind);
    }
    assert!(catalog
        .certificates
        .iter()
        .any(|c| c.kind == "matrimonio-informe-cese-de-convivencia"));
    assert!(catalog
        .certificates
        .iter()
        .any(|c| c.kind == "nacimiento-matricula"));
}

#[test]
fn demo_file_loads_with_http_and_folder_printer() {
    let demo = load_kiosk(&config_dir().join("demo.toml")).unwrap();
    assert!(demo.kiosk.demo);
    assert!(demo.backend.url.starts_with("http://127.0.0.1:"));
    assert_eq!(demo.printer.kind, PrinterKind::Folder);
}

#[test]
fn kiosk_example_states_every_key_with_its_default() {
    // Every key of every section (as serialized from the defaults) must be
    // written in kiosk.toml, so the example documents it; and apart from
    // the site-specific ones, its value is the default.
    let defaults = toml::Value::try_from(KioskConfig::default()).unwrap();
    let example: toml::Value = toml::from_str(&kiosk_source()).unwrap();
    let site_specific = ["kiosk.id", "kiosk.site", "maintenance.pin_hash"];
    for (section, table) in defaults.as_table().unwrap() {
        for (key, value) in flatten(section, table) {
            let written =
                lookup(&example, &key).unwrap_or_else(|| panic!("kiosk.toml lacks {key}"));
            if !site_specific.contains(&key.as_str()) {
                assert_eq!(
                    written, &value,
                    "kiosk.toml shows a value for {key} that is not its default"
                );
            }
            assert!(
                comment_above_mentions_default(&key),
                "kiosk.toml: the comment above {key} does not give its default"
            );
        }
    }
}

/// The comment lines right above `section.key = ` mention its default.
fn comment_above_mentions_default(dotted: &str) -> bool {
    let source = kiosk_source();
    let (section, key) = dotted.rsplit_once('.').unwrap();
    let lines: Vec<&str> = source.lines().collect();
    let header = lines
        .iter()
        .position(|l| l.trim() == format!("[{section}]"))
        .unwrap();
    let at = header
        + lines[header..]
            .iter()
            .position(|l| l.starts_with(&format!("{key} = ")))
            .unwrap();
    lines[..at]
        .iter()
        .rev()
        .take_while(|l| l.starts_with('#'))
        .any(|l| l.to_lowercase().contains("default"))
}

fn flatten(prefix: &str, value: &toml::Value) -> Vec<(String, toml::Value)> {
    match value {
        toml::Value::Table(t) => t
            .iter()
            .flat_map(|(k, v)| flatten(&format!("{prefix}.{k}"), v))
            .collect(),
        other => vec![(prefix.to_string(), other.clone())],
    }
}

fn lookup<'a>(value: &'a toml::Value, dotted: &str) -> Option<&'a toml::Value> {
    dotted.split('.').try_fold(value, |v, k| v.get(k))
}

#[test]
fn display_is_file_line_key_problem() {
    let err = kiosk_error("baud = 57600", "baud = 57601");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!(
            "kiosk.toml:{}: devices.fingerprint.baud: ",
            err.line.unwrap()
        )),
        "{shown}"
    );
    assert!(shown.contains("9600 × N"), "{shown}");
}

#[test]
fn semantic_errors_name_key_and_expectation() {
    let cases = [
        (
            "baud = 57600",
            "baud = 124800",
            "devices.fingerprint.baud",
            "N from 1 to 12",
        ),
        (
            "baud = 9600\n",
            "baud = 9601\n",
            "devices.scanner.baud",
            "standard serial speed",
        ),
        (
            "url = \"https://registry.example.invalid\"",
            "url = \"http://registry.example.invalid\"",
            "backend.url",
            "kiosk.demo = true",
        ),
        (
            "url = \"https://registry.example.invalid\"",
            "url = \"ftp://x\"",
            "backend.url",
            "https://",
        ),
        (
            "warning_secs = 20",
            "warning_secs = 19",
            "timeouts.warning_secs",
            "at least 20",
        ),
        (
            "typing_idle_secs = 90",
            "typing_idle_secs = 30",
            "timeouts.typing_idle_secs",
            "idle_secs",
        ),
        (
            "pin_hash = \"$argon2id",
            "pin_hash = \"$bcrypt",
            "maintenance.pin_hash",
            "argon2 PHC",
        ),
        (
            "pin_hash = \"$argon2id$v=19$m=19456",
            "pin_hash = \"$argon2id$v=19$m=1",
            "maintenance.pin_hash",
            "parameters",
        ),
        (
            "id = \"TOT-0001\"",
            "id = \"TOT 0001\"",
            "kiosk.id",
            "1 to 32 characters",
        ),
        (
            "languages = [\"es\", \"en\"]",
            "languages = [\"es\", \"es\"]",
            "kiosk.languages",
            "each once",
        ),
        (
            "queue = \"totem\"",
            "queue = \"my queue\"",
            "printer.queue",
            "CUPS queue name",
        ),
        (
            "metrics_listen = \"127.0.0.1:9898\"",
            "metrics_listen = \"0.0.0.0:9898\"",
            "maintenance.metrics_listen",
            "loopback",
        ),
        (
            "max_pin_attempts = 5",
            "max_pin_attempts = 0",
            "maintenance.max_pin_attempts",
            "1 to 10",
        ),
    ];
    for (from, to, key, expected) in cases {
        let err = kiosk_error(from, to);
        assert_eq!(err.key, key, "{err}");
        assert!(err.problem.contains(expected), "{err}");
    }
}

#[test]
fn missing_pin_hash_points_at_its_section() {
    let source = kiosk_source();
    let start = source.find("pin_hash = ").unwrap();
    let end = start + source[start..].find('\n').unwrap() + 1;
    let changed = format!("{}{}", &source[..start], &source[end..]);
    let err = parse_kiosk(Path::new("kiosk.toml"), &changed).unwrap_err();
    assert_eq!(err.key, "maintenance.pin_hash");
    assert_eq!(err.line, Some(line_of(&changed, "[maintenance]")));
    assert!(err.problem.contains("missing"), "{err}");
}

#[test]
fn http_is_fine_in_demo_mode() {
    let changed = kiosk_source()
        .replacen("demo = false", "demo = true", 1)
        .replacen(
            "https://registry.example.invalid",
            "http://127.0.0.1:8470",
            1,
        );
    assert!(parse_kiosk(Path::new("kiosk.toml"), &changed).is_ok());
}

#[test]
fn serde_errors_name_line_and_key() {
    // A typo in a key.
    let err = kiosk_error("finger_timeout_secs = 15", "finger_timout_secs = 15");
    assert_eq!(err.key, "devices.fingerprint.finger_timout_secs", "{err}");
    assert!(
        err.problem.contains("unknown field") && err.problem.contains("expected"),
        "{err}"
    );
    // A wrong type.
    let err = kiosk_error("idle_secs = 45", "idle_secs = \"45\"");
    assert_eq!(err.key, "timeouts.idle_secs", "{err}");
    assert!(err.problem.contains("expected"), "{err}");
    // A value outside an enum.
    let err = kiosk_error("terminator = \"cr\"", "terminator = \"etx\"");
    assert_eq!(err.key, "devices.scanner.terminator", "{err}");
    assert!(err.problem.contains("crlf"), "{err}");
    // Broken syntax.
    let err = kiosk_error("timeout_secs = 10", "timeout_secs = = 10");
    assert!(
        err.problem.contains("TOML syntax") || err.problem.contains("expected"),
        "{err}"
    );
}

#[test]
fn catalog_rules() {
    let source = catalog_source();
    let check = |changed: String, key: &str, expected: &str, line_needle: Option<&str>| {
        let err = parse_catalog(Path::new("certificates.toml"), &changed).unwrap_err();
        assert_eq!(err.key, key, "{err}");
        assert!(err.problem.contains(expected), "{err}");
        if let Some(needle) = line_needle {
            assert_eq!(err.line, Some(line_of(&changed, needle)), "{err}");
        }
        assert!(err.to_string().starts_with("certificates.toml:"), "{err}");
    };
    // Duplicate kind: reported at the second one.
    let dup = source.replacen(
        "kind = \"nacimiento-matricula\"",
        "kind = \"nacimiento-asignacion-familiar\"",
        1,
    );
    let second = dup
        .match_indices("kind = \"nacimiento-asignacion-familiar\"")
        .nth(1)
        .unwrap()
        .0;
    let err = parse_catalog(Path::new("certificates.toml"), &dup).unwrap_err();
    assert_eq!(err.key, "certificate[1].kind");
    assert_eq!(err.line, Some(dup[..second].matches('\n').count() + 1));
    // Holder-only family offered to third parties.
    let idx = source
        .find("kind = \"antecedentes-fines-particulares\"")
        .unwrap();
    let mut changed = source.clone();
    let h = idx + source[idx..].find("holder_only = true").unwrap();
    changed.replace_range(h..h + "holder_only = true".len(), "holder_only = false");
    let err = parse_catalog(Path::new("certificates.toml"), &changed).unwrap_err();
    assert_eq!(err.key, "certificate[9].holder_only", "{err}");
    assert!(err.problem.contains("only the holder"), "{err}");
    assert_eq!(
        err.line,
        Some(changed[..h].matches('\n').count() + 1),
        "{err}"
    );
    // None enabled.
    check(
        source.replace("enabled = true", "enabled = false"),
        "certificate",
        "none is enabled",
        None,
    );
    // Unknown family.
    check(
        source.replacen("family = \"discapacidad\"", "family = \"bautismo\"", 1),
        "certificate[15].family",
        "expected",
        Some("\"bautismo\""),
    );
    // Missing purpose.
    let no_purpose = source.replacen("purpose_en = \"Registration\"\n", "", 1);
    let err = parse_catalog(Path::new("certificates.toml"), &no_purpose).unwrap_err();
    assert!(err.problem.contains("purpose_en"), "{err}");
    assert!(err.key.starts_with("certificate[15]"), "{err}");
}

/// `subject` says which screen asks for the certificate's subject; the
/// loader checks it against the family and `holder_only`, at its line.
#[test]
fn catalog_subjects() {
    let source = catalog_source();
    let error = |from: &str, to: &str, after: &str| {
        let at = source.find(after).unwrap();
        let h = at + source[at..].find(from).unwrap();
        let mut changed = source.clone();
        changed.replace_range(h..h + from.len(), to);
        let err = parse_catalog(Path::new("certificates.toml"), &changed).unwrap_err();
        assert_eq!(
            err.line,
            Some(changed[..h].matches('\n').count() + 1),
            "{err}"
        );
        err
    };
    // An entity's certificate asked by a person's RUN.
    let err = error(
        "subject = \"entity\"",
        "subject = \"run\"",
        "kind = \"personas-juridicas-vigencia\"",
    );
    assert_eq!(err.key, "certificate[13].subject", "{err}");
    assert!(err.problem.contains("registration number or RUT"), "{err}");
    // "entity" for a person's certificate.
    let err = error(
        "subject = \"run\"",
        "subject = \"entity\"",
        "kind = \"nacimiento-matricula\"",
    );
    assert_eq!(err.key, "certificate[1].subject", "{err}");
    assert!(err.problem.contains("only for personas-juridicas"), "{err}");
    // subject and holder_only disagree (the disability registry for a typed RUN).
    let err = error(
        "holder_only = true",
        "holder_only = false",
        "kind = \"discapacidad-inscripcion\"",
    );
    assert_eq!(err.key, "certificate[15].holder_only", "{err}");
    assert!(err.problem.contains("only the holder"), "{err}");
    // Without holder_only, subject alone decides, and is what is reported.
    let no_holder_only: String = source
        .lines()
        .filter(|l| !l.starts_with("holder_only"))
        .map(|l| format!("{l}\n"))
        .collect();
    let catalog = parse_catalog(Path::new("certificates.toml"), &no_holder_only).unwrap();
    assert_eq!(
        catalog
            .certificates
            .iter()
            .filter(|c| c.holder_only)
            .count(),
        4
    );
    let at = no_holder_only
        .find("kind = \"antecedentes-fines-especiales\"")
        .unwrap();
    let h = at + no_holder_only[at..].find("subject = \"holder\"").unwrap();
    let mut changed = no_holder_only.clone();
    changed.replace_range(h..h + "subject = \"holder\"".len(), "subject = \"run\"");
    let err = parse_catalog(Path::new("certificates.toml"), &changed).unwrap_err();
    assert_eq!(err.key, "certificate[10].subject", "{err}");
    assert!(err.problem.contains("only the holder"), "{err}");
    // A value that is no subject.
    let err = error(
        "subject = \"run\"",
        "subject = \"anyone\"",
        "kind = \"nacimiento-matricula\"",
    );
    assert!(err.problem.contains("holder"), "{err}");
}

#[test]
fn unreadable_file_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let err = load(dir.path()).unwrap_err();
    assert!(err.file.ends_with("kiosk.toml"));
    assert_eq!(err.line, None);
    assert!(err.problem.contains("cannot read"), "{err}");
}

#[test]
fn loads_from_any_dir() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kiosk.toml"), kiosk_source()).unwrap();
    std::fs::write(dir.path().join("certificates.toml"), catalog_source()).unwrap();
    let (_, catalog) = load(dir.path()).unwrap();
    assert!(catalog.certificates.iter().all(|c| c.enabled));
}
