//! Free space on the filesystem of a folder (the print spool), via statvfs.

use std::ffi::CString;
use std::io;
use std::mem::MaybeUninit;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiskSpace {
    /// Bytes an unprivileged process can still write.
    pub free: u64,
    pub total: u64,
}

impl DiskSpace {
    /// Free space as a fraction of the total (0 when the total is unknown).
    pub fn free_ratio(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.free as f64 / self.total as f64
        }
    }
}

/// Free and total bytes of the filesystem holding `path`.
pub fn disk_space(path: &Path) -> io::Result<DiskSpace> {
    let c_path = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "path contains a NUL byte"))?;
    let mut stat = MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: c_path is a valid NUL-terminated string and stat points to
    // writable memory of the right type; statvfs fills it on success.
    let rc = unsafe { libc::statvfs(c_path.as_ptr(), stat.as_mut_ptr()) };
    if rc != 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: statvfs returned 0, so it initialised the struct.
    let stat = unsafe { stat.assume_init() };
    // The field types differ between targets (u32 on some 32-bit ones).
    #[allow(clippy::unnecessary_cast)]
    let (unit, bavail, blocks) = (
        stat.f_frsize as u64,
        stat.f_bavail as u64,
        stat.f_blocks as u64,
    );
    Ok(DiskSpace {
        free: bavail.saturating_mul(unit),
        total: blocks.saturating_mul(unit),
    })
}

/// "1.5 GB", "320 MB", "12 kB": what a technician reads at a glance.
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 || value >= 100.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_the_filesystem_of_a_folder_like_df() {
        let dir = tempfile::tempdir().unwrap();
        let space = disk_space(dir.path()).unwrap();
        assert!(space.total > 0 && space.free <= space.total);
        // Compare with df's view of the same folder (1K blocks), allowing
        // for other writers in between.
        if let Ok(out) = std::process::Command::new("df")
            .args(["-Pk"])
            .arg(dir.path())
            .output()
        {
            let text = String::from_utf8_lossy(&out.stdout);
            if let Some(total_k) = text
                .lines()
                .nth(1)
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse::<u64>().ok())
            {
                let ours_k = space.total / 1024;
                assert!(
                    ours_k.abs_diff(total_k) <= total_k / 100 + 1,
                    "statvfs {ours_k} kB vs df {total_k} kB"
                );
            }
        }
    }

    #[test]
    fn a_missing_folder_is_an_error() {
        assert!(disk_space(Path::new("/nonexistent/totem/spool")).is_err());
    }

    #[test]
    fn human_sizes() {
        assert_eq!(human_bytes(512), "512 B");
        assert_eq!(human_bytes(1_500_000_000), "1.5 GB");
        assert_eq!(human_bytes(320_000_000), "320 MB");
    }
}
