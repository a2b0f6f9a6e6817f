//! What goes on paper: a certificate as the registry returned it, and the
//! activation-code slip. Personal fields are wiped from memory on drop and
//! never shown by `Debug`.

use std::fmt;

use chrono::NaiveDateTime;
use totem_config::{CertificateEntry, Family};
use zeroize::{Zeroize, ZeroizeOnDrop};

/// One "label: value" line of the person's data, exactly as the registry
/// returned it (the kiosk does not reinterpret registry data).
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct DataLine {
    pub label: String,
    pub value: String,
}

impl DataLine {
    pub fn new(label: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            value: value.into(),
        }
    }
}

impl fmt::Debug for DataLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataLine")
            .field("label", &self.label)
            .field("value", &"<redacted>")
            .finish()
    }
}

/// A certificate ready to be laid out.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct CertificateDocument {
    /// Catalog id, e.g. `nacimiento-todo-tramite` (not personal).
    pub kind: String,
    /// Title line, e.g. "Certificado de Nacimiento".
    pub family: String,
    /// Purpose line, e.g. "Para todo trámite".
    pub purpose: String,
    /// The holder's / subject's data lines (personal).
    pub lines: Vec<DataLine>,
    pub folio: String,
    pub verification_code: String,
    #[zeroize(skip)]
    pub issued_at: NaiveDateTime,
    pub kiosk_id: String,
    /// What the QR code holds; anyone can check the certificate there.
    pub verification_url: String,
    /// Marks the page "MUESTRA — DATOS SINTÉTICOS" (technicians' samples).
    #[zeroize(skip)]
    pub sample: bool,
}

impl fmt::Debug for CertificateDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateDocument")
            .field("kind", &self.kind)
            .field("folio", &self.folio)
            .field("lines", &format_args!("<{} redacted>", self.lines.len()))
            .field("kiosk_id", &self.kiosk_id)
            .finish_non_exhaustive()
    }
}

/// The activation code of a ClaveÚnica, printed on a small slip.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct ActivationSlip {
    /// Six letters (personal: it opens the citizen's account).
    pub code: String,
    /// E.g. "Válido hasta el 25-11-2026 a las 18:00".
    pub expiry_note: String,
    pub kiosk_id: String,
    #[zeroize(skip)]
    pub issued_at: NaiveDateTime,
}

impl fmt::Debug for ActivationSlip {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActivationSlip")
            .field("code", &"<redacted>")
            .field("kiosk_id", &self.kiosk_id)
            .finish_non_exhaustive()
    }
}

/// The family and purpose titles of a certificate kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateTitle {
    pub family: String,
    pub purpose: String,
}

/// Family ids as they start a kind string, longest first so that
/// `hoja-de-vida-conductor-…` is not taken for something shorter.
const FAMILY_PREFIXES: &[(&str, Family)] = &[
    ("hoja-de-vida-conductor", Family::HojaDeVidaConductor),
    ("personas-juridicas", Family::PersonasJuridicas),
    ("union-civil", Family::UnionCivil),
    ("auc", Family::UnionCivil),
    ("antecedentes", Family::Antecedentes),
    ("discapacidad", Family::Discapacidad),
    ("nacimiento", Family::Nacimiento),
    ("matrimonio", Family::Matrimonio),
    ("defuncion", Family::Defuncion),
];

/// Purposes of DOMAIN.md, by the slug a kind string uses.
const PURPOSES: &[(&str, &str)] = &[
    ("asignacion-familiar", "Para asignación familiar"),
    ("matricula", "Para matrícula"),
    ("todo-tramite", "Para todo trámite"),
    ("con-subinscripciones", "Con subinscripciones"),
    ("con-causa-de-muerte", "Con causa de muerte"),
    ("fines-particulares", "Para fines particulares"),
    ("fines-especiales", "Para fines especiales"),
    ("vigencia", "De vigencia"),
    ("directorio", "De directorio"),
    ("inscripcion", "De inscripción"),
];

/// The printed title of a family.
pub fn family_title(family: Family) -> &'static str {
    match family {
        Family::Nacimiento => "Certificado de Nacimiento",
        Family::Matrimonio => "Certificado de Matrimonio",
        Family::Defuncion => "Certificado de Defunción",
        Family::Antecedentes => "Certificado de Antecedentes",
        Family::HojaDeVidaConductor => "Hoja de Vida del Conductor",
        Family::UnionCivil => "Certificado de Acuerdo de Unión Civil",
        Family::PersonasJuridicas => "Certificado de Personas Jurídicas sin Fines de Lucro",
        Family::Discapacidad => "Certificado del Registro Nacional de la Discapacidad",
    }
}

impl CertificateTitle {
    /// From a catalog entry (the purpose as the catalog words it).
    pub fn from_entry(entry: &CertificateEntry) -> Self {
        Self {
            family: family_title(entry.family).to_owned(),
            purpose: entry.purpose_es.clone(),
        }
    }

    /// From a kind string alone, e.g. `nacimiento-todo-tramite`: the family
    /// comes from the prefix, the purpose from the rest. `None` when no known
    /// family starts the string.
    pub fn from_kind(kind: &str) -> Option<Self> {
        let kind = kind.trim().to_ascii_lowercase();
        let (rest, family) = FAMILY_PREFIXES.iter().find_map(|(prefix, family)| {
            let rest = kind.strip_prefix(prefix)?;
            (rest.is_empty() || rest.starts_with('-'))
                .then(|| (rest.trim_start_matches('-').to_owned(), *family))
        })?;
        let purpose = PURPOSES
            .iter()
            .find(|(slug, _)| *slug == rest)
            .map(|(_, text)| (*text).to_owned())
            .unwrap_or_else(|| humanize(&rest));
        Some(Self {
            family: family_title(family).to_owned(),
            purpose,
        })
    }
}

/// `fines-x` → "Fines x" for a purpose slug the table does not know.
fn humanize(slug: &str) -> String {
    let words = slug.replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_prefix_gives_family_and_purpose() {
        let t = CertificateTitle::from_kind("nacimiento-todo-tramite").unwrap();
        assert_eq!(t.family, "Certificado de Nacimiento");
        assert_eq!(t.purpose, "Para todo trámite");
        let t = CertificateTitle::from_kind("hoja-de-vida-conductor-todo-tramite").unwrap();
        assert_eq!(t.family, "Hoja de Vida del Conductor");
        let t = CertificateTitle::from_kind("defuncion-con-causa-de-muerte").unwrap();
        assert_eq!(t.family, "Certificado de Defunción");
        assert_eq!(t.purpose, "Con causa de muerte");
        let t = CertificateTitle::from_kind("matrimonio-algo-nuevo").unwrap();
        assert_eq!(t.purpose, "Algo nuevo");
        assert!(CertificateTitle::from_kind("nacimientox").is_none());
        assert!(CertificateTitle::from_kind("pasaporte").is_none());
    }

    #[test]
    fn debug_redacts_personal_data() {
        let line = DataLine::new("Nombre", "José Muñoz Ñúñez");
        assert!(!format!("{line:?}").contains("José"));
        let slip = ActivationSlip {
            code: "QWERTY".into(),
            expiry_note: String::new(),
            kiosk_id: "T1".into(),
            issued_at: NaiveDateTime::default(),
        };
        assert!(!format!("{slip:?}").contains("QWERTY"));
    }
}
