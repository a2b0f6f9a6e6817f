//! The iced application around [`App`]: the window (fullscreen, no
//! decorations, nothing that closes it), the fonts, the theme. Every setting
//! the kiosk runs with is here, in one place.

use iced::{window, Size};

use super::App;
use crate::ui::effects::Effects;
use crate::ui::theme::{self, fonts, PORTRAIT};

/// The window: fullscreen, no decorations, nothing that closes it.
pub fn window_settings(size: Size) -> window::Settings {
    window::Settings {
        size,
        fullscreen: true,
        decorations: false,
        resizable: false,
        closeable: false,
        minimizable: false,
        // Close requests (Alt+F4, a window manager's close) are ignored.
        exit_on_close_request: false,
        ..window::Settings::default()
    }
}

/// Run the kiosk window; `boot` makes the app (its effects, operations and
/// maintenance mode) when iced starts.
pub fn run<E, B>(boot: B) -> iced::Result
where
    E: Effects,
    B: Fn() -> Result<App<E>, String> + 'static,
{
    let boot = move || match boot() {
        Ok(app) => app,
        Err(error) => {
            // The texts are compiled in; a broken file is caught by the tests.
            eprintln!("totem: translations: {error}");
            std::process::exit(1)
        }
    };
    let mut application = iced::application(boot, App::<E>::update, App::<E>::view)
        .title("Totem")
        .subscription(App::<E>::subscription)
        .theme(|app: &App<E>| app.theme())
        .style(|app: &App<E>, t| iced::theme::Style {
            background_color: app.clear_colour(),
            text_color: theme::colours(t).ink,
        })
        .default_font(theme::REGULAR)
        .window(window_settings(PORTRAIT))
        .exit_on_close_request(false);
    for font in fonts() {
        application = application.font(font);
    }
    application.run()
}
