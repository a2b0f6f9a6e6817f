//! What `watchdog` puts on the notify socket, read from a real datagram
//! socket: the probe program (which uses `watchdog` like the app) runs with
//! the environment a service manager gives it.

use std::os::unix::net::UnixDatagram;
use std::process::{Child, Command};
use std::time::Duration;

struct Probe {
    child: Child,
    _dir: tempfile::TempDir,
    socket: UnixDatagram,
}

impl Probe {
    /// Starts the probe with a notify socket and the watchdog variables given.
    fn start(watchdog: &[(&str, &str)]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notify");
        let socket = UnixDatagram::bind(&path).unwrap();
        let mut command = Command::new(env!("CARGO_BIN_EXE_totem-watchdog-probe"));
        command
            .arg(dir.path())
            .env("NOTIFY_SOCKET", &path)
            .env_remove("WATCHDOG_USEC")
            .env_remove("WATCHDOG_PID");
        for (key, value) in watchdog {
            command.env(key, value);
        }
        let child = command.spawn().unwrap();
        Self {
            child,
            _dir: dir,
            socket,
        }
    }

    /// The next datagram, or None after `wait`.
    fn recv(&self, wait: Duration) -> Option<String> {
        let mut buf = [0u8; 512];
        self.socket.set_read_timeout(Some(wait)).unwrap();
        let n = self.socket.recv(&mut buf).ok()?;
        Some(String::from_utf8_lossy(&buf[..n]).into_owned())
    }
}

impl Drop for Probe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn path_socket_gets_ready_status_and_pings() {
    let probe = Probe::start(&[("WATCHDOG_USEC", "2000000")]);
    assert_eq!(
        probe.recv(Duration::from_secs(10)).as_deref(),
        Some("READY=1\nSTATUS=attract screen\n")
    );
    // Pings keep coming while the loop turns (every half-second here).
    for _ in 0..2 {
        assert_eq!(
            probe.recv(Duration::from_secs(5)).as_deref(),
            Some("WATCHDOG=1\n")
        );
    }
}

#[test]
fn a_watchdog_meant_for_another_pid_or_garbage_is_off() {
    for watchdog in [
        [("WATCHDOG_USEC", "1000000"), ("WATCHDOG_PID", "1")],
        [("WATCHDOG_USEC", "soon"), ("WATCHDOG_PID", "")],
    ] {
        let watchdog: Vec<_> = watchdog
            .into_iter()
            .filter(|(_, v)| !v.is_empty())
            .collect();
        let probe = Probe::start(&watchdog);
        assert_eq!(
            probe.recv(Duration::from_secs(10)).as_deref(),
            Some("READY=1\nSTATUS=attract screen\n"),
            "{watchdog:?}"
        );
        // Ready, but no pings: the probe ticks every half-second, so three
        // ticks pass in this wait.
        assert_eq!(
            probe.recv(Duration::from_millis(1600)),
            None,
            "{watchdog:?}"
        );
    }
}
