//! A stand-in for systemd where it cannot run as PID 1 (containers, CI):
//! what `Type=notify`, `WatchdogSec=` and `Restart=always` do, and no more.
//!
//! - creates a notify socket and starts the program with `NOTIFY_SOCKET` and
//!   `WATCHDOG_USEC` set;
//! - waits for `READY=1` (else kills it after `start_timeout`);
//! - after READY, expects `WATCHDOG=1` within every `watchdog` period; when
//!   the pings stop it sends SIGABRT (systemd's default `WatchdogSignal=`),
//!   then SIGKILL after `kill_timeout`;
//! - restarts the program `restart_delay` after any exit, like
//!   `Restart=always` (`RestartSec=`).
//!
//! It reports what it does as [`SupervisorEvent`]s so a test (or a person
//! reading the JSON lines of `totem-supervise`) can follow it.

use std::ffi::OsString;
use std::io;
use std::os::unix::net::UnixDatagram;
use std::os::unix::process::ExitStatusExt;
use std::path::PathBuf;
use std::process::{Child, Command};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

#[derive(Debug, Clone)]
pub struct SupervisorConfig {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    /// `WatchdogSec=`; zero turns the watchdog off.
    pub watchdog: Duration,
    /// `TimeoutStartSec=`: how long to wait for READY=1.
    pub start_timeout: Duration,
    /// `RestartSec=`.
    pub restart_delay: Duration,
    /// `TimeoutAbortSec=`: from SIGABRT to SIGKILL.
    pub kill_timeout: Duration,
    /// Stop after this many starts (None: forever, like Restart=always).
    pub max_starts: Option<u32>,
    /// Where the notify socket is created (a temporary folder by default).
    pub socket_dir: Option<PathBuf>,
}

impl SupervisorConfig {
    pub fn new(program: impl Into<PathBuf>, args: Vec<OsString>) -> Self {
        Self {
            program: program.into(),
            args,
            watchdog: Duration::from_secs(10),
            start_timeout: Duration::from_secs(90),
            restart_delay: Duration::from_millis(100),
            kill_timeout: Duration::from_secs(5),
            max_starts: None,
            socket_dir: None,
        }
    }
}

/// What the supervisor saw or did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum SupervisorEvent {
    Started {
        start: u32,
        pid: u32,
    },
    Ready {
        pid: u32,
    },
    Status {
        pid: u32,
        status: String,
    },
    WatchdogPing {
        pid: u32,
    },
    WatchdogTimeout {
        pid: u32,
    },
    StartTimeout {
        pid: u32,
    },
    Exited {
        pid: u32,
        code: Option<i32>,
        signal: Option<i32>,
    },
    SpawnFailed {
        error: String,
    },
    Stopped,
}

/// Runs the program under supervision until `stop` is set or `max_starts`
/// is used up, sending every event to `on_event`.
pub fn supervise(
    config: &SupervisorConfig,
    stop: Arc<AtomicBool>,
    mut on_event: impl FnMut(SupervisorEvent),
) -> io::Result<()> {
    let tmp;
    let dir = match &config.socket_dir {
        Some(d) => d.clone(),
        None => {
            tmp = TempDir::new()?;
            tmp.0.clone()
        }
    };
    let socket_path = dir.join("notify");
    let _ = std::fs::remove_file(&socket_path);
    let socket = UnixDatagram::bind(&socket_path)?;
    socket.set_read_timeout(Some(Duration::from_millis(50)))?;

    let mut starts = 0u32;
    while !stop.load(Ordering::SeqCst) && config.max_starts.is_none_or(|m| starts < m) {
        drain(&socket);
        starts += 1;
        let mut command = Command::new(&config.program);
        command
            .args(&config.args)
            .env("NOTIFY_SOCKET", &socket_path);
        if config.watchdog.is_zero() {
            command.env_remove("WATCHDOG_USEC");
        } else {
            command.env("WATCHDOG_USEC", config.watchdog.as_micros().to_string());
        }
        command.env_remove("WATCHDOG_PID");
        let mut child = match command.spawn() {
            Ok(c) => c,
            Err(e) => {
                on_event(SupervisorEvent::SpawnFailed {
                    error: e.to_string(),
                });
                std::thread::sleep(config.restart_delay.max(Duration::from_millis(500)));
                continue;
            }
        };
        let pid = child.id();
        on_event(SupervisorEvent::Started { start: starts, pid });
        if let Err(e) = watch(config, &socket, &mut child, pid, &stop, &mut on_event) {
            // Never leave the program running unsupervised.
            terminate(&mut child, libc::SIGTERM, config.kill_timeout);
            let _ = child.wait();
            return Err(e);
        }
        if stop.load(Ordering::SeqCst) {
            break;
        }
        sleep_unless_stopped(config.restart_delay, &stop);
    }
    on_event(SupervisorEvent::Stopped);
    Ok(())
}

