//! The tactile keypad and speech mode, on top of every screen's
//! [`Spoken`](crate::ui::spoken::Spoken) description.
//!
//! - Keypad (EN 301 549 5.1.6): up/down move the focus through the
//!   screen's choices in their declared order, select does what a touch
//!   on the focused one does, a digit chooses choice N — or, where a field
//!   takes digits (RUN, e-mail, password), types it; `*` is the RUN's K,
//!   `#` erases. Back is "Volver". A touch and a key end in the same
//!   message, so the flow cannot tell them apart.
//! - Speech (5.1.3): on a new screen, a new notice or the inactivity
//!   warning, the whole description is said, cutting what was being said;
//!   a moved focus says the choice; a typed key is echoed (a password's as
//!   "carácter ingresado"). Personal parts go to the headset only (the
//!   speaker enforces it). When the session ends, volume and rate go back
//!   to the site's defaults.

use std::time::Instant;

use iced::Task;
use totem_access::Move;
use totem_config::KeypadFunction;
use totem_flow::{Aid, Event, Field, Key, Screen};
use totem_speech::{Speaker, Utterance};

use super::{App, Message};
use crate::ui::effects::Effects;
use crate::ui::spoken::Spoken;

/// What was last announced: a change of any part is a new announcement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Announced {
    screen: Screen,
    notice: Option<totem_flow::Notice>,
    warning: bool,
    speech: bool,
    session: u64,
}

/// The keypad's and the speaker's state, held by the app.
#[derive(Default)]
pub(super) struct Assist {
    pub(super) speaker: Option<Speaker>,
    /// Whether headphones are plugged in, as the watcher thread sees it.
    pub(super) headset: Option<totem_speech::Headset>,
    focus: Option<totem_access::Focus<String>>,
    /// The focus ring shows once the keypad has been used (or speech is
    /// on), until the session ends.
    pub(super) keypad_used: bool,
    announced: Option<Announced>,
    /// A key typed since the last announcement: echoed instead of the
    /// whole screen.
    echo: Option<(Field, Key)>,
    /// Something to say after the next update (a moved focus, help).
    queued: Option<Utterance>,
}

impl Assist {
    /// The key of the focused choice, for the ring.
    pub(super) fn focused(&self) -> Option<&str> {
        self.focus
            .as_ref()
            .and_then(|f| f.focused())
            .map(String::as_str)
    }
}

impl<E: Effects> App<E> {
    /// Speech output, with its headset signal.
    pub fn with_speech(mut self, speaker: Speaker, headset: totem_speech::Headset) -> Self {
        self.assist.speaker = Some(speaker);
        self.assist.headset = Some(headset);
        self
    }

    pub fn speaker(&self) -> Option<&Speaker> {
        self.assist.speaker.as_ref()
    }

    /// The key of the choice the keypad's focus is on.
    pub fn focused_choice(&self) -> Option<&str> {
        self.assist.focused()
    }

    /// Whether the focus ring is drawn now.
    pub(super) fn ring_shown(&self) -> bool {
        self.assist.keypad_used || self.session.aids().speech
    }

    /// A key typed into `field` (remembered for the echo).
    pub(super) fn typed(&mut self, event: &Event) {
        if let Event::Key(key) = event {
            if self.session.screen().is_typing() {
                self.assist.echo = Some((self.session.focus(), *key));
            }
        }
    }

    /// Plugging headphones in starts speech mode.
    pub(super) fn headset_changed(&mut self, now: Instant, plugged: bool) -> Task<Message> {
        if plugged {
            self.flow(now, Event::Aid(Aid::HeadsetPlugged))
        } else {
            Task::none()
        }
    }

    /// The jack's changes, looked at on iced's runtime twice a second
    /// (the watcher thread follows the device itself); the ui hears only
    /// a change.
    pub(super) fn headset_subscription(&self) -> Option<iced::Subscription<bool>> {
        let jack = Jack(self.assist.headset.clone()?);
        Some(iced::Subscription::run_with(jack, jack_changes))
    }

