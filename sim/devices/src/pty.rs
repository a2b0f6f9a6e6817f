//! A pseudo-terminal standing in for a USB serial adapter: the emulator
//! holds the master side; a host program opens the slave path (or a symlink
//! to it) as if it were /dev/ttyUSB0. Unplugging closes both sides, so the
//! slave path disappears and a host reading it gets an error, exactly as
//! when an adapter is pulled.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serialport::{SerialPort, TTYPort};

pub(crate) struct Pty {
    pub(crate) master: TTYPort,
    /// Kept open so the master does not see a hangup each time the host
    /// closes and reopens the port (as a real adapter would not).
    slave: TTYPort,
    pub(crate) slave_path: PathBuf,
}

impl Pty {
    /// Creates a pty and, when `link` is given, points that symlink at it
    /// (replacing an older link atomically).
    pub(crate) fn open(link: Option<&Path>) -> io::Result<Self> {
        let (mut master, slave) = TTYPort::pair().map_err(io::Error::from)?;
        master
            .set_timeout(Duration::from_millis(50))
            .map_err(io::Error::from)?;
        let slave_path = slave
            .name()
            .map(PathBuf::from)
            .ok_or_else(|| io::Error::other("the pty has no name"))?;
        if let Some(link) = link {
            point_link(link, &slave_path)?;
        }
        Ok(Self {
            master,
            slave,
            slave_path,
        })
    }

    /// Puts `link` back if something removed or re-pointed it (a /tmp
    /// cleaner, a stray `rm`): the device stays reachable where it was said
    /// to be.
    pub(crate) fn keep_link(&self, link: Option<&Path>) {
        if let Some(link) = link {
            if std::fs::read_link(link).ok().as_deref() != Some(self.slave_path.as_path()) {
                if let Err(e) = point_link(link, &self.slave_path) {
                    tracing::warn!(error = %e, "emulator: cannot restore the device link");
                }
            }
        }
    }
}

/// Points the symlink `link` at `target`, atomically, creating its folder.
fn point_link(link: &Path, target: &Path) -> io::Result<()> {
    if let Some(dir) = link.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = link.with_extension("totem-new-link");
    let _ = std::fs::remove_file(&tmp);
    std::os::unix::fs::symlink(target, &tmp)?;
    std::fs::rename(&tmp, link)
}

/// Removes `link` if it is a symlink (never a real file).
pub(crate) fn remove_link(link: &Path) {
    if std::fs::symlink_metadata(link).is_ok_and(|m| m.file_type().is_symlink()) {
        let _ = std::fs::remove_file(link);
    }
}

impl Pty {
    /// The baud rate the host set on its end. Termios settings belong to
    /// the tty, not to one descriptor, so our copy of the slave sees what
    /// the host asked for: a mismatch is a host at the wrong speed.
    pub(crate) fn host_baud(&self) -> Option<u32> {
        self.slave.baud_rate().ok()
    }
}
