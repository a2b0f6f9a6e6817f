//! The conversation between a kiosk and the registry: paths, request and
//! response bodies, and errors. Shared by the kiosk's [`Client`](crate::Client)
//! and the reference server, and written down in `docs/api/openapi.yaml`.
//!
//! Every POST carries an `Idempotency-Key` header (a UUID): the registry
//! stores the first answer under that key and returns it again for a repeat,
//! changing nothing twice. Calls made inside an identified session carry its
//! token as `Authorization: Bearer <token>`.
//!
//! Personal data (RUN, names, e-mail, fingerprint template, password,
//! activation code, session token) sits in types that zeroize and whose
//! `Debug` prints `<redacted>`.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

pub use totem_document::{ActivationCode, Run};

/// Paths of the API (relative to the registry's base URL).
pub mod paths {
    pub const CARD_VERIFY: &str = "/v1/cards/verify";
    pub const SESSIONS: &str = "/v1/sessions";
    pub const SESSION_CURRENT: &str = "/v1/sessions/current";
    pub const SESSION_FINGERPRINT: &str = "/v1/sessions/current/fingerprint";
    pub const KEY_ISSUE: &str = "/v1/clave-unica/issue";
    pub const KEY_RECOVER: &str = "/v1/clave-unica/recover";
    pub const KEY_ACTIVATE: &str = "/v1/clave-unica/activate";
    pub const CATALOG: &str = "/v1/certificates/catalog";
    pub const CERTIFICATES: &str = "/v1/certificates";
    /// `/v1/certificates/{folio}/delivery`
    pub const CERTIFICATE_DELIVERY: &str = "/v1/certificates/{folio}/delivery";
    /// `GET ?folio=&code=`
    pub const CERTIFICATE_VERIFY: &str = "/v1/certificates/verify";
    pub const HEARTBEAT: &str = "/v1/kiosks/heartbeat";
    pub const HEALTH: &str = "/v1/health";
    pub const OPENAPI: &str = "/openapi.yaml";

    pub fn certificate_delivery(folio: u64) -> String {
        format!("/v1/certificates/{folio}/delivery")
    }
}

/// Header every POST carries: a UUID, the same across retries of one call.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Header naming the kiosk (also in the client certificate).
pub const KIOSK_ID: &str = "X-Kiosk-Id";

/// Wrong fingerprints allowed in one session.
pub const FINGERPRINT_TRIES: u8 = 3;
/// Wrong activation codes before the code is blocked.
pub const ACTIVATION_CODE_TRIES: u8 = 5;
/// Minimum age for a ClaveÚnica.
pub const MIN_KEY_AGE: u32 = 14;
/// Template length the matcher expects (R30x character file).
pub const TEMPLATE_LEN: usize = 512;

mod personal;
pub use personal::{Password, Personal, SessionToken, Template};

// ---------------------------------------------------------------- cards

/// `POST /v1/cards/verify`
#[derive(Debug, Clone, Serialize, Deserialize, Zeroize)]
pub struct CardVerifyRequest {
    pub run: Run,
    /// The card's document number ("serial").
    pub serial: Personal,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardStatus {
    /// The card exists, belongs to this RUN and may be used.
    Valid,
    /// Reported lost or stolen, or cancelled.
    Blocked,
    /// Past its expiry date.
    Expired,
    /// No such card for this RUN.
    Unknown,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CardVerifyResponse {
    pub status: CardStatus,
    /// On a valid card: the finger the registry matches for this holder, so
    /// the kiosk can name it. Absent from older servers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finger: Option<FingerPosition>,
}

/// A finger, as the ANSI/NIST and ISO/IEC 19794 finger positions order them
/// (right thumb first, left little last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FingerPosition {
    RightThumb,
    RightIndex,
    RightMiddle,
    RightRing,
    RightLittle,
    LeftThumb,
    LeftIndex,
    LeftMiddle,
    LeftRing,
    LeftLittle,
}

impl FingerPosition {
    pub const ALL: [FingerPosition; 10] = [
        FingerPosition::RightThumb,
        FingerPosition::RightIndex,
        FingerPosition::RightMiddle,
        FingerPosition::RightRing,
        FingerPosition::RightLittle,
        FingerPosition::LeftThumb,
        FingerPosition::LeftIndex,
        FingerPosition::LeftMiddle,
        FingerPosition::LeftRing,
        FingerPosition::LeftLittle,
    ];

    /// 0 (right thumb) to 9 (left little): the finger position less one,
    /// the numbering of the device emulator.
    pub fn index(self) -> u8 {
        self as u8
    }

