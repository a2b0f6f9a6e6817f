//! `cargo run -p totem-maintenance --example pin_check -- PHC PIN`: checks a
//! PIN against a PHC string the way maintenance mode does (to try a hash
//! made with the argon2 command-line tool before putting it in kiosk.toml).

use std::process::ExitCode;
use std::time::Duration;

use totem_maintenance::chrono::Utc;
use totem_maintenance::pin::{PinGate, PinOutcome};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [phc, pin] = args.as_slice() else {
        eprintln!("usage: pin_check PHC PIN");
        return ExitCode::from(2);
    };
    let state = std::env::temp_dir().join(format!("totem-pin-check-{}.json", std::process::id()));
    let outcome = PinGate::open_at(phc, 5, Duration::from_secs(60), &state, Utc::now())
        .and_then(|mut g| g.check(pin, Utc::now()));
    let _ = std::fs::remove_file(&state);
    match outcome {
        Ok(PinOutcome::Accepted) => {
            println!("PIN matches");
            ExitCode::SUCCESS
        }
        Ok(other) => {
            println!("PIN does not match ({other:?})");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}
