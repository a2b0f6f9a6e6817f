//! The registry side of [`Effects`]: the flow's registry commands carried
//! out with `totem_registry::Client`, their outcomes turned back into flow
//! events.
//!
//! The registry keeps a session per citizen (a short-lived token opened once
//! the card is valid, identified once the fingerprint matches); the token is
//! kept here per flow session id and closed on `EndSession`.
//!
//! Devices (`CaptureFinger`, `CancelCapture`) and printing (`Print`,
//! `PrintCodeSlip`) are not carried out here: [`RegistryEffects::with_others`]
//! takes the effects that do them.
//!
//! Two things make sure no certificate is lost between kiosk and registry:
//! an issue whose answer never came is asked again, while the citizen is
//! there, under the same idempotency key (the registry answers with the
//! certificate it already made, not a second one); and delivery reports go
//! through [`DeliveryReports`], a queue on disk emptied by a background
//! reporter, so a report made while the registry is down still arrives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use iced::{Subscription, Task};
use totem_flow::{
    ActivationOutcome, CardVerdict, CertificateOutcome, CheckOutcome, CheckedCertificate, Command,
    EntityNumber, Event, Finger, FingerVerdict, KeyOutcome, Secret, Service,
};
use totem_registry::api::{self, ErrorCode};
use totem_registry::{Client, RegistryError};
use zeroize::Zeroizing;

use super::delivery::DeliveryReports;
use super::printing::Issued;
use super::{Effects, Unconnected};

/// Registry tokens by flow session id.
type Tokens = Arc<Mutex<HashMap<u64, api::SessionToken>>>;

