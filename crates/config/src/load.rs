//! Reading kiosk.toml and certificates.toml, then checking what serde
//! cannot: ranges, combinations, and rules of DOMAIN.md.

use std::collections::HashSet;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::catalog::CatalogFile;
use crate::locate::{line_of_offset, path_to_string, Located, Seg};
use crate::{Catalog, ConfigError, Family, KioskConfig, PrinterKind, Subject};

mod accessibility;

pub const KIOSK_FILE: &str = "kiosk.toml";
pub const CATALOG_FILE: &str = "certificates.toml";

/// Loads and validates `dir/kiosk.toml` and `dir/certificates.toml`.
pub fn load(dir: &Path) -> Result<(KioskConfig, Catalog), ConfigError> {
    let kiosk = load_kiosk(&dir.join(KIOSK_FILE))?;
    let catalog = load_catalog(&dir.join(CATALOG_FILE))?;
    Ok((kiosk, catalog))
}

/// Loads and validates one kiosk file (kiosk.toml, demo.toml…).
pub fn load_kiosk(path: &Path) -> Result<KioskConfig, ConfigError> {
    let source = read(path)?;
    parse_kiosk(path, &source)
}

/// Loads and validates a certificate catalog.
pub fn load_catalog(path: &Path) -> Result<Catalog, ConfigError> {
    let source = read(path)?;
    parse_catalog(path, &source)
}

/// Validates kiosk settings given as text; `path` is only used in errors.
pub fn parse_kiosk(path: &Path, source: &str) -> Result<KioskConfig, ConfigError> {
    let config: KioskConfig = deserialize(path, source)?;
    first_issue(path, source, validate_kiosk(&config))?;
    Ok(config)
}

/// Validates a catalog given as text; `path` is only used in errors.
pub fn parse_catalog(path: &Path, source: &str) -> Result<Catalog, ConfigError> {
    let file: CatalogFile = deserialize(path, source)?;
    first_issue(path, source, validate_catalog(&file))?;
    Ok(Catalog::from(file))
}

fn read(path: &Path) -> Result<String, ConfigError> {
    std::fs::read_to_string(path).map_err(|e| ConfigError {
        file: path.to_path_buf(),
        line: None,
        key: String::new(),
        problem: format!("cannot read the file ({e}); expected a readable UTF-8 TOML file"),
    })
}

fn deserialize<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, ConfigError> {
    toml::from_str(source).map_err(|e| {
        let located = Located::new(source);
        let (line, key) = match e.span() {
            Some(span) => (
                Some(line_of_offset(source, span.start)),
                path_to_string(&located.key_at(span.start)),
            ),
            None => (None, String::new()),
        };
        ConfigError {
            file: path.to_path_buf(),
            line,
            key,
            problem: tidy(e.message()),
        }
    })
}

/// serde's messages, on one line and with the expected values spelled out.
fn tidy(message: &str) -> String {
    let one_line = message.trim().replace('\n', " ");
    if one_line.starts_with("invalid") || one_line.contains("expected") {
        one_line
    } else {
        format!("{one_line} (TOML syntax)")
    }
}

/// A problem found by validation: where, and what.
struct Issue {
    path: Vec<Seg>,
    problem: String,
}

fn first_issue(path: &Path, source: &str, issues: Vec<Issue>) -> Result<(), ConfigError> {
    match issues.into_iter().next() {
        None => Ok(()),
        Some(issue) => Err(ConfigError {
            file: PathBuf::from(path),
            line: Located::new(source).line(&issue.path),
            key: path_to_string(&issue.path),
            problem: issue.problem,
        }),
    }
}

fn at(keys: &[&str]) -> Vec<Seg> {
    keys.iter().map(|k| Seg::Key((*k).to_string())).collect()
}

struct Issues(Vec<Issue>);

impl Issues {
    fn check(&mut self, ok: bool, path: Vec<Seg>, problem: impl Into<String>) {
        if !ok {
            self.0.push(Issue {
                path,
                problem: problem.into(),
            });
        }
    }
}

const SERIAL_BAUDS: [u32; 8] = [1200, 2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200];

