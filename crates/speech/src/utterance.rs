//! What to say, in parts that are public (may go to the loudspeaker) or
//! personal (headset only), and typed characters that are echoed without
//! ever carrying a password's value.

use totem_config::Language;
use totem_flow::entry::{Field, Key};
use zeroize::Zeroizing;

/// One part of an utterance. Private to the crate: a caller can make parts
/// only through [`Utterance`]'s methods, and cannot read them back.
#[derive(Clone)]
pub(crate) enum Part {
    Public(String),
    /// Personal data (name, RUN, activation code, e-mail): headset only.
    Personal(Zeroizing<String>),
    /// A character typed into a masked field: its value never got here.
    MaskedCharacter,
    /// `n` characters in a masked field (when the field is read back).
    MaskedCount(usize),
    /// The last character was erased.
    Erased,
}

/// Something to say, in one language.
#[derive(Clone)]
pub struct Utterance {
    pub(crate) language: Language,
    pub(crate) parts: Vec<Part>,
}

impl std::fmt::Debug for Utterance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the text: it may hold personal data.
        write!(
            f,
            "Utterance({:?}, {} parts)",
            self.language,
            self.parts.len()
        )
    }
}

impl Utterance {
    pub fn new(language: Language) -> Self {
        Self {
            language,
            parts: Vec::new(),
        }
    }

    pub fn language(&self) -> Language {
        self.language
    }

    /// Text anyone nearby may hear: headings, instructions, options.
    pub fn public(mut self, text: impl Into<String>) -> Self {
        self.parts.push(Part::Public(text.into()));
        self
    }

    /// Personal data (name, RUN, activation code, e-mail): spoken only
    /// through the headset; with no headset the citizen hears that a
    /// personal datum was left out, never the datum (EN 301 549 5.1.3.9).
    pub fn personal(mut self, text: &str) -> Self {
        self.parts
            .push(Part::Personal(Zeroizing::new(text.to_string())));
        self
    }

    /// The echo of one key pressed in `field`. In a password field the
    /// character is not even looked at: the echo is "carácter ingresado"
    /// (EN 301 549 5.1.3.8). In the other fields (RUN, code, e-mail) the
    /// character is personal data, spoken through the headset only.
    pub fn keystroke(mut self, field: Field, key: Key) -> Self {
        let part = match (field, key) {
            (_, Key::Delete) => Part::Erased,
            (Field::Password | Field::PasswordAgain, _) => Part::MaskedCharacter,
            (_, Key::Char(c)) => Part::Personal(Zeroizing::new(spell(c, self.language))),
            (_, Key::Text(t)) => Part::Personal(Zeroizing::new(t.to_string())),
        };
        self.parts.push(part);
        self
    }

    /// What `field` holds, read back on request: a password field gives only
    /// how many characters it has; the others are personal data.
    pub fn field_contents(mut self, field: Field, contents: &str) -> Self {
        let part = match field {
            Field::Password | Field::PasswordAgain => Part::MaskedCount(contents.chars().count()),
            _ => Part::Personal(Zeroizing::new(
                contents
                    .chars()
                    .map(|c| spell(c, self.language))
                    .collect::<Vec<_>>()
                    .join(" "),
            )),
        };
        self.parts.push(part);
        self
    }

    /// Whether any part is personal data.
    pub fn has_personal_parts(&self) -> bool {
        self.parts.iter().any(|p| matches!(p, Part::Personal(_)))
    }

    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The text to synthesise. `private_listening` is true only when the
    /// sound goes to a headset that is plugged in.
    pub(crate) fn text(&self, private_listening: bool) -> Zeroizing<String> {
        let phrases = Phrases::of(self.language);
        let mut out = Zeroizing::new(String::new());
        for part in &self.parts {
            if !out.is_empty() {
                out.push(' ');
            }
            match part {
                Part::Public(t) => out.push_str(t),
                Part::Personal(t) if private_listening => out.push_str(t),
                Part::Personal(_) => out.push_str(phrases.withheld),
                Part::MaskedCharacter => out.push_str(phrases.masked_character),
                Part::MaskedCount(n) => out.push_str(&(phrases.masked_count)(*n)),
                Part::Erased => out.push_str(phrases.erased),
            }
        }
        out
    }
}

/// A typed character as a word espeak-ng says clearly ("arroba", "guion").
fn spell(c: char, language: Language) -> String {
    let es = language == Language::Es;
    let word = match c {
        '@' => {
            if es {
                "arroba"
            } else {
                "at"
            }
        }
        '.' => {
            if es {
                "punto"
            } else {
                "dot"
            }
        }
        '-' => {
            if es {
                "guion"
            } else {
                "dash"
            }
        }
        '_' => {
            if es {
                "guion bajo"
            } else {
                "underscore"
            }
        }
        _ => return c.to_string(),
    };
    word.to_string()
}

/// The speech layer's own phrases. Public text, said instead of what must
/// not be said.
pub struct Phrases {
    /// A masked character was typed.
    pub masked_character: &'static str,
    /// A personal datum left out because no headset is plugged in.
    pub withheld: &'static str,
    pub erased: &'static str,
    pub masked_count: fn(usize) -> String,
}

impl Phrases {
    pub fn of(language: Language) -> &'static Phrases {
        match language {
            Language::Es => &ES,
            Language::En => &EN,
        }
    }
}

static ES: Phrases = Phrases {
    masked_character: "carácter ingresado",
    withheld: "dato personal: conecte audífonos para escucharlo",
    erased: "borrado",
    masked_count: count_es,
};

static EN: Phrases = Phrases {
    masked_character: "character entered",
    withheld: "personal data: plug in headphones to hear it",
    erased: "deleted",
    masked_count: count_en,
};

fn count_es(n: usize) -> String {
    match n {
        1 => "1 carácter ingresado".to_string(),
        n => format!("{n} caracteres ingresados"),
    }
}

fn count_en(n: usize) -> String {
    match n {
        1 => "1 character entered".to_string(),
        n => format!("{n} characters entered"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_character_is_never_in_the_text_whatever_the_output() {
        let u = Utterance::new(Language::Es)
            .keystroke(Field::Password, Key::Char('Q'))
            .keystroke(Field::PasswordAgain, Key::Text(".com"))
            .field_contents(Field::Password, "Qx9!");
        for private in [true, false] {
            let text = u.text(private);
            assert_eq!(
                text.as_str(),
                "carácter ingresado carácter ingresado 4 caracteres ingresados"
            );
        }
    }

    #[test]
    fn personal_parts_are_said_only_with_private_listening() {
        let u = Utterance::new(Language::En)
            .public("Your RUN is")
            .personal("12.345.678-5");
        assert_eq!(u.text(true).as_str(), "Your RUN is 12.345.678-5");
        assert_eq!(
            u.text(false).as_str(),
            "Your RUN is personal data: plug in headphones to hear it"
        );
        assert!(!format!("{u:?}").contains("12.345"));
    }

    #[test]
    fn run_keys_are_personal_and_spelled() {
        let u = Utterance::new(Language::Es)
            .keystroke(Field::Email, Key::Char('@'))
            .keystroke(Field::Run, Key::Delete);
        assert_eq!(u.text(true).as_str(), "arroba borrado");
        assert_eq!(
            u.text(false).as_str(),
            "dato personal: conecte audífonos para escucharlo borrado"
        );
    }
}
