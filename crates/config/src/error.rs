use std::fmt;
use std::path::PathBuf;

/// A configuration problem, shown as `file:line: key: what is wrong, what
/// is expected`. `line` is `None` when the key is absent from the file (a
/// default was used) or the file could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    /// Dotted path, e.g. `devices.fingerprint.baud` or `certificate[3].kind`;
    /// empty when the whole file is concerned.
    pub key: String,
    pub problem: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.key.is_empty() {
            write!(f, ": {}", self.key)?;
        }
        write!(f, ": {}", self.problem)
    }
}
