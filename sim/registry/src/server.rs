//! The HTTP(S) server: axum routes over hyper, TLS with client-certificate
//! verification (rustls, ring), fault injection, idempotent POSTs.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::Context;
use axum::body::{Body, Bytes};
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use chrono::{NaiveDate, Utc};
use hyper_util::rt::TokioIo;
use rand::Rng;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use serde::de::DeserializeOwned;
use serde::Serialize;
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinSet;
use totem_registry::api::{self, paths, ApiError, ErrorCode};
use tower::ServiceExt;

use crate::certs::TlsMaterial;
use crate::db;
use crate::rules::{self, Ctx, Fail, Res, Rules};

/// The OpenAPI document, served at `/openapi.yaml`.
pub const OPENAPI_YAML: &str = include_str!("../../../docs/api/openapi.yaml");

/// How the server talks.
#[derive(Debug, Clone)]
pub enum Transport {
    /// HTTPS; kiosks must present a certificate signed by the same CA.
    Tls(TlsMaterial),
    /// Plain HTTP, for the demo only.
    PlainHttp,
}

/// Injected faults.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Faults {
    /// Added before every request is handled.
    pub latency: Duration,
    /// Share of requests answered 503 without being handled.
    pub fail_rate: f64,
    /// Share of requests that are handled (and committed) but whose
    /// connection is then cut before the answer: the lost answer that
    /// idempotency keys exist for.
    pub drop_rate: f64,
}

#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db_path: PathBuf,
    pub listen: SocketAddr,
    pub transport: Transport,
    pub faults: Faults,
    /// Population seed and size, used only when the file is new.
    pub seed: u64,
    pub population: usize,
    pub rules: Rules,
}

impl ServerConfig {
    /// Loopback, ephemeral port, default rules, no faults.
    pub fn new(db_path: impl Into<PathBuf>, transport: Transport) -> ServerConfig {
        ServerConfig {
            db_path: db_path.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            transport,
            faults: Faults::default(),
            seed: 1,
            population: db::DEFAULT_POPULATION,
            rules: Rules::default(),
        }
    }
}

struct App {
    conn: Mutex<Connection>,
    rules: Rules,
    faults: Mutex<Faults>,
    /// Answers to drop (after handling) regardless of `drop_rate`.
    drop_next: AtomicU32,
    /// argon2 hashes at once: one per core. Without a bound, a burst of
    /// activations runs dozens of 19 MiB hashes side by side and starves
    /// every other request.
    hashing: tokio::sync::Semaphore,
}

