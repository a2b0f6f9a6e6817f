use super::*;
use crate::api::ErrorCode;
use totem_config::Language;

#[test]
fn plain_http_is_refused_unless_demo() {
    let t = Duration::from_secs(1);
    let err = Client::from_pem("http://127.0.0.1:1", None, t, "TOT-1", false).unwrap_err();
    assert!(matches!(err, RegistryError::Config(_)));
    assert!(Client::from_pem("http://127.0.0.1:1", None, t, "TOT-1", true).is_ok());
    let err = Client::from_pem("ftp://x", None, t, "TOT-1", true).unwrap_err();
    assert!(matches!(err, RegistryError::Config(_)));
    let err = Client::from_pem("https://x", None, t, "TOT-1", false).unwrap_err();
    assert!(matches!(err, RegistryError::Config(_)));
}

#[test]
fn missing_certificate_files_say_which() {
    let settings = BackendSettings {
        url: "https://127.0.0.1:1".into(),
        ca_file: "/nonexistent/ca.pem".into(),
        ..BackendSettings::default()
    };
    let err = Client::new(&settings, "TOT-1", false).unwrap_err();
    assert!(err.to_string().contains("registry CA"), "{err}");
}

#[test]
fn every_error_reads_as_a_sentence_in_both_languages() {
    let errors = [
        RegistryError::Unreachable,
        RegistryError::Timeout,
        RegistryError::Server { status: 500 },
        RegistryError::BadAnswer,
        RegistryError::Config("x".into()),
        RegistryError::Rejected(ApiError::new(ErrorCode::TooYoung)),
    ];
    for e in errors {
        let es = e.message(Language::Es);
        let en = e.message(Language::En);
        assert!(
            es.ends_with('.') && en.ends_with('.') && es != en,
            "{es} / {en}"
        );
    }
    let e = RegistryError::Rejected(ApiError::new(ErrorCode::TooYoung));
    assert!(e.message(Language::Es).contains("14 años"));
}
