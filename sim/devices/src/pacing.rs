//! Serial timing. A pty moves bytes as fast as memory; a UART moves one byte
//! every 10 bit times (8N1). The emulators write through [`PacedWriter`] so
//! a host sees the timing of a real link, and wait out the wire time of what
//! they receive before acting on it.

use std::io::{self, Write};
use std::thread;
use std::time::{Duration, Instant};

/// Seconds a byte takes at `baud`, 8N1.
pub fn byte_time(baud: u32) -> Duration {
    Duration::from_secs_f64(10.0 / f64::from(baud.max(1)))
}

pub(crate) struct PacedWriter {
    baud: u32,
    /// When the line finishes sending what was already written.
    line_free_at: Instant,
}

impl PacedWriter {
    pub(crate) fn new(baud: u32) -> Self {
        Self {
            baud,
            line_free_at: Instant::now(),
        }
    }

    pub(crate) fn set_baud(&mut self, baud: u32) {
        self.baud = baud;
    }

    /// Writes `bytes`, each one no earlier than it would have arrived over a
    /// UART. Deadlines are absolute, so sleep overshoot does not accumulate.
    pub(crate) fn write(&mut self, out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
        let per_byte = byte_time(self.baud);
        let start = self.line_free_at.max(Instant::now());
        // About a millisecond of bytes per write: finer gains no accuracy
        // (sleep granularity), coarser makes reads bursty.
        let chunk = ((f64::from(self.baud) / 10.0 / 1000.0).ceil() as usize).max(1);
        let mut sent = 0usize;
        for piece in bytes.chunks(chunk) {
            sent += piece.len();
            let due = start + per_byte * sent as u32;
            let now = Instant::now();
            if due > now {
                thread::sleep(due - now);
            }
            write_patiently(out, piece)?;
        }
        self.line_free_at = start + per_byte * bytes.len() as u32;
        Ok(())
    }
}

/// `write_all` that waits out a full pty buffer (the port's short timeout
/// shows up as `TimedOut`) for up to two seconds of a host not reading.
pub(crate) fn write_patiently(out: &mut impl Write, mut bytes: &[u8]) -> io::Result<()> {
    let give_up = Instant::now() + Duration::from_secs(2);
    while !bytes.is_empty() {
        match out.write(bytes) {
            Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::TimedOut
                        | io::ErrorKind::WouldBlock
                        | io::ErrorKind::Interrupted
                ) && Instant::now() < give_up => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
