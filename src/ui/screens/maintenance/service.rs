//! The kiosk in or out of service: what citizens read instead of the
//! attract screen while a technician has put it out of service.

use iced::widget::{column, container};
use iced::{Alignment, Element, Length};

use crate::ui::theme;
use crate::ui::theme::Scale;
use crate::ui::widgets::{body, title};

/// What citizens read while the kiosk is out of service.
pub const OUT_OF_SERVICE_MESSAGE: &str = "Tótem fuera de servicio. Disculpe las molestias.";

/// The attract screen while a technician has put the kiosk out of service.
pub fn out_of_service_view<'a, M: 'a>(message: &str) -> Element<'a, M> {
    container(
        column![
            title(Scale::NORMAL, "Fuera de servicio".into()),
            body(Scale::NORMAL, message.to_owned())
        ]
        .spacing(32)
        .align_x(Alignment::Center),
    )
    .center(Length::Fill)
    .padding(48)
    .style(|_t| container::Style {
        background: Some(iced::Background::Color(theme::WHITE)),
        text_color: Some(theme::INK),
        ..Default::default()
    })
    .into()
}
