//! `totem-sim registry` and `totem-sim certs`.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::{Faults, Server, ServerConfig, TlsMaterial, Transport};

/// Serve the reference registry.
#[derive(Debug, Args)]
pub struct RegistryArgs {
    /// SQLite file (created and seeded with synthetic citizens if new).
    #[arg(long)]
    pub db: PathBuf,
    /// Address to listen on (port 0: any free port, printed on start).
    #[arg(long, default_value = "127.0.0.1:8443")]
    pub listen: SocketAddr,
    /// Directory written by `totem-sim certs` (HTTPS with client certificates).
    #[arg(
        long,
        conflicts_with = "plain_http",
        required_unless_present = "plain_http"
    )]
    pub tls_dir: Option<PathBuf>,
    /// Plain HTTP, for the demo only.
    #[arg(long)]
    pub plain_http: bool,
    /// Delay added to every request (milliseconds).
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,
    /// Share of requests answered 503 (0.0–1.0).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub fail_rate: f64,
    /// Share of requests handled and then cut before the answer (0.0–1.0).
    #[arg(long, default_value_t = 0.0, value_parser = rate)]
    pub drop_rate: f64,
    /// Population seed (only when the file is new).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Population size (only when the file is new).
    #[arg(long, default_value_t = crate::db::DEFAULT_POPULATION)]
    pub population: usize,
    /// How long an issued certificate waits for the kiosk's delivery report
    /// before it expires (seconds; at least 1).
    #[arg(long, default_value_t = 1800, value_parser = clap::value_parser!(u64).range(1..))]
    pub pending_ttl_secs: u64,
}

/// Generate a CA, a server certificate and a kiosk client certificate.
#[derive(Debug, Args)]
pub struct CertsArgs {
    /// Output directory (ca.pem, server.pem/.key, kiosk.pem/.key).
    #[arg(long)]
    pub out: PathBuf,
    /// Common name of the kiosk certificate.
    #[arg(long, default_value = "TOT-DEMO")]
    pub kiosk_id: String,
}

fn rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{text:?} is not a rate between 0.0 and 1.0")),
    }
}

pub fn run_certs(args: CertsArgs) -> anyhow::Result<()> {
    let material = TlsMaterial::generate(&args.kiosk_id)?;
    material.write_dir(&args.out)?;
    println!(
        "wrote ca.pem, server.pem, server.key, kiosk.pem, kiosk.key to {}",
        args.out.display()
    );
    Ok(())
}

pub fn run_registry(args: RegistryArgs) -> anyhow::Result<()> {
    let transport = match &args.tls_dir {
        Some(dir) => Transport::Tls(TlsMaterial::read_dir(dir)?),
        None => Transport::PlainHttp,
    };
    let mut config = ServerConfig::new(&args.db, transport);
    config.listen = args.listen;
    config.seed = args.seed;
    config.population = args.population;
    // At most ten years: far beyond any use, and within chrono's range.
    config.rules.pending_ttl =
        chrono::Duration::seconds(args.pending_ttl_secs.min(315_360_000) as i64);
    config.faults = Faults {
        latency: Duration::from_millis(args.latency_ms),
        fail_rate: args.fail_rate,
        drop_rate: args.drop_rate,
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the tokio runtime")?;
    runtime.block_on(async move {
        let server = Server::start(config).await?;
        // One line a parent process can read to find the port.
        println!("totem-sim registry: listening on {}", server.url());
        std::io::stdout().flush()?;
        wait_for_stop().await;
        server.shutdown().await;
        Ok(())
    })
}

async fn wait_for_stop() {
    use tokio::signal::unix::{signal, SignalKind};
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
        }
        Err(_) => {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
