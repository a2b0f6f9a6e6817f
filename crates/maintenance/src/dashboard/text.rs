//! The dashboard's words: a [`Text`] is a Fluent message id with its
//! arguments, translated by the ui; [`Severity`] is how a row looks.
//!
//! At the bottom of the dashboard: every other part words its rows with these.

use std::time::Duration;

/// How a row looks: green, amber, red, grey.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Ok,
    Unknown,
    Warning,
    Fault,
}

/// A sentence or a word for the technician: a Fluent message id (`maint-…`)
/// and its arguments. The ui translates it into the dashboard's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    /// Shown as it is (a port, a URL, a date, a keyword).
    Str(String),
    /// A number (Fluent picks the plural form from it).
    Num(i64),
    /// Another text, translated first.
    Text(Box<Text>),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Num(i64::from(n))
    }
}

impl From<Text> for Arg {
    fn from(t: Text) -> Self {
        Arg::Text(Box::new(t))
    }
}

impl Text {
    /// A message without arguments.
    pub fn new(key: &'static str) -> Self {
        Self {
            key,
            args: Vec::new(),
        }
    }

    /// Adds an argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// A value shown as it is, in every language (`maint-raw`).
    pub fn raw(value: impl Into<String>) -> Self {
        Self::new("maint-raw").arg("value", value.into())
    }

    /// Every message id this text uses, nested ones included.
    pub fn keys(&self) -> Vec<&'static str> {
        let mut keys = vec![self.key];
        for (_, arg) in &self.args {
            if let Arg::Text(t) = arg {
                keys.extend(t.keys());
            }
        }
        keys
    }
}

/// "yes" / "no".
pub fn yes_no(yes: bool) -> Text {
    Text::new(if yes { "maint-yes" } else { "maint-no" })
}

/// "3 d 4 h", "2 h 5 min", "45 s" (the same in both languages).
pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=59 => format!("{s} s"),
        60..=3599 => format!("{} min", s / 60),
        3600..=86_399 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}
