//! totem-registry: the conversation with the civil registry.
//!
//! - [`api`]: paths, request/response types and error codes, shared with the
//!   reference server (`sim/registry`) and written down in
//!   `docs/api/openapi.yaml`.
//! - [`Client`]: the kiosk's HTTPS client (rustls, client certificate,
//!   timeouts, idempotency keys, safe retries, latency observer).

pub mod api;
pub mod client;

pub use client::{
    CallOutcome, CallRecord, Client, ClientTls, Observer, RegistryError, RetryPolicy,
};