impl App {
    fn faults(&self) -> Faults {
        *self.faults.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The reference registry.
pub struct Server;

/// A running server. Dropping it stops the server.
pub struct ServerHandle {
    addr: SocketAddr,
    tls: bool,
    app: Arc<App>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    sweeper: tokio::task::JoinHandle<()>,
}

impl ServerHandle {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `https://127.0.0.1:PORT` (or `http://` in plain mode).
    pub fn url(&self) -> String {
        let scheme = if self.tls { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Changes the injected faults while running.
    pub fn set_faults(&self, faults: Faults) {
        *self.app.faults.lock().unwrap_or_else(|p| p.into_inner()) = faults;
    }

    /// Handle the next `n` requests, then cut their connections before the
    /// answer (deterministic answer loss, for tests).
    pub fn drop_next_answers(&self, n: u32) {
        self.app.drop_next.store(n, Ordering::SeqCst);
    }

    /// Runs `f` on the registry's database (tests, inspection).
    pub fn with_db<T>(&self, f: impl FnOnce(&Connection) -> T) -> T {
        let conn = self.app.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&conn)
    }

    /// Stops accepting, closes connections, waits for the server task.
    pub async fn shutdown(mut self) {
        self.stop();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    fn stop(&mut self) {
        self.sweeper.abort();
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Drop for ServerHandle {
    fn drop(&mut self) {
        self.stop();
    }
}

fn tls_config(m: &TlsMaterial) -> anyhow::Result<Arc<rustls::ServerConfig>> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_slice_iter(m.ca_cert_pem.as_bytes()) {
        roots.add(cert.context("reading the CA certificate")?)?;
    }
    let verifier = rustls::server::WebPkiClientVerifier::builder_with_provider(
        Arc::new(roots),
        provider.clone(),
    )
    .build()
    .context("building the client-certificate verifier")?;
    let chain = CertificateDer::pem_slice_iter(m.server_cert_pem.as_bytes())
        .collect::<Result<Vec<_>, _>>()
        .context("reading the server certificate")?;
    let key = PrivateKeyDer::from_pem_slice(m.server_key_pem.as_bytes())
        .context("reading the server key")?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_client_cert_verifier(verifier)
        .with_single_cert(chain, key)
        .context("server certificate and key")?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

impl Server {
    /// Opens (or creates and seeds) the database, binds, and serves in a
    /// background task of the current tokio runtime.
    pub async fn start(config: ServerConfig) -> anyhow::Result<ServerHandle> {
        let today = Utc::now().date_naive();
        let path = config.db_path.clone();
        let (seed, population) = (config.seed, config.population);
        let conn = tokio::task::spawn_blocking(move || db::open(&path, seed, population, today))
            .await
            .context("opening the registry")??;
        let acceptor = match &config.transport {
            Transport::Tls(m) => Some(tokio_rustls::TlsAcceptor::from(tls_config(m)?)),
            Transport::PlainHttp => None,
        };
        let listener = TcpListener::bind(config.listen)
            .await
            .with_context(|| format!("listening on {}", config.listen))?;
        let addr = listener.local_addr()?;
        let app = Arc::new(App {
            conn: Mutex::new(conn),
            rules: config.rules,
            faults: Mutex::new(config.faults),
            drop_next: AtomicU32::new(0),
            hashing: tokio::sync::Semaphore::new(
                std::thread::available_parallelism()
                    .map(|n| n.get())
                    .unwrap_or(1),
            ),
        });
        if app.rules.pending_ttl <= app.rules.session_ttl {
            // A kiosk's in-session retry could then find its certificate expired.
            tracing::warn!("the delivery window is not longer than a session");
        }
        let sweeper = tokio::spawn(sweep_expired(app.clone()));
        let router = routes(app.clone());
        let (shutdown_tx, shutdown_rx) = oneshot::channel();
        let task = tokio::spawn(accept_loop(
            listener,
            acceptor,
            router,
            app.clone(),
            shutdown_rx,
        ));
        Ok(ServerHandle {
            addr,
            tls: acceptor_is_tls(&config.transport),
            app,
            shutdown: Some(shutdown_tx),
            task: Some(task),
            sweeper,
        })
    }
}

/// Now and then, every certificate whose delivery window passed without a
/// report becomes `expired` in the file (reads and reports also expire
/// their own folio on the spot, so answers never wait for this).
async fn sweep_expired(app: Arc<App>) {
    let every = app
        .rules
        .pending_ttl
        .to_std()
        .unwrap_or(Duration::from_secs(60))
        .div_f64(4.0)
        .clamp(Duration::from_millis(100), Duration::from_secs(60));
    let mut ticks = tokio::time::interval(every);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let swept = in_tx(&app, |tx, rules| {
            rules::expire_pending(tx, Utc::now(), rules, None)
        })
        .await;
        match swept {
            Ok(Ok(_)) => {}
            Ok(Err(Fail::Internal(e))) | Err(e) => tracing::warn!(error = %e, "expiry sweep"),
            Ok(Err(Fail::Api(_))) => {}
        }
    }
}

fn acceptor_is_tls(t: &Transport) -> bool {
    matches!(t, Transport::Tls(_))
}

async fn accept_loop(
    listener: TcpListener,
    acceptor: Option<tokio_rustls::TlsAcceptor>,
    router: Router,
    app: Arc<App>,
    mut shutdown: oneshot::Receiver<()>,
) {
    let mut connections = JoinSet::new();
    loop {
        while connections.try_join_next().is_some() {}
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of file descriptors and the like: breathe, go on.
                tracing::warn!(error = %e, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let (router, app, acceptor) = (router.clone(), app.clone(), acceptor.clone());
        connections.spawn(async move {
            let service = hyper::service::service_fn(move |req: Request<hyper::body::Incoming>| {
                handle(router.clone(), app.clone(), req)
            });
            let http = hyper::server::conn::http1::Builder::new();
            match acceptor {
                Some(acceptor) => {
                    let handshake =
                        tokio::time::timeout(Duration::from_secs(10), acceptor.accept(stream));
                    // A client without a valid certificate ends here.
                    let Ok(Ok(tls)) = handshake.await else { return };
                    let _ = http.serve_connection(TokioIo::new(tls), service).await;
                }
                None => {
                    let _ = http.serve_connection(TokioIo::new(stream), service).await;
                }
            }
        });
    }
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Every request passes here: injected faults around the router.
async fn handle(
    router: Router,
    app: Arc<App>,
    req: Request<hyper::body::Incoming>,
) -> Result<Response, BoxError> {
    let faults = app.faults();
    if !faults.latency.is_zero() {
        tokio::time::sleep(faults.latency).await;
    }
    // gen_bool panics outside 0..=1 (and on NaN): sanitise first.
    let share = |p: f64| {
        if p.is_finite() {
            p.clamp(0.0, 1.0)
        } else {
            0.0
        }
    };
    let (fail, drop) = {
        let mut rng = rand::thread_rng();
        (
            rng.gen_bool(share(faults.fail_rate)),
            rng.gen_bool(share(faults.drop_rate)),
        )
    };
    if fail {
        return Ok(error_response(&ApiError::new(ErrorCode::InjectedFault)));
    }
    let response = router.oneshot(req.map(Body::new)).await?;
    let forced = app
        .drop_next
        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
        .is_ok();
    if drop || forced {
        // Handled and committed; the answer never leaves. hyper closes the
        // connection when the service fails.
        return Err("injected: connection dropped after handling".into());
    }
    Ok(response)
}

fn routes(app: Arc<App>) -> Router {
    Router::new()
        .route(paths::OPENAPI, get(openapi))
        .route(paths::HEALTH, get(health))
        .route(paths::CARD_VERIFY, post(verify_card))
        .route(paths::SESSIONS, post(open_session))
        .route(
            paths::SESSION_CURRENT,
            get(session_state).delete(close_session),
        )
        .route(paths::SESSION_FINGERPRINT, post(fingerprint))
        .route(paths::KEY_ISSUE, post(issue_key))
        .route(paths::KEY_RECOVER, post(recover_key))
        .route(paths::KEY_ACTIVATE, post(activate))
        .route(paths::CATALOG, get(catalog))
        .route(paths::CERTIFICATES, post(issue_certificate))
        .route(paths::CERTIFICATE_DELIVERY, post(report_delivery))
        .route(paths::CERTIFICATE_VERIFY, get(verify_certificate))
        .route(paths::HEARTBEAT, post(heartbeat))
        .fallback(|| async { error_response(&ApiError::new(ErrorCode::NoSuchEndpoint)) })
        .with_state(app)
}

// ------------------------------------------------------------------ plumbing

fn json(status: u16, body: String) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

fn error_response(e: &ApiError) -> Response {
    json(e.status(), serde_json::to_string(e).unwrap_or_default())
}

fn internal(e: impl std::fmt::Display) -> Response {
    tracing::error!(error = %e, "registry failure");
    error_response(&ApiError::new(ErrorCode::Internal))
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
        .map(|t| t.trim().to_string())
}

fn kiosk_id(headers: &HeaderMap) -> String {
    headers
        .get(api::KIOSK_ID)
        .and_then(|v| v.to_str().ok())
        .map(|s| s.chars().take(64).collect())
        .unwrap_or_else(|| "unknown".into())
}

/// Runs `op` in an immediate transaction on the blocking pool.
async fn in_tx<T: Send + 'static>(
    app: &Arc<App>,
    op: impl FnOnce(&Transaction, &Rules) -> T + Send + 'static,
) -> anyhow::Result<T> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || {
        let mut conn = app.conn.lock().unwrap_or_else(|p| p.into_inner());
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = op(&tx, &app.rules);
        tx.commit()?;
        Ok(out)
    })
    .await?
}

/// A read (GET/DELETE): no idempotency record needed, repeating is harmless.
async fn read_op<T: Serialize + 'static>(
    app: &Arc<App>,
    headers: &HeaderMap,
    op: impl FnOnce(&Transaction, &Ctx) -> Res<T> + Send + 'static,
) -> Response {
    let token = bearer(headers);
    let kiosk = kiosk_id(headers);
    let result = in_tx(app, move |tx, rules| {
        let ctx = Ctx {
            now: Utc::now(),
            kiosk_id: &kiosk,
            token: token.as_deref(),
            rules,
        };
        op(tx, &ctx).map(|v| serde_json::to_string(&v))
    })
    .await;
    match result {
        Ok(Ok(Ok(body))) => json(200, body),
        Ok(Err(Fail::Api(e))) => error_response(&e),
        Ok(Err(Fail::Internal(e))) => internal(e),
        Ok(Ok(Err(e))) => internal(e),
        Err(e) => internal(e),
    }
}

/// A write: the first answer for an idempotency key is stored with the
/// change, in one transaction; a repeat gets the stored answer.
async fn post_op<Req, Resp>(
    app: &Arc<App>,
    endpoint: &'static str,
    scope: String,
    headers: &HeaderMap,
    body: Bytes,
    op: impl FnOnce(&Transaction, &Ctx, Req) -> Res<Resp> + Send + 'static,
) -> Response
where
    Req: DeserializeOwned + 'static,
    Resp: Serialize + 'static,
{
    let Some(key) = headers
        .get(api::IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty() && k.len() <= 128)
    else {
        return error_response(&ApiError::new(ErrorCode::IdempotencyKeyMissing));
    };
    let token = bearer(headers);
    let kiosk = kiosk_id(headers);
    let result = tokio::task::spawn_blocking({
        let app = app.clone();
        move || -> anyhow::Result<(u16, String)> {
            let mut conn = app.conn.lock().unwrap_or_else(|p| p.into_inner());
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            // The path's own values (the folio of a delivery report) are
            // part of the request: one key for two folios is two requests.
            let fingerprint = rules::sha256_hex(&[
                endpoint.as_bytes(),
                scope.as_bytes(),
                token.as_deref().unwrap_or("").as_bytes(),
                &body,
            ]);
            let stored: Option<(String, u16, String)> = tx
                .query_row(
                    "SELECT fingerprint, status, body FROM idempotency WHERE key = ?1",
                    [&key],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .ok();
            let ctx = Ctx {
                now: Utc::now(),
                kiosk_id: &kiosk,
                token: token.as_deref(),
                rules: &app.rules,
            };
            if let Some((stored_fp, status, stored_body)) = stored {
                if stored_fp != fingerprint {
                    let e = ApiError::new(ErrorCode::IdempotencyKeyReused);
                    return Ok((e.status(), serde_json::to_string(&e)?));
                }
                if endpoint == paths::CERTIFICATES && status == 200 {
                    if let Some(folio) = stored_folio(&stored_body) {
                        match rules::replayed_certificate(&tx, &ctx, folio) {
                            Ok(()) => {}
                            Err(Fail::Api(e)) => {
                                tx.commit()?;
                                return Ok((e.status(), serde_json::to_string(&e)?));
                            }
                            Err(Fail::Internal(e)) => return Err(e),
                        }
                        tx.commit()?;
                    }
                }
                return Ok((status, stored_body));
            }
            let outcome = match serde_json::from_slice::<Req>(&body) {
                Ok(req) => op(&tx, &ctx, req),
                Err(_) => Err(Fail::Api(ApiError::new(ErrorCode::BadRequest))),
            };
            let (status, answer) = match outcome {
                Ok(v) => (200, serde_json::to_string(&v)?),
                Err(Fail::Api(e)) => (e.status(), serde_json::to_string(&e)?),
                // Rolled back when `tx` drops; not stored, so a retry runs again.
                Err(Fail::Internal(e)) => return Err(e),
            };
            tx.execute(
                "INSERT INTO idempotency (key, fingerprint, status, body, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                rusqlite::params![key, fingerprint, status, answer, ctx.now.to_rfc3339()],
            )?;
            tx.commit()?;
            Ok((status, answer))
        }
    })
    .await;
    match result {
        Ok(Ok((status, body))) => json(status, body),
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

/// The folio in a stored `IssuedCertificate` answer.
fn stored_folio(body: &str) -> Option<u64> {
    serde_json::from_str::<serde_json::Value>(body)
        .ok()?
        .get("folio")?
        .as_u64()
}

// ------------------------------------------------------------------ handlers

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/yaml")], OPENAPI_YAML).into_response()
}

async fn health() -> Response {
    let body = api::ServerHealth {
        status: "ok".into(),
        server_time: Utc::now(),
    };
    json(200, serde_json::to_string(&body).unwrap_or_default())
}

async fn catalog() -> Response {
    let body = api::Catalog {
        entries: crate::catalog::entries(),
    };
    json(200, serde_json::to_string(&body).unwrap_or_default())
}

async fn verify_card(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    post_op(
        &app,
        paths::CARD_VERIFY,
        String::new(),
        &headers,
        body,
        |tx, ctx, req: api::CardVerifyRequest| rules::verify_card(tx, ctx, &req),
    )
    .await
}

async fn open_session(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    post_op(
        &app,
        paths::SESSIONS,
        String::new(),
        &headers,
        body,
        |tx, ctx, req: api::OpenSessionRequest| rules::open_session(tx, ctx, &req),
    )
    .await
}

async fn session_state(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    read_op(&app, &headers, rules::session_state).await
}

async fn close_session(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    match read_op(&app, &headers, rules::close_session).await {
        r if r.status() == StatusCode::OK => StatusCode::NO_CONTENT.into_response(),
        r => r,
    }
}

async fn fingerprint(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    post_op(
        &app,
        paths::SESSION_FINGERPRINT,
        String::new(),
        &headers,
        body,
        |tx, ctx, req: api::FingerprintRequest| rules::fingerprint(tx, ctx, &req),
    )
    .await
}

async fn issue_key(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    post_op(
        &app,
        paths::KEY_ISSUE,
        String::new(),
        &headers,
        body,
        |tx, ctx, req: api::IssueKeyRequest| rules::issue_key(tx, ctx, &req),
    )
    .await
}

async fn recover_key(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    post_op(
        &app,
        paths::KEY_RECOVER,
        String::new(),
        &headers,
        body,
        |tx, ctx, _: api::RecoverKeyRequest| rules::recover_key(tx, ctx),
    )
    .await
}

async fn activate(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    // argon2 is slow on purpose: hash before taking the database lock.
    let hash = match serde_json::from_slice::<api::ActivateRequest>(&body) {
        Ok(req) if totem_document::PasswordPolicy::check(req.new_password.as_str()).all_ok() => {
            let _permit = app.hashing.acquire().await.ok();
            tokio::task::spawn_blocking(move || hash_password(req.new_password.as_str()))
                .await
                .ok()
                .flatten()
        }
        _ => None,
    };
    post_op(
        &app,
        paths::KEY_ACTIVATE,
        String::new(),
        &headers,
        body,
        move |tx, ctx, req: api::ActivateRequest| rules::activate(tx, ctx, &req, hash.as_deref()),
    )
    .await
}

fn hash_password(password: &str) -> Option<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .ok()
        .map(|h| h.to_string())
}

async fn issue_certificate(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    post_op(
        &app,
        paths::CERTIFICATES,
        String::new(),
        &headers,
        body,
        |tx, ctx, req: api::IssueCertificateRequest| rules::issue_certificate(tx, ctx, &req),
    )
    .await
}

async fn report_delivery(
    State(app): State<Arc<App>>,
    UrlPath(folio): UrlPath<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Ok(folio) = folio.parse::<u64>() else {
        return error_response(&ApiError::new(ErrorCode::CertificateNotFound));
    };
    post_op(
        &app,
        paths::CERTIFICATE_DELIVERY,
        folio.to_string(),
        &headers,
        body,
        move |tx, ctx, req: api::DeliveryReport| rules::report_delivery(tx, ctx, folio, &req),
    )
    .await
}

async fn verify_certificate(
    State(app): State<Arc<App>>,
    Query(q): Query<std::collections::HashMap<String, String>>,
    headers: HeaderMap,
) -> Response {
    let folio = q.get("folio").and_then(|f| f.trim().parse::<u64>().ok());
    let (Some(folio), Some(code)) = (folio, q.get("code").cloned()) else {
        return error_response(&ApiError::new(ErrorCode::BadRequest));
    };
    read_op(&app, &headers, move |tx, ctx| {
        rules::verify_certificate(tx, ctx, folio, &code)
    })
    .await
}

async fn heartbeat(State(app): State<Arc<App>>, headers: HeaderMap, body: Bytes) -> Response {
    post_op(
        &app,
        paths::HEARTBEAT,
        String::new(),
        &headers,
        body,
        |tx, ctx, req: api::Heartbeat| rules::heartbeat(tx, ctx, &req),
    )
    .await
}

/// Today's date as the server sees it (seeding, ages).
pub fn today() -> NaiveDate {
    Utc::now().date_naive()
}