fn validate_kiosk(c: &KioskConfig) -> Vec<Issue> {
    let mut v = Issues(Vec::new());
    let k = &c.kiosk;
    v.check(
        !k.id.is_empty()
            && k.id.len() <= 32
            && k.id
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_'),
        at(&["kiosk", "id"]),
        "must be 1 to 32 characters A-Z, a-z, 0-9, '-' or '_', e.g. \"TOT-0001\"",
    );
    v.check(
        !k.site.trim().is_empty(),
        at(&["kiosk", "site"]),
        "must not be empty; expected where the kiosk stands",
    );
    v.check(
        !k.languages.is_empty(),
        at(&["kiosk", "languages"]),
        "must list at least one language, e.g. [\"es\", \"en\"]",
    );
    let distinct: HashSet<_> = k.languages.iter().collect();
    v.check(
        distinct.len() == k.languages.len(),
        at(&["kiosk", "languages"]),
        "lists a language twice; expected each once",
    );

    let scanner = &c.devices.scanner;
    v.check(
        !scanner.port.is_empty(),
        at(&["devices", "scanner", "port"]),
        "must not be empty; expected a serial device path such as /dev/ttyACM0",
    );
    v.check(
        SERIAL_BAUDS.contains(&scanner.baud),
        at(&["devices", "scanner", "baud"]),
        "is not a standard serial speed; expected one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200",
    );
    let fp = &c.devices.fingerprint;
    v.check(
        !fp.port.is_empty(),
        at(&["devices", "fingerprint", "port"]),
        "must not be empty; expected a serial device path such as /dev/ttyUSB0",
    );
    v.check(
        fp.baud.is_multiple_of(9600) && (1..=12).contains(&(fp.baud / 9600)),
        at(&["devices", "fingerprint", "baud"]),
        "is not a speed the module supports; expected 9600 × N with N from 1 to 12 (default 57600)",
    );
    v.check(
        (1..=120).contains(&fp.finger_timeout_secs),
        at(&["devices", "fingerprint", "finger_timeout_secs"]),
        "is out of range; expected 1 to 120 seconds",
    );

    let b = &c.backend;
    let url = b.url.to_ascii_lowercase();
    let host = url
        .split_once("://")
        .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(""));
    if url.starts_with("http://") {
        v.check(
            k.demo,
            at(&["backend", "url"]),
            "uses plain http; expected an https:// URL (http:// is allowed only with kiosk.demo = true)",
        );
    } else {
        v.check(
            url.starts_with("https://"),
            at(&["backend", "url"]),
            "is not a URL; expected https://host[:port][/path]",
        );
    }
    v.check(
        host.is_some_and(|h| !h.is_empty()),
        at(&["backend", "url"]),
        "has no host; expected https://host[:port][/path]",
    );
    if url.starts_with("https://") {
        for key in ["ca_file", "client_cert_file", "client_key_file"] {
            let value = match key {
                "ca_file" => &b.ca_file,
                "client_cert_file" => &b.client_cert_file,
                _ => &b.client_key_file,
            };
            v.check(
                !value.is_empty(),
                at(&["backend", key]),
                "must not be empty with an https URL; expected the path of a PEM file",
            );
        }
    }
    v.check(
        (1..=120).contains(&b.timeout_secs),
        at(&["backend", "timeout_secs"]),
        "is out of range; expected 1 to 120 seconds",
    );
    v.check(
        b.heartbeat_secs >= 10,
        at(&["backend", "heartbeat_secs"]),
        "is too short; expected at least 10 seconds",
    );

    let p = &c.printer;
    match p.kind {
        PrinterKind::Cups => v.check(
            !p.queue.is_empty()
                && p.queue.len() <= 127
                && p.queue.chars().all(|ch| ch.is_ascii_graphic() && !matches!(ch, '/' | '#' | '\\' | '"' | '\'')),
            at(&["printer", "queue"]),
            "is not a CUPS queue name; expected printable characters without spaces, '/', '#', quotes",
        ),
        PrinterKind::Folder => v.check(!p.folder.is_empty(), at(&["printer", "folder"]), "must not be empty with kind = \"folder\"; expected a directory"),
    }
    v.check(
        !p.spool_dir.is_empty(),
        at(&["printer", "spool_dir"]),
        "must not be empty; expected a directory that survives restarts",
    );

    let t = &c.timeouts;
    v.check(
        t.idle_secs >= 10,
        at(&["timeouts", "idle_secs"]),
        "is too short; expected at least 10 seconds",
    );
    v.check(
        t.typing_idle_secs >= t.idle_secs,
        at(&["timeouts", "typing_idle_secs"]),
        "is shorter than timeouts.idle_secs; expected at least as long (typing takes longer)",
    );
    v.check(
        t.warning_secs >= 20,
        at(&["timeouts", "warning_secs"]),
        "is too short; expected at least 20 seconds, so anyone can answer the warning",
    );

    let m = &c.maintenance;
    if let Err(problem) = check_pin_hash(&m.pin_hash) {
        v.check(false, at(&["maintenance", "pin_hash"]), problem);
    }
    v.check(
        (1..=10).contains(&m.max_pin_attempts),
        at(&["maintenance", "max_pin_attempts"]),
        "is out of range; expected 1 to 10",
    );
    v.check(
        m.lockout_secs >= 60,
        at(&["maintenance", "lockout_secs"]),
        "is too short; expected at least 60 seconds",
    );
    v.check(
        !m.audit_log.is_empty(),
        at(&["maintenance", "audit_log"]),
        "must not be empty; expected a file path",
    );
    v.check(
        m.metrics_listen
            .parse::<SocketAddr>()
            .is_ok_and(|a| a.ip().is_loopback()),
        at(&["maintenance", "metrics_listen"]),
        "is not a loopback address; expected e.g. \"127.0.0.1:9898\"",
    );
    accessibility::check(&c.accessibility, &mut v);
    v.0
}

