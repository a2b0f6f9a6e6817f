//! A stand-in kiosk for the supervisor's tests: it speaks sd_notify through
//! `totem_maintenance::watchdog` exactly as the app does (READY, STATUS, a
//! ping per ui tick), and can be told to freeze its "ui loop".
//!
//! `totem-watchdog-probe DIR`: writes `DIR/started-PID` at start; freezes
//! (stops pinging, keeps running) once `DIR/freeze-PID` exists.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use totem_maintenance::watchdog::Watchdog;

fn main() -> ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: totem-watchdog-probe DIR");
        return ExitCode::from(2);
    };
    let pid = std::process::id();
    let mut watchdog = Watchdog::from_env();
    if let Err(e) = std::fs::write(dir.join(format!("started-{pid}")), b"") {
        eprintln!("totem-watchdog-probe: {e}");
        return ExitCode::FAILURE;
    }
    if let Err(e) = watchdog.ready("attract screen") {
        eprintln!("totem-watchdog-probe: cannot notify: {e}");
    }
    let tick = watchdog.ping_interval().unwrap_or(Duration::from_secs(1)) / 2;
    let freeze = dir.join(format!("freeze-{pid}"));
    loop {
        if freeze.exists() {
            // A frozen ui: alive, but the loop that pings no longer turns.
            loop {
                std::thread::sleep(Duration::from_secs(3600));
            }
        }
        watchdog.ping();
        std::thread::sleep(tick);
    }
}
