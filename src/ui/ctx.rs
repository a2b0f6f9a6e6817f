//! What every citizen's screen reads to draw itself: the texts, the
//! language, the orientation and the flow's session.

use totem_access::ReachBand;
use totem_flow::{Aids, Language, Session};

use super::i18n::Translations;

/// What every view needs: texts, language, orientation and the session.
pub struct Ctx<'a> {
    pub tr: &'a Translations,
    pub language: Language,
    pub portrait: bool,
    pub session: &'a Session,
    /// Which attract-screen hint stands out now.
    pub hint: usize,
    /// The citizen's aids: text size, contrast, seated layout, speech.
    pub aids: Aids,
    /// The rows a seated citizen reaches, for the seated layout (None when
    /// no row of the screen as mounted is in reach).
    pub reach: Option<ReachBand>,
    /// The key of the choice the keypad's focus is on, when the ring shows.
    pub focus: Option<&'a str>,
}

impl Ctx<'_> {
    /// Whether the keypad's focus ring is on the choice `key`.
    pub fn focused(&self, key: &str) -> bool {
        self.focus == Some(key)
    }

    /// The text of a message id in the session's language.
    pub fn t(&self, id: &str) -> String {
        self.tr.text(self.language, id)
    }
}
