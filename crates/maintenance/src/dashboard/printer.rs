//! The printer's section: its queue and state, the IPP reasons worded for
//! the technician, the jobs waiting.

use super::inputs::PrinterInput;
use super::model::{section, Row, Section};
use super::text::{Severity, Text};
use crate::metrics::PrinterState;

/// What a printer-state-reason keyword asks of the technician, if we know it.
fn reason_text(reason: &str) -> (Severity, Option<&'static str>) {
    let base = reason
        .trim_end_matches("-error")
        .trim_end_matches("-warning")
        .trim_end_matches("-report");
    let sev = if reason.ends_with("-report") {
        Severity::Ok
    } else if reason.ends_with("-warning") || base == "media-low" || base == "toner-low" {
        Severity::Warning
    } else {
        Severity::Fault
    };
    let key = match base {
        "media-empty" | "media-needed" => "maint-reason-media-empty",
        "media-low" => "maint-reason-media-low",
        "media-jam" => "maint-reason-media-jam",
        "door-open" | "cover-open" => "maint-reason-door-open",
        "toner-empty" | "marker-supply-empty" => "maint-reason-toner-empty",
        "toner-low" | "marker-supply-low" => "maint-reason-toner-low",
        "offline" | "shutdown" => "maint-reason-offline",
        "paused" | "moving-to-paused" => "maint-reason-paused",
        _ => return (sev, None),
    };
    (sev, Some(key))
}

/// The printer's state in words (`maint-printer-<state>`).
pub fn printer_state_text(state: PrinterState) -> Text {
    Text::new(match state {
        PrinterState::Idle => "maint-printer-idle",
        PrinterState::Printing => "maint-printer-printing",
        PrinterState::Stopped => "maint-printer-stopped",
        PrinterState::Offline => "maint-printer-offline",
        PrinterState::Unknown => "maint-printer-unknown",
    })
}

pub(super) fn printer_section(p: &PrinterInput, problems: &mut Vec<Text>) -> Section {
    let state_sev = match p.state {
        PrinterState::Idle | PrinterState::Printing => Severity::Ok,
        PrinterState::Stopped | PrinterState::Offline => Severity::Fault,
        PrinterState::Unknown => Severity::Unknown,
    };
    let mut rows = vec![
        Row::new("maint-queue", Text::raw(&p.queue), Severity::Ok),
        Row::new("maint-state", printer_state_text(p.state), state_sev),
    ];
    if state_sev == Severity::Fault {
        problems.push(
            Text::new("maint-problem-printer-state").arg("state", printer_state_text(p.state)),
        );
    }
    for reason in p.reasons.iter().filter(|r| r.as_str() != "none") {
        let (sev, key) = reason_text(reason);
        let value = match key {
            Some(key) => Text::new("maint-reason-value")
                .arg("reason", reason.as_str())
                .arg("text", Text::new(key)),
            None => Text::raw(reason),
        };
        if let (true, Some(key)) = (sev >= Severity::Warning, key) {
            problems.push(Text::new("maint-problem-printer-reason").arg("text", Text::new(key)));
        }
        rows.push(Row::new("maint-reason", value, sev));
    }
    let jobs_sev = if p.jobs_waiting > 0 && state_sev != Severity::Ok {
        Severity::Warning
    } else {
        Severity::Ok
    };
    rows.push(Row::new(
        "maint-jobs-waiting",
        Text::raw(p.jobs_waiting.to_string()),
        jobs_sev,
    ));
    section("maint-section-printer", rows)
}
