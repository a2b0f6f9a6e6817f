//! What a call to the registry can come to: the retry policy, the record
//! each call leaves for the metrics, and the errors, with how a transport
//! failure is classified.

use std::sync::Arc;
use std::time::Duration;

use totem_config::Language;

use crate::api::{ApiError, ErrorCode};

/// How a call is retried.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in all (1 = no retry).
    pub attempts: u32,
    /// Wait before the first retry; doubled each time.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 3,
            first_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(2),
        }
    }
}

/// What happened to one call, for metrics.
#[derive(Debug, Clone, PartialEq)]
pub struct CallRecord {
    /// `POST`, `GET`...
    pub method: &'static str,
    /// The path template (`/v1/certificates/{folio}/delivery`), never a value.
    pub endpoint: &'static str,
    /// From the first byte sent to the final answer, retries and backoff included.
    pub latency: Duration,
    pub attempts: u32,
    pub outcome: CallOutcome,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallOutcome {
    Ok,
    /// The registry answered with an error code.
    Rejected(ErrorCode),
    Timeout,
    Unreachable,
    /// 5xx or an unreadable answer.
    ServerError,
}

/// Called after every call.
pub type Observer = Arc<dyn Fn(&CallRecord) + Send + Sync>;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum RegistryError {
    /// The client could not be built (settings, certificate files).
    #[error("registry client configuration: {0}")]
    Config(String),
    /// No connection could be made (down, refused, TLS handshake refused).
    #[error("the registry cannot be reached")]
    Unreachable,
    #[error("the registry did not answer in time")]
    Timeout,
    /// The registry refused, with its reason.
    #[error("the registry refused: {}", .0.code)]
    Rejected(ApiError),
    /// A server error that persisted through the retries, or an answer that
    /// could not be read.
    #[error("the registry failed (status {status})")]
    Server { status: u16 },
    #[error("the registry's answer could not be read")]
    BadAnswer,
}

impl RegistryError {
    /// The registry's error code, when it refused.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            RegistryError::Rejected(e) => Some(e.code),
            _ => None,
        }
    }

    /// A sentence for the citizen's screen.
    pub fn message(&self, lang: Language) -> String {
        let (es, en): (&str, &str) = match self {
            RegistryError::Rejected(e) => {
                return match lang {
                    Language::Es => e.message_es.clone(),
                    Language::En => e.message_en.clone(),
                }
            }
            RegistryError::Config(_) => (
                "Este tótem no está bien configurado. Por favor avise al personal.",
                "This kiosk is not configured correctly. Please tell the staff.",
            ),
            RegistryError::Unreachable => (
                "No podemos comunicarnos con el Registro Civil. Intente de nuevo en unos minutos.",
                "We cannot reach the Civil Registry. Please try again in a few minutes.",
            ),
            RegistryError::Timeout => (
                "El Registro Civil está tardando en responder. Intente de nuevo en unos minutos.",
                "The Civil Registry is taking too long to answer. Please try again in a few minutes.",
            ),
            RegistryError::Server { .. } | RegistryError::BadAnswer => (
                "El Registro Civil tuvo un problema. Intente de nuevo en unos minutos.",
                "The Civil Registry had a problem. Please try again in a few minutes.",
            ),
        };
        match lang {
            Language::Es => es.into(),
            Language::En => en.into(),
        }
    }
}

pub(super) fn classify(e: reqwest::Error) -> RegistryError {
    if e.is_timeout() {
        RegistryError::Timeout
    } else if e.is_decode() || e.is_body() {
        RegistryError::BadAnswer
    } else {
        // Connection refused or reset, DNS, TLS handshake refused.
        RegistryError::Unreachable
    }
}
