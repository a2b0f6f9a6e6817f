//! totem-registry: the conversation with the civil registry.
//!
//! - [`api`]: paths, request/response types and error codes, shared with the
//!   reference server (`sim/registry`) and written down in
//!   `docs/api/openapi.yaml`.
//! - [`Client`]: the kiosk's HTTPS client (rustls, client certificate,
//!   timeouts, idempotency keys, safe retries, latency observer).
//! - [`outbox`]: delivery reports kept on disk and sent by a background
//!   [`Reporter`] until the registry takes them.

pub mod api;
pub mod client;
pub mod outbox;

pub use client::{
    new_idempotency_key, CallOutcome, CallRecord, Client, ClientTls, Observer, RegistryError,
    RetryPolicy,
};
pub use outbox::{Backoff, DeliveryOutbox, PendingReport, Reporter, ReporterHandle, Sent};
