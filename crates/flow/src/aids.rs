//! The citizen's aids for one session: speech mode, larger text, high
//! contrast and the seated layout (EN 301 549 5.1.3, 5.1.4, 8.3; ADA 707).
//!
//! They belong to the session, not to the kiosk: a citizen turns them on,
//! and the next citizen finds the kiosk as it was (5.1.3.13: volume and
//! the rest reset when the session ends). Plain data at the bottom of the
//! crate; the router applies an [`Aid`] on any screen.

/// Text size, stepped by the A+ control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextSize {
    #[default]
    Normal,
    /// 150 %.
    Larger,
    /// 200 %.
    Largest,
}

impl TextSize {
    /// The size in percent of the normal one.
    pub fn percent(self) -> u16 {
        match self {
            TextSize::Normal => 100,
            TextSize::Larger => 150,
            TextSize::Largest => 200,
        }
    }

    /// The A+ control: 100 → 150 → 200 → 100 %.
    pub fn next(self) -> Self {
        match self {
            TextSize::Normal => TextSize::Larger,
            TextSize::Larger => TextSize::Largest,
            TextSize::Largest => TextSize::Normal,
        }
    }
}

/// The aids a citizen has turned on in this session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Aids {
    /// Every screen is spoken; the inactivity limits are doubled.
    pub speech: bool,
    pub text: TextSize,
    /// White on black.
    pub high_contrast: bool,
    /// Every control within a seated citizen's reach.
    pub seated: bool,
}

/// A change of aid, by the citizen (a button, the keypad) or by the
/// headset being plugged in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aid {
    /// Headphones plugged in: speech mode on. (Unplugging does not end it:
    /// the citizen may go on with the loudspeaker; personal parts then are
    /// not spoken, which the speech layer enforces.)
    HeadsetPlugged,
    /// The keypad's audio key.
    ToggleSpeech,
    /// The A+ control.
    NextTextSize,
    ToggleContrast,
    ToggleSeated,
}

impl Aids {
    pub(crate) fn apply(&mut self, aid: Aid) {
        match aid {
            Aid::HeadsetPlugged => self.speech = true,
            Aid::ToggleSpeech => self.speech = !self.speech,
            Aid::NextTextSize => self.text = self.text.next(),
            Aid::ToggleContrast => self.high_contrast = !self.high_contrast,
            Aid::ToggleSeated => self.seated = !self.seated,
        }
    }

    /// How many times longer the citizen gets before the inactivity
    /// warning and during it: twice in speech mode, where finding an
    /// option by ear takes longer.
    pub fn time_factor(&self) -> u32 {
        if self.speech {
            2
        } else {
            1
        }
    }
}
