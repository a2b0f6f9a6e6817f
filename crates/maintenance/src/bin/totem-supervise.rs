//! `totem-supervise [--watchdog-sec S] [--restart-sec S] [--start-timeout-sec S] [--max-starts N] -- PROGRAM ARGS...`
//!
//! Behaves like systemd for a `Type=notify`, `WatchdogSec=`, `Restart=always`
//! service, where systemd cannot run (see docs/deploy.md). Prints one JSON
//! line per event on stdout.

use std::ffi::OsString;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use totem_maintenance::supervisor::{supervise, SupervisorConfig};

const USAGE: &str =
    "usage: totem-supervise [--watchdog-sec S] [--restart-sec S] [--start-timeout-sec S] \
                     [--kill-timeout-sec S] [--max-starts N] -- PROGRAM [ARGS...]";

fn seconds(value: Option<OsString>, flag: &str) -> Result<Duration, String> {
    let text = value
        .and_then(|v| v.into_string().ok())
        .ok_or(format!("{flag} needs a value"))?;
    let secs: f64 = text
        .parse()
        .map_err(|_| format!("{flag}: {text:?} is not a number of seconds"))?;
    if !(0.0..=86_400.0).contains(&secs) {
        return Err(format!("{flag}: {secs} is out of range"));
    }
    Ok(Duration::from_secs_f64(secs))
}

fn parse(mut args: impl Iterator<Item = OsString>) -> Result<SupervisorConfig, String> {
    let mut config = SupervisorConfig::new("", Vec::new());
    loop {
        let Some(arg) = args.next() else {
            return Err(USAGE.into());
        };
        match arg.to_str() {
            Some("--watchdog-sec") => config.watchdog = seconds(args.next(), "--watchdog-sec")?,
            Some("--restart-sec") => config.restart_delay = seconds(args.next(), "--restart-sec")?,
            Some("--start-timeout-sec") => {
                config.start_timeout = seconds(args.next(), "--start-timeout-sec")?
            }
            Some("--kill-timeout-sec") => {
                config.kill_timeout = seconds(args.next(), "--kill-timeout-sec")?
            }
            Some("--max-starts") => {
                let n = args
                    .next()
                    .and_then(|v| v.into_string().ok())
                    .and_then(|v| v.parse().ok());
                config.max_starts = Some(n.ok_or("--max-starts needs a number")?);
            }
            Some("--") => break,
            _ => return Err(format!("unexpected argument {arg:?}\n{USAGE}")),
        }
    }
    config.program = args.next().ok_or(USAGE)?.into();
    config.args = args.collect();
    Ok(config)
}

fn main() -> ExitCode {
    let config = match parse(std::env::args_os().skip(1)) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [libc::SIGTERM, libc::SIGINT] {
        // Stop the child and ourselves cleanly on Ctrl-C / SIGTERM.
        let stop = Arc::clone(&stop);
        if let Err(e) = register(signal, move || stop.store(true, Ordering::SeqCst)) {
            eprintln!("totem-supervise: cannot handle signal {signal}: {e}");
        }
    }
    let result = supervise(&config, stop, |event| {
        if let Ok(line) = serde_json::to_string(&event) {
            println!("{line}");
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("totem-supervise: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Signals through a small tokio runtime on its own thread: no extra crate.
fn register(signal: i32, on_signal: impl Fn() + Send + 'static) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()?;
    let mut stream = runtime.block_on(async {
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::from_raw(signal))
    })?;
    std::thread::spawn(move || {
        runtime.block_on(async move {
            while stream.recv().await.is_some() {
                on_signal();
            }
        })
    });
    Ok(())
}
