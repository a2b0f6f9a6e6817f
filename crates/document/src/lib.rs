//! totem-document: the identity documents a kiosk reads and the small
//! citizen-typed values it checks. Pure: no I/O, no logging.
//!
//! - [`Run`]: the national id number (RUN/RUT) with its check digit.
//! - [`scan`]: what an ID-card scanner sends (cédula QR URL, ICAO 9303 TD1
//!   MRZ, legacy PDF417 text) decoded into a [`ScannedCard`].
//! - [`CardBirthDate`]: a two-digit-year birth date with every century it
//!   can mean; it never decides an age.
//! - [`encode`]: the inverse, for emulators, the demo and tests.
//! - [`ActivationCode`] and [`password`]: Clave Única inputs.
//!
//! Every type that holds personal data redacts itself in `Debug` and can be
//! zeroized.

pub mod activation;
pub mod birth;
pub mod encode;
pub mod mrz;
pub mod password;
pub mod run;
pub mod scan;

pub use activation::{ActivationCode, ActivationCodeError};
pub use birth::CardBirthDate;
pub use encode::{encode_mrz, encode_pdf417, encode_pdf417_scan, encode_qr, CardData, QrHost};
pub use password::{PasswordCheck, PasswordPolicy};
pub use run::{Run, RunError};
pub use scan::{decode_scan, decode_scan_at, Carrier, Check, ScanError, ScannedCard, Sex};
