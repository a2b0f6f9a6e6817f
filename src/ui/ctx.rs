//! What every citizen's screen reads to draw itself: the texts, the
//! language, the orientation and the flow's session.

use totem_flow::{Language, Session};

use super::i18n::Translations;

/// What every view needs: texts, language, orientation and the session.
pub struct Ctx<'a> {
    pub tr: &'a Translations,
    pub language: Language,
    pub portrait: bool,
    pub session: &'a Session,
    /// Which attract-screen hint stands out now.
    pub hint: usize,
}

impl Ctx<'_> {
    /// The text of a message id in the session's language.
    pub fn t(&self, id: &str) -> String {
        self.tr.text(self.language, id)
    }
}
