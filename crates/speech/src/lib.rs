//! Speech output for the kiosk, offline: espeak-ng voices (Latin American
//! Spanish and English), a headset and a loudspeaker output, and the
//! citizen's controls of EN 301 549 5.1.3 and ADA 707.5.
//!
//! - [`Speaker::say`] returns at once; synthesis and playback run on the
//!   speaker's own thread, and a new utterance cuts the one being said.
//! - An [`Utterance`] is made of public parts, personal parts (spoken only
//!   through a headset that is plugged in) and keystroke echoes; a
//!   password field's keystroke is said as "carácter ingresado" and its
//!   value never enters the utterance.
//! - Repeat, pause/resume, slower/faster, louder/softer; the end of a
//!   session puts volume and rate back to the site's defaults.
//! - [`headset::watch`] follows the headphone jack (input-event switch,
//!   ALSA jack control, or an emulated switch file).
//!
//! Why espeak-ng as a program, and `aplay`: see docs/accessibility.md.

pub mod headset;
pub mod output;
mod speaker;
mod utterance;
pub mod voice;
pub mod wav;

pub use headset::{watch, Headset, Signal};
pub use output::{Alsa, Output, OutputKind, Recording, Stream, WavFiles};
pub use speaker::{scale, Outputs, Speaker, Transcript};
pub use utterance::{Phrases, Utterance};
pub use voice::Voices;