/// Requests whose answer never came (no connection, timeout, 5xx), by flow
/// session and endpoint: the request's JSON (zeroized when forgotten) and
/// the idempotency key it went with. The same request asked again in the
/// session goes with the same key, so the registry answers with what it
/// already did — the certificate it issued, the activation code it made —
/// instead of doing it a second time (a second folio; or, for a first key,
/// "you already have a key").
#[derive(Clone, Default)]
struct Unanswered(Arc<Mutex<HashMap<(u64, &'static str), Asked>>>);

/// A request's JSON and its idempotency key.
type Asked = (Zeroizing<Vec<u8>>, String);

impl Unanswered {
    fn body(request: &impl serde::Serialize) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(serde_json::to_vec(request).unwrap_or_default())
    }

    /// The key for `request`: that of the same request left unanswered in
    /// this session, or a new one.
    fn key(&self, session: u64, endpoint: &'static str, request: &impl serde::Serialize) -> String {
        let body = Self::body(request);
        self.0
            .lock()
            .ok()
            .and_then(|u| {
                u.get(&(session, endpoint))
                    .filter(|(asked, _)| *asked == body)
                    .map(|(_, key)| key.clone())
            })
            .unwrap_or_else(totem_registry::new_idempotency_key)
    }

    /// After the call: the key is kept while the outcome is unknown, and
    /// forgotten once the registry has answered.
    fn settle<T>(
        &self,
        session: u64,
        endpoint: &'static str,
        request: &impl serde::Serialize,
        key: String,
        answer: &Result<T, RegistryError>,
    ) {
        let Ok(mut u) = self.0.lock() else { return };
        match answer {
            Err(
                RegistryError::Unreachable
                | RegistryError::Timeout
                | RegistryError::Server { .. }
                | RegistryError::BadAnswer,
            ) => {
                u.insert((session, endpoint), (Self::body(request), key));
            }
            _ => {
                u.remove(&(session, endpoint));
            }
        }
    }

    fn forget(&self, session: u64) {
        if let Ok(mut u) = self.0.lock() {
            u.retain(|(s, _), _| *s != session);
        }
    }
}

/// Carries registry commands out; hands the rest to `others`.
pub struct RegistryEffects<O: Effects> {
    client: Client,
    tokens: Tokens,
    unanswered: Unanswered,
    /// Where issued certificates go for the printer, when there is one.
    issued: Option<Issued>,
    /// The durable queue for delivery reports; without it a report is sent
    /// once (with the client's retries) and forgotten.
    reports: Option<DeliveryReports>,
    /// Which health probe is this one's: a reload that makes a new client
    /// (another certificate, same URL) needs a new probe too.
    probe: String,
    others: O,
}

/// Numbers the registry effects made in this process, for their probes.
static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

impl RegistryEffects<Unconnected> {
    pub fn new(client: Client) -> Self {
        let made = MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Self {
            probe: format!("{} #{made}", client.base_url()),
            client,
            tokens: Tokens::default(),
            unanswered: Unanswered::default(),
            issued: None,
            reports: None,
            others: Unconnected,
        }
    }
}

impl<O: Effects> RegistryEffects<O> {
    /// Devices and printer effects for the commands that are not the registry's.
    pub fn with_others<P: Effects>(self, others: P) -> RegistryEffects<P> {
        RegistryEffects {
            client: self.client,
            tokens: self.tokens,
            unanswered: self.unanswered,
            issued: self.issued,
            reports: self.reports,
            probe: self.probe,
            others,
        }
    }

    /// Delivery reports through the durable queue.
    pub fn reporting_to(mut self, reports: impl Into<Option<DeliveryReports>>) -> Self {
        self.reports = reports.into();
        self
    }

    /// Keep each issued certificate's content for the printer.
    pub fn keeping_certificates(mut self, issued: Issued) -> Self {
        self.issued = Some(issued);
        self
    }

    /// How many registry sessions are open (for tests: none after an end).
    pub fn open_sessions(&self) -> usize {
        self.tokens.lock().map(|t| t.len()).unwrap_or(0)
    }
}

fn token(tokens: &Tokens, session: u64) -> Option<api::SessionToken> {
    tokens.lock().ok().and_then(|t| t.get(&session).cloned())
}

/// Run a registry call; its outcome is the flow event.
fn call<F>(future: F) -> Task<Event>
where
    F: std::future::Future<Output = Event> + Send + 'static,
{
    Task::future(future)
}

fn rejected(error: &RegistryError) -> Option<ErrorCode> {
    error.code()
}

fn card_verdict(status: api::CardStatus) -> CardVerdict {
    match status {
        api::CardStatus::Valid => CardVerdict::Valid {
            birth_date: None,
            finger: None,
        },
        api::CardStatus::Blocked => CardVerdict::Blocked,
        api::CardStatus::Expired => CardVerdict::Expired,
        api::CardStatus::Unknown => CardVerdict::Unknown,
    }
}

fn card_error(error: &RegistryError) -> Event {
    match rejected(error) {
        Some(ErrorCode::CardUnknown) => Event::CardChecked(CardVerdict::Unknown),
        Some(ErrorCode::CardBlocked) => Event::CardChecked(CardVerdict::Blocked),
        Some(ErrorCode::CardExpired) => Event::CardChecked(CardVerdict::Expired),
        _ => Event::ServiceFailed,
    }
}

fn key_error(error: &RegistryError) -> Event {
    match rejected(error) {
        Some(ErrorCode::TooYoung) => Event::KeyIssued(KeyOutcome::TooYoung),
        Some(ErrorCode::KeyAlreadyExists) => Event::KeyIssued(KeyOutcome::AlreadyHasKey),
        Some(ErrorCode::NoKey) => Event::KeyIssued(KeyOutcome::NoKeyYet),
        _ => Event::ServiceFailed,
    }
}

fn activation_error(error: &RegistryError) -> Event {
    let outcome = match error {
        RegistryError::Rejected(e) => match e.code {
            ErrorCode::ActivationCodeWrong => ActivationOutcome::WrongCode {
                remaining: e.tries_left.unwrap_or(1),
            },
            ErrorCode::ActivationCodeBlocked
            | ErrorCode::NoActivationCode
            | ErrorCode::ActivationCodeExpired => ActivationOutcome::CodeBlocked,
            ErrorCode::ActivationCodeUsed => ActivationOutcome::CodeUsed,
            ErrorCode::PasswordPolicy => ActivationOutcome::PasswordRejected,
            _ => return Event::ServiceFailed,
        },
        _ => return Event::ServiceFailed,
    };
    Event::Activation(outcome)
}

/// Clients whose health is probed, by probe name (base URL and number): a subscription's worker
/// receives only hashable data, so it finds its client here.
static PROBED: Mutex<Option<HashMap<String, Client>>> = Mutex::new(None);

/// How often the registry's health is asked.
const PROBE_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Whether the registry answers, as the flow hears it.
pub async fn health(client: &Client) -> Event {
    let available = client.health().await.is_ok();
    Event::Availability {
        service: Service::Backend,
        available,
    }
}

#[allow(clippy::ptr_arg)] // `Subscription::run_with` hands back `&D`, here a String.
fn health_probe(probe: &String) -> impl iced::futures::Stream<Item = Event> {
    let client = PROBED
        .lock()
        .ok()
        .and_then(|c| c.as_ref().and_then(|c| c.get(probe).cloned()));
    iced::stream::channel(
        4,
        async move |mut output: iced::futures::channel::mpsc::Sender<Event>| {
            use iced::futures::SinkExt;
            let Some(client) = client else {
                return;
            };
            let mut last = None;
            loop {
                let event = health(&client).await;
                // Only changes are news; the menu does not need a tick every 15 s.
                if last.as_ref() != Some(&event) {
                    last = Some(event.clone());
                    if output.send(event).await.is_err() {
                        return;
                    }
                }
                tokio::time::sleep(PROBE_EVERY).await;
            }
        },
    )
}

impl<O: Effects> Effects for RegistryEffects<O> {
    fn perform(&mut self, session: u64, command: Command) -> Task<Event> {
        let client = self.client.clone();
        let tokens = self.tokens.clone();
        let unanswered = self.unanswered.clone();
        match command {
            Command::VerifyCard { run, document } => call(async move {
                let Ok(run) = api::Run::parse(run.expose()) else {
                    return Event::CardChecked(CardVerdict::Unknown);
                };
                let serial = api::Personal::new(document.expose());
                let request = api::CardVerifyRequest {
                    run: run.clone(),
                    serial: serial.clone(),
                };
                let (status, finger) = match client.verify_card(&request).await {
                    Ok(answer) => (answer.status, answer.finger),
                    Err(error) => return card_error(&error),
                };
                if status != api::CardStatus::Valid {
                    return Event::CardChecked(card_verdict(status));
                }
                match client
                    .open_session(&api::OpenSessionRequest { run, serial })
                    .await
                {
                    Ok(opened) => {
                        if let Ok(mut t) = tokens.lock() {
                            t.insert(session, opened.token);
                        }
                        Event::CardChecked(CardVerdict::Valid {
                            birth_date: None,
                            // The registry names the finger it matches.
                            finger: finger.and_then(|f| Finger::from_index(f.index())),
                        })
                    }
                    Err(error) => card_error(&error),
                }
            }),
            Command::VerifyFinger { template, .. } => call(async move {
                let Some(token) = token(&tokens, session) else {
                    return Event::ServiceFailed;
                };
                let request = api::FingerprintRequest {
                    template: api::Template::new(template.expose().to_vec()),
                };
                match client.verify_fingerprint(&token, &request).await {
                    Ok(result) => Event::FingerChecked(match result.verdict {
                        api::Verdict::Match => FingerVerdict::Match,
                        _ if result.tries_left == 0 => FingerVerdict::TooManyTries,
                        _ => FingerVerdict::NoMatch,
                    }),
                    Err(error) => match rejected(&error) {
                        Some(ErrorCode::FingerprintTriesExhausted) => {
                            Event::FingerChecked(FingerVerdict::TooManyTries)
                        }
                        Some(ErrorCode::TemplateInvalid) => {
                            Event::FingerChecked(FingerVerdict::NoMatch)
                        }
                        _ => Event::ServiceFailed,
                    },
                }
            }),
            Command::IssueKey { email, .. } => call(async move {
                let Some(token) = token(&tokens, session) else {
                    return Event::ServiceFailed;
                };
                let request = api::IssueKeyRequest {
                    recovery_email: api::Personal::new(email.expose()),
                };
                let endpoint = api::paths::KEY_ISSUE;
                let key = unanswered.key(session, endpoint, &request);
                let answer = client.issue_key_with_key(&token, &request, &key).await;
                unanswered.settle(session, endpoint, &request, key, &answer);
                match answer {
                    Ok(issued) => Event::KeyIssued(KeyOutcome::Issued {
                        code: Secret::new(issued.activation_code.as_str()),
                    }),
                    Err(error) => key_error(&error),
                }
            }),
            Command::RecoverKey { .. } => call(async move {
                let Some(token) = token(&tokens, session) else {
                    return Event::ServiceFailed;
                };
                match client.recover_key(&token).await {
                    Ok(issued) => Event::KeyIssued(KeyOutcome::Issued {
                        code: Secret::new(issued.activation_code.as_str()),
                    }),
                    Err(error) => key_error(&error),
                }
            }),
            Command::Activate { code, password, .. } => call(async move {
                let Some(token) = token(&tokens, session) else {
                    return Event::ServiceFailed;
                };
                // The flow only sends six letters; a code the parser refuses is wrong.
                let Ok(activation_code) = api::ActivationCode::parse(code.expose()) else {
                    return Event::Activation(ActivationOutcome::WrongCode { remaining: 1 });
                };
                let request = api::ActivateRequest {
                    activation_code,
                    new_password: api::Password::new(password.expose()),
                };
                match client.activate_key(&token, &request).await {
                    Ok(_) => Event::Activation(ActivationOutcome::Activated),
                    Err(error) => activation_error(&error),
                }
            }),
            command @ (Command::IssueCertificate { .. }
            | Command::IssueEntityCertificate { .. }) => {
                let store = self.issued.clone();
                let request = certificate_request(command);
                call(async move {
                    let Some(request) = request else {
                        return Event::CertificateIssued(CertificateOutcome::NotFound);
                    };
                    let token = token(&tokens, session);
                    let endpoint = api::paths::CERTIFICATES;
                    let key = unanswered.key(session, endpoint, &request);
                    let answer = client
                        .issue_certificate_with_key(token.as_ref(), &request, &key)
                        .await;
                    unanswered.settle(session, endpoint, &request, key, &answer);
                    match answer {
                        Ok(certificate) => {
                            let folio = certificate.folio.to_string();
                            if let Some(Ok(mut store)) = store.as_ref().map(|s| s.lock()) {
                                store.insert(folio.clone(), certificate);
                            }
                            Event::CertificateIssued(CertificateOutcome::Issued { folio })
                        }
                        Err(error) => match rejected(&error) {
                            Some(ErrorCode::NoRecord | ErrorCode::SubjectUnknown) => {
                                Event::CertificateIssued(CertificateOutcome::NotFound)
                            }
                            _ => Event::ServiceFailed,
                        },
                    }
                })
            }
            Command::CheckCertificate { folio, code } => call(async move {
                // The flow sends digits only; anything else names no certificate.
                let Ok(folio) = folio.parse::<u64>() else {
                    return Event::CertificateChecked(CheckOutcome::NotFound);
                };
                match client.verify_certificate(folio, &code).await {
                    Ok(found) => Event::CertificateChecked(checked(found)),
                    Err(error) => match rejected(&error) {
                        Some(ErrorCode::CertificateNotFound) => {
                            Event::CertificateChecked(CheckOutcome::NotFound)
                        }
                        Some(ErrorCode::CertificateExpired) => {
                            Event::CertificateChecked(CheckOutcome::NotValid)
                        }
                        _ => Event::ServiceFailed,
                    },
                }
            }),
            Command::ReportDelivery { folio, delivered } => {
                let Ok(folio) = folio.parse::<u64>() else {
                    return Task::none();
                };
                if let Some(reports) = self.reports.clone() {
                    // Kept on disk first; sent now, and by the reporter until
                    // the registry takes it if now does not work.
                    let Some(report) = reports.record(&folio.to_string(), delivered, None) else {
                        return Task::none();
                    };
                    return Task::future(async move {
                        if reports.outbox().deliver(&client, &report).await.is_err() {
                            reports.nudge();
                        }
                    })
                    .discard();
                }
                let report = api::DeliveryReport {
                    outcome: if delivered {
                        api::Delivery::Printed
                    } else {
                        api::Delivery::Failed
                    },
                    detail: None,
                    at: None,
                };
                // No queue (tests, a kiosk whose disk refused it): sent once,
                // with the client's retries.
                Task::future(async move {
                    let _ = client.report_delivery(folio, &report).await;
                })
                .discard()
            }
            Command::EndSession { outcome } => {
                self.unanswered.forget(session);
                let open = self.tokens.lock().ok().and_then(|mut t| t.remove(&session));
                let mut tasks = vec![self
                    .others
                    .perform(session, Command::EndSession { outcome })];
                if let Some(token) = open {
                    tasks.push(
                        Task::future(async move {
                            let _ = client.close_session(&token).await;
                        })
                        .discard(),
                    );
                }
                Task::batch(tasks)
            }
            other => self.others.perform(session, other),
        }
    }

    fn subscription(&self) -> Subscription<Event> {
        if let Ok(mut clients) = PROBED.lock() {
            let clients = clients.get_or_insert_with(HashMap::new);
            if !clients.contains_key(&self.probe) {
                // An earlier client for the same registry (before a reload)
                // is not probed again.
                let url = self.client.base_url();
                clients.retain(|probe, _| probe.rsplit_once(" #").map(|(u, _)| u) != Some(url));
                clients.insert(self.probe.clone(), self.client.clone());
            }
        }
        Subscription::batch([
            Subscription::run_with(self.probe.clone(), health_probe),
            self.others.subscription(),
        ])
    }

    fn present(&self) -> Vec<Service> {
        // The registry is here; the devices and the printer are the others'.
        let mut present = self.others.present();
        present.push(Service::Backend);
        present
    }
}

/// The registry's request for a certificate command: a person's RUN, an
/// entity's RUT or its registration number. None when the number does not
/// parse (the flow only sends checked ones).
fn certificate_request(command: Command) -> Option<api::IssueCertificateRequest> {
    match command {
        Command::IssueCertificate { kind, for_run } => api::Run::parse(for_run.expose())
            .ok()
            .map(|run| api::IssueCertificateRequest::for_run(kind, run)),
        Command::IssueEntityCertificate { kind, entity } => match entity {
            EntityNumber::Registration(number) => Some(
                api::IssueCertificateRequest::for_entity_registration(kind, number),
            ),
            EntityNumber::Rut(rut) => api::Run::parse(&rut)
                .ok()
                .map(|run| api::IssueCertificateRequest::for_run(kind, run)),
        },
        _ => None,
    }
}

/// What the kiosk shows of a certificate the registry found.
fn checked(found: api::CertificateVerification) -> CheckOutcome {
    use chrono::Datelike;
    let day = found.issued_at.date_naive();
    CheckOutcome::Genuine(CheckedCertificate {
        folio: found.folio.to_string(),
        title: found.title_es.clone(),
        issued_on: totem_flow::Date::new(day.year(), day.month() as u8, day.day() as u8),
        subject_masked: Secret::new(found.subject_name_masked.as_str()),
        delivered: found.delivery == api::Delivery::Printed,
    })
}
