//! What the device drivers last said of themselves, for the technician's
//! dashboard: when each connected, the fingerprint module's parameters, the
//! last error; and the routing of the reader's events to a technician's test
//! capture instead of the citizen's flow. Fed from the drivers' event loop
//! ([`devices`](super::devices)). Holds no personal data: card reads and
//! captures are not kept here.

use std::sync::Mutex;

use totem_device::{FailureReason, FingerprintEvent, ModuleInfo, ScannerEvent, UnreadableReason};
use totem_maintenance::chrono::{DateTime, Local, Utc};
use totem_maintenance::dashboard::Text;

/// What the device drivers last said of themselves, for the dashboard:
/// when each connected (as the driver reported it), the fingerprint
/// module's parameters, the last error. Fed by [`watch_scanner`] and
/// [`watch_fingerprint`].
#[derive(Debug, Default, Clone)]
pub struct DeviceWatch {
    pub scanner_since: Option<DateTime<Utc>>,
    pub scanner_error: Option<Text>,
    pub fingerprint_since: Option<DateTime<Utc>>,
    pub fingerprint_error: Option<Text>,
    pub module: Option<ModuleInfo>,
}

struct Watch {
    state: DeviceWatch,
    /// A technician's test capture under way: its events go here instead of
    /// to the citizen's flow.
    test_capture: Option<tokio::sync::mpsc::UnboundedSender<FingerprintEvent>>,
}

static WATCH: Mutex<Watch> = Mutex::new(Watch {
    state: DeviceWatch {
        scanner_since: None,
        scanner_error: None,
        fingerprint_since: None,
        fingerprint_error: None,
        module: None,
    },
    test_capture: None,
});

fn watch() -> std::sync::MutexGuard<'static, Watch> {
    // The data is plain values: a panic elsewhere leaves it usable.
    WATCH.lock().unwrap_or_else(|e| e.into_inner())
}

/// What the drivers last said.
pub fn device_watch() -> DeviceWatch {
    watch().state.clone()
}

/// A scanner event, as the driver sent it (called before the flow sees it).
pub fn watch_scanner(event: &ScannerEvent) {
    let mut w = watch();
    match event {
        ScannerEvent::Connected { .. } => w.state.scanner_since = Some(Utc::now()),
        ScannerEvent::Disconnected => w.state.scanner_since = None,
        // The reason names what failed, never what was read.
        ScannerEvent::Unreadable { reason } => {
            let why = match reason {
                UnreadableReason::NotText => Text::new("maint-unreadable-not-text"),
                UnreadableReason::TooLong => Text::new("maint-unreadable-too-long"),
                UnreadableReason::Incomplete => Text::new("maint-unreadable-incomplete"),
                UnreadableReason::NotACard(e) => {
                    Text::new("maint-unreadable-not-a-card").arg("detail", e.to_string())
                }
            };
            w.state.scanner_error = Some(at_now(
                Text::new("maint-error-unreadable").arg("reason", why),
            ))
        }
        ScannerEvent::CardRead(_) => {}
    }
}

/// An error with the local time it happened ("10:02:03: …").
fn at_now(error: Text) -> Text {
    Text::new("maint-error-at")
        .arg("time", Local::now().format("%H:%M:%S").to_string())
        .arg("error", error)
}

/// The reader's failure in words.
pub fn failure_text(reason: &FailureReason) -> Text {
    match reason {
        FailureReason::NotConnected => Text::new("maint-error-not-connected"),
        FailureReason::WrongPassword => Text::new("maint-error-wrong-password"),
        FailureReason::NoAnswer => Text::new("maint-error-no-answer"),
        FailureReason::LinkLost => Text::new("maint-error-link-lost"),
        FailureReason::Module(code) => {
            Text::new("maint-error-module").arg("code", format!("{code:?}"))
        }
        FailureReason::Protocol(what) => {
            Text::new("maint-error-protocol").arg("what", what.as_str())
        }
    }
}

/// A fingerprint event, as the driver sent it. Returns it for the flow, or
/// None when it belongs to a technician's test capture (which the citizen's
/// flow must never see).
pub fn watch_fingerprint(event: FingerprintEvent) -> Option<FingerprintEvent> {
    let mut w = watch();
    match &event {
        FingerprintEvent::Connected(info) => {
            w.state.fingerprint_since = Some(Utc::now());
            w.state.module = Some(info.clone());
        }
        FingerprintEvent::Disconnected => w.state.fingerprint_since = None,
        FingerprintEvent::Failed(reason) => {
            w.state.fingerprint_error = Some(at_now(failure_text(reason)))
        }
        _ => {}
    }
    let Some(test) = &w.test_capture else {
        return Some(event);
    };
    // Nobody listens to the test any more (the app dropped it): the reader
    // is the flow's again.
    if test.is_closed() {
        w.test_capture = None;
        return Some(event);
    }
    let ends = !matches!(
        event,
        FingerprintEvent::Connected(_)
            | FingerprintEvent::WaitingForFinger
            | FingerprintEvent::FingerDetected
            | FingerprintEvent::LiftAndPlaceAgain
    );
    if matches!(event, FingerprintEvent::Connected(_)) {
        return Some(event);
    }
    let disconnected = matches!(event, FingerprintEvent::Disconnected);
    let _ = test.send(event.clone());
    if ends {
        w.test_capture = None;
    }
    // Availability changes still reach the flow.
    disconnected.then_some(event)
}

/// Routes the reader's next capture events to `to` (a technician's test).
pub fn take_test_capture(to: tokio::sync::mpsc::UnboundedSender<FingerprintEvent>) {
    watch().test_capture = Some(to);
}

/// The test capture is over or abandoned.
pub fn end_test_capture() {
    watch().test_capture = None;
}
