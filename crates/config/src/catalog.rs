use serde::{Deserialize, Serialize};

/// certificates.toml: what this kiosk offers.
#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Catalog {
    #[serde(rename = "certificate")]
    pub certificates: Vec<CertificateEntry>,
}

/// One certificate kind: a family and a purpose.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct CertificateEntry {
    /// Stable id used with the backend, e.g. "nacimiento-asignacion-familiar".
    pub kind: String,
    pub family: Family,
    /// Purpose, Spanish and English.
    pub purpose_es: String,
    pub purpose_en: String,
    /// Needs the holder's card and fingerprint (otherwise a typed RUN will do).
    #[serde(default)]
    pub holder_only: bool,
    #[serde(default = "yes")]
    pub enabled: bool,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Nacimiento,
    Matrimonio,
    Defuncion,
    Antecedentes,
    HojaDeVidaConductor,
    UnionCivil,
    PersonasJuridicas,
    Discapacidad,
}
