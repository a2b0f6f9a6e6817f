//! The user's speech controls (EN 301 549 5.1.3.4): louder/softer and
//! faster/slower move one step at a time between limits, and a session's
//! end puts them back to the site's default (5.1.3.13).

/// A setting with a default, a step and limits: speech volume (percent) or
/// rate (words per minute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Level {
    default: u32,
    value: u32,
    step: u32,
    min: u32,
    max: u32,
}

impl Level {
    /// Volume in percent of full scale: steps of 10 between 10 and 100, so
    /// "softer" never mutes (a muted kiosk would seem broken).
    pub fn volume(default_percent: u32) -> Self {
        Self::new(default_percent, 10, 10, 100)
    }

    /// Speaking rate in words per minute: steps of 25 between 100 and 300
    /// (espeak-ng's own range is 80 to 450; outside this one speech becomes
    /// hard to follow).
    pub fn rate(default_wpm: u32) -> Self {
        Self::new(default_wpm, 25, 100, 300)
    }

    fn new(default: u32, step: u32, min: u32, max: u32) -> Self {
        let default = default.clamp(min, max);
        Self {
            default,
            value: default,
            step,
            min,
            max,
        }
    }

    pub fn value(&self) -> u32 {
        self.value
    }

    pub fn default_value(&self) -> u32 {
        self.default
    }

    /// One step up; false when already at the top (the speech says so).
    pub fn up(&mut self) -> bool {
        let next = (self.value + self.step).min(self.max);
        let moved = next != self.value;
        self.value = next;
        moved
    }

    /// One step down; false when already at the bottom.
    pub fn down(&mut self) -> bool {
        let next = self.value.saturating_sub(self.step).max(self.min);
        let moved = next != self.value;
        self.value = next;
        moved
    }

    /// Back to the default: at the end of every session.
    pub fn reset(&mut self) {
        self.value = self.default;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn volume_steps_stop_at_the_limits_and_reset_to_the_default() {
        let mut v = Level::volume(70);
        assert!(v.up());
        assert!(v.up());
        assert!(v.up());
        assert_eq!(v.value(), 100);
        assert!(!v.up(), "no step above full scale");
        for _ in 0..20 {
            v.down();
        }
        assert_eq!(v.value(), 10, "softer never mutes");
        v.reset();
        assert_eq!(v.value(), 70);
    }

    #[test]
    fn rate_default_outside_the_range_is_clamped() {
        assert_eq!(Level::rate(500).value(), 300);
        let mut r = Level::rate(175);
        r.down();
        assert_eq!(r.value(), 150);
        r.reset();
        assert_eq!(r.value(), 175);
    }
}
