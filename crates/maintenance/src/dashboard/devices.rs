//! One section a serial device (scanner, fingerprint reader): its port,
//! whether it answers, what it says of itself, its last error.

use chrono::{DateTime, Utc};

use super::inputs::DeviceInput;
use super::model::{section_titled, Row, Section};
use super::text::{human_duration, yes_no, Severity, Text};
use crate::metrics::Device;

pub(super) fn device_title(device: Device) -> Text {
    Text::new(match device {
        Device::Scanner => "maint-section-scanner",
        Device::Fingerprint => "maint-section-fingerprint",
    })
}

pub(super) fn device_section(
    d: &DeviceInput,
    now: DateTime<Utc>,
    problems: &mut Vec<Text>,
) -> Section {
    let mut rows = vec![Row::new(
        "maint-port",
        Text::new("maint-port-value")
            .arg("port", d.port.as_str())
            .arg("baud", d.baud),
        Severity::Ok,
    )];
    match (d.paused, d.connected_since) {
        (true, _) => rows.push(Row::new(
            "maint-connected",
            Text::new("maint-paused"),
            Severity::Unknown,
        )),
        (false, Some(since)) => rows.push(Row::new(
            "maint-connected",
            Text::new("maint-connected-since")
                .arg("since", since.format("%Y-%m-%d %H:%M:%S").to_string())
                .arg(
                    "ago",
                    human_duration((now - since).to_std().unwrap_or_default()),
                ),
            Severity::Ok,
        )),
        (false, None) => {
            rows.push(Row::new("maint-connected", yes_no(false), Severity::Fault));
            problems.push(
                Text::new("maint-problem-device-disconnected")
                    .arg("device", device_title(d.device))
                    .arg("port", d.port.as_str()),
            );
        }
    }
    for (label, value) in &d.params {
        rows.push(Row {
            label: label.clone(),
            value: value.clone(),
            severity: Severity::Ok,
        });
    }
    if let Some(e) = &d.last_error {
        // A past error is a hint, not a fault, while the device answers.
        let sev = if d.connected_since.is_some() || d.paused {
            Severity::Ok
        } else {
            Severity::Fault
        };
        rows.push(Row::new("maint-last-error", e.clone(), sev));
    }
    section_titled(device_title(d.device), rows)
}
