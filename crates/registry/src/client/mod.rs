//! The kiosk's HTTPS client for the registry.
//!
//! - TLS is rustls only: the registry's CA is the only trust root, and the
//!   kiosk presents its client certificate. `http://` is refused unless the
//!   kiosk is a demo.
//! - Each attempt has the configured timeout.
//! - Every POST carries an `Idempotency-Key` (a fresh UUID per call, the same
//!   for every retry of that call).
//! - Retries, with exponential backoff, after a connection failure, a timeout
//!   or a 502/503/504. GETs and DELETEs are safe to repeat by nature. POSTs
//!   are *not* (a lost answer may hide an activation code already issued or a
//!   folio already taken), and are retried only because the registry stores
//!   the first answer under the idempotency key: a repeat returns that same
//!   answer and changes nothing. A 4xx is never retried: it is the registry's
//!   decision.
//! - Each call reports its latency, attempts and outcome to an optional
//!   observer (for the metrics layer). The record holds the path template
//!   only, never personal data.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;
use totem_config::BackendSettings;

use crate::api::{self, paths, ApiError, SessionToken};

mod outcome;
use outcome::classify;
pub use outcome::{CallOutcome, CallRecord, Observer, RegistryError, RetryPolicy};

/// The kiosk's registry client. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    kiosk_id: String,
    retry: RetryPolicy,
    observer: Option<Observer>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base)
            .finish_non_exhaustive()
    }
}

/// TLS material for [`Client::from_pem`].
#[derive(Clone, Default)]
pub struct ClientTls {
    /// PEM of the registry's CA: the only trust root.
    pub ca_pem: Vec<u8>,
    /// PEM of the kiosk's certificate followed by its private key.
    pub identity_pem: Option<Vec<u8>>,
}

impl Client {
    /// From kiosk.toml: reads the CA, the client certificate and key files.
    /// `demo` allows `http://` (kiosk.demo).
    pub fn new(
        settings: &BackendSettings,
        kiosk_id: &str,
        demo: bool,
    ) -> Result<Client, RegistryError> {
        let timeout = Duration::from_secs(settings.timeout_secs.max(1));
        if settings.url.starts_with("http://") {
            return Client::from_pem(&settings.url, None, timeout, kiosk_id, demo);
        }
        let read = |what: &str, path: &str| {
            std::fs::read(path)
                .map_err(|e| RegistryError::Config(format!("cannot read the {what} {path}: {e}")))
        };
        let ca_pem = read("registry CA", &settings.ca_file)?;
        let mut identity_pem = read("client certificate", &settings.client_cert_file)?;
        identity_pem.push(b'\n');
        identity_pem.extend(read("client key", &settings.client_key_file)?);
        let tls = ClientTls {
            ca_pem,
            identity_pem: Some(identity_pem),
        };
        Client::from_pem(&settings.url, Some(tls), timeout, kiosk_id, demo)
    }

    /// From PEM bytes already in memory (tests, the demo). `tls` is needed
    /// for `https://`.
    pub fn from_pem(
        url: &str,
        tls: Option<ClientTls>,
        timeout: Duration,
        kiosk_id: &str,
        demo: bool,
    ) -> Result<Client, RegistryError> {
        let base = url.trim_end_matches('/').to_string();
        let plain = base.starts_with("http://");
        if !plain && !base.starts_with("https://") {
            return Err(RegistryError::Config(format!(
                "the backend URL must start with https:// (got {base:?})"
            )));
        }
        if plain && !demo {
            return Err(RegistryError::Config(
                "plain http:// is refused outside demo mode; use https://".into(),
            ));
        }
        let mut builder = reqwest::Client::builder()
            .use_rustls_tls()
            .tls_built_in_root_certs(false)
            .https_only(!demo)
            .timeout(timeout)
            .connect_timeout(timeout)
            .user_agent(concat!("totem/", env!("CARGO_PKG_VERSION")));
        match tls {
            Some(tls) => {
                let ca = reqwest::Certificate::from_pem(&tls.ca_pem)
                    .map_err(|e| RegistryError::Config(format!("registry CA: {e}")))?;
                builder = builder.add_root_certificate(ca);
                if let Some(pem) = tls.identity_pem {
                    let identity = reqwest::Identity::from_pem(&pem)
                        .map_err(|e| RegistryError::Config(format!("client certificate: {e}")))?;
                    builder = builder.identity(identity);
                }
            }
            None if !plain => {
                return Err(RegistryError::Config(
                    "https:// needs the registry CA and the client certificate".into(),
                ))
            }
            None => {}
        }
        let http = builder
            .build()
            .map_err(|e| RegistryError::Config(e.to_string()))?;
        Ok(Client {
            http,
            base,
            kiosk_id: kiosk_id.to_string(),
            retry: RetryPolicy::default(),
            observer: None,
        })
    }

    pub fn with_retry(mut self, retry: RetryPolicy) -> Client {
        self.retry = RetryPolicy {
            attempts: retry.attempts.max(1),
            ..retry
        };
        self
    }

