use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PrinterSettings {
    pub kind: PrinterKind,
    /// CUPS queue name (kind = "cups").
    pub queue: String,
    /// Where cupsd listens (kind = "cups"): `host:port`, or the path of its
    /// Unix socket (e.g. `/run/cups/cups.sock`).
    pub cups_server: String,
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
            cups_server: "localhost:631".into(),
            folder: "/var/lib/totem/printed".into(),
            spool_dir: "/var/lib/totem/spool".into(),
            paper: PaperSize::Letter,
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PrinterKind {
    Cups,
    Folder,
}

#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PaperSize {
    Letter,
    A4,
}
