//! totem-print: certificates and activation slips laid out as PDF, and the
//! printer that gets them onto paper (CUPS, or a folder for the demo) through
//! a crash-safe spool.
//!
//! - [`render_certificate`] / [`render_slip`]: document → PDF bytes.
//! - [`Printer`]: put a PDF in the spool ([`Printer::enqueue`]), move jobs
//!   along and read the printer's state ([`Printer::poll`]), print a failed
//!   job again ([`Printer::reprint`]), and collect what reached paper
//!   ([`Printer::outcomes`], [`Printer::acknowledge`]) for the backend.

pub mod document;
pub mod ipp;
pub mod logo;
pub mod pdf;
pub mod printer;
pub mod sample;
pub mod spool;
pub mod state;

pub use document::{ActivationSlip, CertificateDocument, CertificateTitle, DataLine};
pub use pdf::{page_size, render_certificate, render_slip, Issuer, RenderError};
pub use printer::{Backend, Cups, DeliveryOutcome, Folder, PrintError, Printer};
pub use spool::{JobKind, JobPhase, JobRecord, SpoolError};
pub use state::{PrinterState, PrinterStatus, Severity};
