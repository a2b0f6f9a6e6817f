//! The systemd stand-in against a program that uses `watchdog` like the app:
//! SIGKILL → restarted; a frozen loop → killed by the watchdog and restarted;
//! each time it comes back to READY and its "attract screen" status.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use totem_maintenance::supervisor::{supervise, SupervisorConfig, SupervisorEvent};

struct Run {
    events: mpsc::Receiver<SupervisorEvent>,
    seen: Vec<SupervisorEvent>,
}

impl Run {
    /// Waits for the first event matching `want`, collecting the others.
    fn wait_for(&mut self, what: &str, want: impl Fn(&SupervisorEvent) -> bool) -> SupervisorEvent {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(e) => {
                    self.seen.push(e.clone());
                    if want(&e) {
                        return e;
                    }
                }
                Err(_) => panic!("timed out waiting for {what}; saw {:#?}", self.seen),
            }
        }
    }

    fn next_ready(&mut self) -> u32 {
        let started =
            match self.wait_for("a start", |e| matches!(e, SupervisorEvent::Started { .. })) {
                SupervisorEvent::Started { pid, .. } => pid,
                _ => unreachable!(),
            };
        self.wait_for("READY", |e| *e == SupervisorEvent::Ready { pid: started });
        self.wait_for("the attract status", |e| {
            *e == SupervisorEvent::Status {
                pid: started,
                status: "attract screen".into(),
            }
        });
        started
    }
}

#[test]
fn killed_and_frozen_programs_are_restarted_back_to_ready() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SupervisorConfig::new(
        env!("CARGO_BIN_EXE_totem-watchdog-probe"),
        vec![dir.path().as_os_str().to_owned()],
    );
    // Generous against a loaded CI machine: the probe pings every 375 ms.
    config.watchdog = Duration::from_millis(1500);
    config.start_timeout = Duration::from_secs(10);
    config.restart_delay = Duration::from_millis(100);
    config.kill_timeout = Duration::from_millis(500);
    config.socket_dir = Some(dir.path().to_owned());
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = mpsc::channel();
    let supervisor = {
        let stop = Arc::clone(&stop);
        std::thread::spawn(move || supervise(&config, stop, move |e| drop(tx.send(e))))
    };
    let mut run = Run {
        events: rx,
        seen: Vec::new(),
    };

    // 1. Up, and pinging: no restart while it is healthy.
    let first = run.next_ready();
    let pings_before = Instant::now();
    run.wait_for("three pings", {
        let count = std::cell::Cell::new(0);
        move |e| {
            if matches!(e, SupervisorEvent::WatchdogPing { pid } if *pid == first) {
                count.set(count.get() + 1);
            }
            count.get() >= 3
        }
    });
    assert!(pings_before.elapsed() < Duration::from_secs(5));

    // 2. SIGKILL: restarted, back to READY and the attract screen.
    unsafe { libc::kill(first as i32, libc::SIGKILL) };
    let exited = run.wait_for(
        "the kill",
        |e| matches!(e, SupervisorEvent::Exited { pid, .. } if *pid == first),
    );
    assert_eq!(
        exited,
        SupervisorEvent::Exited {
            pid: first,
            code: None,
            signal: Some(libc::SIGKILL)
        }
    );
    let second = run.next_ready();
    assert_ne!(second, first);

    // 3. Frozen ui loop: alive but silent. The watchdog fires, the program
    //    is aborted (SIGABRT, as systemd does) and restarted.
    std::fs::write(dir.path().join(format!("freeze-{second}")), b"").unwrap();
    let frozen_at = Instant::now();
    run.wait_for("the watchdog", |e| {
        *e == SupervisorEvent::WatchdogTimeout { pid: second }
    });
    let waited = frozen_at.elapsed();
    assert!(
        // The last ping came at most 375 ms before the freeze.
        waited >= Duration::from_millis(1000),
        "fired after {waited:?}, before the watchdog period"
    );
    let exited = run.wait_for(
        "the abort",
        |e| matches!(e, SupervisorEvent::Exited { pid, .. } if *pid == second),
    );
    assert_eq!(
        exited,
        SupervisorEvent::Exited {
            pid: second,
            code: None,
            signal: Some(libc::SIGABRT)
        }
    );
    let third = run.next_ready();
    assert!(third != second && third != first);
    // The process is really gone, not just forgotten.
    assert!(!std::path::Path::new(&format!("/proc/{second}")).exists());

    stop.store(true, Ordering::SeqCst);
    supervisor.join().unwrap().unwrap();
    assert!(
        run.events.try_iter().any(|e| e == SupervisorEvent::Stopped)
            || run.seen.contains(&SupervisorEvent::Stopped)
    );
    assert!(!std::path::Path::new(&format!("/proc/{third}")).exists());
}

#[test]
fn a_program_that_never_says_ready_is_killed_and_retried() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = SupervisorConfig::new("/bin/sleep", vec!["30".into()]);
    config.start_timeout = Duration::from_millis(300);
    config.kill_timeout = Duration::from_millis(300);
    config.max_starts = Some(2);
    config.socket_dir = Some(dir.path().to_owned());
    let mut events = Vec::new();
    supervise(&config, Arc::new(AtomicBool::new(false)), |e| {
        events.push(e)
    })
    .unwrap();
    let timeouts = events
        .iter()
        .filter(|e| matches!(e, SupervisorEvent::StartTimeout { .. }))
        .count();
    let starts = events
        .iter()
        .filter(|e| matches!(e, SupervisorEvent::Started { .. }))
        .count();
    assert_eq!((starts, timeouts), (2, 2), "{events:#?}");
    assert_eq!(events.last(), Some(&SupervisorEvent::Stopped));
}

#[test]
fn the_supervise_binary_stops_its_program_on_sigterm() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let mut supervisor = std::process::Command::new(env!("CARGO_BIN_EXE_totem-supervise"))
        .args(["--watchdog-sec", "2", "--"])
        .arg(env!("CARGO_BIN_EXE_totem-watchdog-probe"))
        .arg(dir.path())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(supervisor.stdout.take().unwrap()).lines();
    let mut program = None;
    for line in lines.by_ref() {
        let event: serde_json::Value = serde_json::from_str(&line.unwrap()).unwrap();
        if event["event"] == "status" && event["status"] == "attract screen" {
            program = event["pid"].as_u64();
            break;
        }
    }
    let program = program.expect("the program reached the attract screen");
    unsafe { libc::kill(supervisor.id() as i32, libc::SIGTERM) };
    let rest: Vec<String> = lines.map(|l| l.unwrap()).collect();
    assert!(supervisor.wait().unwrap().success());
    assert!(
        rest.iter().any(|l| l.contains("\"event\":\"stopped\"")),
        "{rest:?}"
    );
    assert!(
        !std::path::Path::new(&format!("/proc/{program}")).exists(),
        "program left running"
    );
}
