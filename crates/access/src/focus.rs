//! Focus order for the tactile keypad: a screen declares its options in the
//! order they are read; up and down move between the enabled ones, select
//! activates the focused one, a digit chooses an option directly. The ui
//! draws the ring around `focused()`; the speech layer reads the option
//! out when it moves.

/// What a key press did to the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Focus went to another option; `wrapped` when it went past the last
    /// to the first (or the first to the last), which the speech announces
    /// ("inicio de la lista") so a citizen who cannot see knows.
    Moved { wrapped: bool },
    /// Nothing to move to (no enabled option, or only the focused one).
    Stayed,
}

/// The options of one screen in focus order, and which one has the focus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Focus<Id> {
    options: Vec<(Id, bool)>,
    at: Option<usize>,
}

impl<Id: Clone + PartialEq> Focus<Id> {
    /// Options as `(id, enabled)` in reading order. The focus starts on the
    /// first enabled option; a screen with none has no focus.
    pub fn new(options: Vec<(Id, bool)>) -> Self {
        let at = options.iter().position(|(_, enabled)| *enabled);
        Self { options, at }
    }

    /// The focused option.
    pub fn focused(&self) -> Option<&Id> {
        self.at.map(|i| &self.options[i].0)
    }

    /// Position of the focused option in the declared order (0-based).
    pub fn index(&self) -> Option<usize> {
        self.at
    }

    /// The declared options, in order, with whether each is enabled.
    pub fn options(&self) -> &[(Id, bool)] {
        &self.options
    }

    /// The down key: the next enabled option, wrapping to the first.
    pub fn down(&mut self) -> Move {
        self.step(true)
    }

    /// The up key: the previous enabled option, wrapping to the last.
    pub fn up(&mut self) -> Move {
        self.step(false)
    }

    fn step(&mut self, forward: bool) -> Move {
        let Some(from) = self.at else {
            return Move::Stayed;
        };
        let n = self.options.len();
        for k in 1..n {
            let i = if forward {
                (from + k) % n
            } else {
                (from + n - k) % n
            };
            if self.options[i].1 {
                self.at = Some(i);
                let wrapped = if forward { i < from } else { i > from };
                return Move::Moved { wrapped };
            }
        }
        Move::Stayed
    }

    /// The select key: the focused option, if it is enabled.
    pub fn select(&self) -> Option<Id> {
        self.at
            .filter(|&i| self.options[i].1)
            .map(|i| self.options[i].0.clone())
    }

    /// A digit key: option `digit` (1 is the first option, 0 the tenth)
    /// gets the focus and is chosen, if it exists and is enabled.
    pub fn choose_digit(&mut self, digit: u8) -> Option<Id> {
        let i = match digit {
            1..=9 => usize::from(digit) - 1,
            0 => 9,
            _ => return None,
        };
        match self.options.get(i) {
            Some((id, true)) => {
                self.at = Some(i);
                Some(id.clone())
            }
            _ => None,
        }
    }

    /// The digit that chooses option `index` (0-based), if any: the first
    /// ten options have one.
    pub fn digit_of(index: usize) -> Option<u8> {
        match index {
            0..=8 => Some(index as u8 + 1),
            9 => Some(0),
            _ => None,
        }
    }

    /// The screen's options changed (a control became enabled, a list
    /// grew): keep the focus on the same option if it is still there and
    /// enabled, else the first enabled one.
    pub fn update(&mut self, options: Vec<(Id, bool)>) {
        let keep = self.focused().cloned();
        self.options = options;
        self.at = keep
            .and_then(|id| self.options.iter().position(|(o, e)| *e && *o == id))
            .or_else(|| self.options.iter().position(|(_, e)| *e));
    }

    /// A touch on an option also moves the focus there, so keypad and
    /// touch never disagree about where the citizen is.
    pub fn touch(&mut self, id: &Id) {
        if let Some(i) = self.options.iter().position(|(o, e)| *e && o == id) {
            self.at = Some(i);
        }
    }
}
