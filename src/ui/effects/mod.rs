//! What carries the flow's [`Command`]s out into the world, and brings the
//! world's news back as flow [`Event`]s: the registry, the two serial
//! devices, the printer, and the kiosk's own operations (metrics, watchdog,
//! heartbeat). Nothing here knows a screen or the window's `Message`: an
//! effect answers with a flow `Event` (or its own outcome type), and the app
//! says which session it belongs to.
//!
//! - [`registry`]: `RegistryEffects` (`totem_registry::Client`), and
//!   [`delivery`], the delivery-report queue on disk.
//! - [`devices`]: `DeviceEffects`, the card scanner and fingerprint drivers;
//!   [`device_watch`]: what the drivers last said, for the dashboard, and
//!   the technician's test capture.
//! - [`printing`]: `PrintEffects` (`totem_print`).
//! - [`operations`]: metrics, the systemd watchdog, the background watches.
//! - [`site`]: `SiteEffects`, the chain built from kiosk.toml, rebuilt when
//!   the configuration is reloaded.
//!
//! The kinds of effects chain: each carries out its own commands and hands
//! the rest to the next (`RegistryEffects` → `PrintEffects` →
//! `DeviceEffects` → [`Unconnected`]).

pub mod delivery;
pub mod device_watch;
pub mod devices;
pub mod operations;
pub mod printing;
pub mod registry;
pub mod site;

use iced::{Subscription, Task};
use totem_flow::{Command, Event, Service};

/// What carries the flow's commands out into the world.
pub trait Effects: 'static {
    /// Carry out `command`, issued by session `session`. The task's events
    /// are the answers to that session (the app drops them if it has ended).
    fn perform(&mut self, session: u64, command: Command) -> Task<Event>;

    /// Device and health events, not tied to a session (card read, finger
    /// states, `Availability { service, available }`).
    fn subscription(&self) -> Subscription<Event> {
        Subscription::none()
    }

    /// Services known to be present when the kiosk starts; the others are
    /// marked unavailable until an `Availability` event says otherwise.
    /// A configuration reload, applied while no citizen's session is under
    /// way: rebuild what the new settings change (ports, backend, printer).
    /// Effects built from no configuration ignore it.
    fn reconfigure(&mut self, _kiosk: &totem_config::KioskConfig) {}

    fn present(&self) -> Vec<Service> {
        vec![
            Service::Scanner,
            Service::Fingerprint,
            Service::Backend,
            Service::Printer,
        ]
    }
}

impl Effects for Box<dyn Effects> {
    fn perform(&mut self, session: u64, command: Command) -> Task<Event> {
        (**self).perform(session, command)
    }

    fn subscription(&self) -> Subscription<Event> {
        (**self).subscription()
    }

    fn reconfigure(&mut self, kiosk: &totem_config::KioskConfig) {
        (**self).reconfigure(kiosk)
    }

    fn present(&self) -> Vec<Service> {
        (**self).present()
    }
}

/// No back-end connected: every command is dropped and every service shows
/// as unavailable, so the menu greys each function with its reason.
#[derive(Debug, Default, Clone, Copy)]
pub struct Unconnected;

impl Effects for Unconnected {
    fn perform(&mut self, _session: u64, _command: Command) -> Task<Event> {
        Task::none()
    }

    fn present(&self) -> Vec<Service> {
        Vec::new()
    }
}
