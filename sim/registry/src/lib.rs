//! totem-sim-registry: the reference registry server.
//!
//! axum on tokio over hyper, HTTPS with client-certificate verification
//! (rustls with ring) or plain HTTP for the demo, a SQLite file (WAL,
//! synchronous=FULL) seeded from `totem-sim-people`, and every rule of the
//! API in [`rules`]. Its fingerprint matcher is a simulation and says so.
//!
//! In-process use (tests, the demo):
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use totem_sim_registry::{Server, ServerConfig, TlsMaterial, Transport};
//! let tls = TlsMaterial::generate("TOT-TEST")?;
//! let server = Server::start(ServerConfig::new("/tmp/registry.db", Transport::Tls(tls.clone()))).await?;
//! println!("{}", server.url()); // https://127.0.0.1:PORT
//! server.shutdown().await;
//! # Ok(()) }
//! ```

pub mod catalog;
pub mod certs;
pub mod cli;
pub mod db;
pub mod rules;
pub mod server;

pub use certs::TlsMaterial;
pub use rules::Rules;
pub use server::{Faults, Server, ServerConfig, ServerHandle, Transport};
