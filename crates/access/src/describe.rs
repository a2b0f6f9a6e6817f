//! What a screen says in speech mode (EN 301 549 5.1.6.1, ADA 707.5): where
//! the citizen is (the heading), what to do (the instruction), and each
//! option in focus order with the key that chooses it, then how to move.
//!
//! A description is made of Fluent message ids and arguments, not of text:
//! the ui resolves them in the session's language with the same files the
//! screen shows, so what is said and what is written cannot drift apart.

use crate::focus::Focus;

/// An argument of a phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Another message id, resolved first (an option's label).
    Message(&'static str),
    /// A number (a digit key, a count).
    Number(i64),
}

/// One sentence to say: a Fluent id and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phrase {
    pub id: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

impl Phrase {
    pub fn plain(id: &'static str) -> Self {
        Self {
            id,
            args: Vec::new(),
        }
    }

    /// The Fluent ids this phrase needs, its own and those of its arguments.
    pub fn ids(&self) -> Vec<&'static str> {
        let mut ids = vec![self.id];
        ids.extend(self.args.iter().filter_map(|(_, a)| match a {
            Arg::Message(id) => Some(*id),
            Arg::Number(_) => None,
        }));
        ids
    }
}

/// One option of a screen, as spoken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpokenOption {
    /// Fluent id of the option's label (the text on its button).
    pub label: &'static str,
    /// Whether it can be chosen now; a disabled option is read with
    /// "no disponible" and has no key.
    pub enabled: bool,
}

/// A screen's spoken description, declared beside its view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScreenDescription {
    /// Fluent id of the screen's title: where the citizen is.
    pub heading: &'static str,
    /// Fluent id of what to do, if the screen says more than its title.
    pub instruction: Option<&'static str>,
    /// Options in focus order.
    pub options: Vec<SpokenOption>,
}

/// Ids of the phrases the description is built with (in assets/i18n/*.ftl).
pub mod ids {
    /// `{ $label }, tecla { $key }.`
    pub const OPTION: &str = "speech-option";
    /// An option beyond the tenth: chosen with the arrows only.
    pub const OPTION_NO_KEY: &str = "speech-option-no-key";
    /// `{ $label }, no disponible.`
    pub const OPTION_DISABLED: &str = "speech-option-disabled";
    /// How to move and choose.
    pub const NAVIGATE: &str = "speech-navigate";
    /// Said when the focus wraps past the end of the list.
    pub const WRAPPED: &str = "speech-list-start";
    /// Every id above, for the test that both languages have them.
    pub const ALL: [&str; 5] = [OPTION, OPTION_NO_KEY, OPTION_DISABLED, NAVIGATE, WRAPPED];
}

impl ScreenDescription {
    /// The focus model for this screen's options (ids are their labels).
    pub fn focus(&self) -> Focus<&'static str> {
        Focus::new(self.options.iter().map(|o| (o.label, o.enabled)).collect())
    }

    /// The phrases, in the order they are said: heading, instruction, the
    /// options in focus order each with its digit key, then how to move
    /// (only when there is something to choose).
    pub fn phrases(&self) -> Vec<Phrase> {
        let mut said = vec![Phrase::plain(self.heading)];
        if let Some(instruction) = self.instruction {
            said.push(Phrase::plain(instruction));
        }
        for (i, option) in self.options.iter().enumerate() {
            let label = ("label", Arg::Message(option.label));
            said.push(match (option.enabled, Focus::<&str>::digit_of(i)) {
                (false, _) => Phrase {
                    id: ids::OPTION_DISABLED,
                    args: vec![label],
                },
                (true, Some(digit)) => Phrase {
                    id: ids::OPTION,
                    args: vec![label, ("key", Arg::Number(i64::from(digit)))],
                },
                (true, None) => Phrase {
                    id: ids::OPTION_NO_KEY,
                    args: vec![label],
                },
            });
        }
        if self.options.iter().any(|o| o.enabled) {
            said.push(Phrase::plain(ids::NAVIGATE));
        }
        said
    }

    /// What is said when the focus lands on option `index`: its label and
    /// key (the same phrase as in the full description).
    pub fn focused_phrase(&self, index: usize) -> Option<Phrase> {
        let all = self.phrases();
        let first_option = 1 + usize::from(self.instruction.is_some());
        all.into_iter()
            .nth(first_option + index)
            .filter(|_| index < self.options.len())
    }
}
