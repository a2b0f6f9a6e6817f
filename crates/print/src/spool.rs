//! The crash-safe spool: one job is `<id>.pdf` (the document, personal, mode
//! 0600) and `<id>.json` (its bookkeeping: id, kind, attempts, phase — no
//! personal data). Both are written to a temporary name, synced and renamed,
//! so a crash leaves either the old file or the new one, never half of one.

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// What kind of paper a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobKind {
    Certificate,
    ActivationSlip,
    TestPage,
}

/// Where a job is in its life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case", tag = "phase")]
pub enum JobPhase {
    /// In the spool, not yet handed to the printer (it may be unable to print).
    Queued,
    /// Handed to CUPS as job `cups_job`; waiting for it to complete.
    Submitted { cups_job: i32 },
    /// On paper. The PDF is gone.
    Printed,
    /// Gave up; the PDF is kept so it can be printed again with the same id.
    Failed { reason: String },
}

/// The JSON beside each spooled PDF.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobRecord {
    /// The certificate's folio (or a slip's / test page's own id).
    pub id: String,
    pub kind: JobKind,
    /// How many times the document was sent to the printer.
    pub attempts: u32,
    #[serde(flatten)]
    pub phase: JobPhase,
}

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("job id {0:?} is not usable as a spool name (letters, digits, '-' and '_' only)")]
    BadId(String),
    #[error("job {0} is already in the spool")]
    Duplicate(String),
    #[error("job {0} is not in the spool")]
    Unknown(String),
    #[error("spool folder {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// A job id becomes a file name: only a safe alphabet, so a folio from the
/// network can never point outside the spool.
pub fn check_id(id: &str) -> Result<(), SpoolError> {
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(SpoolError::BadId(id.chars().take(80).collect()))
    }
}

pub struct Spool {
    dir: PathBuf,
}

impl Spool {
    /// Opens (creating, mode 0700) the spool folder.
    pub fn open(dir: impl Into<PathBuf>) -> Result<Self, SpoolError> {
        let dir = dir.into();
        let io = |source| SpoolError::Io {
            path: dir.clone(),
            source,
        };
        fs::create_dir_all(&dir).map_err(io)?;
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o700)).map_err(io)?;
        Ok(Self { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn pdf_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.pdf"))
    }

    fn json_path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    fn io(&self, path: &Path) -> impl FnOnce(std::io::Error) -> SpoolError {
        let path = path.to_owned();
        move |source| SpoolError::Io { path, source }
    }

    /// Stores a new job: the PDF first, then the record that makes it count.
    pub fn add(&self, record: &JobRecord, pdf: &[u8]) -> Result<(), SpoolError> {
        check_id(&record.id)?;
        if self.json_path(&record.id).exists() {
            return Err(SpoolError::Duplicate(record.id.clone()));
        }
        write_atomic(&self.pdf_path(&record.id), pdf)
            .map_err(self.io(&self.pdf_path(&record.id)))?;
        self.save(record)
    }

    /// Rewrites a job's record.
    pub fn save(&self, record: &JobRecord) -> Result<(), SpoolError> {
        check_id(&record.id)?;
        let path = self.json_path(&record.id);
        let json = serde_json::to_vec_pretty(record).map_err(|e| SpoolError::Io {
            path: path.clone(),
            source: std::io::Error::other(e),
        })?;
        write_atomic(&path, &json).map_err(self.io(&path))
    }

    pub fn pdf(&self, id: &str) -> Result<Vec<u8>, SpoolError> {
        check_id(id)?;
        let path = self.pdf_path(id);
        fs::read(&path).map_err(self.io(&path))
    }

    pub fn pdf_path_of(&self, id: &str) -> Result<PathBuf, SpoolError> {
        check_id(id)?;
        Ok(self.pdf_path(id))
    }

    /// Deletes the PDF (once printed: it holds personal data).
    pub fn remove_pdf(&self, id: &str) -> Result<(), SpoolError> {
        check_id(id)?;
        remove_if_present(&self.pdf_path(id)).map_err(self.io(&self.pdf_path(id)))
    }

    /// Forgets a job entirely.
    pub fn remove(&self, id: &str) -> Result<(), SpoolError> {
        self.remove_pdf(id)?;
        remove_if_present(&self.json_path(id)).map_err(self.io(&self.json_path(id)))
    }

    /// Every job in the spool, oldest-named first. Unreadable records are
    /// skipped with a warning (and left for a technician), never fatal.
    pub fn scan(&self) -> Result<Vec<JobRecord>, SpoolError> {
        let mut records = Vec::new();
        let entries = fs::read_dir(&self.dir).map_err(self.io(&self.dir))?;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if name.starts_with('.') {
                // A temporary file from a write interrupted by a crash.
                let _ = fs::remove_file(&path);
                continue;
            }
            let Some(id) = name.strip_suffix(".json") else {
                continue;
            };
            let parsed = fs::read(&path)
                .ok()
                .and_then(|bytes| serde_json::from_slice::<JobRecord>(&bytes).ok())
                .filter(|record| record.id == id && check_id(id).is_ok());
            match parsed {
                Some(record) => records.push(record),
                None => {
                    tracing::warn!(file = %path.display(), "unreadable spool record left in place")
                }
            }
        }
        records.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(records)
    }
}

fn remove_if_present(path: &Path) -> std::io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Writes `bytes` to `path` (mode 0600) through a synced temporary file and a
/// rename, then syncs the folder so the rename itself survives a power cut.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let tmp = dir.join(format!(".{name}.tmp"));
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    fs::rename(&tmp, path)?;
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_could_escape_the_spool_are_refused() {
        for bad in [
            "",
            "../x",
            "a/b",
            "a b",
            ".hidden",
            "x.pdf",
            &"9".repeat(65),
        ] {
            assert!(check_id(bad).is_err(), "{bad:?}");
        }
        check_id("500123456789").unwrap();
        check_id("slip-20261125T104207").unwrap();
    }

    #[test]
    fn records_survive_a_reopen_and_pdfs_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open(dir.path().join("spool")).unwrap();
        let record = JobRecord {
            id: "123".into(),
            kind: JobKind::Certificate,
            attempts: 0,
            phase: JobPhase::Queued,
        };
        spool.add(&record, b"%PDF-1.7 fake").unwrap();
        assert!(matches!(
            spool.add(&record, b"x"),
            Err(SpoolError::Duplicate(_))
        ));
        let mode = fs::metadata(spool.pdf_path_of("123").unwrap())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        // A crash mid-write leaves a temporary file: the rescan ignores and removes it.
        fs::write(spool.dir().join(".124.json.tmp"), b"{").unwrap();
        fs::write(spool.dir().join("garbage.json"), b"not json").unwrap();
        let again = Spool::open(dir.path().join("spool")).unwrap();
        assert_eq!(again.scan().unwrap(), vec![record]);
        assert!(!again.dir().join(".124.json.tmp").exists());
        let json = fs::read_to_string(again.dir().join("123.json")).unwrap();
        assert!(json.contains("\"phase\": \"queued\""), "{json}");
        again.remove("123").unwrap();
        assert!(again.scan().unwrap().is_empty());
    }
}
