use serde::{Deserialize, Serialize};

/// The registry backend.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct BackendSettings {
    /// Base URL, https:// (http:// only when `kiosk.demo` is true).
    pub url: String,
    /// PEM of the registry's CA.
    pub ca_file: String,
    /// PEM of this kiosk's client certificate.
    pub client_cert_file: String,
    /// PEM of this kiosk's private key.
    pub client_key_file: String,
    /// Per-call timeout (seconds).
    pub timeout_secs: u64,
    /// Heartbeat period (seconds).
    pub heartbeat_secs: u64,
}

impl Default for BackendSettings {
    fn default() -> Self {
        Self {
            url: "https://registry.example.invalid".into(),
            ca_file: "/etc/totem/tls/ca.pem".into(),
            client_cert_file: "/etc/totem/tls/kiosk.pem".into(),
            client_key_file: "/etc/totem/tls/kiosk.key".into(),
            timeout_secs: 10,
            heartbeat_secs: 60,
        }
    }
}
