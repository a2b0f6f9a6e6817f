//! The kiosk's client against the running reference registry, over real TLS
//! on loopback, with a real SQLite file: every endpoint and every rule.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use totem_config::Language;
use totem_registry::api::{self, ErrorCode, Run, SessionToken, Template, Verdict};
use totem_registry::{CallOutcome, CallRecord, Client, ClientTls, RegistryError, RetryPolicy};
use totem_sim_people::{demo, finger_template, noisy_capture, Citizen, Population};
use totem_sim_registry::{Faults, Server, ServerConfig, ServerHandle, TlsMaterial, Transport};

struct Env {
    server: ServerHandle,
    client: Client,
    tls: TlsMaterial,
    people: Population,
    _dir: tempfile::TempDir,
}

mod common;
use common::client_for;

async fn env() -> Env {
    env_with(totem_sim_registry::Rules::default()).await
}

async fn env_with(rules: totem_sim_registry::Rules) -> Env {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsMaterial::generate("TOT-TEST").unwrap();
    let mut config = ServerConfig::new(dir.path().join("registry.db"), Transport::Tls(tls.clone()));
    config.rules = rules;
    let server = Server::start(config).await.unwrap();
    let client = client_for(&server.url(), &tls, Duration::from_secs(5));
    let people = Population::reference(chrono::Utc::now().date_naive());
    Env {
        server,
        client,
        tls,
        people,
        _dir: dir,
    }
}

fn card(c: &Citizen) -> api::OpenSessionRequest {
    api::OpenSessionRequest {
        run: Run::from_body(c.run_body),
        serial: c.card.serial.as_str().into(),
    }
}

fn finger(run_body: u32, capture: u64) -> api::FingerprintRequest {
    api::FingerprintRequest {
        template: Template::new(
            noisy_capture(&finger_template(run_body, 1), 0.1, capture).to_vec(),
        ),
    }
}

fn rejected(r: Result<impl std::fmt::Debug, RegistryError>) -> api::ApiError {
    match r {
        Err(RegistryError::Rejected(e)) => e,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Card + right finger: an identified session.
async fn identify(e: &Env, who: usize) -> SessionToken {
    let c = e.people.demo(who);
    let opened = e.client.open_session(&card(c)).await.unwrap();
    let r = e
        .client
        .verify_fingerprint(&opened.token, &finger(c.run_body, 1))
        .await
        .unwrap();
    assert_eq!(r.verdict, Verdict::Match);
    opened.token
}

fn activate_req(code: &api::ActivationCode, password: &str) -> api::ActivateRequest {
    api::ActivateRequest {
        activation_code: code.clone(),
        new_password: api::Password::new(password),
    }
}

fn other_code(code: &api::ActivationCode) -> api::ActivationCode {
    let flipped: String = code
        .as_str()
        .chars()
        .map(|c| if c == 'A' { 'B' } else { 'A' })
        .collect();
    api::ActivationCode::parse(&flipped).unwrap()
}

#[tokio::test]
async fn card_statuses_valid_blocked_expired_unknown() {
    let e = env().await;
    let status = |c: &Citizen, serial: &str| {
        let req = api::CardVerifyRequest {
            run: Run::from_body(c.run_body),
            serial: serial.into(),
        };
        let client = e.client.clone();
        async move { client.verify_card(&req).await.unwrap().status }
    };
    let p = &e.people;
    let valid = p.demo(demo::FIRST_ISSUE);
    assert_eq!(
        status(valid, &valid.card.serial).await,
        api::CardStatus::Valid
    );
    // Scanners differ in case: the serial still matches.
    assert_eq!(
        status(valid, &valid.card.serial.to_lowercase()).await,
        api::CardStatus::Valid
    );
    assert_eq!(status(valid, "000000000").await, api::CardStatus::Unknown);
    let blocked = p.demo(demo::BLOCKED_CARD);
    assert_eq!(
        status(blocked, &blocked.card.serial).await,
        api::CardStatus::Blocked
    );
    let expired = p.demo(demo::EXPIRED_CARD);
    assert_eq!(
        status(expired, &expired.card.serial).await,
        api::CardStatus::Expired
    );
    let dead = p.demo(demo::DECEASED);
    assert_eq!(
        status(dead, &dead.card.serial).await,
        api::CardStatus::Blocked
    );
    let nobody = api::CardVerifyRequest {
        run: Run::from_body(1_000_000),
        serial: "123456789".into(),
    };
    assert_eq!(
        e.client.verify_card(&nobody).await.unwrap().status,
        api::CardStatus::Unknown
    );

    // A session cannot open on a bad card, and the citizen reads why.
    let err = rejected(e.client.open_session(&card(blocked)).await);
    assert_eq!(err.code, ErrorCode::CardBlocked);
    let err = e.client.open_session(&card(expired)).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::CardExpired));
    assert!(
        err.message(Language::Es).contains("vencida"),
        "{}",
        err.message(Language::Es)
    );
    assert!(err.message(Language::En).contains("expired"));
}

