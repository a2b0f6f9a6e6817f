//! Shared by the registry's test files.

use std::time::Duration;

use totem_registry::{Client, ClientTls, RetryPolicy};
use totem_sim_registry::TlsMaterial;

/// The kiosk's client with the test kiosk's certificate, three quick tries.
pub fn client_for(url: &str, tls: &TlsMaterial, timeout: Duration) -> Client {
    let material = ClientTls {
        ca_pem: tls.ca_cert_pem.clone().into_bytes(),
        identity_pem: Some(tls.kiosk_identity_pem()),
    };
    Client::from_pem(url, Some(material), timeout, "TOT-TEST", false)
        .unwrap()
        .with_retry(RetryPolicy {
            attempts: 3,
            first_backoff: Duration::from_millis(20),
            max_backoff: Duration::from_millis(100),
        })
}
