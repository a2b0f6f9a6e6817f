use serde::Deserialize;

#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PrinterSettings {
    pub kind: PrinterKind,
    /// CUPS queue name (kind = "cups").
    pub queue: String,
    /// Folder the PDFs go to (kind = "folder", the demo printer).
    pub folder: String,
    /// Crash-safe spool: a job stays here until it is done.
    pub spool_dir: String,
    pub paper: PaperSize,
}

impl Default for PrinterSettings {
    fn default() -> Self {
        Self {
            kind: PrinterKind::Cups,
            queue: "totem".into(),
            folder: "/var/lib/totem/printed".into(),
            spool_dir: "/var/lib/totem/spool".into(),
            paper: PaperSize::Letter,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PrinterKind {
    Cups,
    Folder,
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    Letter,
    A4,
}
