//! The registry's certificate catalog (DOMAIN.md). Kinds are
//! `<family>-<purpose>`, the same ids as kiosk-config/certificates.toml.

use totem_registry::api::{CatalogEntry, Subject};

/// (kind, family, purpose_es, purpose_en, holder_only)
const KINDS: &[(&str, &str, &str, &str, bool)] = &[
    (
        "nacimiento-asignacion-familiar",
        "nacimiento",
        "Asignación familiar",
        "Family allowance",
        false,
    ),
    (
        "nacimiento-matricula",
        "nacimiento",
        "Matrícula",
        "School enrolment",
        false,
    ),
    (
        "nacimiento-todo-tramite",
        "nacimiento",
        "Todo trámite",
        "All purposes",
        false,
    ),
    (
        "matrimonio-asignacion-familiar",
        "matrimonio",
        "Asignación familiar",
        "Family allowance",
        false,
    ),
    (
        "matrimonio-todo-tramite",
        "matrimonio",
        "Todo trámite",
        "All purposes",
        false,
    ),
    (
        "matrimonio-con-subinscripciones",
        "matrimonio",
        "Con subinscripciones",
        "With annotations",
        false,
    ),
    (
        "defuncion-asignacion-familiar",
        "defuncion",
        "Asignación familiar",
        "Family allowance",
        false,
    ),
    (
        "defuncion-todo-tramite",
        "defuncion",
        "Todo trámite",
        "All purposes",
        false,
    ),
    (
        "defuncion-con-causa-de-muerte",
        "defuncion",
        "Con causa de muerte",
        "With cause of death",
        false,
    ),
    (
        "antecedentes-fines-particulares",
        "antecedentes",
        "Fines particulares",
        "Private purposes",
        true,
    ),
    (
        "antecedentes-fines-especiales",
        "antecedentes",
        "Fines especiales",
        "Special purposes",
        true,
    ),
    (
        "hoja-de-vida-conductor-todo-tramite",
        "hoja-de-vida-conductor",
        "Todo trámite",
        "All purposes",
        true,
    ),
    (
        "union-civil-todo-tramite",
        "union-civil",
        "Todo trámite",
        "All purposes",
        false,
    ),
    (
        "personas-juridicas-vigencia",
        "personas-juridicas",
        "Vigencia",
        "Standing",
        false,
    ),
    (
        "personas-juridicas-directorio",
        "personas-juridicas",
        "Directorio",
        "Board of directors",
        false,
    ),
    // Health data, sensitive under Ley 19.628: only its holder may obtain it.
    (
        "discapacidad-inscripcion",
        "discapacidad",
        "Inscripción",
        "Registration",
        true,
    ),
    // Free at totems under Ley 21.126, art. 44.
    (
        "matrimonio-informe-cese-de-convivencia",
        "matrimonio",
        "Informe de cese de convivencia",
        "Report of end of cohabitation",
        false,
    ),
];

/// (family, es, en, title_es, title_en)
const FAMILIES: &[(&str, &str, &str, &str, &str)] = &[
    (
        "nacimiento",
        "Nacimiento",
        "Birth",
        "Certificado de Nacimiento",
        "Birth Certificate",
    ),
    (
        "matrimonio",
        "Matrimonio",
        "Marriage",
        "Certificado de Matrimonio",
        "Marriage Certificate",
    ),
    (
        "defuncion",
        "Defunción",
        "Death",
        "Certificado de Defunción",
        "Death Certificate",
    ),
    (
        "antecedentes",
        "Antecedentes",
        "Criminal record",
        "Certificado de Antecedentes",
        "Criminal Record Certificate",
    ),
    (
        "hoja-de-vida-conductor",
        "Hoja de vida del conductor",
        "Driver's record",
        "Hoja de Vida del Conductor",
        "Driver's Record",
    ),
    (
        "union-civil",
        "Acuerdo de Unión Civil",
        "Civil union",
        "Certificado de Acuerdo de Unión Civil",
        "Civil Union Certificate",
    ),
    (
        "personas-juridicas",
        "Personas jurídicas sin fines de lucro",
        "Non-profit legal entities",
        "Certificado de Persona Jurídica sin Fines de Lucro",
        "Non-profit Legal Entity Certificate",
    ),
    (
        "discapacidad",
        "Registro Nacional de la Discapacidad",
        "National Disability Registry",
        "Certificado de Inscripción en el Registro Nacional de la Discapacidad",
        "National Disability Registry Certificate",
    ),
];

pub fn entries() -> Vec<CatalogEntry> {
    KINDS
        .iter()
        .map(|&(kind, family, purpose_es, purpose_en, holder_only)| {
            let (family_es, family_en, ..) = family_names(family);
            CatalogEntry {
                kind: kind.into(),
                family: family.into(),
                family_es: family_es.into(),
                family_en: family_en.into(),
                purpose_es: purpose_es.into(),
                purpose_en: purpose_en.into(),
                holder_only,
                subject: if holder_only {
                    Subject::Holder
                } else if family == "personas-juridicas" {
                    Subject::Entity
                } else {
                    Subject::Run
                },
            }
        })
        .collect()
}

pub fn find(kind: &str) -> Option<CatalogEntry> {
    entries().into_iter().find(|e| e.kind == kind)
}

/// (family_es, family_en, title_es, title_en)
pub fn family_names(family: &str) -> (&'static str, &'static str, &'static str, &'static str) {
    FAMILIES
        .iter()
        .find(|f| f.0 == family)
        .map(|f| (f.1, f.2, f.3, f.4))
        .unwrap_or(("Certificado", "Certificate", "Certificado", "Certificate"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_kind_has_a_known_family_and_holder_only_ones_are_the_domain_ones() {
        let entries = super::entries();
        // DOMAIN.md's 16 and the informe de cese de convivencia.
        assert_eq!(entries.len(), 17);
        for e in &entries {
            assert!(e.kind.starts_with(&format!("{}-", e.family)));
            assert_ne!(super::family_names(&e.family).0, "Certificado");
            let holder = matches!(
                e.family.as_str(),
                "antecedentes" | "hoja-de-vida-conductor" | "discapacidad"
            );
            assert_eq!(e.holder_only, holder, "{}", e.kind);
            let entity = e.family == "personas-juridicas";
            assert_eq!(e.subject == super::Subject::Entity, entity, "{}", e.kind);
            assert_eq!(e.subject == super::Subject::Holder, holder, "{}", e.kind);
        }
    }

    #[test]
    fn the_kiosk_catalog_asks_only_for_kinds_the_registry_knows() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../kiosk-config/certificates.toml"
        );
        let Ok(text) = std::fs::read_to_string(path) else {
            return; // the example config is not part of this crate's package
        };
        let kiosk: Vec<&str> = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("kind = \""))
            .filter_map(|l| l.strip_suffix('"'))
            .collect();
        assert!(!kiosk.is_empty());
        for kind in kiosk {
            assert!(
                super::find(kind).is_some(),
                "certificates.toml has {kind}, the registry does not"
            );
        }
    }
}
