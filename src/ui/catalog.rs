//! The certificates of DOMAIN.md, for a kiosk started without a
//! certificates.toml (`ui::run()`, the tests, the examples).

use totem_flow::{Catalog, CertificateEntry, Family};

/// The catalog of DOMAIN.md, used when no certificates.toml is given.
pub fn default_catalog() -> Catalog {
    let entry = |kind: &str, family, es: &str, en: &str, holder_only| CertificateEntry {
        kind: kind.to_string(),
        family,
        purpose_es: es.to_string(),
        purpose_en: en.to_string(),
        holder_only,
        enabled: true,
    };
    use Family::*;
    Catalog {
        certificates: vec![
            entry(
                "nacimiento-asignacion-familiar",
                Nacimiento,
                "Asignación familiar",
                "Family allowance",
                false,
            ),
            entry(
                "nacimiento-matricula",
                Nacimiento,
                "Matrícula escolar",
                "School enrolment",
                false,
            ),
            entry(
                "nacimiento-todo-tramite",
                Nacimiento,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "matrimonio-asignacion-familiar",
                Matrimonio,
                "Asignación familiar",
                "Family allowance",
                false,
            ),
            entry(
                "matrimonio-todo-tramite",
                Matrimonio,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "matrimonio-subinscripciones",
                Matrimonio,
                "Con subinscripciones",
                "With annotations",
                false,
            ),
            entry(
                "defuncion-asignacion-familiar",
                Defuncion,
                "Asignación familiar",
                "Family allowance",
                false,
            ),
            entry(
                "defuncion-todo-tramite",
                Defuncion,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "defuncion-causa-muerte",
                Defuncion,
                "Con causa de muerte",
                "With cause of death",
                false,
            ),
            entry(
                "antecedentes-fines-particulares",
                Antecedentes,
                "Fines particulares",
                "Private purposes",
                true,
            ),
            entry(
                "antecedentes-fines-especiales",
                Antecedentes,
                "Fines especiales",
                "Special purposes",
                true,
            ),
            entry(
                "hoja-de-vida-conductor",
                HojaDeVidaConductor,
                "Todo trámite",
                "All purposes",
                true,
            ),
            entry(
                "auc-todo-tramite",
                UnionCivil,
                "Todo trámite",
                "All purposes",
                false,
            ),
            entry(
                "pj-vigencia",
                PersonasJuridicas,
                "Vigencia",
                "Standing",
                false,
            ),
            entry(
                "pj-directorio",
                PersonasJuridicas,
                "Directorio",
                "Board of directors",
                false,
            ),
            entry(
                "discapacidad-inscripcion",
                Discapacidad,
                "Inscripción",
                "Registration",
                false,
            ),
        ],
    }
}