#[tokio::test]
async fn fingerprint_is_one_to_one_with_three_tries_and_sessions_close() {
    let e = env().await;
    let c = e.people.demo(demo::HAS_KEY);
    let opened = e.client.open_session(&card(c)).await.unwrap();
    assert_eq!(opened.fingerprint_tries_left, 3);
    // Before the finger, nothing personal can be done.
    let err = rejected(e.client.recover_key(&opened.token).await);
    assert_eq!(err.code, ErrorCode::NotIdentified);

    // Someone else's finger, three times.
    let impostor = e.people.demo(demo::SPOUSE).run_body;
    for (i, left) in [2u8, 1, 0].into_iter().enumerate() {
        let r = e
            .client
            .verify_fingerprint(&opened.token, &finger(impostor, i as u64))
            .await
            .unwrap();
        assert_eq!(r.verdict, Verdict::NoMatch);
        assert_eq!(r.tries_left, left);
        assert!(r.score < r.threshold && r.holder.is_none());
        assert!(r.matcher.starts_with("simulated"));
    }
    // Now even the right finger is refused in this session.
    let err = rejected(
        e.client
            .verify_fingerprint(&opened.token, &finger(c.run_body, 9))
            .await,
    );
    assert_eq!(err.code, ErrorCode::FingerprintTriesExhausted);

    // A new session, the right finger: identified, with the holder's data.
    let opened = e.client.open_session(&card(c)).await.unwrap();
    let r = e
        .client
        .verify_fingerprint(&opened.token, &finger(c.run_body, 3))
        .await
        .unwrap();
    assert_eq!(r.verdict, Verdict::Match);
    assert!(r.score >= r.threshold);
    let holder = r.holder.unwrap();
    assert_eq!(holder.given_names.as_str(), "María José");
    assert_eq!(holder.surnames.as_str(), "González Núñez");
    assert!(holder.has_key && holder.may_get_key);
    assert!(holder
        .recovery_email_masked
        .unwrap()
        .contains("***@correo.example"));
    let state = e.client.session_state(&opened.token).await.unwrap();
    assert!(state.identified);

    // A template of the wrong size is not a fingerprint.
    let bad = api::FingerprintRequest {
        template: Template::new(vec![1, 2, 3]),
    };
    assert_eq!(
        rejected(e.client.verify_fingerprint(&opened.token, &bad).await).code,
        ErrorCode::TemplateInvalid
    );

    e.client.close_session(&opened.token).await.unwrap();
    let err = rejected(e.client.session_state(&opened.token).await);
    assert_eq!(err.code, ErrorCode::SessionExpired);
    // Closing again is harmless.
    e.client.close_session(&opened.token).await.unwrap();
}

#[tokio::test]
async fn first_issue_then_activation_with_policy_and_single_use() {
    let e = env().await;
    let token = identify(&e, demo::FIRST_ISSUE).await;
    // No key yet: nothing to recover.
    assert_eq!(
        rejected(e.client.recover_key(&token).await).code,
        ErrorCode::NoKey
    );
    let bad = api::IssueKeyRequest {
        recovery_email: "jose@".into(),
    };
    assert_eq!(
        rejected(e.client.issue_key(&token, &bad).await).code,
        ErrorCode::EmailInvalid
    );

    let req = api::IssueKeyRequest {
        recovery_email: "jose.prueba@correo.example".into(),
    };
    let issued = e.client.issue_key(&token, &req).await.unwrap();
    assert_eq!(issued.activation_code.as_str().len(), 6);
    assert!(issued
        .activation_code
        .as_str()
        .chars()
        .all(|c| c.is_ascii_uppercase()));
    assert_eq!(issued.recovery_email_masked.as_str(), "j***@correo.example");
    // Once is enough: the account exists now.
    assert_eq!(
        rejected(e.client.issue_key(&token, &req).await).code,
        ErrorCode::KeyAlreadyExists
    );

    // The server enforces the password policy too, without spending a try.
    for weak in ["corta1A", "sinmayuscula1", "SINMINUSCULA1", "SinNumeros"] {
        let err = rejected(
            e.client
                .activate_key(&token, &activate_req(&issued.activation_code, weak))
                .await,
        );
        assert_eq!(err.code, ErrorCode::PasswordPolicy, "{weak}");
    }
    let ok = e
        .client
        .activate_key(
            &token,
            &activate_req(&issued.activation_code, "Araucaria2026"),
        )
        .await;
    assert!(ok.is_ok(), "{ok:?}");
    // A used code does not work again.
    let err = rejected(
        e.client
            .activate_key(
                &token,
                &activate_req(&issued.activation_code, "Araucaria2027"),
            )
            .await,
    );
    assert_eq!(err.code, ErrorCode::ActivationCodeUsed);
    let stored: Option<String> = e.server.with_db(|db| {
        db.query_row(
            "SELECT password_hash FROM citizens WHERE run_body = 44000066",
            [],
            |r| r.get(0),
        )
        .unwrap()
    });
    let stored = stored.unwrap();
    assert!(stored.starts_with("$argon2id$") && !stored.contains("Araucaria"));
}

#[tokio::test]
async fn under_14_is_refused_and_just_14_is_not() {
    let e = env().await;
    let req = api::IssueKeyRequest {
        recovery_email: "familia@correo.example".into(),
    };
    let token = identify(&e, demo::UNDER_14).await;
    let err = e.client.issue_key(&token, &req).await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::TooYoung));
    assert!(err.message(Language::Es).contains("14 años"));
    let token = identify(&e, demo::JUST_14).await;
    assert!(e.client.issue_key(&token, &req).await.is_ok());
}

