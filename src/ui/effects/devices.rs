//! The device side of [`Effects`]: the ID-card scanner and the fingerprint
//! reader drivers of `totem_device`, their events turned into flow events,
//! and the flow's `CaptureFinger` / `CancelCapture` sent to the reader.
//!
//! The drivers run on iced's tokio runtime, started by the subscription the
//! first time the window asks for it, and reconnect by themselves; their
//! `Connected` / `Disconnected` become `Availability` events, so the menu
//! greys what needs a missing device.

use std::sync::Mutex;

use iced::futures::SinkExt;
use iced::{Subscription, Task};
use totem_config::DeviceSettings;
use totem_device::{CardScanner, FingerprintEvent, FingerprintReader, ScannerEvent};
use totem_flow::{CardRead, Command, Date, Event, FingerEvent, Secret, SecretBytes, Service};

use super::device_watch::{watch_fingerprint, watch_scanner};
use super::Effects;

/// The one fingerprint reader of this kiosk, once its driver runs. A
/// process-wide handle because a subscription's worker can only receive
/// hashable data, and a kiosk has exactly one reader.
static READER: Mutex<Option<FingerprintReader>> = Mutex::new(None);

/// The reader's driver handle (the maintenance dashboard's LED test and
/// test capture use it too).
pub fn reader() -> Option<FingerprintReader> {
    READER.lock().ok().and_then(|r| r.clone())
}

/// Drives the two serial devices; hands other commands to `others`.
pub struct DeviceEffects<O: Effects> {
    /// The settings, as JSON: the subscription's identity (hashable).
    settings: String,
    others: O,
}

impl<O: Effects> DeviceEffects<O> {
    pub fn new(settings: &DeviceSettings, others: O) -> Self {
        Self {
            settings: serde_json::to_string(settings).unwrap_or_default(),
            others,
        }
    }
}

fn date(d: chrono::NaiveDate) -> Date {
    use chrono::Datelike;
    Date::new(d.year(), d.month() as u8, d.day() as u8)
}

fn scanner_event(event: ScannerEvent) -> Option<Event> {
    Some(match event {
        ScannerEvent::Connected { .. } => Event::Availability {
            service: Service::Scanner,
            available: true,
        },
        ScannerEvent::Disconnected => Event::Availability {
            service: Service::Scanner,
            available: false,
        },
        ScannerEvent::CardRead(card) => Event::CardRead(CardRead {
            run: Secret::new(format!("{}-{}", card.run.body(), card.run.dv())),
            document: Secret::new(card.document_number.clone().unwrap_or_default()),
            birth_date: card.birth_date.and_then(|b| b.unambiguous()).map(date),
            expiry: card.expiry_date.map(date),
            today: date(chrono::Local::now().date_naive()),
        }),
        ScannerEvent::Unreadable { .. } => Event::CardUnreadable,
    })
}

fn fingerprint_event(event: FingerprintEvent) -> Option<Event> {
    Some(match event {
        FingerprintEvent::Connected(_) => Event::Availability {
            service: Service::Fingerprint,
            available: true,
        },
        FingerprintEvent::Disconnected => Event::Availability {
            service: Service::Fingerprint,
            available: false,
        },
        FingerprintEvent::WaitingForFinger => Event::Finger(FingerEvent::Waiting),
        FingerprintEvent::FingerDetected => Event::Finger(FingerEvent::Reading),
        FingerprintEvent::LiftAndPlaceAgain => Event::Finger(FingerEvent::LiftAndPlaceAgain),
        FingerprintEvent::PoorImage(_) => Event::Finger(FingerEvent::PoorImage),
        FingerprintEvent::Captured(capture) => Event::Finger(FingerEvent::Captured(
            SecretBytes::new(capture.template.to_vec()),
        )),
        FingerprintEvent::NoFinger => Event::Finger(FingerEvent::NoFinger),
        FingerprintEvent::Cancelled => return None,
        FingerprintEvent::Failed(_) => Event::Finger(FingerEvent::Failed),
    })
}

/// Start both drivers and forward their events until the window closes.
// `Subscription::run_with` hands its data back as `&D`; here `D` is a String.
#[allow(clippy::ptr_arg)]
fn drivers(settings: &String) -> impl iced::futures::Stream<Item = Event> {
    let settings: DeviceSettings = serde_json::from_str(settings).unwrap_or_default();
    iced::stream::channel(
        64,
        async move |mut output: iced::futures::channel::mpsc::Sender<Event>| {
            let (_scanner, mut cards) = CardScanner::spawn(settings.scanner.clone());
            let (reader, mut fingers) = FingerprintReader::spawn(settings.fingerprint.clone());
            if let Ok(mut slot) = READER.lock() {
                *slot = Some(reader);
            }
            loop {
                let event = tokio::select! {
                    // The dashboard hears each event first (connected since, module
                    // info, last error); a technician's test capture stays there.
                    Some(e) = cards.recv() => { watch_scanner(&e); scanner_event(e) }
                    Some(e) = fingers.recv() => watch_fingerprint(e).and_then(fingerprint_event),
                    else => break,
                };
                if let Some(event) = event {
                    if output.send(event).await.is_err() {
                        break;
                    }
                }
            }
        },
    )
}

impl<O: Effects> Effects for DeviceEffects<O> {
    fn perform(&mut self, session: u64, command: Command) -> Task<Event> {
        match command {
            Command::CaptureFinger => Task::future(async {
                if let Some(reader) = reader() {
                    // The driver reports its own failure as an event.
                    let _ = reader.capture(false).await;
                }
            })
            .discard(),
            Command::CancelCapture => Task::future(async {
                if let Some(reader) = reader() {
                    let _ = reader.cancel().await;
                }
            })
            .discard(),
            other => self.others.perform(session, other),
        }
    }

    fn subscription(&self) -> Subscription<Event> {
        Subscription::batch([
            Subscription::run_with(self.settings.clone(), drivers),
            self.others.subscription(),
        ])
    }

    fn present(&self) -> Vec<Service> {
        // The drivers say when the devices are there; until then they are not.
        self.others.present()
    }
}