/// The technician PIN's hash must be an argon2 PHC string (as the
/// `argon2` crate and `totem` write it); its parameters must be sane.
fn check_pin_hash(pin_hash: &str) -> Result<(), String> {
    const EXPECTED: &str =
        "expected an argon2 PHC string such as \"$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>\"";
    if pin_hash.is_empty() {
        return Err(format!("is missing; {EXPECTED}"));
    }
    let hash = argon2::PasswordHash::new(pin_hash)
        .map_err(|e| format!("is not a PHC string ({e}); {EXPECTED}"))?;
    if !["argon2id", "argon2i", "argon2d"].contains(&hash.algorithm.as_str()) {
        return Err(format!("uses algorithm `{}`; {EXPECTED}", hash.algorithm));
    }
    if hash.salt.is_none() || hash.hash.is_none() {
        return Err(format!("lacks its salt or hash; {EXPECTED}"));
    }
    argon2::Params::try_from(&hash)
        .map_err(|e| format!("has bad argon2 parameters ({e}); {EXPECTED}"))?;
    Ok(())
}

fn validate_catalog(file: &CatalogFile) -> Vec<Issue> {
    let entries = &file.certificate;
    let mut v = Issues(Vec::new());
    let entry = |i: usize, key: &str| {
        vec![
            Seg::Key("certificate".into()),
            Seg::Index(i),
            Seg::Key(key.into()),
        ]
    };
    v.check(
        !entries.is_empty(),
        at(&["certificate"]),
        "no certificates; expected at least one [[certificate]] table",
    );
    let mut kinds = HashSet::new();
    for (i, c) in entries.iter().enumerate() {
        v.check(
            !c.kind.is_empty() && c.kind.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
            entry(i, "kind"),
            "is not a kind id; expected lower-case letters, digits and '-', e.g. \"nacimiento-todo-tramite\"",
        );
        v.check(
            kinds.insert(c.kind.as_str()),
            entry(i, "kind"),
            "is used by an earlier entry; expected each kind once",
        );
        v.check(
            !c.purpose_es.trim().is_empty(),
            entry(i, "purpose_es"),
            "must not be empty; expected the purpose in Spanish",
        );
        v.check(
            !c.purpose_en.trim().is_empty(),
            entry(i, "purpose_en"),
            "must not be empty; expected the purpose in English",
        );
        // Where a subject problem is reported: the key the file states.
        let said = if c.subject.is_some() {
            "subject"
        } else {
            "holder_only"
        };
        if let (Some(subject), Some(holder_only)) = (c.subject, c.holder_only) {
            v.check(
                (subject == Subject::Holder) == holder_only,
                entry(i, "holder_only"),
                format!(
                    "is {holder_only} but subject = \"{}\"; expected true exactly when subject = \"holder\" (only the holder, by card + fingerprint, may obtain it)",
                    subject.as_str()
                ),
            );
        }
        v.check(
            c.holder_only() || !c.family.holder_only(),
            entry(i, said),
            if c.subject.is_some() {
                "must be \"holder\" for this family; only the holder (card + fingerprint) may obtain it"
            } else {
                "must be true for this family; only the holder (card + fingerprint) may obtain it"
            },
        );
        let entity_family = c.family == Family::PersonasJuridicas;
        v.check(
            !(entity_family && c.holder_only == Some(true)),
            entry(i, "holder_only"),
            "must be false for personas-juridicas; expected subject = \"entity\" (looked up by the entity's number, not a person)",
        );
        if let Some(subject) = c.subject {
            v.check(
                (subject == Subject::Entity) == entity_family,
                entry(i, "subject"),
                if entity_family {
                    "must be \"entity\" for personas-juridicas; the entity's registration number or RUT, not a person's RUN"
                } else {
                    "\"entity\" is only for personas-juridicas; expected \"holder\" or \"run\""
                },
            );
        }
    }
    v.check(
        entries.is_empty() || entries.iter().any(|c| c.enabled),
        at(&["certificate"]),
        "none is enabled; expected at least one entry with enabled = true",
    );
    v.0
}
