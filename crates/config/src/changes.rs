//! What a configuration reload changes, and when each change takes effect
//! in a running kiosk (docs/configuration.md, "Reloading").
//!
//! Pure: it compares two loaded files. The client certificate can change
//! on disk under the same file names, so [`tls_digest`] reads the files'
//! contents for the caller to compare as well.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::{BackendSettings, KioskConfig};

/// When a changed setting takes effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Takes {
    /// As soon as it is read (the site's name on the dashboard).
    Now,
    /// When no citizen's session is under way: at once on the attract
    /// screen (or in maintenance mode), else when the session ends.
    AtAttract,
    /// Only when the application starts again: what the audit log, the
    /// PIN lock and the metrics endpoint were opened with, and who the
    /// kiosk is.
    Restart,
}

/// One changed part of kiosk.toml, named as the file names it (no value:
/// the audit log records names of settings, never what they hold).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub name: &'static str,
    pub takes: Takes,
}

/// The parts of kiosk.toml that differ between `old` and `new`, in the
/// file's order. `tls_changed`: the backend's certificate files hold
/// something else than when the running client was made ([`tls_digest`]).
pub fn changes(old: &KioskConfig, new: &KioskConfig, tls_changed: bool) -> Vec<Change> {
    use Takes::{AtAttract, Now, Restart};
    let parts = [
        (old.kiosk.id != new.kiosk.id, "[kiosk] id", Restart),
        (old.kiosk.demo != new.kiosk.demo, "[kiosk] demo", Restart),
        (old.kiosk.site != new.kiosk.site, "[kiosk] site", Now),
        // Only the first language is used: the one the kiosk starts in.
        (
            old.kiosk.languages.first() != new.kiosk.languages.first(),
            "[kiosk] languages (default)",
            AtAttract,
        ),
        (old.timeouts != new.timeouts, "[timeouts]", AtAttract),
        (
            old.devices.scanner != new.devices.scanner,
            "[devices.scanner]",
            AtAttract,
        ),
        (
            old.devices.fingerprint != new.devices.fingerprint,
            "[devices.fingerprint]",
            AtAttract,
        ),
        (old.backend != new.backend, "[backend]", AtAttract),
        (
            old.backend == new.backend && tls_changed,
            "[backend] certificate files",
            AtAttract,
        ),
        (old.printer != new.printer, "[printer]", AtAttract),
        (old.maintenance != new.maintenance, "[maintenance]", Restart),
        (
            old.accessibility != new.accessibility,
            "[accessibility]",
            Restart,
        ),
    ];
    parts
        .into_iter()
        .filter(|(changed, _, _)| *changed)
        .map(|(_, name, takes)| Change { name, takes })
        .collect()
}

/// A digest of what the backend's CA, client certificate and key files
/// hold now (a file that cannot be read counts as empty): a certificate
/// renewed in place changes it. Not a security check, only "is it new".
pub fn tls_digest(backend: &BackendSettings) -> u64 {
    let mut hasher = DefaultHasher::new();
    for path in [
        &backend.ca_file,
        &backend.client_cert_file,
        &backend.client_key_file,
    ] {
        path.hash(&mut hasher);
        std::fs::read(path).unwrap_or_default().hash(&mut hasher);
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(changes: &[Change], takes: Takes) -> Vec<&'static str> {
        changes
            .iter()
            .filter(|c| c.takes == takes)
            .map(|c| c.name)
            .collect()
    }

    #[test]
    fn nothing_changed_is_no_change() {
        let config = KioskConfig::default();
        assert!(changes(&config, &config.clone(), false).is_empty());
    }

    #[test]
    fn ports_backend_and_printer_wait_for_the_attract_screen_identity_for_a_restart() {
        let old = KioskConfig::default();
        let mut new = old.clone();
        new.devices.scanner.port = "/dev/ttyUSB9".into();
        new.devices.fingerprint.baud = 115_200;
        new.backend.url = "https://other.example.invalid".into();
        new.printer.queue = "other".into();
        new.kiosk.site = "Hall 3".into();
        new.kiosk.id = "TOT-0002".into();
        new.maintenance.max_pin_attempts = 3;
        let found = changes(&old, &new, false);
        assert_eq!(
            names(&found, Takes::AtAttract),
            [
                "[devices.scanner]",
                "[devices.fingerprint]",
                "[backend]",
                "[printer]"
            ]
        );
        assert_eq!(names(&found, Takes::Now), ["[kiosk] site"]);
        assert_eq!(
            names(&found, Takes::Restart),
            ["[kiosk] id", "[maintenance]"]
        );
    }

    #[test]
    fn a_certificate_renewed_in_place_is_a_change_of_its_own() {
        let config = KioskConfig::default();
        let found = changes(&config, &config.clone(), true);
        assert_eq!(
            names(&found, Takes::AtAttract),
            ["[backend] certificate files"]
        );
        // A new URL already rebuilds the client: named once.
        let mut moved = config.clone();
        moved.backend.url = "https://other.example.invalid".into();
        let found = changes(&config, &moved, true);
        assert_eq!(names(&found, Takes::AtAttract), ["[backend]"]);
    }

    #[test]
    fn the_digest_follows_the_files_contents() {
        let dir = tempfile::tempdir().expect("tempdir");
        let cert = dir.path().join("kiosk.pem");
        std::fs::write(&cert, "synthetic certificate 1").expect("write");
        let backend = BackendSettings {
            client_cert_file: cert.display().to_string(),
            ..BackendSettings::default()
        };
        let before = tls_digest(&backend);
        assert_eq!(before, tls_digest(&backend));
        std::fs::write(&cert, "synthetic certificate 2").expect("write");
        assert_ne!(before, tls_digest(&backend));
    }
}
