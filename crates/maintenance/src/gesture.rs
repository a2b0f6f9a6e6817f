//! The hidden entry gesture: hold the top-left corner for 5 s, lift, then
//! touch the top-right corner within 3 s. Citizens do not do this by
//! accident; a technician learns it once. The ui feeds touches in; the
//! recogniser says when to open the PIN pad.

use std::time::{Duration, Instant};

/// Where a touch landed, in logical pixels from the window's top-left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Stage {
    Idle,
    Holding { since: Instant },
    Held { at: Instant },
}

/// The recogniser. Feed it every touch down and up.
#[derive(Debug, Clone)]
pub struct EntryGesture {
    width: f32,
    /// Side of the square corner zones.
    corner: f32,
    hold: Duration,
    then_within: Duration,
    stage: Stage,
}

impl EntryGesture {
    /// For a window `width` wide: corners of 12 % of the width (≈130 px on a
    /// 1080 px portrait screen), a 5 s hold, 3 s to touch the other corner.
    pub fn new(width: f32) -> Self {
        Self {
            width,
            corner: (width * 0.12).max(60.0),
            hold: Duration::from_secs(5),
            then_within: Duration::from_secs(3),
            stage: Stage::Idle,
        }
    }

    /// The window was resized (rotation).
    pub fn resize(&mut self, width: f32) {
        *self = Self {
            stage: Stage::Idle,
            ..Self::new(width)
        };
    }

    fn top_left(&self, p: Point) -> bool {
        p.x >= 0.0 && p.y >= 0.0 && p.x <= self.corner && p.y <= self.corner
    }

    fn top_right(&self, p: Point) -> bool {
        p.x >= self.width - self.corner && p.x <= self.width && p.y >= 0.0 && p.y <= self.corner
    }

    /// A finger touched the screen. Returns true when the PIN pad should
    /// open.
    pub fn touch_down(&mut self, at: Point, now: Instant) -> bool {
        match self.stage {
            Stage::Held { at: held }
                if self.top_right(at)
                    && now.saturating_duration_since(held) <= self.then_within =>
            {
                self.stage = Stage::Idle;
                true
            }
            _ => {
                self.stage = if self.top_left(at) {
                    Stage::Holding { since: now }
                } else {
                    Stage::Idle
                };
                false
            }
        }
    }

    /// The finger lifted.
    pub fn touch_up(&mut self, now: Instant) {
        self.stage = match self.stage {
            Stage::Holding { since } if now.saturating_duration_since(since) >= self.hold => {
                Stage::Held { at: now }
            }
            Stage::Held { at } => Stage::Held { at },
            _ => Stage::Idle,
        };
    }

    /// The finger moved while down: leaving the corner cancels the hold.
    pub fn touch_moved(&mut self, at: Point) {
        if matches!(self.stage, Stage::Holding { .. }) && !self.top_left(at) {
            self.stage = Stage::Idle;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TL: Point = Point { x: 20.0, y: 30.0 };
    const TR: Point = Point { x: 1060.0, y: 40.0 };
    const MIDDLE: Point = Point { x: 540.0, y: 900.0 };

    fn s(secs: f32) -> Duration {
        Duration::from_secs_f32(secs)
    }

    #[test]
    fn hold_top_left_then_touch_top_right_opens_the_pad() {
        let t = Instant::now();
        let mut g = EntryGesture::new(1080.0);
        assert!(!g.touch_down(TL, t));
        g.touch_up(t + s(5.2));
        assert!(g.touch_down(TR, t + s(6.0)));
        // And only once.
        assert!(!g.touch_down(TR, t + s(6.5)));
    }

    #[test]
    fn ordinary_touches_never_open_it() {
        let t = Instant::now();
        let mut g = EntryGesture::new(1080.0);
        // Too short a hold.
        g.touch_down(TL, t);
        g.touch_up(t + s(4.0));
        assert!(!g.touch_down(TR, t + s(4.5)));
        // Too slow to the other corner.
        g.touch_down(TL, t);
        g.touch_up(t + s(5.5));
        assert!(!g.touch_down(TR, t + s(9.0)));
        // A touch elsewhere in between.
        g.touch_down(TL, t);
        g.touch_up(t + s(5.5));
        g.touch_down(MIDDLE, t + s(6.0));
        assert!(!g.touch_down(TR, t + s(6.5)));
        // Sliding out of the corner during the hold.
        g.touch_down(TL, t);
        g.touch_moved(MIDDLE);
        g.touch_up(t + s(5.5));
        assert!(!g.touch_down(TR, t + s(6.0)));
        // The other corners in the other order.
        g.touch_down(TR, t);
        g.touch_up(t + s(5.5));
        assert!(!g.touch_down(TL, t + s(6.0)));
    }
}