    pub fn from_index(index: u8) -> Option<FingerPosition> {
        FingerPosition::ALL.get(usize::from(index)).copied()
    }
}

// ---------------------------------------------------------------- sessions

/// `POST /v1/sessions`: open a session for the holder of a valid card. The
/// session becomes *identified* once a fingerprint matches.
#[derive(Debug, Clone, Serialize, Deserialize, Zeroize)]
pub struct OpenSessionRequest {
    pub run: Run,
    pub serial: Personal,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionOpened {
    pub token: SessionToken,
    pub expires_at: DateTime<Utc>,
    pub fingerprint_tries_left: u8,
}

/// `POST /v1/sessions/current/fingerprint` (1:1 against the session's RUN).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FingerprintRequest {
    pub template: Template,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Match,
    NoMatch,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FingerprintResult {
    /// Similarity 0.0..=1.0.
    pub score: f64,
    pub threshold: f64,
    pub verdict: Verdict,
    pub tries_left: u8,
    /// What compared the fingerprints. The reference server says
    /// `"simulated"`: it is not biometrics.
    pub matcher: String,
    /// On a match: who the session now belongs to.
    pub holder: Option<Holder>,
}

/// The identified holder, as much as the kiosk needs to choose and greet.
#[derive(Debug, Clone, Serialize, Deserialize, Zeroize)]
pub struct Holder {
    pub given_names: Personal,
    pub surnames: Personal,
    /// Age in whole years today.
    pub age: u32,
    /// Holds a ClaveÚnica already (recover) or not (first issue).
    pub has_key: bool,
    /// Old enough for a key.
    pub may_get_key: bool,
    /// `j***@correo.example`, when a recovery e-mail is on file.
    pub recovery_email_masked: Option<Personal>,
}

/// `GET /v1/sessions/current`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionState {
    pub identified: bool,
    pub expires_at: DateTime<Utc>,
    pub fingerprint_tries_left: u8,
}

// ---------------------------------------------------------------- ClaveÚnica

/// `POST /v1/clave-unica/issue` (identified session, age ≥ 14, no key yet).
#[derive(Debug, Clone, Serialize, Deserialize, Zeroize)]
pub struct IssueKeyRequest {
    pub recovery_email: Personal,
}

/// `POST /v1/clave-unica/recover` (identified session, has a key). Empty body.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RecoverKeyRequest {}

/// A new activation code, to print on the slip and to type next.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct KeyIssued {
    pub activation_code: ActivationCode,
    pub expires_at: DateTime<Utc>,
    pub recovery_email_masked: Personal,
}

/// `POST /v1/clave-unica/activate` (identified session).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ActivateRequest {
    pub activation_code: ActivationCode,
    pub new_password: Password,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Activated {
    pub activated_at: DateTime<Utc>,
}

// ---------------------------------------------------------------- certificates

/// `GET /v1/certificates/catalog`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Catalog {
    pub entries: Vec<CatalogEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CatalogEntry {
    /// Stable id, e.g. `nacimiento-asignacion-familiar` (as in certificates.toml).
    pub kind: String,
    /// Family id, kebab-case as in certificates.toml (`nacimiento`, `defuncion`...).
    pub family: String,
    pub family_es: String,
    pub family_en: String,
    pub purpose_es: String,
    pub purpose_en: String,
    /// Needs the holder's identified session (card + fingerprint).
    pub holder_only: bool,
    /// What the certificate is about, so which screen asks for it:
    /// `holder`, `run` (a person's RUN) or `entity` (a non-profit entity's
    /// registration number or RUT). Absent from older servers: `run`.
    #[serde(default)]
    pub subject: Subject,
}

/// Which screen asks for a certificate's subject (shared with certificates.toml).
pub use totem_config::Subject;

/// `POST /v1/certificates`. The session token is sent when there is one; it
/// is required for holder-only kinds, whose subject must be the holder.
///
/// Exactly one of `subject_run` and `entity_registration` names the
/// subject: a person's RUN (or an entity's RUT) in the first; an entity's
/// registration number, for `entity` kinds only, in the second.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssueCertificateRequest {
    pub kind: String,
    /// Whose certificate: the person (or organisation, by its RUT) it is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_run: Option<Run>,
    /// A non-profit entity's number in the Registro Nacional de Personas
    /// Jurídicas sin Fines de Lucro.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_registration: Option<u32>,
}

impl IssueCertificateRequest {
    /// A certificate about the person (or entity) with this RUN / RUT.
    pub fn for_run(kind: impl Into<String>, run: Run) -> Self {
        Self {
            kind: kind.into(),
            subject_run: Some(run),
            entity_registration: None,
        }
    }

