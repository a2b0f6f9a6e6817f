//! What a screen says in speech mode, and what the tactile keypad can reach
//! on it: every screen declares a [`Spoken`] beside its view — its heading,
//! what else it tells (instruction, notice, a code or a folio), and its
//! choices in focus order, each with the message a touch on it would send.
//!
//! The words are the screen's own Fluent texts, resolved in the session's
//! language, so what is said cannot drift from what is shown. Personal data
//! (a RUN, an activation code, an e-mail) is marked as such and reaches only
//! a headset (`totem_speech::Utterance::personal`). The app turns a
//! `Spoken` into an utterance ([`Spoken::utterance`]) and a keypad focus
//! ([`Spoken::focus`]).

use totem_access::describe::ids;
use totem_access::{Focus, Move};
use totem_flow::{Field, Language};
use totem_speech::Utterance;
use zeroize::Zeroizing;

use super::i18n::{num, txt, Translations};

/// One sentence of a screen, beyond its heading.
#[derive(Clone)]
pub enum Said {
    /// Anyone nearby may hear it.
    Public(String),
    /// A personal datum: headset only.
    Personal(Zeroizing<String>),
}

/// One thing the keypad can choose.
#[derive(Debug, Clone)]
pub struct Choice<M> {
    /// Stable within the screen: the focus stays on it while the screen
    /// changes around it (a key typed, a button enabled).
    pub key: String,
    /// What the button says.
    pub label: String,
    /// What a touch on it sends; `None` when it is greyed (spoken as not
    /// available, skipped by the focus).
    pub action: Option<M>,
    /// A key of an on-screen keyboard: what it types is as personal as the
    /// field (a password's next letter), so its name reaches only a
    /// headset, and the screen's description names the keyboard once
    /// instead of every key.
    pub key_of_keyboard: bool,
}

impl<M> Choice<M> {
    pub fn enabled(&self) -> bool {
        self.action.is_some()
    }

    pub fn map<N>(self, f: impl Fn(M) -> N) -> Choice<N> {
        Choice {
            key: self.key,
            label: self.label,
            action: self.action.map(f),
            key_of_keyboard: self.key_of_keyboard,
        }
    }
}

/// A screen as speech and the keypad know it.
#[derive(Clone)]
pub struct Spoken<M> {
    pub heading: String,
    pub details: Vec<Said>,
    pub choices: Vec<Choice<M>>,
    /// The field typed into, if the screen has one: digit keys type into it
    /// and each key is echoed (a password's as "carácter ingresado").
    pub field: Option<Field>,
}

impl<M> std::fmt::Debug for Spoken<M> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the details: they may be personal.
        f.debug_struct("Spoken")
            .field("heading", &self.heading)
            .field("choices", &self.choices.len())
            .finish_non_exhaustive()
    }
}

impl<M> Spoken<M> {
    pub fn new(heading: String) -> Self {
        Self {
            heading,
            details: Vec::new(),
            choices: Vec::new(),
            field: None,
        }
    }

    /// A public sentence after the heading.
    pub fn say(mut self, text: String) -> Self {
        if !text.is_empty() {
            self.details.push(Said::Public(text));
        }
        self
    }

    /// A personal datum after the heading (headset only).
    pub fn personal(mut self, text: &str) -> Self {
        self.details
            .push(Said::Personal(Zeroizing::new(text.to_string())));
        self
    }

    /// A choice, enabled when `action` is `Some` (as a button with no
    /// `on_press` is greyed). `key` names it for the focus ring (usually
    /// its label's Fluent id); `label` is what its button says.
    pub fn choice(mut self, key: impl Into<String>, label: String, action: Option<M>) -> Self {
        self.choices.push(Choice {
            key: key.into(),
            label,
            action,
            key_of_keyboard: false,
        });
        self
    }

    /// Choices of another part of the screen (a keyboard), in order, its
    /// messages wrapped in the screen's.
    pub fn choices<N>(mut self, more: Vec<Choice<N>>, wrap: impl Fn(N) -> M) -> Self {
        self.choices.extend(more.into_iter().map(|c| c.map(&wrap)));
        self
    }

    pub fn typing(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }

    pub fn map<N>(self, f: impl Fn(M) -> N) -> Spoken<N> {
        Spoken {
            heading: self.heading,
            details: self.details,
            choices: self.choices.into_iter().map(|c| c.map(&f)).collect(),
            field: self.field,
        }
    }

    /// The keypad's focus over the choices (keys as ids).
    pub fn focus(&self) -> Focus<String> {
        Focus::new(
            self.choices
                .iter()
                .map(|c| (c.key.clone(), c.enabled()))
                .collect(),
        )
    }

    /// The choice with `key`.
    pub fn find(&self, key: &str) -> Option<&Choice<M>> {
        self.choices.iter().find(|c| c.key == key)
    }

    /// The whole screen, as said when it appears: heading, details, each
    /// choice with its digit key, then how to move.
    pub fn utterance(&self, tr: &Translations, language: Language) -> Utterance {
        let mut u = Utterance::new(language).public(self.heading.clone());
        for said in &self.details {
            u = match said {
                Said::Public(text) => u.public(text.clone()),
                Said::Personal(text) => u.personal(text),
            };
        }
        for (index, choice) in self.choices.iter().enumerate() {
            if !choice.key_of_keyboard {
                u = u.public(self.choice_phrase(tr, language, index));
            }
        }
        if self.choices.iter().any(|c| c.key_of_keyboard) {
            u = u.public(tr.text(language, "speech-keyboard"));
        }
        if self.choices.iter().any(Choice::enabled) {
            u = u.public(tr.text(language, ids::NAVIGATE));
        }
        u
    }

    /// What is said of choice `index`: "Recuperar Clave Única: tecla 2."
    pub fn choice_phrase(&self, tr: &Translations, language: Language, index: usize) -> String {
        let Some(choice) = self.choices.get(index) else {
            return String::new();
        };
        let label = ("label", txt(&choice.label));
        match (choice.enabled(), Focus::<String>::digit_of(index)) {
            (false, _) => tr.with(language, ids::OPTION_DISABLED, &[label]),
            (true, Some(digit)) => tr.with(
                language,
                ids::OPTION,
                &[label, ("key", num(u32::from(digit)))],
            ),
            (true, None) => tr.with(language, ids::OPTION_NO_KEY, &[label]),
        }
    }

    /// What is said when the focus moves to choice `index`.
    pub fn moved_to(
        &self,
        tr: &Translations,
        language: Language,
        index: usize,
        moved: Move,
    ) -> Utterance {
        let mut u = Utterance::new(language);
        if moved == (Move::Moved { wrapped: true }) {
            u = u.public(tr.text(language, ids::WRAPPED));
        }
        match self.choices.get(index) {
            Some(key) if key.key_of_keyboard => u.personal(&key.label),
            _ => u.public(self.choice_phrase(tr, language, index)),
        }
    }
}