    /// Called after each call with its latency and outcome.
    pub fn with_observer(mut self, observer: Observer) -> Client {
        self.observer = Some(observer);
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base
    }

    // ------------------------------------------------------------ endpoints

    pub async fn verify_card(
        &self,
        req: &api::CardVerifyRequest,
    ) -> Result<api::CardVerifyResponse, RegistryError> {
        self.post(paths::CARD_VERIFY, paths::CARD_VERIFY, None, req)
            .await
    }

    pub async fn open_session(
        &self,
        req: &api::OpenSessionRequest,
    ) -> Result<api::SessionOpened, RegistryError> {
        self.post(paths::SESSIONS, paths::SESSIONS, None, req).await
    }

    pub async fn session_state(
        &self,
        token: &SessionToken,
    ) -> Result<api::SessionState, RegistryError> {
        self.call(
            Method::GET,
            paths::SESSION_CURRENT,
            paths::SESSION_CURRENT,
            Some(token),
            None::<&()>,
        )
        .await
    }

    /// 1:1 fingerprint check against the session's RUN.
    pub async fn verify_fingerprint(
        &self,
        token: &SessionToken,
        req: &api::FingerprintRequest,
    ) -> Result<api::FingerprintResult, RegistryError> {
        self.post(
            paths::SESSION_FINGERPRINT,
            paths::SESSION_FINGERPRINT,
            Some(token),
            req,
        )
        .await
    }

    /// Ends the session on the registry (the token stops working).
    pub async fn close_session(&self, token: &SessionToken) -> Result<(), RegistryError> {
        let _: serde_json::Value = self
            .call(
                Method::DELETE,
                paths::SESSION_CURRENT,
                paths::SESSION_CURRENT,
                Some(token),
                None::<&()>,
            )
            .await?;
        Ok(())
    }

    pub async fn issue_key(
        &self,
        token: &SessionToken,
        req: &api::IssueKeyRequest,
    ) -> Result<api::KeyIssued, RegistryError> {
        self.post(paths::KEY_ISSUE, paths::KEY_ISSUE, Some(token), req)
            .await
    }

    /// [`Client::issue_key`] under a key the caller keeps: asking again
    /// after lost answers fetches the code already made, where a new key
    /// would hear `key_already_exists`.
    pub async fn issue_key_with_key(
        &self,
        token: &SessionToken,
        req: &api::IssueKeyRequest,
        idempotency_key: &str,
    ) -> Result<api::KeyIssued, RegistryError> {
        self.call_keyed(
            Method::POST,
            paths::KEY_ISSUE,
            paths::KEY_ISSUE,
            Some(token),
            Some(req),
            Some(idempotency_key),
        )
        .await
    }

    pub async fn recover_key(&self, token: &SessionToken) -> Result<api::KeyIssued, RegistryError> {
        let req = api::RecoverKeyRequest {};
        self.post(paths::KEY_RECOVER, paths::KEY_RECOVER, Some(token), &req)
            .await
    }

    pub async fn activate_key(
        &self,
        token: &SessionToken,
        req: &api::ActivateRequest,
    ) -> Result<api::Activated, RegistryError> {
        self.post(paths::KEY_ACTIVATE, paths::KEY_ACTIVATE, Some(token), req)
            .await
    }

    pub async fn catalog(&self) -> Result<api::Catalog, RegistryError> {
        self.call(
            Method::GET,
            paths::CATALOG,
            paths::CATALOG,
            None,
            None::<&()>,
        )
        .await
    }

    /// `token`: the identified session, when there is one (required for
    /// holder-only kinds).
    pub async fn issue_certificate(
        &self,
        token: Option<&SessionToken>,
        req: &api::IssueCertificateRequest,
    ) -> Result<api::IssuedCertificate, RegistryError> {
        self.post(paths::CERTIFICATES, paths::CERTIFICATES, token, req)
            .await
    }

    /// [`Client::issue_certificate`] under an idempotency key the caller
    /// keeps: when every answer of a call was lost, asking again with the
    /// same key (same session, same request) fetches the certificate the
    /// registry may already have issued instead of issuing a second one.
    pub async fn issue_certificate_with_key(
        &self,
        token: Option<&SessionToken>,
        req: &api::IssueCertificateRequest,
        idempotency_key: &str,
    ) -> Result<api::IssuedCertificate, RegistryError> {
        self.call_keyed(
            Method::POST,
            paths::CERTIFICATES,
            paths::CERTIFICATES,
            token,
            Some(req),
            Some(idempotency_key),
        )
        .await
    }

    pub async fn report_delivery(
        &self,
        folio: u64,
        req: &api::DeliveryReport,
    ) -> Result<api::DeliveryRecorded, RegistryError> {
        let path = paths::certificate_delivery(folio);
        self.post(&path, paths::CERTIFICATE_DELIVERY, None, req)
            .await
    }

