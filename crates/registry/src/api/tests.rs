use super::*;

#[test]
fn every_error_code_has_a_stable_snake_case_name_and_both_sentences() {
    for code in ErrorCode::ALL {
        let name = code.to_string();
        assert!(
            name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "{name}"
        );
        let back: ErrorCode = serde_json::from_value(serde_json::json!(name)).unwrap();
        assert_eq!(back, *code);
        let (es, en) = code.messages();
        assert!(es.ends_with('.') && en.ends_with('.'));
        assert!((400..600).contains(&code.status()));
    }
    let unknown: ErrorCode = serde_json::from_str("\"something_new\"").unwrap();
    assert_eq!(unknown, ErrorCode::Unknown);
}

#[test]
fn personal_types_redact_in_debug_and_survive_json() {
    let req = CardVerifyRequest {
        run: Run::from_body(11_111_111),
        serial: "A1B234567".into(),
    };
    let debug = format!("{req:?}");
    assert!(
        !debug.contains("11111111") && !debug.contains("A1B234567"),
        "{debug}"
    );
    let json = serde_json::to_string(&req).unwrap();
    assert_eq!(json, r#"{"run":"11111111-1","serial":"A1B234567"}"#);
    let back: CardVerifyRequest = serde_json::from_str(&json).unwrap();
    assert_eq!(back.serial.as_str(), "A1B234567");

    let t = Template::new(vec![0x00, 0xab, 0xff]);
    assert_eq!(serde_json::to_string(&t).unwrap(), "\"00abff\"");
    let back: Template = serde_json::from_str("\"00ABff\"").unwrap();
    assert_eq!(back.as_bytes(), &[0x00, 0xab, 0xff]);
    assert!(serde_json::from_str::<Template>("\"0g\"").is_err());
    assert!(!format!("{t:?}").contains("ab"));
    assert!(!format!("{:?}", Password::new("Secreto123")).contains("Secreto"));
    assert!(!format!("{:?}", SessionToken::new("tok-abc")).contains("tok"));
}

#[test]
fn emails_are_masked() {
    assert_eq!(
        mask_email("jose.munoz.0@correo.example"),
        "j***@correo.example"
    );
    assert_eq!(mask_email("nope"), "***");
}
