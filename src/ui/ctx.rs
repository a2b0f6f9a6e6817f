//! What every citizen's screen reads to draw itself: the texts, the
//! language, the orientation and the flow's session.

use totem_access::ReachBand;
use totem_flow::{Aids, Language, Session};

use super::i18n::Translations;
use super::theme::{Colours, Scale};

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

    /// The text size the citizen chose (the A+ control).
    pub fn scale(&self) -> Scale {
        Scale(f32::from(self.aids.text.percent()) / 100.0)
    }

    /// A text size of the theme (px at 100 %) at the chosen text size.
    pub fn px(&self, size: f32) -> f32 {
        self.scale().px(size)
    }

    /// Whether text is larger than normal (pages then scroll where they
    /// no longer fit).
    pub fn enlarged(&self) -> bool {
        self.scale().enlarged()
    }

    /// The colours of the session's look (standard or high contrast), for
    /// what draws a colour itself; styles read them from the theme.
    pub fn colours(&self) -> &'static Colours {
        Colours::for_aids(self.aids)
    }
}

impl From<&Ctx<'_>> for Scale {
    fn from(ctx: &Ctx<'_>) -> Scale {
        ctx.scale()
    }
}