    /// [`Client::report_delivery`] under a key the caller keeps (on disk,
    /// across restarts): a report sent again is the same report.
    pub async fn report_delivery_with_key(
        &self,
        folio: u64,
        req: &api::DeliveryReport,
        idempotency_key: &str,
    ) -> Result<api::DeliveryRecorded, RegistryError> {
        let path = paths::certificate_delivery(folio);
        self.call_keyed(
            Method::POST,
            &path,
            paths::CERTIFICATE_DELIVERY,
            None,
            Some(req),
            Some(idempotency_key),
        )
        .await
    }

    pub async fn verify_certificate(
        &self,
        folio: u64,
        code: &str,
    ) -> Result<api::CertificateVerification, RegistryError> {
        let code: String = code
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
            .collect();
        let path = format!("{}?folio={folio}&code={code}", paths::CERTIFICATE_VERIFY);
        self.call(
            Method::GET,
            &path,
            paths::CERTIFICATE_VERIFY,
            None,
            None::<&()>,
        )
        .await
    }

    pub async fn heartbeat(
        &self,
        req: &api::Heartbeat,
    ) -> Result<api::HeartbeatAck, RegistryError> {
        self.post(paths::HEARTBEAT, paths::HEARTBEAT, None, req)
            .await
    }

    pub async fn health(&self) -> Result<api::ServerHealth, RegistryError> {
        self.call(Method::GET, paths::HEALTH, paths::HEALTH, None, None::<&()>)
            .await
    }

    // ------------------------------------------------------------ plumbing

    async fn post<B: Serialize, T: DeserializeOwned>(
        &self,
        path: &str,
        endpoint: &'static str,
        token: Option<&SessionToken>,
        body: &B,
    ) -> Result<T, RegistryError> {
        self.call(Method::POST, path, endpoint, token, Some(body))
            .await
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        endpoint: &'static str,
        token: Option<&SessionToken>,
        body: Option<&B>,
    ) -> Result<T, RegistryError> {
        self.call_keyed(method, path, endpoint, token, body, None)
            .await
    }

    async fn call_keyed<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        endpoint: &'static str,
        token: Option<&SessionToken>,
        body: Option<&B>,
        key: Option<&str>,
    ) -> Result<T, RegistryError> {
        let started = Instant::now();
        // One key for the call, reused by every retry: that is what makes
        // retrying a POST safe.
        let idempotency_key =
            (method == Method::POST).then(|| key.map_or_else(new_idempotency_key, str::to_string));
        let body = match body {
            Some(b) => Some(serde_json::to_vec(b).map_err(|_| RegistryError::BadAnswer)?),
            None => None,
        };
        let url = format!("{}{}", self.base, path);
        let mut attempts = 0;
        let mut backoff = self.retry.first_backoff;
        let result = loop {
            attempts += 1;
            let mut request = self
                .http
                .request(method.clone(), &url)
                .header(api::KIOSK_ID, &self.kiosk_id);
            if let Some(key) = &idempotency_key {
                request = request.header(api::IDEMPOTENCY_KEY, key);
            }
            if let Some(token) = token {
                request = request.bearer_auth(token.as_str());
            }
            if let Some(body) = &body {
                request = request
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            let outcome = Self::attempt::<T>(request).await;
            let retryable = matches!(
                outcome,
                Err(RegistryError::Unreachable | RegistryError::Timeout)
                    | Err(RegistryError::Server { status: 502..=504 })
            );
            if !retryable || attempts >= self.retry.attempts {
                break outcome;
            }
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(self.retry.max_backoff);
        };
        if let Some(observer) = &self.observer {
            let outcome = match &result {
                Ok(_) => CallOutcome::Ok,
                Err(RegistryError::Rejected(e)) => CallOutcome::Rejected(e.code),
                Err(RegistryError::Timeout) => CallOutcome::Timeout,
                Err(RegistryError::Unreachable) => CallOutcome::Unreachable,
                Err(_) => CallOutcome::ServerError,
            };
            observer(&CallRecord {
                method: method_name(&method),
                endpoint,
                latency: started.elapsed(),
                attempts,
                outcome,
            });
        }
        result
    }

    async fn attempt<T: DeserializeOwned>(
        request: reqwest::RequestBuilder,
    ) -> Result<T, RegistryError> {
        let response = request.send().await.map_err(classify)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(classify)?;
        if status.is_success() {
            let bytes = if status == StatusCode::NO_CONTENT || bytes.is_empty() {
                &b"null"[..]
            } else {
                &bytes[..]
            };
            return serde_json::from_slice(bytes).map_err(|_| RegistryError::BadAnswer);
        }
        match serde_json::from_slice::<ApiError>(&bytes) {
            // A registry refusal; a 5xx with a body is still a server failure
            // (and retryable), but keep its sentence when it is the final one.
            Ok(e) if status.is_client_error() => Err(RegistryError::Rejected(e)),
            _ => Err(RegistryError::Server {
                status: status.as_u16(),
            }),
        }
    }
}

/// A fresh `Idempotency-Key` (a UUID), for a caller that keeps its own.
pub fn new_idempotency_key() -> String {
    uuid::Uuid::new_v4().to_string()
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::DELETE => "DELETE",
        Method::PUT => "PUT",
        _ => "OTHER",
    }
}

#[cfg(test)]
mod tests;
