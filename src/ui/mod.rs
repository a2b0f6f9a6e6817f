//! The kiosk's screens (iced).

pub fn run() -> iced::Result {
    Ok(())
}
