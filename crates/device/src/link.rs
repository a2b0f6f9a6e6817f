//! An async serial port for tokio.
//!
//! `serialport` opens and configures the port (raw mode, baud, 8N1); then its
//! file descriptor is switched to non-blocking and registered with tokio's
//! reactor through `AsyncFd`. Reads and writes are then plain `read(2)` and
//! `write(2)` driven by readiness, so a driver is an ordinary task: it can
//! wait on the port, on a request from the app and on a timer in one
//! `select!`, and it is cancelled by dropping it, which a thread blocked in
//! `read` could not be. No thread per port, no polling loop.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{FromRawFd, IntoRawFd, OwnedFd};
use std::time::Duration;

use tokio::io::unix::AsyncFd;

/// An open serial port, async.
pub struct SerialLink {
    fd: AsyncFd<File>,
    path: String,
}

impl std::fmt::Debug for SerialLink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SerialLink")
            .field("path", &self.path)
            .finish()
    }
}

impl SerialLink {
    /// Opens `path` at `baud`, 8N1, no flow control. Must be called inside a
    /// tokio runtime.
    pub fn open(path: &str, baud: u32) -> io::Result<Self> {
        let port = serialport::new(path, baud)
            .data_bits(serialport::DataBits::Eight)
            .parity(serialport::Parity::None)
            .stop_bits(serialport::StopBits::One)
            .flow_control(serialport::FlowControl::None)
            .timeout(Duration::from_millis(100))
            .open_native()
            .map_err(io::Error::from)?;
        let raw = port.into_raw_fd();
        // SAFETY: `into_raw_fd` hands over sole ownership of an open
        // descriptor; wrapping it at once makes it closed exactly once.
        let owned = unsafe { OwnedFd::from_raw_fd(raw) };
        set_nonblocking(&owned)?;
        let file = File::from(owned);
        // SAFETY: a `File` owns its descriptor and `as_raw_fd` always returns
        // that one; the `AsyncFd` owns the `File` for its whole life.
        let fd = unsafe { AsyncFd::register(file) }.map_err(|e| e.into_parts().1)?;
        Ok(Self {
            fd,
            path: path.to_owned(),
        })
    }

    pub fn path(&self) -> &str {
        &self.path
    }

    /// Reads what is available (at least one byte). `Ok(0)` or an error such
    /// as EIO means the other end is gone (a pty master closed, a USB adapter
    /// pulled).
    pub async fn read(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let mut guard = self.fd.readable().await?;
            match guard.try_io(|inner| inner.get_ref().read(buf)) {
                Ok(result) => return result,
                Err(_would_block) => continue,
            }
        }
    }

    /// Writes all of `bytes`.
    pub async fn write_all(&self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let mut guard = self.fd.writable().await?;
            match guard.try_io(|inner| inner.get_ref().write(bytes)) {
                Ok(Ok(0)) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(Ok(n)) => bytes = &bytes[n..],
                Ok(Err(e)) => return Err(e),
                Err(_would_block) => continue,
            }
        }
        Ok(())
    }

    /// Throws away whatever the port has received and not been read yet.
    pub fn discard_input(&self) {
        let mut scratch = [0u8; 512];
        while let Ok(n) = self.fd.get_ref().read(&mut scratch) {
            if n == 0 {
                break;
            }
        }
    }
}

impl Drop for SerialLink {
    fn drop(&mut self) {
        use std::os::fd::AsRawFd;
        // `serialport` opened the port in exclusive mode (TIOCEXCL), which
        // keeps a second program from stealing our bytes. The flag belongs
        // to the tty and outlives this descriptor while anything else holds
        // the tty open (a pty's other side), which would make our own
        // reconnection fail with EBUSY for a non-root user: clear it.
        // SAFETY: an ioctl without arguments on a descriptor we still own;
        // on a vanished device it fails harmlessly.
        unsafe {
            libc::ioctl(self.fd.get_ref().as_raw_fd(), libc::TIOCNXCL);
        }
    }
}

fn set_nonblocking(fd: &OwnedFd) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let raw = fd.as_raw_fd();
    // SAFETY: fcntl on a descriptor we own, with integer arguments only.
    let flags = unsafe { libc::fcntl(raw, libc::F_GETFL) };
    if flags < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: as above.
    if unsafe { libc::fcntl(raw, libc::F_SETFL, flags | libc::O_NONBLOCK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

/// Reconnection delays: 250 ms doubling to 5 s, so a replugged device is
/// found quickly while a missing one costs almost nothing.
#[derive(Debug, Clone)]
pub(crate) struct Backoff {
    next: Duration,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(250);
    const MAX: Duration = Duration::from_secs(5);

    pub(crate) fn new() -> Self {
        Self { next: Self::FIRST }
    }

    pub(crate) fn reset(&mut self) {
        self.next = Self::FIRST;
    }

    pub(crate) fn next_delay(&mut self) -> Duration {
        let delay = self.next;
        self.next = (self.next * 2).min(Self::MAX);
        delay
    }
}
