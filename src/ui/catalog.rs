//! The certificates of DOMAIN.md, for a kiosk started without a
//! certificates.toml (`ui::run()`, the tests, the examples).
//!
//! Built from the example kiosk-config/certificates.toml itself, compiled in
//! and read by the same loader as a site's file, so the two cannot drift.

use std::path::Path;

use totem_flow::Catalog;

/// The example certificates.toml, as shipped.
const EXAMPLE: &str = include_str!("../../kiosk-config/certificates.toml");

/// The catalog of DOMAIN.md, used when no certificates.toml is given.
pub fn default_catalog() -> Catalog {
    // The text is compiled in and checked by a test below and by
    // `totem check-config kiosk-config`: it cannot fail at run time.
    totem_config::parse_catalog(Path::new("kiosk-config/certificates.toml"), EXAMPLE)
        .expect("the example certificates.toml is valid")
}

#[cfg(test)]
mod tests {
    use super::*;
    use totem_config::{Family, Subject};

    #[test]
    fn the_default_catalog_is_the_example_file() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/kiosk-config/certificates.toml"
        );
        let loaded = totem_config::load_catalog(Path::new(path)).expect("example loads");
        assert_eq!(default_catalog(), loaded);
    }

    #[test]
    fn the_default_catalog_has_the_cese_entities_and_a_holder_only_disability_certificate() {
        let catalog = default_catalog();
        let find = |kind: &str| {
            catalog
                .certificates
                .iter()
                .find(|e| e.kind == kind)
                .unwrap_or_else(|| panic!("{kind} missing"))
        };
        let cese = find("matrimonio-informe-cese-de-convivencia");
        assert_eq!(cese.subject(), Subject::Run);
        assert_eq!(find("discapacidad-inscripcion").subject(), Subject::Holder);
        for e in &catalog.certificates {
            let want = if e.family.holder_only() {
                Subject::Holder
            } else if e.family == Family::PersonasJuridicas {
                Subject::Entity
            } else {
                Subject::Run
            };
            assert_eq!(e.subject(), want, "{}", e.kind);
        }
        assert_eq!(catalog.certificates.len(), 17);
    }
}
