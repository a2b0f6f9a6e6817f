//! sd_notify without a crate: datagrams to `$NOTIFY_SOCKET`.
//!
//! systemd (Type=notify, WatchdogSec=) sets `NOTIFY_SOCKET` (a path, or an
//! abstract name starting with `@`) and `WATCHDOG_USEC`. The app says
//! `READY=1` once the first screen is up, then `WATCHDOG=1` from the ui loop:
//! if the ui freezes the pings stop and systemd restarts the kiosk. Outside
//! systemd every call is a no-op.

use std::io;
use std::os::unix::net::{SocketAddr, UnixDatagram};
use std::time::{Duration, Instant};

/// The connection to the service manager.
#[derive(Debug)]
pub struct Watchdog {
    link: Option<(UnixDatagram, SocketAddr)>,
    period: Option<Duration>,
    last_ping: Option<Instant>,
}

impl Watchdog {
    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID` from the
    /// environment. A malformed value disables that part rather than failing:
    /// the kiosk must run without systemd too.
    pub fn from_env() -> Self {
        let socket = std::env::var("NOTIFY_SOCKET").ok();
        let usec = std::env::var("WATCHDOG_USEC").ok();
        let pid = std::env::var("WATCHDOG_PID").ok();
        Self::from_values(
            socket.as_deref(),
            usec.as_deref(),
            pid.as_deref(),
            std::process::id(),
        )
    }

    /// As [`Watchdog::from_env`], with the values given (for tests).
    pub fn from_values(
        socket: Option<&str>,
        watchdog_usec: Option<&str>,
        watchdog_pid: Option<&str>,
        my_pid: u32,
    ) -> Self {
        let link = socket.and_then(|s| match connect(s) {
            Ok(link) => Some(link),
            Err(e) => {
                tracing::warn!(error = %e, "NOTIFY_SOCKET set but unusable; not notifying");
                None
            }
        });
        // WATCHDOG_PID names the process the watchdog is meant for; a child
        // that inherited the variable must not ping for its parent.
        let for_me = watchdog_pid.is_none_or(|p| p.trim().parse::<u32>().ok() == Some(my_pid));
        let period = watchdog_usec
            .and_then(|u| u.trim().parse::<u64>().ok())
            .filter(|&u| u > 0 && for_me)
            .map(Duration::from_micros);
        Self {
            link,
            period,
            last_ping: None,
        }
    }

    /// Whether a service manager is listening.
    pub fn is_enabled(&self) -> bool {
        self.link.is_some()
    }

    /// The watchdog timeout set by the service manager, if any.
    pub fn timeout(&self) -> Option<Duration> {
        self.period.filter(|_| self.link.is_some())
    }

    /// How often the ui loop should call [`Watchdog::ping`]: half the
    /// timeout, as sd_watchdog_enabled(3) advises. None: no need.
    pub fn ping_interval(&self) -> Option<Duration> {
        self.timeout().map(|t| t / 2)
    }

    /// Tells the manager start-up is done (`READY=1`), with a status line.
    pub fn ready(&self, status: &str) -> io::Result<()> {
        self.send(&format!("READY=1\nSTATUS={}", one_line(status)))
    }

    /// A free-form status line (`systemctl status` shows it).
    pub fn status(&self, status: &str) -> io::Result<()> {
        self.send(&format!("STATUS={}", one_line(status)))
    }

    /// Says "still alive". Cheap; call it from the ui loop on every tick.
    /// Pings closer together than a quarter of the timeout are skipped so a
    /// fast loop does not flood the socket. Returns whether one was sent.
    pub fn ping(&mut self) -> bool {
        self.ping_at(Instant::now())
    }

    /// As [`Watchdog::ping`] at a given instant.
    pub fn ping_at(&mut self, now: Instant) -> bool {
        let Some(period) = self.timeout() else {
            return false;
        };
        if let Some(last) = self.last_ping {
            if now.saturating_duration_since(last) < period / 4 {
                return false;
            }
        }
        match self.send("WATCHDOG=1") {
            Ok(()) => {
                self.last_ping = Some(now);
                true
            }
            Err(e) => {
                tracing::warn!(error = %e, "watchdog ping failed");
                false
            }
        }
    }

    /// Tells the manager the app is stopping on purpose (`STOPPING=1`).
    pub fn stopping(&self) -> io::Result<()> {
        self.send("STOPPING=1")
    }

    /// Sends a raw notification (`KEY=VALUE` lines).
    pub fn send(&self, message: &str) -> io::Result<()> {
        match &self.link {
            Some((socket, addr)) => socket.send_to_addr(message.as_bytes(), addr).map(|_| ()),
            None => Ok(()),
        }
    }
}

fn one_line(s: &str) -> String {
    s.replace(['\n', '\r'], " ")
}

fn connect(notify_socket: &str) -> io::Result<(UnixDatagram, SocketAddr)> {
    let addr = if let Some(name) = notify_socket.strip_prefix('@') {
        use std::os::linux::net::SocketAddrExt;
        SocketAddr::from_abstract_name(name.as_bytes())?
    } else if notify_socket.starts_with('/') {
        SocketAddr::from_pathname(notify_socket)?
    } else {
        // vsock: addresses (VMs) are not used by a kiosk.
        return Err(io::Error::new(
            io::ErrorKind::Unsupported,
            "NOTIFY_SOCKET must be a path or @abstract",
        ));
    };
    Ok((UnixDatagram::unbound()?, addr))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recv(socket: &UnixDatagram) -> String {
        let mut buf = [0u8; 512];
        socket
            .set_read_timeout(Some(Duration::from_secs(2)))
            .unwrap();
        let n = socket.recv(&mut buf).unwrap();
        String::from_utf8_lossy(&buf[..n]).into_owned()
    }

    #[test]
    fn path_socket_gets_ready_status_and_pings() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let listener = UnixDatagram::bind(&path).unwrap();
        let mut wd = Watchdog::from_values(path.to_str(), Some("2000000"), None, 1);
        assert_eq!(wd.ping_interval(), Some(Duration::from_secs(1)));
        wd.ready("attract screen").unwrap();
        assert_eq!(recv(&listener), "READY=1\nSTATUS=attract screen");
        let t0 = Instant::now();
        assert!(wd.ping_at(t0));
        assert_eq!(recv(&listener), "WATCHDOG=1");
        // Too soon after the last one: skipped.
        assert!(!wd.ping_at(t0 + Duration::from_millis(100)));
        assert!(wd.ping_at(t0 + Duration::from_millis(600)));
        assert_eq!(recv(&listener), "WATCHDOG=1");
    }

    #[test]
    fn abstract_socket_is_reached() {
        use std::os::linux::net::SocketAddrExt;
        let name = format!(
            "totem-test-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        );
        let addr = SocketAddr::from_abstract_name(name.as_bytes()).unwrap();
        let listener = UnixDatagram::bind_addr(&addr).unwrap();
        let wd = Watchdog::from_values(Some(&format!("@{name}")), None, None, 1);
        wd.status("two\nlines").unwrap();
        assert_eq!(recv(&listener), "STATUS=two lines");
    }

    #[test]
    fn without_systemd_everything_is_a_quiet_no_op() {
        let mut wd = Watchdog::from_values(None, Some("1000000"), None, 1);
        assert!(!wd.is_enabled());
        assert_eq!(wd.ping_interval(), None);
        assert!(!wd.ping());
        wd.ready("x").unwrap();
    }

    #[test]
    fn a_watchdog_meant_for_another_pid_or_garbage_is_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let _listener = UnixDatagram::bind(&path).unwrap();
        let wd = Watchdog::from_values(path.to_str(), Some("1000000"), Some("42"), 7);
        assert_eq!(wd.timeout(), None);
        let wd = Watchdog::from_values(path.to_str(), Some("soon"), None, 7);
        assert_eq!(wd.timeout(), None);
        let wd = Watchdog::from_values(Some("relative/path"), Some("1000000"), None, 7);
        assert!(!wd.is_enabled());
    }
}
