//! The loopback HTTP server for Prometheus: `GET /metrics` (OpenMetrics
//! text) and `GET /health` (JSON), on hyper. One request per connection,
//! then close.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_TYPE};
use hyper::service::service_fn;
use hyper::{Method, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

use crate::metrics::{Metrics, OverallStatus};

/// Request heads larger than this are refused (a GET is a few hundred
/// bytes; hyper's smallest buffer).
const MAX_REQUEST: usize = 8 * 1024;
/// What Prometheus asks for first; it reads the same names as from the
/// 0.0.4 text format.
const OPENMETRICS: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";
const READ_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("metrics_listen {0:?} is not an address:port")]
    BadAddress(String),
    #[error(
        "metrics_listen {0} is not a loopback address; the endpoint must stay on this machine"
    )]
    NotLoopback(SocketAddr),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
}

/// Binds the listener, refusing anything but a loopback address.
pub async fn bind(listen: &str) -> Result<TcpListener, ServeError> {
    let addr: SocketAddr = listen
        .parse()
        .map_err(|_| ServeError::BadAddress(listen.to_owned()))?;
    if !addr.ip().is_loopback() {
        return Err(ServeError::NotLoopback(addr));
    }
    TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

/// Answers requests until the task is dropped.
pub async fn serve(listener: TcpListener, metrics: Arc<Metrics>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                let metrics = Arc::clone(&metrics);
                tokio::spawn(async move {
                    let _ = tokio::time::timeout(READ_TIMEOUT, answer(stream, metrics)).await;
                });
            }
            Err(e) => {
                // EMFILE and the like: back off instead of spinning.
                tracing::warn!(error = %e, "metrics endpoint: accept failed");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    }
}

/// A running endpoint on its own thread and runtime, so it answers even
/// while the ui's executor is busy. Dropping the handle does not stop it;
/// the process's end does.
#[derive(Debug)]
pub struct MetricsEndpoint {
    pub addr: SocketAddr,
}

/// Starts the endpoint on `listen` in a background thread.
pub fn start_in_background(
    listen: &str,
    metrics: Arc<Metrics>,
) -> Result<MetricsEndpoint, ServeError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|source| ServeError::Bind {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            source,
        })?;
    let listener = runtime.block_on(bind(listen))?;
    let addr = listener.local_addr().map_err(|source| ServeError::Bind {
        addr: SocketAddr::from(([127, 0, 0, 1], 0)),
        source,
    })?;
    std::thread::Builder::new()
        .name("totem-metrics".into())
        .spawn(move || runtime.block_on(serve(listener, metrics)))
        .map_err(|source| ServeError::Bind { addr, source })?;
    Ok(MetricsEndpoint { addr })
}

/// Serves one connection: a single request, then the connection closes
/// (`keep_alive(false)`), as scrapers and probes expect of this endpoint.
async fn answer(stream: TcpStream, metrics: Arc<Metrics>) -> Result<(), hyper::Error> {
    let service = service_fn(move |request: Request<Incoming>| {
        let response = route(&request, &metrics);
        async move { Ok::<_, std::convert::Infallible>(response) }
    });
    hyper::server::conn::http1::Builder::new()
        .keep_alive(false)
        .title_case_headers(true)
        .max_buf_size(MAX_REQUEST)
        .serve_connection(TokioIo::new(stream), service)
        .await
}

fn route(request: &Request<Incoming>, metrics: &Metrics) -> Response<String> {
    if request.method() != Method::GET {
        return respond(
            StatusCode::METHOD_NOT_ALLOWED,
            "text/plain",
            "GET only\n".into(),
        );
    }
    match request.uri().path() {
        "/metrics" => respond(StatusCode::OK, OPENMETRICS, metrics.render()),
        "/health" => {
            let now = chrono::Utc::now();
            let summary = metrics.health_summary(now, chrono::Local::now().date_naive());
            let status = match summary.status {
                OverallStatus::Ok | OverallStatus::Maintenance => StatusCode::OK,
                OverallStatus::Degraded | OverallStatus::OutOfService => {
                    StatusCode::SERVICE_UNAVAILABLE
                }
            };
            let body = serde_json::to_string(&summary).unwrap_or_default();
            respond(status, "application/json", body)
        }
        _ => respond(StatusCode::NOT_FOUND, "text/plain", "not found\n".into()),
    }
}

fn respond(status: StatusCode, content_type: &'static str, body: String) -> Response<String> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}