    /// A certificate about the entity with this registration number.
    pub fn for_entity_registration(kind: impl Into<String>, registration: u32) -> Self {
        Self {
            kind: kind.into(),
            subject_run: None,
            entity_registration: Some(registration),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IssuedCertificate {
    pub folio: u64,
    pub verification_code: String,
    pub issued_at: DateTime<Utc>,
    pub content: CertificateContent,
}

/// What to print, as the registry states it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CertificateContent {
    pub kind: String,
    pub family: String,
    /// Heading, e.g. "Certificado de Nacimiento".
    pub title_es: String,
    pub title_en: String,
    pub purpose_es: String,
    pub purpose_en: String,
    /// Who asked for it (the identified holder), when known.
    pub holder_name: Option<Personal>,
    /// Whom (or which organisation) it is about.
    pub subject_name: Personal,
    pub subject_run: Run,
    /// The registered facts, in order.
    pub data_lines: Vec<DataLine>,
    /// Where anyone can check it (also in the QR code).
    pub verification_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataLine {
    pub label_es: String,
    pub label_en: String,
    pub value: Personal,
}

/// `POST /v1/certificates/{folio}/delivery`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryReport {
    pub outcome: Delivery,
    /// Why it failed (printer state), free text without personal data.
    pub detail: Option<String>,
    /// When the printer finished, if the report is sent later than that (a
    /// report kept while the registry was unreachable); the registry records
    /// this time rather than the time the report arrived.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Delivery {
    /// Not reported yet.
    Pending,
    Printed,
    Failed,
    /// Never reported within the registry's delivery window: presumed never
    /// handed over, and not valid for verification (a late `printed` report
    /// from the kiosk still turns it into `printed`).
    Expired,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DeliveryRecorded {
    pub folio: u64,
    pub delivery: Delivery,
}

/// `GET /v1/certificates/verify?folio=&code=`: what a verifier sees.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CertificateVerification {
    pub folio: u64,
    pub kind: String,
    pub title_es: String,
    pub issued_at: DateTime<Utc>,
    /// Initials and surname only (`J. I. Muñoz P.`).
    pub subject_name_masked: Personal,
    pub delivery: Delivery,
}

// ---------------------------------------------------------------- kiosks

/// `POST /v1/kiosks/heartbeat`: the kiosk's health summary (free-form JSON
/// chosen by the maintenance layer; no personal data).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Heartbeat {
    pub kiosk_id: String,
    pub health: serde_json::Value,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HeartbeatAck {
    pub server_time: DateTime<Utc>,
    /// Heartbeats received from this kiosk so far.
    pub received: u64,
}

/// `GET /v1/health`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerHealth {
    pub status: String,
    pub server_time: DateTime<Utc>,
}

// ---------------------------------------------------------------- errors

/// Every error body: a stable code and a sentence in each language.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message_es: String,
    pub message_en: String,
    /// Tries left, for errors that count them (wrong activation code,
    /// fingerprint).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tries_left: Option<u8>,
}

impl fmt::Debug for ApiError {
    // Messages carry no personal data by construction; still keep Debug short.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("code", &self.code)
            .field("tries_left", &self.tries_left)
            .finish()
    }
}

impl ApiError {
    pub fn new(code: ErrorCode) -> Self {
        let (es, en) = code.messages();
        ApiError {
            code,
            message_es: es.into(),
            message_en: en.into(),
            tries_left: None,
        }
    }

    pub fn with_tries_left(mut self, tries: u8) -> Self {
        self.tries_left = Some(tries);
        self
    }

    /// The HTTP status the registry answers with.
    pub fn status(&self) -> u16 {
        self.code.status()
    }
}

macro_rules! error_codes {
    ($( $variant:ident = $status:literal, $es:literal, $en:literal; )*) => {
        /// Stable error codes (snake_case on the wire). A code this build
        /// does not know deserializes as [`ErrorCode::Unknown`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $( $variant, )*
            #[serde(other)]
            Unknown,
        }

        impl ErrorCode {
            /// Every known code.
            pub const ALL: &'static [ErrorCode] = &[$( ErrorCode::$variant, )*];

            /// HTTP status for this code.
            pub fn status(self) -> u16 {
                match self {
                    $( ErrorCode::$variant => $status, )*
                    ErrorCode::Unknown => 500,
                }
            }

            /// (Spanish, English) sentence for a citizen.
            pub fn messages(self) -> (&'static str, &'static str) {
                match self {
                    $( ErrorCode::$variant => ($es, $en), )*
                    ErrorCode::Unknown => (
                        "Ocurrió un error en el Registro Civil.",
                        "Something went wrong at the Civil Registry.",
                    ),
                }
            }
        }
    };
}

