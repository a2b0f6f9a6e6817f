//! The validity of the kiosk's TLS client certificate, read from its PEM
//! with a minimal DER walk (only the path to `validity`), so the dashboard
//! and the metrics can warn before the kiosk is locked out of the backend.

use std::path::Path;

use base64::Engine as _;
use chrono::{DateTime, NaiveDate, Utc};

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum CertError {
    #[error("cannot read {path}: {what}")]
    Read { path: String, what: String },
    #[error("no PEM CERTIFICATE block found")]
    NoPem,
    #[error("the PEM block is not valid base64")]
    Base64,
    #[error("not a DER X.509 certificate: {0}")]
    Der(&'static str),
}

/// When a certificate is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    pub not_before: DateTime<Utc>,
    pub not_after: DateTime<Utc>,
}

/// Reads the first certificate of a PEM file.
pub fn read_validity(path: &Path) -> Result<Validity, CertError> {
    let text = std::fs::read_to_string(path).map_err(|e| CertError::Read {
        path: path.display().to_string(),
        what: e.to_string(),
    })?;
    pem_validity(&text)
}

/// The validity of the first `CERTIFICATE` block in PEM text.
pub fn pem_validity(pem: &str) -> Result<Validity, CertError> {
    const BEGIN: &str = "-----BEGIN CERTIFICATE-----";
    const END: &str = "-----END CERTIFICATE-----";
    let start = pem.find(BEGIN).ok_or(CertError::NoPem)? + BEGIN.len();
    let len = pem[start..].find(END).ok_or(CertError::NoPem)?;
    let b64: String = pem[start..start + len]
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .map_err(|_| CertError::Base64)?;
    der_validity(&der)
}

/// The validity of a DER certificate.
pub fn der_validity(der: &[u8]) -> Result<Validity, CertError> {
    let (tag, cert, _) = tlv(der)?;
    expect(tag, 0x30, "certificate is not a SEQUENCE")?;
    let (tag, tbs, _) = tlv(cert)?;
    expect(tag, 0x30, "tbsCertificate is not a SEQUENCE")?;
    let mut rest = tbs;
    let (mut tag, _, mut after) = tlv(rest)?;
    if tag == 0xA0 {
        // [0] EXPLICIT version
        rest = after;
        (tag, _, after) = tlv(rest)?;
    }
    expect(tag, 0x02, "serialNumber is not an INTEGER")?;
    let (tag, _, after) = tlv(after)?;
    expect(tag, 0x30, "signature algorithm is not a SEQUENCE")?;
    let (tag, _, after) = tlv(after)?;
    expect(tag, 0x30, "issuer is not a SEQUENCE")?;
    let (tag, validity, _) = tlv(after)?;
    expect(tag, 0x30, "validity is not a SEQUENCE")?;
    let (tag, nb, after) = tlv(validity)?;
    let not_before = time(tag, nb)?;
    let (tag, na, _) = tlv(after)?;
    let not_after = time(tag, na)?;
    Ok(Validity {
        not_before,
        not_after,
    })
}

fn expect(tag: u8, want: u8, what: &'static str) -> Result<(), CertError> {
    if tag == want {
        Ok(())
    } else {
        Err(CertError::Der(what))
    }
}

/// One DER tag-length-value: (tag, value, what follows).
fn tlv(input: &[u8]) -> Result<(u8, &[u8], &[u8]), CertError> {
    let short = CertError::Der("truncated");
    let (&tag, rest) = input.split_first().ok_or(short.clone())?;
    let (&first, mut rest) = rest.split_first().ok_or(short.clone())?;
    let len = if first < 0x80 {
        usize::from(first)
    } else {
        let n = usize::from(first & 0x7f);
        if n == 0 || n > 4 || rest.len() < n {
            return Err(CertError::Der("bad length"));
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, &b| (acc << 8) | usize::from(b));
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return Err(short);
    }
    Ok((tag, &rest[..len], &rest[len..]))
}