/// The registry holds the whole birth date, so it decides the age a card's
/// two-digit year cannot: born 100 and 110 years ago (a card reads `26` or
/// `16`, as a child's would), the holder is old enough and gets a key.
#[tokio::test]
async fn centenarians_get_a_key_by_the_registrys_birth_date() {
    let e = env().await;
    let today = chrono::Utc::now().date_naive();
    for age in [100, 110] {
        let c = e.people.demo(demo::FIRST_ISSUE);
        let born = today
            .checked_sub_months(chrono::Months::new(12 * age))
            .unwrap();
        e.server.with_db(|db| {
            db.execute(
                "UPDATE citizens SET birth_date = ?1, has_key = 0, recovery_email = NULL \
                 WHERE run_body = ?2",
                rusqlite::params![born.to_string(), c.run_body],
            )
            .unwrap()
        });
        let opened = e.client.open_session(&card(c)).await.unwrap();
        let matched = e
            .client
            .verify_fingerprint(&opened.token, &finger(c.run_body, u64::from(age)))
            .await
            .unwrap();
        let holder = matched.holder.unwrap();
        assert_eq!(holder.age, age);
        assert!(holder.may_get_key);
        let req = api::IssueKeyRequest {
            recovery_email: "rosa.prueba@correo.example".into(),
        };
        let issued = e.client.issue_key(&opened.token, &req).await.unwrap();
        assert_eq!(issued.activation_code.as_str().len(), 6);
    }
}

#[tokio::test]
async fn recover_invalidates_the_previous_code() {
    let e = env().await;
    let token = identify(&e, demo::HAS_KEY).await;
    let first = e.client.recover_key(&token).await.unwrap();
    let second = e.client.recover_key(&token).await.unwrap();
    assert_eq!(first.recovery_email_masked.as_str(), "m***@correo.example");
    if first.activation_code != second.activation_code {
        let err = rejected(
            e.client
                .activate_key(
                    &token,
                    &activate_req(&first.activation_code, "Copihue2026x"),
                )
                .await,
        );
        assert_eq!(err.code, ErrorCode::ActivationCodeWrong);
        assert_eq!(err.tries_left, Some(4));
    }
    e.client
        .activate_key(
            &token,
            &activate_req(&second.activation_code, "Copihue2026x"),
        )
        .await
        .unwrap();
}

#[tokio::test]
async fn five_wrong_codes_block_the_code() {
    let e = env().await;
    let token = identify(&e, demo::SPOUSE).await;
    let issued = e.client.recover_key(&token).await.unwrap();
    let wrong = other_code(&issued.activation_code);
    for left in [4u8, 3, 2, 1] {
        let err = rejected(
            e.client
                .activate_key(&token, &activate_req(&wrong, "Pehuen2026"))
                .await,
        );
        assert_eq!(
            (err.code, err.tries_left),
            (ErrorCode::ActivationCodeWrong, Some(left))
        );
    }
    let err = rejected(
        e.client
            .activate_key(&token, &activate_req(&wrong, "Pehuen2026"))
            .await,
    );
    assert_eq!(err.code, ErrorCode::ActivationCodeBlocked);
    // Even the right code is refused now; a new one must be requested.
    let err = rejected(
        e.client
            .activate_key(&token, &activate_req(&issued.activation_code, "Pehuen2026"))
            .await,
    );
    assert_eq!(err.code, ErrorCode::ActivationCodeBlocked);
    let fresh = e.client.recover_key(&token).await.unwrap();
    e.client
        .activate_key(&token, &activate_req(&fresh.activation_code, "Pehuen2026"))
        .await
        .unwrap();
}

