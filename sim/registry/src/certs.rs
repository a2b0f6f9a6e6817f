//! A throw-away PKI for the reference registry: a CA, the server's
//! certificate (localhost, 127.0.0.1, ::1) and a kiosk's client certificate,
//! all signed by that CA. For tests and the demo only.

use std::path::{Path, PathBuf};

use anyhow::Context;
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair,
    KeyUsagePurpose,
};

/// File names written by [`TlsMaterial::write_dir`].
pub const CA_FILE: &str = "ca.pem";
pub const SERVER_CERT_FILE: &str = "server.pem";
pub const SERVER_KEY_FILE: &str = "server.key";
pub const KIOSK_CERT_FILE: &str = "kiosk.pem";
pub const KIOSK_KEY_FILE: &str = "kiosk.key";

/// PEM texts of the whole set.
#[derive(Clone)]
pub struct TlsMaterial {
    pub ca_cert_pem: String,
    pub server_cert_pem: String,
    pub server_key_pem: String,
    pub kiosk_cert_pem: String,
    pub kiosk_key_pem: String,
}

impl std::fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TlsMaterial { .. }")
    }
}

impl TlsMaterial {
    /// A fresh CA, server certificate and kiosk certificate (`kiosk_id` as
    /// its common name).
    pub fn generate(kiosk_id: &str) -> anyhow::Result<TlsMaterial> {
        let ca_key = KeyPair::generate()?;
        let mut ca = CertificateParams::new(Vec::<String>::new())?;
        ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca.distinguished_name.push(
            DnType::CommonName,
            "Totem reference registry CA (synthetic)",
        );
        ca.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_cert = ca.self_signed(&ca_key)?;

        let server_key = KeyPair::generate()?;
        let mut server = CertificateParams::new(vec![
            "localhost".to_string(),
            "127.0.0.1".to_string(),
            "::1".to_string(),
        ])?;
        server
            .distinguished_name
            .push(DnType::CommonName, "localhost");
        server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let server_cert = server.signed_by(&server_key, &ca_cert, &ca_key)?;

        let kiosk_key = KeyPair::generate()?;
        let mut kiosk = CertificateParams::new(Vec::<String>::new())?;
        kiosk.distinguished_name.push(DnType::CommonName, kiosk_id);
        kiosk.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        let kiosk_cert = kiosk.signed_by(&kiosk_key, &ca_cert, &ca_key)?;

        Ok(TlsMaterial {
            ca_cert_pem: ca_cert.pem(),
            server_cert_pem: server_cert.pem(),
            server_key_pem: server_key.serialize_pem(),
            kiosk_cert_pem: kiosk_cert.pem(),
            kiosk_key_pem: kiosk_key.serialize_pem(),
        })
    }

    /// The kiosk's certificate and key in one PEM (what the client loads).
    pub fn kiosk_identity_pem(&self) -> Vec<u8> {
        format!("{}\n{}", self.kiosk_cert_pem, self.kiosk_key_pem).into_bytes()
    }

    /// Writes the five files into `dir` (created if needed); keys are 0600.
    pub fn write_dir(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let files = [
            (CA_FILE, &self.ca_cert_pem, false),
            (SERVER_CERT_FILE, &self.server_cert_pem, false),
            (SERVER_KEY_FILE, &self.server_key_pem, true),
            (KIOSK_CERT_FILE, &self.kiosk_cert_pem, false),
            (KIOSK_KEY_FILE, &self.kiosk_key_pem, true),
        ];
        for (name, text, secret) in files {
            let path = dir.join(name);
            std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            if secret {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))?;
            }
        }
        Ok(())
    }

    /// Reads a directory written by [`TlsMaterial::write_dir`].
    pub fn read_dir(dir: &Path) -> anyhow::Result<TlsMaterial> {
        let read = |name: &str| -> anyhow::Result<String> {
            let path: PathBuf = dir.join(name);
            std::fs::read_to_string(&path).with_context(|| {
                format!(
                    "reading {} (make it with `totem-sim certs --out DIR`)",
                    path.display()
                )
            })
        };
        Ok(TlsMaterial {
            ca_cert_pem: read(CA_FILE)?,
            server_cert_pem: read(SERVER_CERT_FILE)?,
            server_key_pem: read(SERVER_KEY_FILE)?,
            kiosk_cert_pem: read(KIOSK_CERT_FILE).unwrap_or_default(),
            kiosk_key_pem: read(KIOSK_KEY_FILE).unwrap_or_default(),
        })
    }
}
