//! totem-print: certificates and activation slips laid out as PDF, and the
//! printer that gets them onto paper (CUPS, or a folder for the demo) through
//! a crash-safe spool.
//!
//! - [`render_certificate`] / [`render_slip`]: document → PDF bytes.
//! - [`Printer`]: submit a job, follow it, read the printer's state, reprint,
//!   and hand the delivery outcome to whoever reports it to the backend.

pub mod document;
pub mod logo;
pub mod pdf;
pub mod sample;

pub use document::{ActivationSlip, CertificateDocument, CertificateTitle, DataLine};
pub use pdf::{page_size, render_certificate, render_slip, Issuer, RenderError};