    /// A key of the tactile keypad, by the name iced gives it.
    pub(super) fn keypad(&mut self, now: Instant, name: &str) -> Task<Message> {
        let Some(function) = self.accessibility.keypad.function_of(name) else {
            return Task::none();
        };
        let Some(spoken) = self.spoken() else {
            return Task::none();
        };
        self.assist.keypad_used = true;
        let focus = self.assist.focus.get_or_insert_with(|| spoken.focus());
        let language = self.session.language();
        let speaker = self.assist.speaker.as_ref();
        match function {
            KeypadFunction::Up | KeypadFunction::Down => {
                let moved = if function == KeypadFunction::Up {
                    focus.up()
                } else {
                    focus.down()
                };
                if let Some(index) = focus.index() {
                    let moved = if moved == Move::Stayed {
                        Move::Moved { wrapped: false }
                    } else {
                        moved
                    };
                    self.assist.queued = Some(spoken.moved_to(&self.tr, language, index, moved));
                }
                Task::none()
            }
            KeypadFunction::Select => {
                let chosen = focus.select();
                self.act(&spoken, chosen)
            }
            KeypadFunction::Digit(d) if takes_digits(spoken.field) => {
                let digit = char::from(b'0' + d.min(9));
                self.flow(now, Event::Key(Key::Char(digit)))
            }
            KeypadFunction::Digit(d) => {
                let chosen = focus.choose_digit(d);
                self.act(&spoken, chosen)
            }
            KeypadFunction::Star if matches!(spoken.field, Some(Field::Run | Field::Entity)) => {
                self.flow(now, Event::Key(Key::Char('K')))
            }
            KeypadFunction::Hash if spoken.field.is_some() => {
                self.flow(now, Event::Key(Key::Delete))
            }
            KeypadFunction::Star | KeypadFunction::Hash => Task::none(),
            KeypadFunction::Back => {
                if self.session.can_go_back() {
                    self.update(Message::Back)
                } else {
                    Task::none()
                }
            }
            KeypadFunction::Help => {
                let help = self.tr.text(language, "speech-help");
                self.assist.queued = Some(Utterance::new(language).public(help));
                Task::none()
            }
            KeypadFunction::Audio => self.flow(now, Event::Aid(Aid::ToggleSpeech)),
            KeypadFunction::Repeat => {
                if let Some(s) = speaker {
                    s.repeat();
                }
                Task::none()
            }
            KeypadFunction::Pause => {
                if let Some(s) = speaker {
                    s.toggle_pause();
                }
                Task::none()
            }
            KeypadFunction::Slower => step(speaker, Speaker::slower),
            KeypadFunction::Faster => step(speaker, Speaker::faster),
            KeypadFunction::Louder => step(speaker, Speaker::louder),
            KeypadFunction::Softer => step(speaker, Speaker::softer),
        }
    }

    /// Does what a touch on the choice `key` would do.
    fn act(&mut self, spoken: &Spoken<Message>, key: Option<String>) -> Task<Message> {
        match key.and_then(|key| spoken.find(&key).and_then(|c| c.action.clone())) {
            Some(message) => self.update(message),
            None => Task::none(),
        }
    }

    /// After every message: keep the focus on the screen's choices, say
    /// what changed, and end the speaker's session with the citizen's.
    pub(super) fn assist_after(&mut self) {
        let now = Announced {
            screen: self.session.screen(),
            notice: self.session.notice(),
            warning: self.session.warning_seconds_left().is_some(),
            speech: self.session.aids().speech,
            session: self.session.id(),
        };
        let before = self.assist.announced.replace(now);
        if before.is_some_and(|b| b.session != now.session) {
            // The session ended: the next citizen starts with the site's
            // volume and rate, nothing to repeat, no focus ring.
            if let Some(speaker) = &self.assist.speaker {
                speaker.end_session();
            }
            self.assist.keypad_used = false;
        }
        let changed = before.is_none_or(|b| {
            (b.screen, b.notice, b.warning, b.speech)
                != (now.screen, now.notice, now.warning, now.speech)
        });
        // Neither keypad nor speech in use: nothing to keep up to date (a
        // touch costs no more than it did without them).
        if !self.assist.keypad_used && !now.speech {
            self.assist.focus = None;
            self.assist.echo = None;
            self.assist.queued = None;
            return;
        }
        let spoken = self.spoken();
        match &spoken {
            Some(spoken) if changed => self.assist.focus = Some(spoken.focus()),
            Some(spoken) => {
                if let Some(focus) = &mut self.assist.focus {
                    focus.update(
                        spoken
                            .choices
                            .iter()
                            .map(|c| (c.key.clone(), c.enabled()))
                            .collect(),
                    );
                }
            }
            None => self.assist.focus = None,
        }
        let echo = self.assist.echo.take();
        let queued = self.assist.queued.take();
        if !now.speech {
            return;
        }
        let Some(speaker) = &self.assist.speaker else {
            return;
        };
        let language = self.session.language();
        if changed {
            if let Some(spoken) = &spoken {
                speaker.say(spoken.utterance(&self.tr, language));
            }
        } else if let Some(u) = queued {
            speaker.say(u);
        } else if let Some((field, key)) = echo {
            speaker.say(Utterance::new(language).keystroke(field, key));
        }
    }
}

/// The headset signal as a subscription's data: there is one jack, so
/// every value is the same subscription.
#[derive(Clone)]
struct Jack(totem_speech::Headset);

impl std::hash::Hash for Jack {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        "headphone jack".hash(state);
    }
}

fn jack_changes(jack: &Jack) -> impl iced::futures::Stream<Item = bool> {
    let headset = jack.0.clone();
    iced::stream::channel(
        1,
        async move |mut output: iced::futures::channel::mpsc::Sender<bool>| {
            use iced::futures::SinkExt;
            let mut was = false;
            loop {
                let now = headset.is_present();
                if now != was {
                    was = now;
                    if output.send(now).await.is_err() {
                        return;
                    }
                }
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
        },
    )
}

/// Whether digit keys type into `field` rather than choose an option.
fn takes_digits(field: Option<Field>) -> bool {
    matches!(
        field,
        Some(
            Field::Run
                | Field::Email
                | Field::Password
                | Field::PasswordAgain
                | Field::Entity
                | Field::Folio
                | Field::Verification
        )
    )
}

fn step(speaker: Option<&Speaker>, f: fn(&Speaker) -> bool) -> Task<Message> {
    if let Some(s) = speaker {
        f(s);
    }
    Task::none()
}