/// Follows one run of the program until it exits (or is killed).
fn watch(
    config: &SupervisorConfig,
    socket: &UnixDatagram,
    child: &mut Child,
    pid: u32,
    stop: &AtomicBool,
    on_event: &mut impl FnMut(SupervisorEvent),
) -> io::Result<()> {
    let started = Instant::now();
    let mut ready = false;
    let mut last_ping = Instant::now();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(status) = child.try_wait()? {
            on_event(SupervisorEvent::Exited {
                pid,
                code: status.code(),
                signal: status.signal(),
            });
            return Ok(());
        }
        if stop.load(Ordering::SeqCst) {
            terminate(child, libc::SIGTERM, config.kill_timeout);
            let status = child.wait()?;
            on_event(SupervisorEvent::Exited {
                pid,
                code: status.code(),
                signal: status.signal(),
            });
            return Ok(());
        }
        match socket.recv(&mut buf) {
            Ok(n) => {
                let text = String::from_utf8_lossy(&buf[..n]);
                for line in text.lines() {
                    match line.split_once('=') {
                        Some(("READY", "1")) if !ready => {
                            ready = true;
                            last_ping = Instant::now();
                            on_event(SupervisorEvent::Ready { pid });
                        }
                        Some(("WATCHDOG", "1")) => {
                            last_ping = Instant::now();
                            on_event(SupervisorEvent::WatchdogPing { pid });
                        }
                        Some(("STATUS", s)) => on_event(SupervisorEvent::Status {
                            pid,
                            status: s.to_owned(),
                        }),
                        _ => {}
                    }
                }
            }
            // Interrupted: a signal (our own SIGTERM handler) arrived while
            // waiting; a socket with a timeout is never restarted (signal(7)).
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock
                        | io::ErrorKind::TimedOut
                        | io::ErrorKind::Interrupted
                ) => {}
            Err(e) => return Err(e),
        }
        if !ready && started.elapsed() > config.start_timeout {
            on_event(SupervisorEvent::StartTimeout { pid });
            terminate(child, libc::SIGTERM, config.kill_timeout);
        } else if ready && !config.watchdog.is_zero() && last_ping.elapsed() > config.watchdog {
            on_event(SupervisorEvent::WatchdogTimeout { pid });
            terminate(child, libc::SIGABRT, config.kill_timeout);
        }
    }
}

/// Sends `signal`, then SIGKILL if the program is still there after `grace`.
fn terminate(child: &mut Child, signal: i32, grace: Duration) {
    if let Ok(pid) = i32::try_from(child.id()) {
        // SAFETY: kill(2) with a pid we spawned and have not reaped yet.
        unsafe {
            libc::kill(pid, signal);
        }
    }
    let deadline = Instant::now() + grace;
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
}

/// Drops notifications left over from a previous run.
fn drain(socket: &UnixDatagram) {
    let mut buf = [0u8; 4096];
    let _ = socket.set_nonblocking(true);
    while socket.recv(&mut buf).is_ok() {}
    let _ = socket.set_nonblocking(false);
}

fn sleep_unless_stopped(total: Duration, stop: &AtomicBool) {
    let end = Instant::now() + total;
    while Instant::now() < end && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(
            Duration::from_millis(20).min(end.saturating_duration_since(Instant::now())),
        );
    }
}

/// A private folder for the socket, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> io::Result<Self> {
        let base = std::env::var_os("XDG_RUNTIME_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(std::env::temp_dir);
        for n in 0..100u32 {
            let dir = base.join(format!("totem-supervise-{}-{n}", std::process::id()));
            match std::fs::create_dir(&dir) {
                Ok(()) => return Ok(Self(dir)),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::other(
            "cannot create a folder for the notify socket",
        ))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
