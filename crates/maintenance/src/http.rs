//! The tiny loopback HTTP server for Prometheus: `GET /metrics` and
//! `GET /health`. HTTP/1.0-style: one request per connection, then close.
//! No framework: the request line is all it reads.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::metrics::{Metrics, OverallStatus};

/// Requests larger than this are refused (a GET is a few hundred bytes).
const MAX_REQUEST: usize = 8 * 1024;
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
                    let _ = tokio::time::timeout(READ_TIMEOUT, answer(stream, &metrics)).await;
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

async fn answer(mut stream: TcpStream, metrics: &Metrics) -> std::io::Result<()> {
    let mut buf = Vec::with_capacity(512);
    let mut chunk = [0u8; 1024];
    // Read until the end of the head; only the request line matters.
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && !buf.windows(2).any(|w| w == b"\n\n") {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > MAX_REQUEST {
            return respond(
                &mut stream,
                "431 Request Header Fields Too Large",
                "text/plain",
                b"too large\n",
            )
            .await;
        }
    }
    let head = String::from_utf8_lossy(&buf);
    let mut parts = head.lines().next().unwrap_or("").split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let path = target.split('?').next().unwrap_or("");
    match (method, path) {
        ("GET", "/metrics") => {
            let body = metrics.render();
            respond(
                &mut stream,
                "200 OK",
                "text/plain; version=0.0.4; charset=utf-8",
                body.as_bytes(),
            )
            .await
        }
        ("GET", "/health") => {
            let now = chrono::Utc::now();
            let summary = metrics.health_summary(now, chrono::Local::now().date_naive());
            let status = match summary.status {
                OverallStatus::Ok | OverallStatus::Maintenance => "200 OK",
                OverallStatus::Degraded | OverallStatus::OutOfService => "503 Service Unavailable",
            };
            let body = serde_json::to_vec(&summary).unwrap_or_default();
            respond(&mut stream, status, "application/json", &body).await
        }
        ("GET", _) => respond(&mut stream, "404 Not Found", "text/plain", b"not found\n").await,
        _ => {
            respond(
                &mut stream,
                "405 Method Not Allowed",
                "text/plain",
                b"GET only\n",
            )
            .await
        }
    }
}

async fn respond(
    stream: &mut TcpStream,
    status: &str,
    content_type: &str,
    body: &[u8],
) -> std::io::Result<()> {
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await?;
    stream.write_all(body).await?;
    stream.shutdown().await
}