#[tokio::test]
async fn certificates_issue_deliver_and_verify() {
    let e = env().await;
    let catalog = e.client.catalog().await.unwrap();
    assert_eq!(catalog.entries.len(), 17);
    assert!(catalog
        .entries
        .iter()
        .any(|c| c.kind == "antecedentes-fines-particulares" && c.holder_only));

    let p = &e.people;
    let wife = p.demo(demo::HAS_KEY);
    let husband = p.demo(demo::SPOUSE);
    // For another RUN, no identity needed: a birth certificate.
    let req = |kind: &str, who: &Citizen| api::IssueCertificateRequest {
        kind: kind.into(),
        subject_run: Some(Run::from_body(who.run_body)),
        entity_registration: None,
    };
    let birth = e
        .client
        .issue_certificate(None, &req("nacimiento-todo-tramite", wife))
        .await
        .unwrap();
    assert!(birth.folio > 500_000_000);
    assert_eq!(birth.content.title_es, "Certificado de Nacimiento");
    assert_eq!(
        birth.content.subject_name.as_str(),
        "María José González Núñez"
    );
    assert!(birth
        .content
        .verification_url
        .contains(&birth.folio.to_string()));
    assert!(birth
        .content
        .data_lines
        .iter()
        .any(|l| l.label_es == "Fecha de nacimiento"));
    assert!(birth.content.holder_name.is_none());

    let marriage = e
        .client
        .issue_certificate(None, &req("matrimonio-todo-tramite", wife))
        .await
        .unwrap();
    assert!(marriage
        .content
        .data_lines
        .iter()
        .any(|l| l.value.as_str() == husband.full_name()));
    assert_ne!(marriage.folio, birth.folio);
    let single = p.demo(demo::FIRST_ISSUE);
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(None, &req("matrimonio-todo-tramite", single))
                .await
        )
        .code,
        ErrorCode::NoRecord
    );
    let dead = p.demo(demo::DECEASED);
    let death = e
        .client
        .issue_certificate(None, &req("defuncion-con-causa-de-muerte", dead))
        .await
        .unwrap();
    assert!(death
        .content
        .data_lines
        .iter()
        .any(|l| l.label_es == "Causa de muerte"));
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(None, &req("defuncion-todo-tramite", wife))
                .await
        )
        .code,
        ErrorCode::NoRecord
    );
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(None, &req("no-such-kind", wife))
                .await
        )
        .code,
        ErrorCode::CertificateKindUnknown
    );
    let nobody = api::IssueCertificateRequest {
        kind: "nacimiento-todo-tramite".into(),
        subject_run: Some(Run::from_body(1_000_000)),
        entity_registration: None,
    };
    assert_eq!(
        rejected(e.client.issue_certificate(None, &nobody).await).code,
        ErrorCode::SubjectUnknown
    );

    // Holder-only: needs the holder's identified session, for the holder only.
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(None, &req("antecedentes-fines-particulares", wife))
                .await
        )
        .code,
        ErrorCode::HolderOnly
    );
    let token = identify(&e, demo::HAS_KEY).await;
    let record = e
        .client
        .issue_certificate(Some(&token), &req("antecedentes-fines-particulares", wife))
        .await
        .unwrap();
    assert_eq!(
        record.content.holder_name.as_ref().map(|n| n.as_str()),
        Some("María José González Núñez")
    );
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(
                    Some(&token),
                    &req("antecedentes-fines-particulares", husband)
                )
                .await
        )
        .code,
        ErrorCode::HolderOnly
    );

    // Delivery: failed, then printed again with the same folio; printed is final.
    let failed = api::DeliveryReport {
        outcome: api::Delivery::Failed,
        detail: Some("media-empty".into()),
        at: None,
    };
    let printed = api::DeliveryReport {
        outcome: api::Delivery::Printed,
        detail: None,
        at: None,
    };
    assert_eq!(
        e.client
            .report_delivery(birth.folio, &failed)
            .await
            .unwrap()
            .delivery,
        api::Delivery::Failed
    );
    assert_eq!(
        e.client
            .report_delivery(birth.folio, &printed)
            .await
            .unwrap()
            .delivery,
        api::Delivery::Printed
    );
    assert_eq!(
        rejected(e.client.report_delivery(birth.folio, &failed).await).code,
        ErrorCode::AlreadyDelivered
    );
    assert_eq!(
        rejected(e.client.report_delivery(1, &printed).await).code,
        ErrorCode::CertificateNotFound
    );

    // Anyone can verify with folio + code.
    let v = e
        .client
        .verify_certificate(birth.folio, &birth.verification_code)
        .await
        .unwrap();
    assert_eq!(v.delivery, api::Delivery::Printed);
    assert_eq!(v.kind, "nacimiento-todo-tramite");
    assert_eq!(v.subject_name_masked.as_str(), "M. J. González N.");
    let v = e
        .client
        .verify_certificate(marriage.folio, &marriage.verification_code.to_lowercase())
        .await
        .unwrap();
    assert_eq!(v.delivery, api::Delivery::Pending);
    let err = rejected(
        e.client
            .verify_certificate(birth.folio, &marriage.verification_code)
            .await,
    );
    assert_eq!(err.code, ErrorCode::CertificateNotFound);
}

