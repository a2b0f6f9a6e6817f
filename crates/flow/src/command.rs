//! What the application must do, in domain terms, and how a session ended.
//!
//! The flows only return these; the application carries them out (registry
//! calls, device jobs, prints) and answers with an `Event`.

use crate::secret::{Secret, SecretBytes};

/// How a session ended (for the metrics and the back-end session).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    Cancelled,
    TimedOut,
    /// Stopped by a rule (card blocked, too young, fingerprint...).
    Refused,
}

/// How a non-profit entity is named to the registry: its registration
/// number in the Registro Nacional de Personas Jurídicas sin Fines de Lucro,
/// or its RUT. Public register data, not personal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntityNumber {
    Registration(u32),
    /// Canonical `65000001-5`.
    Rut(String),
}

/// What the application must do, in domain terms.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    /// Check the card with the registry (and open its session there).
    VerifyCard {
        run: Secret,
        document: Secret,
    },
    CaptureFinger,
    CancelCapture,
    VerifyFinger {
        run: Secret,
        template: SecretBytes,
    },
    IssueKey {
        run: Secret,
        email: Secret,
    },
    RecoverKey {
        run: Secret,
    },
    PrintCodeSlip {
        code: Secret,
    },
    Activate {
        run: Secret,
        code: Secret,
        password: Secret,
    },
    IssueCertificate {
        kind: String,
        for_run: Secret,
    },
    /// A certificate about a non-profit entity (subject `entity`).
    IssueEntityCertificate {
        kind: String,
        entity: EntityNumber,
    },
    /// Ask the registry whether a certificate with this folio and
    /// verification code (`XXXX-XXXX-XXXX`) exists.
    CheckCertificate {
        folio: String,
        code: String,
    },
    Print {
        folio: String,
    },
    ReportDelivery {
        folio: String,
        delivered: bool,
    },
    /// Close the back-end session, count the outcome; the flow has wiped its data.
    EndSession {
        outcome: Outcome,
    },
}
