//! Synthetic certificates for technicians' samples, tests and benchmarks.
//! The data is obviously fake (RUN bodies like 11.111.111).

use chrono::NaiveDate;

use totem_config::Catalog;

use crate::document::{ActivationSlip, CertificateDocument, CertificateTitle, DataLine};

/// The verification site printed on samples (a reserved example domain).
pub const SAMPLE_VERIFY_BASE: &str = "https://verificar.registro.example/v";

/// A sample certificate of `kind`, with accented synthetic names so a
/// printout shows whether the fonts carry Spanish letters.
pub fn certificate(kind: &str, title: CertificateTitle) -> CertificateDocument {
    let issued_at = NaiveDate::from_ymd_opt(2026, 11, 25)
        .and_then(|d| d.and_hms_opt(10, 42, 7))
        .unwrap_or_default();
    let folio = "500123456789".to_owned();
    let code = "7F3K-Q9XM-2WZD".to_owned();
    CertificateDocument {
        kind: kind.to_owned(),
        family: title.family,
        purpose: title.purpose,
        lines: vec![
            DataLine::new("Nombre inscrito", "José Ignacio Muñoz Ñúñez"),
            DataLine::new("RUN", "11.111.111-1"),
            DataLine::new("Fecha de nacimiento", "14 de febrero de 1990"),
            DataLine::new("Lugar de nacimiento", "Peñaflor, Región Metropolitana"),
            DataLine::new("Sexo", "Masculino"),
            DataLine::new("Nombre del padre", "Andrés Muñoz Pérez"),
            DataLine::new("Nombre de la madre", "María Inés Ñúñez Güell"),
            DataLine::new("Circunscripción", "Ñuñoa"),
            DataLine::new("Inscripción", "N.º 1.234 del Registro E, año 1990"),
        ],
        verification_url: format!("{SAMPLE_VERIFY_BASE}?folio={folio}&codigo={code}"),
        folio,
        verification_code: code,
        issued_at,
        kiosk_id: "TOTEM-DEMO-01".to_owned(),
        sample: true,
    }
}

/// A sample activation slip.
pub fn slip() -> ActivationSlip {
    ActivationSlip {
        code: "KQZWXB".to_owned(),
        expiry_note: "Válido por 24 horas, hasta el 26-11-2026 a las 10:42.".to_owned(),
        kiosk_id: "TOTEM-DEMO-01".to_owned(),
        issued_at: NaiveDate::from_ymd_opt(2026, 11, 25)
            .and_then(|d| d.and_hms_opt(10, 42, 7))
            .unwrap_or_default(),
    }
}

/// The titles of `kind`: from the catalog entry when the catalog lists it,
/// else from the kind string's prefix (`nacimiento-…`).
pub fn title_for(kind: &str, catalog: Option<&Catalog>) -> Result<CertificateTitle, String> {
    if let Some(entry) = catalog.and_then(|c| c.certificates.iter().find(|e| e.kind == kind)) {
        return Ok(CertificateTitle::from_entry(entry));
    }
    CertificateTitle::from_kind(kind).ok_or_else(|| {
        let known: Vec<&str> = catalog
            .map(|c| c.certificates.iter().map(|e| e.kind.as_str()).collect())
            .unwrap_or_default();
        if known.is_empty() {
            format!("unknown certificate kind {kind:?}: it must start with a family, e.g. nacimiento-todo-tramite")
        } else {
            format!("unknown certificate kind {kind:?}; the catalog has: {}", known.join(", "))
        }
    })
}