#[tokio::test]
async fn heartbeat_health_and_openapi() {
    let e = env().await;
    let beat = api::Heartbeat {
        kiosk_id: "TOT-TEST".into(),
        health: serde_json::json!({"printer": "ok", "fingerprint": "connected"}),
    };
    assert_eq!(e.client.heartbeat(&beat).await.unwrap().received, 1);
    assert_eq!(e.client.heartbeat(&beat).await.unwrap().received, 2);
    let stored: String = e.server.with_db(|db| {
        db.query_row("SELECT health FROM heartbeats", [], |r| r.get(0))
            .unwrap()
    });
    assert!(stored.contains("connected"));
    assert_eq!(e.client.health().await.unwrap().status, "ok");

    // The OpenAPI document is served and names every path.
    let http = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(e.tls.ca_cert_pem.as_bytes()).unwrap())
        .identity(reqwest::Identity::from_pem(&e.tls.kiosk_identity_pem()).unwrap())
        .build()
        .unwrap();
    let yaml = http
        .get(format!("{}/openapi.yaml", e.server.url()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(yaml.starts_with("openapi: 3"));
    for path in [
        api::paths::CARD_VERIFY,
        api::paths::SESSIONS,
        api::paths::SESSION_CURRENT,
        api::paths::SESSION_FINGERPRINT,
        api::paths::KEY_ISSUE,
        api::paths::KEY_RECOVER,
        api::paths::KEY_ACTIVATE,
        api::paths::CATALOG,
        api::paths::CERTIFICATES,
        api::paths::CERTIFICATE_DELIVERY,
        api::paths::CERTIFICATE_VERIFY,
        api::paths::HEARTBEAT,
        api::paths::HEALTH,
    ] {
        assert!(
            yaml.contains(&format!("  {path}:")),
            "openapi.yaml lacks {path}"
        );
    }
    for code in ErrorCode::ALL {
        assert!(
            yaml.contains(&format!("- {code}")),
            "openapi.yaml lacks error code {code}"
        );
    }

    // A POST without an idempotency key, or a key reused for another body, is refused.
    let url = format!("{}{}", e.server.url(), api::paths::HEARTBEAT);
    let r = http.post(&url).json(&beat).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(
        r.json::<api::ApiError>().await.unwrap().code,
        ErrorCode::IdempotencyKeyMissing
    );
    let send = |body: serde_json::Value| {
        http.post(&url)
            .header(api::IDEMPOTENCY_KEY, "same-key")
            .json(&body)
            .send()
    };
    assert_eq!(
        send(serde_json::json!({"kiosk_id": "A", "health": {}}))
            .await
            .unwrap()
            .status(),
        200
    );
    let r = send(serde_json::json!({"kiosk_id": "B", "health": {}}))
        .await
        .unwrap();
    assert_eq!(
        r.json::<api::ApiError>().await.unwrap().code,
        ErrorCode::IdempotencyKeyReused
    );
}

#[tokio::test]
async fn a_post_whose_answer_is_lost_is_retried_and_not_done_twice() {
    let e = env().await;
    let records: Arc<Mutex<Vec<CallRecord>>> = Arc::default();
    let sink = records.clone();
    let client = e
        .client
        .clone()
        .with_observer(Arc::new(move |r: &CallRecord| {
            sink.lock().unwrap().push(r.clone())
        }));
    let count = |s: &ServerHandle| -> i64 {
        s.with_db(|db| {
            db.query_row("SELECT COUNT(*) FROM certificates", [], |r| r.get(0))
                .unwrap()
        })
    };

    e.server.drop_next_answers(1);
    let req = api::IssueCertificateRequest {
        kind: "nacimiento-matricula".into(),
        subject_run: Some(Run::from_body(e.people.demo(demo::UNDER_14).run_body)),
        entity_registration: None,
    };
    let issued = client.issue_certificate(None, &req).await.unwrap();
    assert_eq!(
        count(&e.server),
        1,
        "the retry must not issue a second certificate"
    );
    let last = records.lock().unwrap().last().cloned().unwrap();
    assert_eq!(
        (last.endpoint, last.attempts, last.outcome),
        (api::paths::CERTIFICATES, 2, CallOutcome::Ok)
    );
    assert!(last.latency > Duration::ZERO);
    client
        .verify_certificate(issued.folio, &issued.verification_code)
        .await
        .unwrap();

    // Same for a recovery: the code the kiosk finally shows is the live one.
    let token = identify(&e, demo::HAS_KEY).await;
    e.server.drop_next_answers(1);
    let code = client.recover_key(&token).await.unwrap();
    let codes: i64 = e.server.with_db(|db| {
        db.query_row("SELECT COUNT(*) FROM activation_codes", [], |r| r.get(0))
            .unwrap()
    });
    assert_eq!(codes, 1);
    client
        .activate_key(&token, &activate_req(&code.activation_code, "Lenga2026abc"))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_slow_registry_becomes_a_clear_timeout_and_a_failing_one_a_clear_error() {
    let e = env().await;
    let records: Arc<Mutex<Vec<CallRecord>>> = Arc::default();
    let sink = records.clone();
    let client = client_for(&e.server.url(), &e.tls, Duration::from_millis(300))
        .with_retry(RetryPolicy {
            attempts: 2,
            first_backoff: Duration::from_millis(10),
            max_backoff: Duration::from_millis(10),
        })
        .with_observer(Arc::new(move |r: &CallRecord| {
            sink.lock().unwrap().push(r.clone())
        }));
    e.server.set_faults(Faults {
        latency: Duration::from_millis(1_000),
        ..Faults::default()
    });
    let started = std::time::Instant::now();
    let err = client.catalog().await.unwrap_err();
    assert!(matches!(err, RegistryError::Timeout), "{err:?}");
    assert!(started.elapsed() < Duration::from_millis(1_500));
    assert!(err.message(Language::Es).contains("tardando"));
    assert!(err.message(Language::En).contains("taking too long"));
    let r = records.lock().unwrap().last().cloned().unwrap();
    assert_eq!((r.attempts, r.outcome), (2, CallOutcome::Timeout));

    e.server.set_faults(Faults {
        fail_rate: 1.0,
        ..Faults::default()
    });
    let err = client.catalog().await.unwrap_err();
    assert!(
        matches!(err, RegistryError::Server { status: 503 }),
        "{err:?}"
    );
    assert!(err
        .message(Language::En)
        .contains("Civil Registry had a problem"));
    e.server.set_faults(Faults::default());
    assert!(client.catalog().await.is_ok());

    // Nothing listening: unreachable, said plainly.
    let port = e.server.addr().port();
    e.server.shutdown().await;
    let err = client.catalog().await.unwrap_err();
    assert!(
        matches!(err, RegistryError::Unreachable),
        "{err:?} (port {port})"
    );
    assert!(err
        .message(Language::Es)
        .contains("No podemos comunicarnos"));
}

/// One try, with `tls`, to reach the registry at `url`.
async fn health_with(url: &str, tls: ClientTls) -> Result<api::ServerHealth, RegistryError> {
    let no_retry = RetryPolicy {
        attempts: 1,
        ..RetryPolicy::default()
    };
    Client::from_pem(url, Some(tls), Duration::from_secs(2), "X", false)
        .unwrap()
        .with_retry(no_retry)
        .health()
        .await
}

#[tokio::test]
async fn kiosks_without_the_right_certificate_are_refused() {
    let e = env().await;
    let stranger = TlsMaterial::generate("TOT-STRANGER").unwrap();
    let url = e.server.url();
    // No client certificate at all.
    let anonymous = ClientTls {
        ca_pem: e.tls.ca_cert_pem.clone().into_bytes(),
        identity_pem: None,
    };
    // A certificate from another CA.
    let wrong = ClientTls {
        ca_pem: e.tls.ca_cert_pem.clone().into_bytes(),
        identity_pem: Some(stranger.kiosk_identity_pem()),
    };
    // And the kiosk does not trust a server from another CA.
    let distrust = ClientTls {
        ca_pem: stranger.ca_cert_pem.clone().into_bytes(),
        identity_pem: Some(e.tls.kiosk_identity_pem()),
    };
    for tls in [anonymous, wrong, distrust] {
        assert!(matches!(
            health_with(&url, tls).await,
            Err(RegistryError::Unreachable)
        ));
    }
    // The right one works.
    assert!(e.client.health().await.is_ok());
}

#[tokio::test]
async fn plain_http_serves_the_demo_and_the_client_needs_demo_mode() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(ServerConfig::new(
        dir.path().join("r.db"),
        Transport::PlainHttp,
    ))
    .await
    .unwrap();
    assert!(server.url().starts_with("http://"));
    assert!(Client::from_pem(
        &server.url(),
        None,
        Duration::from_secs(2),
        "TOT-DEMO",
        false
    )
    .is_err());
    let client = Client::from_pem(
        &server.url(),
        None,
        Duration::from_secs(2),
        "TOT-DEMO",
        true,
    )
    .unwrap();
    assert_eq!(client.catalog().await.unwrap().entries.len(), 17);
}

#[tokio::test]
async fn the_client_loads_its_certificates_from_the_files_kiosk_toml_names() {
    let dir = tempfile::tempdir().unwrap();
    let tls = TlsMaterial::generate("TOT-FILES").unwrap();
    let tls_dir = dir.path().join("tls");
    tls.write_dir(&tls_dir).unwrap();
    let read_back = TlsMaterial::read_dir(&tls_dir).unwrap();
    let config = ServerConfig::new(dir.path().join("r.db"), Transport::Tls(read_back));
    let server = Server::start(config).await.unwrap();
    let file = |name: &str| tls_dir.join(name).to_string_lossy().into_owned();
    let settings = totem_config::BackendSettings {
        url: server.url(),
        ca_file: file("ca.pem"),
        client_cert_file: file("kiosk.pem"),
        client_key_file: file("kiosk.key"),
        timeout_secs: 5,
        ..totem_config::BackendSettings::default()
    };
    let client = Client::new(&settings, "TOT-FILES", false).unwrap();
    assert_eq!(client.catalog().await.unwrap().entries.len(), 17);
    // The same URL in plain http is refused outside demo mode.
    let plain = totem_config::BackendSettings {
        url: server.url().replace("https", "http"),
        ..settings
    };
    assert!(matches!(
        Client::new(&plain, "TOT-FILES", false),
        Err(RegistryError::Config(_))
    ));
}

fn delivery_in_db(s: &ServerHandle, folio: u64) -> (String, Option<String>) {
    s.with_db(|db| {
        db.query_row(
            "SELECT delivery, delivered_at FROM certificates WHERE folio = ?1",
            [folio as i64],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    })
}

fn report(outcome: api::Delivery) -> api::DeliveryReport {
    api::DeliveryReport {
        outcome,
        detail: None,
        at: None,
    }
}

#[tokio::test]
async fn a_certificate_whose_answers_were_all_lost_is_fetched_again_or_expires() {
    let rules = totem_sim_registry::Rules {
        pending_ttl: chrono::Duration::milliseconds(1200),
        ..Default::default()
    };
    let e = env_with(rules).await;
    let count = || -> i64 {
        e.server.with_db(|db| {
            db.query_row("SELECT COUNT(*) FROM certificates", [], |r| r.get(0))
                .unwrap()
        })
    };
    let req = |who: usize| api::IssueCertificateRequest {
        kind: "nacimiento-todo-tramite".into(),
        subject_run: Some(Run::from_body(e.people.demo(who).run_body)),
        entity_registration: None,
    };

    // Every one of the client's three attempts is handled, then cut.
    let key = totem_registry::new_idempotency_key();
    e.server.drop_next_answers(3);
    let lost = e
        .client
        .issue_certificate_with_key(None, &req(demo::FIRST_ISSUE), &key)
        .await;
    assert!(matches!(lost, Err(RegistryError::Unreachable)), "{lost:?}");
    assert_eq!(count(), 1, "committed once");
    // The citizen touches "try again": the same key fetches that certificate.
    let fetched = e
        .client
        .issue_certificate_with_key(None, &req(demo::FIRST_ISSUE), &key)
        .await
        .unwrap();
    assert_eq!(count(), 1, "no second certificate");
    let verified = e
        .client
        .verify_certificate(fetched.folio, &fetched.verification_code)
        .await
        .unwrap();
    assert_eq!(verified.delivery, api::Delivery::Pending);
    e.client
        .report_delivery(fetched.folio, &report(api::Delivery::Printed))
        .await
        .unwrap();

    // Another citizen walks away after the lost answers: nobody reports.
    let abandoned_key = totem_registry::new_idempotency_key();
    e.server.drop_next_answers(3);
    assert!(e
        .client
        .issue_certificate_with_key(None, &req(demo::HAS_KEY), &abandoned_key)
        .await
        .is_err());
    let abandoned = fetched.folio + 1;
    assert_eq!(delivery_in_db(&e.server, abandoned).0, "pending");
    let code: String = e.server.with_db(|db| {
        db.query_row(
            "SELECT verification_code FROM certificates WHERE folio = ?1",
            [abandoned as i64],
            |r| r.get(0),
        )
        .unwrap()
    });

    tokio::time::sleep(Duration::from_millis(1800)).await;
    // The sweep expired it in the file, with no request to trigger it.
    assert_eq!(delivery_in_db(&e.server, abandoned).0, "expired");
    // The printed one stays printed.
    assert_eq!(delivery_in_db(&e.server, fetched.folio).0, "printed");
    // An expired folio does not verify...
    let err = rejected(e.client.verify_certificate(abandoned, &code).await);
    assert_eq!(err.code, ErrorCode::CertificateExpired);
    assert!(
        err.message_es.contains("no es válido"),
        "{}",
        err.message_es
    );
    // ...and a late repeat of its key does not hand it out for printing.
    let err = rejected(
        e.client
            .issue_certificate_with_key(None, &req(demo::HAS_KEY), &abandoned_key)
            .await,
    );
    assert_eq!(err.code, ErrorCode::CertificateExpired);
    // A late "failed" changes nothing; a late "printed" (the kiosk kept the
    // report while the registry was away) means the paper exists.
    let r = e
        .client
        .report_delivery(abandoned, &report(api::Delivery::Failed))
        .await
        .unwrap();
    assert_eq!(r.delivery, api::Delivery::Expired);
    let r = e
        .client
        .report_delivery(abandoned, &report(api::Delivery::Printed))
        .await
        .unwrap();
    assert_eq!(r.delivery, api::Delivery::Printed);
    let v = e.client.verify_certificate(abandoned, &code).await.unwrap();
    assert_eq!(v.delivery, api::Delivery::Printed);
}

#[tokio::test]
async fn delivery_reports_can_be_sent_again_and_keep_their_first_time() {
    let e = env().await;
    let req = api::IssueCertificateRequest {
        kind: "nacimiento-todo-tramite".into(),
        subject_run: Some(Run::from_body(e.people.demo(demo::SPOUSE).run_body)),
        entity_registration: None,
    };
    let first = e.client.issue_certificate(None, &req).await.unwrap();
    let second = e.client.issue_certificate(None, &req).await.unwrap();
    // The report comes later than the printer finished.
    let printed_at = first.issued_at + chrono::Duration::milliseconds(20);
    tokio::time::sleep(Duration::from_millis(150)).await;
    let late = api::DeliveryReport {
        at: Some(printed_at),
        ..report(api::Delivery::Printed)
    };
    let key = totem_registry::new_idempotency_key();
    let r = e
        .client
        .report_delivery_with_key(first.folio, &late, &key)
        .await
        .unwrap();
    assert_eq!(r.delivery, api::Delivery::Printed);
    let (_, at) = delivery_in_db(&e.server, first.folio);
    let recorded: chrono::DateTime<chrono::Utc> = at.unwrap().parse().unwrap();
    assert_eq!(
        recorded, printed_at,
        "the printer's time, not the arrival's"
    );
    // The same report again: same key (a lost answer), or a new one (a
    // queue that restarted after its keys were pruned) — same answer, first
    // time kept.
    for again in [key.clone(), totem_registry::new_idempotency_key()] {
        let r = e
            .client
            .report_delivery_with_key(first.folio, &late, &again)
            .await
            .unwrap();
        assert_eq!((r.folio, r.delivery), (first.folio, api::Delivery::Printed));
        assert_eq!(
            delivery_in_db(&e.server, first.folio).1,
            Some(recorded.to_rfc3339())
        );
    }
    // One key for another folio is another request, not a replay of the first.
    let err = rejected(
        e.client
            .report_delivery_with_key(second.folio, &late, &key)
            .await,
    );
    assert_eq!(err.code, ErrorCode::IdempotencyKeyReused);
    assert_eq!(delivery_in_db(&e.server, second.folio).0, "pending");
    // A report dated before the issue (a wrong clock) is bounded by it.
    let early = api::DeliveryReport {
        at: Some(second.issued_at - chrono::Duration::days(1)),
        ..report(api::Delivery::Failed)
    };
    e.client
        .report_delivery(second.folio, &early)
        .await
        .unwrap();
    let at = delivery_in_db(&e.server, second.folio).1.unwrap();
    assert_eq!(
        at.parse::<chrono::DateTime<chrono::Utc>>().unwrap(),
        second.issued_at
    );
}

#[tokio::test]
async fn entity_certificates_name_the_entity_by_rut_or_registration_number_never_a_person() {
    let e = env().await;
    let org = &e.people.organizations[1];
    let rut = Run::from_body(org.rut_body);
    let by_rut = e
        .client
        .issue_certificate(
            None,
            &api::IssueCertificateRequest::for_run("personas-juridicas-vigencia", rut.clone()),
        )
        .await
        .unwrap();
    assert_eq!(by_rut.content.subject_name.as_str(), org.name);
    assert_eq!(by_rut.content.subject_run, rut);
    let registration = org.registration.to_string();
    assert!(by_rut
        .content
        .data_lines
        .iter()
        .any(|l| l.label_es == "N.º de inscripción" && l.value.as_str() == registration));

    // The registration number finds the same entity; the certificate names
    // its RUT too, and the board for the directorio.
    let by_number = e
        .client
        .issue_certificate(
            None,
            &api::IssueCertificateRequest::for_entity_registration(
                "personas-juridicas-directorio",
                org.registration,
            ),
        )
        .await
        .unwrap();
    assert_eq!(by_number.content.subject_name.as_str(), org.name);
    assert_eq!(by_number.content.subject_run, rut);
    assert!(by_number
        .content
        .data_lines
        .iter()
        .any(|l| l.label_es == "Presidente/a"));

    // A person's RUN names no entity; an unknown number neither.
    let person = Run::from_body(e.people.demo(demo::HAS_KEY).run_body);
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(
                    None,
                    &api::IssueCertificateRequest::for_run("personas-juridicas-vigencia", person),
                )
                .await
        )
        .code,
        ErrorCode::SubjectUnknown
    );
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(
                    None,
                    &api::IssueCertificateRequest::for_entity_registration(
                        "personas-juridicas-vigencia",
                        9_999_999,
                    ),
                )
                .await
        )
        .code,
        ErrorCode::SubjectUnknown
    );
    // A registration number is only for entities, and one subject at a time.
    assert_eq!(
        rejected(
            e.client
                .issue_certificate(
                    None,
                    &api::IssueCertificateRequest::for_entity_registration(
                        "nacimiento-todo-tramite",
                        org.registration,
                    ),
                )
                .await
        )
        .code,
        ErrorCode::BadRequest
    );
    let both = api::IssueCertificateRequest {
        kind: "personas-juridicas-vigencia".into(),
        subject_run: Some(rut),
        entity_registration: Some(org.registration),
    };
    assert_eq!(
        rejected(e.client.issue_certificate(None, &both).await).code,
        ErrorCode::BadRequest
    );
}

