//! "LED test": the fingerprint reader's ring shows each colour in turn,
//! then goes back to off.

use std::time::Duration;

use iced::futures::SinkExt;
use iced::Task;
use totem_device::fingerprint::codec::{LedColour, LedConfig, LedControl};
use totem_maintenance::reports::{self, ActionReport, LedTest as Progress, LED_COLOURS};

use crate::ui::effects::device_watch::device_watch;
use crate::ui::effects::devices::reader;

/// How long each LED colour shows during the LED test.
const LED_STEP: Duration = Duration::from_millis(1200);

/// The test moved on.
pub type Message = Progress;

/// The LED test, once started.
#[derive(Default)]
pub struct LedTest(Option<Progress>);

impl LedTest {
    pub fn update(&mut self, progress: Message) {
        self.0 = Some(progress);
    }

    pub fn busy(&self) -> bool {
        matches!(self.0, Some(Progress::Showing(_)))
    }

    pub fn report(&self) -> Option<ActionReport> {
        self.0.map(reports::led)
    }

    pub fn clear(&mut self) {
        self.0 = None;
    }

    pub fn start(&mut self) -> Task<Message> {
        let has_led = device_watch().module.map(|m| m.has_led);
        if has_led == Some(false) {
            self.0 = Some(Progress::NoLed);
            return Task::none();
        }
        let Some(reader) = reader() else {
            self.0 = Some(Progress::Failed);
            return Task::none();
        };
        self.0 = Some(Progress::Showing(0));
        let cycle = iced::stream::channel(4, async move |mut out| {
            for (i, name) in LED_COLOURS.iter().enumerate() {
                let colour = match *name {
                    "blue" => LedColour::Blue,
                    "purple" => LedColour::Purple,
                    _ => LedColour::Red,
                };
                let led = LedConfig {
                    control: LedControl::On,
                    speed: 0,
                    colour,
                    count: 0,
                };
                if reader.set_led(led).await.is_err() {
                    let _ = out.send(Progress::Failed).await;
                    return;
                }
                let _ = out.send(Progress::Showing(i)).await;
                tokio::time::sleep(LED_STEP).await;
            }
            // Back to the idle light (off), as the driver leaves it.
            let off = LedConfig {
                control: LedControl::Off,
                speed: 0,
                colour: LedColour::Blue,
                count: 0,
            };
            let end = match reader.set_led(off).await {
                Ok(()) => Progress::Done,
                Err(_) => Progress::Failed,
            };
            let _ = out.send(end).await;
        });
        Task::stream(cycle)
    }
}
