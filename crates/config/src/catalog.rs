use serde::{Deserialize, Serialize};

/// certificates.toml: what this kiosk offers.
#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq)]
#[serde(from = "CatalogFile")]
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

impl CertificateEntry {
    /// Which screen asks for what the certificate is about: `subject` in
    /// certificates.toml, which the loader checks against `holder_only` and
    /// the family.
    pub fn subject(&self) -> Subject {
        if self.holder_only {
            Subject::Holder
        } else if self.family == Family::PersonasJuridicas {
            Subject::Entity
        } else {
            Subject::Run
        }
    }
}

/// What a certificate is about, and so which screen asks for it.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq, Hash)]
#[serde(rename_all = "lowercase")]
pub enum Subject {
    /// The holder, identified by card and fingerprint.
    Holder,
    /// A person, by the RUN typed on the keypad (or read from a card).
    #[default]
    Run,
    /// A non-profit legal entity, by its registration number or RUT on its
    /// own keypad: not a person's RUN.
    Entity,
}

impl Subject {
    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Holder => "holder",
            Subject::Run => "run",
            Subject::Entity => "entity",
        }
    }
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

impl Family {
    /// Certificates only their holder may obtain: a criminal record, a
    /// driver's record, and the Registro Nacional de la Discapacidad (health
    /// data, sensitive under Ley 19.628: a typed RUN must not reveal it).
    pub fn holder_only(self) -> bool {
        matches!(
            self,
            Family::Antecedentes | Family::HojaDeVidaConductor | Family::Discapacidad
        )
    }
}

/// certificates.toml as written: `subject` and `holder_only` are both
/// optional there (either says who the certificate is about); the loader
/// checks they agree before it becomes a [`Catalog`].
#[derive(Debug, Clone, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct CatalogFile {
    pub certificate: Vec<EntryFile>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct EntryFile {
    pub kind: String,
    pub family: Family,
    pub purpose_es: String,
    pub purpose_en: String,
    pub subject: Option<Subject>,
    pub holder_only: Option<bool>,
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl EntryFile {
    /// Holder-only when it says so, either way.
    pub fn holder_only(&self) -> bool {
        self.holder_only
            .unwrap_or(self.subject == Some(Subject::Holder))
    }
}

impl From<CatalogFile> for Catalog {
    fn from(file: CatalogFile) -> Catalog {
        let certificates = file
            .certificate
            .into_iter()
            .map(|e| CertificateEntry {
                holder_only: e.holder_only(),
                kind: e.kind,
                family: e.family,
                purpose_es: e.purpose_es,
                purpose_en: e.purpose_en,
                enabled: e.enabled,
            })
            .collect();
        Catalog { certificates }
    }
}