#[tokio::test]
async fn the_card_check_names_the_finger_the_registry_matches() {
    let e = env().await;
    let c = e.people.demo(demo::SPOUSE);
    let check = api::CardVerifyRequest {
        run: Run::from_body(c.run_body),
        serial: c.card.serial.as_str().into(),
    };
    let said = e.client.verify_card(&check).await.unwrap();
    assert_eq!(said.finger, Some(api::FingerPosition::RightIndex));
    // A holder enrolled with the left index: the check says so, and only
    // that finger (as the emulator places it, index 6) matches.
    e.server.with_db(|db| {
        db.execute(
            "UPDATE citizens SET finger = 6 WHERE run_body = ?1",
            [c.run_body],
        )
        .unwrap()
    });
    let said = e.client.verify_card(&check).await.unwrap();
    assert_eq!(said.finger, Some(api::FingerPosition::LeftIndex));
    assert_eq!(api::FingerPosition::LeftIndex.index(), 6);
    let capture = |finger: u8| api::FingerprintRequest {
        template: Template::new(
            noisy_capture(&finger_template(c.run_body, finger), 0.1, 3).to_vec(),
        ),
    };
    let opened = e.client.open_session(&card(c)).await.unwrap();
    let right = e
        .client
        .verify_fingerprint(&opened.token, &capture(1))
        .await
        .unwrap();
    assert_eq!(right.verdict, Verdict::NoMatch);
    let left = e
        .client
        .verify_fingerprint(&opened.token, &capture(6))
        .await
        .unwrap();
    assert_eq!(left.verdict, Verdict::Match);
    // No finger is named for a card that cannot be used.
    let blocked = e.people.demo(demo::BLOCKED_CARD);
    let said = e
        .client
        .verify_card(&api::CardVerifyRequest {
            run: Run::from_body(blocked.run_body),
            serial: blocked.card.serial.as_str().into(),
        })
        .await
        .unwrap();
    assert_eq!(said.finger, None);
}
