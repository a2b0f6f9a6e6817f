//! The dashboard's buttons: every maintenance action, greyed with the
//! reason when the kiosk's state makes it pointless (no reader, no LED ring,
//! printer offline, already in or out of service).

use super::inputs::DashboardInputs;
use super::model::ActionButton;
use super::text::Text;
use crate::desk::ActionKind;
use crate::metrics::{Device, PrinterState};

/// The message id of an action's button: `maint-action-<keyword>`.
pub fn action_label(kind: ActionKind) -> Text {
    Text::new(match kind {
        ActionKind::TestFingerprintCapture => "maint-action-test-fingerprint-capture",
        ActionKind::LedTest => "maint-action-led-test",
        ActionKind::ShowLastRawScan => "maint-action-show-last-raw-scan",
        ActionKind::PrintTestPage => "maint-action-print-test-page",
        ActionKind::PaperRefilled => "maint-action-paper-refilled",
        ActionKind::ReloadConfiguration => "maint-action-reload-configuration",
        ActionKind::PutOutOfService => "maint-action-put-out-of-service",
        ActionKind::BackInService => "maint-action-back-in-service",
        ActionKind::RestartApplication => "maint-action-restart-application",
        ActionKind::LeaveMaintenance => "maint-action-leave-maintenance",
    })
}

/// Every action's button, in [`ActionKind::ALL`] order.
pub(super) fn buttons(inputs: &DashboardInputs) -> Vec<ActionButton> {
    let reader = inputs
        .devices
        .iter()
        .find(|d| d.device == Device::Fingerprint);
    let reader_connected = reader.is_some_and(|d| d.connected_since.is_some() && !d.paused);
    let printer_reachable = inputs.printer.state != PrinterState::Offline;
    ActionKind::ALL
        .iter()
        .map(|&kind| {
            let disabled_because = match kind {
                ActionKind::TestFingerprintCapture | ActionKind::LedTest if !reader_connected => {
                    Some("maint-why-reader-disconnected")
                }
                ActionKind::LedTest if reader.and_then(|d| d.has_led) == Some(false) => {
                    Some("maint-why-no-led")
                }
                ActionKind::PrintTestPage if !printer_reachable => {
                    Some("maint-why-printer-offline")
                }
                ActionKind::PutOutOfService if inputs.out_of_service.is_some() => {
                    Some("maint-why-already-out")
                }
                ActionKind::BackInService if inputs.out_of_service.is_none() => {
                    Some("maint-why-already-in")
                }
                _ => None,
            };
            ActionButton {
                kind,
                label: action_label(kind),
                disabled_because: disabled_because.map(Text::new),
            }
        })
        .collect()
}