error_codes! {
    BadRequest = 400, "La solicitud no es válida.", "The request is not valid.";
    NoSuchEndpoint = 404, "El Registro Civil no ofrece esta operación.", "The Civil Registry does not offer this operation.";
    IdempotencyKeyMissing = 400, "Falta la clave de idempotencia de la solicitud.", "The request has no idempotency key.";
    IdempotencyKeyReused = 422, "Esta clave de idempotencia ya se usó para otra solicitud.", "This idempotency key was already used for another request.";
    CardUnknown = 404, "No encontramos esta cédula en el Registro Civil.", "This card is not in the Civil Registry.";
    CardBlocked = 403, "Esta cédula está bloqueada. Acuda a una oficina del Registro Civil.", "This card is blocked. Please go to a Civil Registry office.";
    CardExpired = 403, "Esta cédula está vencida. Renuévela en una oficina del Registro Civil.", "This card has expired. Please renew it at a Civil Registry office.";
    SessionMissing = 401, "Primero debe identificarse con su cédula y su huella.", "Please identify yourself first with your card and fingerprint.";
    SessionExpired = 401, "Su sesión terminó por tiempo. Comience de nuevo.", "Your session has timed out. Please start again.";
    NotIdentified = 403, "Su huella aún no ha sido verificada.", "Your fingerprint has not been verified yet.";
    FingerprintTriesExhausted = 403, "La huella no coincidió después de varios intentos. Acuda a una oficina del Registro Civil.", "The fingerprint did not match after several tries. Please go to a Civil Registry office.";
    TemplateInvalid = 400, "La huella capturada no es válida. Intente de nuevo.", "The captured fingerprint is not valid. Please try again.";
    TooYoung = 403, "La ClaveÚnica se puede obtener desde los 14 años.", "You can get a ClaveÚnica from the age of 14.";
    KeyAlreadyExists = 409, "Usted ya tiene ClaveÚnica. Puede recuperarla.", "You already have a ClaveÚnica. You can recover it.";
    NoKey = 409, "Usted aún no tiene ClaveÚnica. Puede obtenerla por primera vez.", "You do not have a ClaveÚnica yet. You can get one for the first time.";
    EmailInvalid = 422, "El correo electrónico no es válido.", "The e-mail address is not valid.";
    NoActivationCode = 409, "No hay un código de activación vigente. Solicite uno nuevo.", "There is no valid activation code. Please request a new one.";
    ActivationCodeWrong = 422, "El código de activación no es correcto.", "The activation code is not correct.";
    ActivationCodeBlocked = 403, "El código se bloqueó tras 5 intentos fallidos. Solicite uno nuevo.", "The code was blocked after 5 wrong tries. Please request a new one.";
    ActivationCodeUsed = 409, "Este código de activación ya fue usado.", "This activation code has already been used.";
    ActivationCodeExpired = 409, "El código de activación venció. Solicite uno nuevo.", "The activation code has expired. Please request a new one.";
    PasswordPolicy = 422, "La contraseña debe tener al menos 8 caracteres, una mayúscula, una minúscula y un número.", "The password needs at least 8 characters, an upper-case letter, a lower-case letter and a digit.";
    CertificateKindUnknown = 404, "Este certificado no está disponible.", "This certificate is not available.";
    HolderOnly = 403, "Este certificado solo lo puede pedir su titular, identificado con cédula y huella.", "Only the holder, identified with card and fingerprint, can request this certificate.";
    SubjectUnknown = 404, "No encontramos ese RUN en el Registro Civil.", "That RUN is not in the Civil Registry.";
    NoRecord = 404, "No hay una inscripción de este tipo para ese RUN.", "There is no such record for that RUN.";
    CertificateNotFound = 404, "No existe un certificado con ese folio y código.", "There is no certificate with that folio and code.";
    AlreadyDelivered = 409, "Este certificado ya fue entregado.", "This certificate was already delivered.";
    CertificateExpired = 410, "Este certificado no fue entregado a tiempo y ya no es válido. Solicítelo de nuevo.", "This certificate was not delivered in time and is no longer valid. Please request it again.";
    InjectedFault = 503, "El Registro Civil no está disponible en este momento.", "The Civil Registry is not available right now.";
    Internal = 500, "Ocurrió un error en el Registro Civil.", "Something went wrong at the Civil Registry.";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The serde name, e.g. `card_blocked`.
        let text = serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "unknown".into());
        f.write_str(&text)
    }
}

/// `j***@correo.example`: enough for the citizen to recognise it.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}***@{domain}")
        }
        None => "***".into(),
    }
}

/// Dates in data lines are written `25-11-2026`.
pub fn format_date(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

#[cfg(test)]
mod tests;
