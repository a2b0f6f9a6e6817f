//! The hidden gesture that opens the PIN pad (totem-maintenance's
//! `EntryGesture`), fed from the window's pointer and touch events.

use iced::Subscription;
use totem_maintenance::gesture::{EntryGesture, Point};

use crate::ui::theme::PORTRAIT;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Pointer {
    Moved(f32, f32),
    Down,
    Up,
    TouchDown(f32, f32),
}

/// The gesture as far as it has come, and where the pointer is.
pub struct Gesture {
    entry: EntryGesture,
    cursor: Point,
}

impl Default for Gesture {
    fn default() -> Self {
        Self {
            entry: EntryGesture::new(PORTRAIT.width),
            cursor: Point { x: -1.0, y: -1.0 },
        }
    }
}

impl Gesture {
    /// The window's width changed (orientation).
    pub fn resize(&mut self, width: f32) {
        self.entry.resize(width);
    }

    /// One pointer event; true when it completes the gesture.
    pub fn feed(&mut self, pointer: Pointer, now: std::time::Instant) -> bool {
        match pointer {
            Pointer::Moved(x, y) => {
                self.cursor = Point { x, y };
                self.entry.touch_moved(self.cursor);
                false
            }
            Pointer::TouchDown(x, y) => {
                self.cursor = Point { x, y };
                self.entry.touch_down(self.cursor, now)
            }
            Pointer::Down => self.entry.touch_down(self.cursor, now),
            Pointer::Up => {
                self.entry.touch_up(now);
                false
            }
        }
    }
}

/// The window's pointer events the gesture needs.
pub fn listen() -> Subscription<Pointer> {
    iced::event::listen_with(|event, _status, _window| pointer(event))
}

/// The pointer events the hidden gesture needs, from the window's events.
pub fn pointer(event: iced::Event) -> Option<Pointer> {
    use iced::{mouse, touch};
    match event {
        iced::Event::Mouse(mouse::Event::CursorMoved { position }) => {
            Some(Pointer::Moved(position.x, position.y))
        }
        iced::Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => Some(Pointer::Down),
        iced::Event::Mouse(mouse::Event::ButtonReleased(mouse::Button::Left)) => Some(Pointer::Up),
        iced::Event::Touch(touch::Event::FingerPressed { position, .. }) => {
            Some(Pointer::TouchDown(position.x, position.y))
        }
        iced::Event::Touch(touch::Event::FingerMoved { position, .. }) => {
            Some(Pointer::Moved(position.x, position.y))
        }
        iced::Event::Touch(touch::Event::FingerLifted { .. } | touch::Event::FingerLost { .. }) => {
            Some(Pointer::Up)
        }
        _ => None,
    }
}
