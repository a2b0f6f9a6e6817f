//! The whole dashboard put together: the kiosk's own section, one section
//! a device, the registry, the printer and the spool, the problems they
//! found (in that order), the buttons, the log and audit lines.

use chrono::{DateTime, Utc};

use super::actions::buttons;
use super::backend::backend_section;
use super::devices::device_section;
use super::inputs::DashboardInputs;
use super::model::{section, Dashboard, Row};
use super::printer::printer_section;
use super::spool::disk_section;
use super::text::{human_duration, Severity, Text};

/// Builds the dashboard.
pub fn build(inputs: &DashboardInputs) -> Dashboard {
    let mut problems = Vec::new();
    let mut sections = Vec::new();

    let mut general = vec![
        Row::new("maint-version", Text::raw(&inputs.version), Severity::Ok),
        Row::new(
            "maint-uptime",
            Text::raw(human_duration(inputs.uptime)),
            Severity::Ok,
        ),
        Row::new(
            "maint-sessions-today",
            Text::raw(inputs.sessions_today.to_string()),
            Severity::Ok,
        ),
    ];
    if let Some(message) = &inputs.out_of_service {
        general.push(Row::new(
            "maint-out-of-service",
            Text::raw(message),
            Severity::Warning,
        ));
        problems.push(Text::new("maint-problem-out-of-service"));
    }
    sections.push(section("maint-section-kiosk", general));

    for d in &inputs.devices {
        sections.push(device_section(d, inputs.now, &mut problems));
    }
    sections.push(backend_section(&inputs.backend, inputs.now, &mut problems));
    sections.push(printer_section(&inputs.printer, &mut problems));
    sections.push(disk_section(
        &inputs.spool_dir,
        &inputs.spool_space,
        &mut problems,
    ));

    let overall = sections
        .iter()
        .map(|s| s.severity)
        .max()
        .unwrap_or(Severity::Ok);
    let actions = buttons(inputs);
    let audit_lines = inputs
        .recent_audit
        .iter()
        .map(|e| {
            let time = DateTime::parse_from_rfc3339(&e.time)
                .map(|t| t.with_timezone(&Utc).format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_else(|_| e.time.clone());
            match &e.detail {
                Some(d) => format!("{time} {} {d}", e.event),
                None => format!("{time} {}", e.event),
            }
        })
        .collect();
    Dashboard {
        heading: format!(
            "{} · {} · v{}",
            inputs.kiosk_id, inputs.site, inputs.version
        ),
        overall,
        problems,
        sections,
        actions,
        log_tail: inputs
            .log_tail
            .iter()
            .map(|l| crate::logging::humanize(l))
            .collect(),
        audit_lines,
    }
}
