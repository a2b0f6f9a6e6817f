//! Accessibility rules of the kiosk, as pure functions the ui and the speech
//! layer call: where a seated or standing citizen can reach (EN 301 549 8.3,
//! ADA 308), how much two colours contrast (WCAG 2.x, EN 301 549 9.1.4.6),
//! how the tactile keypad moves the focus through a screen's options, what a
//! screen says in speech mode, and the steps of the user's volume and rate
//! controls (EN 301 549 5.1.3.4, 5.1.3.13). Nothing here draws or plays.
//! See docs/accessibility.md.

pub mod contrast;
pub mod describe;
pub mod focus;
pub mod level;
pub mod reach;

pub use contrast::{contrast_ratio, Palette, Srgb, TextPair, TextSize};
pub use describe::{Arg, Phrase, ScreenDescription, SpokenOption};
pub use focus::{Focus, Move};
pub use level::Level;
pub use reach::{reach_band, ReachBand, ScreenGeometry, REACH_HIGH_MM, REACH_LOW_MM};