fn time(tag: u8, value: &[u8]) -> Result<DateTime<Utc>, CertError> {
    let text = std::str::from_utf8(value).map_err(|_| CertError::Der("time is not ASCII"))?;
    let digits = text
        .strip_suffix('Z')
        .ok_or(CertError::Der("time is not in UTC"))?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CertError::Der("time has non-digits"));
    }
    let num = |s: &str| s.parse::<u32>().map_err(|_| CertError::Der("bad time"));
    let (year, rest) = match (tag, digits.len()) {
        // UTCTime: YYMMDDHHMMSS, years 50..99 are 19xx (RFC 5280 4.1.2.5.1).
        (0x17, 12) => {
            let yy = num(&digits[..2])?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &digits[2..])
        }
        // GeneralizedTime: YYYYMMDDHHMMSS.
        (0x18, 14) => (num(&digits[..4])?, &digits[4..]),
        _ => {
            return Err(CertError::Der(
                "time is neither UTCTime nor GeneralizedTime",
            ))
        }
    };
    let date = NaiveDate::from_ymd_opt(year as i32, num(&rest[..2])?, num(&rest[2..4])?)
        .ok_or(CertError::Der("bad date"))?;
    date.and_hms_opt(num(&rest[4..6])?, num(&rest[6..8])?, num(&rest[8..10])?)
        .map(|t| t.and_utc())
        .ok_or(CertError::Der("bad time of day"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, TimeZone};
    use proptest::prelude::*;

    fn cert_pem(not_after: (i32, u8, u8)) -> String {
        let mut params = rcgen::CertificateParams::new(vec!["TOT-0001".into()]).unwrap();
        params.not_before = rcgen::date_time_ymd(2026, 1, 2);
        params.not_after = rcgen::date_time_ymd(not_after.0, not_after.1, not_after.2);
        let key = rcgen::KeyPair::generate().unwrap();
        params.self_signed(&key).unwrap().pem()
    }

    #[test]
    fn reads_not_after_of_a_generated_certificate() {
        // 2049 is written as UTCTime, 2051 as GeneralizedTime: both forms.
        for (y, m, d) in [(2027, 3, 4), (2049, 12, 31), (2051, 6, 1)] {
            let v = pem_validity(&cert_pem((y, m, d))).unwrap();
            assert_eq!(
                v.not_after,
                Utc.with_ymd_and_hms(y, m.into(), d.into(), 0, 0, 0)
                    .unwrap()
            );
            assert_eq!(v.not_before.year(), 2026);
        }
    }

    #[test]
    fn reads_from_a_file_with_the_key_before_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kiosk.pem");
        std::fs::write(
            &path,
            format!(
                "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{}",
                cert_pem((2027, 1, 1))
            ),
        )
        .unwrap();
        assert_eq!(read_validity(&path).unwrap().not_after.year(), 2027);
        assert!(matches!(
            read_validity(&dir.path().join("none.pem")),
            Err(CertError::Read { .. })
        ));
    }

    #[test]
    fn bad_input_is_an_error() {
        assert_eq!(pem_validity("hello"), Err(CertError::NoPem));
        assert_eq!(
            pem_validity("-----BEGIN CERTIFICATE-----\n!!!\n-----END CERTIFICATE-----"),
            Err(CertError::Base64)
        );
        assert!(matches!(
            der_validity(&[0x30, 0x82, 0xff]),
            Err(CertError::Der(_))
        ));
    }

    proptest! {
        #[test]
        fn never_panics_on_garbage(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = der_validity(&bytes);
        }

        #[test]
        fn never_panics_on_a_damaged_certificate(cut in 0usize..400, flip in 0usize..400, bit in 0u8..8) {
            static SAMPLE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
            let mut der = SAMPLE
                .get_or_init(|| {
                    let pem = cert_pem((2030, 1, 1));
                    base64::engine::general_purpose::STANDARD
                        .decode(pem.lines().filter(|l| !l.starts_with("-----")).collect::<String>())
                        .unwrap()
                })
                .clone();
            if flip < der.len() { der[flip] ^= 1 << bit; }
            der.truncate(cut.min(der.len()));
            let _ = der_validity(&der);
        }
    }
}
