//! The registry's rules, one function per operation, each inside the
//! caller's transaction. They return the response body or an [`ApiError`];
//! both are stored under the request's idempotency key by the caller.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::Rng;
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use totem_document::{ActivationCode, PasswordPolicy, Run};
use totem_registry::api::{self, ApiError, ErrorCode as E, Personal, Subject};
use totem_sim_people::{age_on, finger_template, similarity};

use crate::{catalog, db::FOLIO_BASE};

/// The knobs of the rules.
#[derive(Debug, Clone)]
pub struct Rules {
    /// How long a session token lives after it is opened.
    pub session_ttl: Duration,
    /// How long an activation code stays valid.
    pub code_ttl: Duration,
    /// Similarity at or above which a fingerprint matches.
    pub fingerprint_threshold: f64,
    /// Base of the printed verification URL.
    pub verification_url: String,
    /// How long an issued certificate may wait for the kiosk's delivery
    /// report. Past that, a `pending` certificate becomes `expired`: nobody
    /// is presumed to hold it, and it does not verify. Longer than a session
    /// (a kiosk's in-session retry must still find it pending).
    pub pending_ttl: Duration,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            session_ttl: Duration::minutes(10),
            code_ttl: Duration::hours(24),
            fingerprint_threshold: 0.6,
            verification_url: "https://verificacion.registro.example/certificado".into(),
            pending_ttl: Duration::minutes(30),
        }
    }
}

/// What the matcher says about itself, in every fingerprint answer.
pub const MATCHER: &str = "simulated: byte similarity against the enrolled synthetic template \
     of the enrolled finger (finger_template(run, finger)); not biometrics";

/// One request's context.
pub struct Ctx<'a> {
    pub now: DateTime<Utc>,
    pub kiosk_id: &'a str,
    /// The bearer token, when the request had one.
    pub token: Option<&'a str>,
    pub rules: &'a Rules,
}

impl Ctx<'_> {
    fn today(&self) -> NaiveDate {
        self.now.date_naive()
    }
}

/// Why an operation did not answer normally.
#[derive(Debug)]
pub enum Fail {
    /// A rule said no: answered and stored like a success.
    Api(ApiError),
    /// Storage failed: rolled back, answered 500, not stored.
    Internal(anyhow::Error),
}

impl From<ApiError> for Fail {
    fn from(e: ApiError) -> Self {
        Fail::Api(e)
    }
}
impl From<E> for Fail {
    fn from(e: E) -> Self {
        Fail::Api(ApiError::new(e))
    }
}
impl From<rusqlite::Error> for Fail {
    fn from(e: rusqlite::Error) -> Self {
        Fail::Internal(e.into())
    }
}
impl From<serde_json::Error> for Fail {
    fn from(e: serde_json::Error) -> Self {
        Fail::Internal(e.into())
    }
}

pub type Res<T> = Result<T, Fail>;

pub fn sha256_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_be_bytes());
        h.update(p);
    }
    hex::encode(h.finalize())
}

fn date(text: &str) -> Res<NaiveDate> {
    text.parse()
        .map_err(|e| Fail::Internal(anyhow::anyhow!("bad date in the registry: {e}")))
}

fn time(text: &str) -> Res<DateTime<Utc>> {
    text.parse()
        .map_err(|e| Fail::Internal(anyhow::anyhow!("bad time in the registry: {e}")))
}

// ------------------------------------------------------------------ citizens

struct CitizenRow {
    run_body: u32,
    given_names: String,
    father_surname: String,
    mother_surname: String,
    sex: String,
    birth_date: NaiveDate,
    birth_comuna: String,
    father_name: String,
    mother_name: String,
    card_serial: String,
    card_state: String,
    card_expiry: NaiveDate,
    deceased_date: Option<String>,
    death_cause: Option<String>,
    spouse_run: Option<u32>,
    marriage_date: Option<String>,
    union_run: Option<u32>,
    union_date: Option<String>,
    disability: bool,
    has_key: bool,
    recovery_email: Option<String>,
}

impl CitizenRow {
    fn surnames(&self) -> String {
        format!("{} {}", self.father_surname, self.mother_surname)
    }
    fn full_name(&self) -> String {
        format!("{} {}", self.given_names, self.surnames())
    }
    fn run(&self) -> Run {
        Run::from_body(self.run_body)
    }
}

fn citizen(tx: &Transaction, run_body: u32) -> Res<Option<CitizenRow>> {
    let row = tx
        .query_row(
            "SELECT run_body, given_names, father_surname, mother_surname, sex, birth_date,
                birth_comuna, father_name, mother_name, card_serial, card_state, card_expiry,
                deceased_date, death_cause, spouse_run, marriage_date, union_run, union_date,
                disability, has_key, recovery_email
             FROM citizens WHERE run_body = ?1",
            [run_body],
            |r| {
                Ok((
                    CitizenRow {
                        run_body: r.get(0)?,
                        given_names: r.get(1)?,
                        father_surname: r.get(2)?,
                        mother_surname: r.get(3)?,
                        sex: r.get(4)?,
                        birth_date: NaiveDate::MIN,
                        birth_comuna: r.get(6)?,
                        father_name: r.get(7)?,
                        mother_name: r.get(8)?,
                        card_serial: r.get(9)?,
                        card_state: r.get(10)?,
                        card_expiry: NaiveDate::MIN,
                        deceased_date: r.get(12)?,
                        death_cause: r.get(13)?,
                        spouse_run: r.get(14)?,
                        marriage_date: r.get(15)?,
                        union_run: r.get(16)?,
                        union_date: r.get(17)?,
                        disability: r.get(18)?,
                        has_key: r.get(19)?,
                        recovery_email: r.get(20)?,
                    },
                    r.get::<_, String>(5)?,
                    r.get::<_, String>(11)?,
                ))
            },
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((mut c, birth, expiry)) => {
            c.birth_date = date(&birth)?;
            c.card_expiry = date(&expiry)?;
            Ok(Some(c))
        }
    }
}

fn card_status(c: Option<&CitizenRow>, serial: &str, today: NaiveDate) -> api::CardStatus {
    use api::CardStatus as S;
    let Some(c) = c else { return S::Unknown };
    // Serials compare without case or blanks: scanners differ.
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect()
    };
    if norm(&c.card_serial) != norm(serial) {
        return S::Unknown;
    }
    if c.card_state == "blocked" || c.deceased_date.is_some() {
        S::Blocked
    } else if c.card_state == "expired" || c.card_expiry < today {
        S::Expired
    } else {
        S::Valid
    }
}

pub fn verify_card(
    tx: &Transaction,
    ctx: &Ctx,
    req: &api::CardVerifyRequest,
) -> Res<api::CardVerifyResponse> {
    let c = citizen(tx, req.run.body())?;
    let status = card_status(c.as_ref(), &req.serial, ctx.today());
    let finger = match status {
        api::CardStatus::Valid => {
            api::FingerPosition::from_index(enrolled_finger(tx, req.run.body())?)
        }
        _ => None,
    };
    Ok(api::CardVerifyResponse { status, finger })
}

/// The finger the registry holds for this person (0..9, 1 = right index):
/// the one it names to the kiosk and matches against.
fn enrolled_finger(tx: &Transaction, run_body: u32) -> Res<u8> {
    Ok(tx
        .query_row(
            "SELECT finger FROM citizens WHERE run_body = ?1",
            [run_body],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(1))
}

// ------------------------------------------------------------------ sessions

struct SessionRow {
    token_hash: String,
    run_body: u32,
    expires_at: DateTime<Utc>,
    identified: bool,
    wrong_fingerprints: u8,
}

fn session(tx: &Transaction, ctx: &Ctx) -> Res<SessionRow> {
    let token = ctx.token.ok_or(E::SessionMissing)?;
    let hash = sha256_hex(&[token.as_bytes()]);
    let row = tx
        .query_row(
            "SELECT run_body, expires_at, identified, wrong_fingerprints, closed
             FROM sessions WHERE token_hash = ?1",
            [&hash],
            |r| {
                Ok((
                    r.get::<_, u32>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, bool>(2)?,
                    r.get::<_, u8>(3)?,
                    r.get::<_, bool>(4)?,
                ))
            },
        )
        .optional()?;
    let Some((run_body, expires, identified, wrong, closed)) = row else {
        return Err(E::SessionExpired.into());
    };
    let expires_at = time(&expires)?;
    if closed || expires_at <= ctx.now {
        return Err(E::SessionExpired.into());
    }
    Ok(SessionRow {
        token_hash: hash,
        run_body,
        expires_at,
        identified,
        wrong_fingerprints: wrong,
    })
}

fn identified(tx: &Transaction, ctx: &Ctx) -> Res<(SessionRow, CitizenRow)> {
    let s = session(tx, ctx)?;
    if !s.identified {
        return Err(E::NotIdentified.into());
    }
    let c = citizen(tx, s.run_body)?.ok_or(E::SessionExpired)?;
    Ok((s, c))
}

pub fn open_session(
    tx: &Transaction,
    ctx: &Ctx,
    req: &api::OpenSessionRequest,
) -> Res<api::SessionOpened> {
    let c = citizen(tx, req.run.body())?;
    match card_status(c.as_ref(), &req.serial, ctx.today()) {
        api::CardStatus::Valid => {}
        api::CardStatus::Blocked => return Err(E::CardBlocked.into()),
        api::CardStatus::Expired => return Err(E::CardExpired.into()),
        api::CardStatus::Unknown => return Err(E::CardUnknown.into()),
    }
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let expires_at = ctx.now + ctx.rules.session_ttl;
    tx.execute(
        "INSERT INTO sessions (token_hash, run_body, kiosk_id, opened_at, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            sha256_hex(&[token.as_bytes()]),
            req.run.body(),
            ctx.kiosk_id,
            ctx.now.to_rfc3339(),
            expires_at.to_rfc3339()
        ],
    )?;
    Ok(api::SessionOpened {
        token: api::SessionToken::new(token),
        expires_at,
        fingerprint_tries_left: api::FINGERPRINT_TRIES,
    })
}

pub fn session_state(tx: &Transaction, ctx: &Ctx) -> Res<api::SessionState> {
    let s = session(tx, ctx)?;
    Ok(api::SessionState {
        identified: s.identified,
        expires_at: s.expires_at,
        fingerprint_tries_left: api::FINGERPRINT_TRIES.saturating_sub(s.wrong_fingerprints),
    })
}

pub fn close_session(tx: &Transaction, ctx: &Ctx) -> Res<()> {
    // Closing twice, or an expired session, is fine: the outcome is the same.
    if let Some(token) = ctx.token {
        tx.execute(
            "UPDATE sessions SET closed = 1 WHERE token_hash = ?1",
            [sha256_hex(&[token.as_bytes()])],
        )?;
    }
    Ok(())
}

fn holder(c: &CitizenRow, today: NaiveDate) -> api::Holder {
    let age = age_on(c.birth_date, today);
    api::Holder {
        given_names: c.given_names.as_str().into(),
        surnames: c.surnames().into(),
        age,
        has_key: c.has_key,
        may_get_key: age >= api::MIN_KEY_AGE,
        recovery_email_masked: c
            .recovery_email
            .as_deref()
            .map(|e| api::mask_email(e).into()),
    }
}

pub fn fingerprint(
    tx: &Transaction,
    ctx: &Ctx,
    req: &api::FingerprintRequest,
) -> Res<api::FingerprintResult> {
    let s = session(tx, ctx)?;
    if s.wrong_fingerprints >= api::FINGERPRINT_TRIES {
        return Err(E::FingerprintTriesExhausted.into());
    }
    if req.template.as_bytes().len() != api::TEMPLATE_LEN {
        return Err(E::TemplateInvalid.into());
    }
    let enrolled = finger_template(s.run_body, enrolled_finger(tx, s.run_body)?);
    let score = similarity(&enrolled, req.template.as_bytes());
    let threshold = ctx.rules.fingerprint_threshold;
    let matched = score >= threshold;
    let wrong = if matched {
        s.wrong_fingerprints
    } else {
        s.wrong_fingerprints + 1
    };
    tx.execute(
        "UPDATE sessions SET identified = MAX(identified, ?1), wrong_fingerprints = ?2
         WHERE token_hash = ?3",
        params![matched, wrong, s.token_hash],
    )?;
    let holder = if matched {
        citizen(tx, s.run_body)?.map(|c| holder(&c, ctx.today()))
    } else {
        None
    };
    Ok(api::FingerprintResult {
        score,
        threshold,
        verdict: if matched {
            api::Verdict::Match
        } else {
            api::Verdict::NoMatch
        },
        tries_left: api::FINGERPRINT_TRIES.saturating_sub(wrong),
        matcher: MATCHER.into(),
        holder,
    })
}

// ------------------------------------------------------------------ ClaveÚnica

fn new_code(tx: &Transaction, ctx: &Ctx, run_body: u32) -> Res<(ActivationCode, DateTime<Utc>)> {
    // Any earlier code stops working: only the newest can activate.
    tx.execute(
        "UPDATE activation_codes SET state = 'superseded' WHERE run_body = ?1 AND state = 'active'",
        [run_body],
    )?;
    let mut rng = rand::thread_rng();
    let letters: String = (0..ActivationCode::LEN)
        .map(|_| char::from(rng.gen_range(b'A'..=b'Z')))
        .collect();
    let code = ActivationCode::parse(&letters)
        .map_err(|e| Fail::Internal(anyhow::anyhow!("generated code: {e}")))?;
    let expires_at = ctx.now + ctx.rules.code_ttl;
    tx.execute(
        "INSERT INTO activation_codes (run_body, code_hash, issued_at, expires_at, state)
         VALUES (?1, ?2, ?3, ?4, 'active')",
        params![
            run_body,
            code_hash(run_body, &code),
            ctx.now.to_rfc3339(),
            expires_at.to_rfc3339()
        ],
    )?;
    Ok((code, expires_at))
}

fn code_hash(run_body: u32, code: &ActivationCode) -> String {
    sha256_hex(&[&run_body.to_be_bytes(), code.as_str().as_bytes()])
}

/// Good enough for a registry's form: one `@`, something before, a dotted
/// domain after, no blanks, ASCII, reasonable length.
pub fn email_ok(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && email.is_ascii()
        && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        && !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
}

pub fn issue_key(tx: &Transaction, ctx: &Ctx, req: &api::IssueKeyRequest) -> Res<api::KeyIssued> {
    let (_, c) = identified(tx, ctx)?;
    if age_on(c.birth_date, ctx.today()) < api::MIN_KEY_AGE {
        return Err(E::TooYoung.into());
    }
    if c.has_key {
        return Err(E::KeyAlreadyExists.into());
    }
    let email = req.recovery_email.trim();
    if !email_ok(email) {
        return Err(E::EmailInvalid.into());
    }
    // The account exists from now on, pending activation with the code.
    tx.execute(
        "UPDATE citizens SET has_key = 1, recovery_email = ?1 WHERE run_body = ?2",
        params![email, c.run_body],
    )?;
    let (code, expires_at) = new_code(tx, ctx, c.run_body)?;
    Ok(api::KeyIssued {
        activation_code: code,
        expires_at,
        recovery_email_masked: api::mask_email(email).into(),
    })
}

pub fn recover_key(tx: &Transaction, ctx: &Ctx) -> Res<api::KeyIssued> {
    let (_, c) = identified(tx, ctx)?;
    if !c.has_key {
        return Err(E::NoKey.into());
    }
    let (code, expires_at) = new_code(tx, ctx, c.run_body)?;
    let masked = c
        .recovery_email
        .as_deref()
        .map(api::mask_email)
        .unwrap_or_default();
    Ok(api::KeyIssued {
        activation_code: code,
        expires_at,
        recovery_email_masked: masked.into(),
    })
}

/// `password_hash` is computed by the caller outside the lock (argon2 is
/// slow on purpose); `None` when the password failed the policy.
pub fn activate(
    tx: &Transaction,
    ctx: &Ctx,
    req: &api::ActivateRequest,
    password_hash: Option<&str>,
) -> Res<api::Activated> {
    let (_, c) = identified(tx, ctx)?;
    if !PasswordPolicy::check(req.new_password.as_str()).all_ok() {
        return Err(E::PasswordPolicy.into());
    }
    let Some(password_hash) = password_hash else {
        return Err(E::PasswordPolicy.into());
    };
    let typed = code_hash(c.run_body, &req.activation_code);
    let active = tx
        .query_row(
            "SELECT id, code_hash, expires_at, wrong_tries FROM activation_codes
             WHERE run_body = ?1 AND state = 'active' ORDER BY id DESC LIMIT 1",
            [c.run_body],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, u8>(3)?,
                ))
            },
        )
        .optional()?;
    let Some((id, hash, expires, wrong)) = active else {
        // No live code: say why, as precisely as the records allow.
        let used = tx
            .query_row(
                "SELECT 1 FROM activation_codes WHERE run_body = ?1 AND code_hash = ?2 AND state = 'used'",
                params![c.run_body, typed],
                |_| Ok(()),
            )
            .optional()?;
        if used.is_some() {
            return Err(E::ActivationCodeUsed.into());
        }
        let latest: Option<String> = tx
            .query_row(
                "SELECT state FROM activation_codes WHERE run_body = ?1 ORDER BY id DESC LIMIT 1",
                [c.run_body],
                |r| r.get(0),
            )
            .optional()?;
        return Err(match latest.as_deref() {
            Some("blocked") => E::ActivationCodeBlocked,
            _ => E::NoActivationCode,
        }
        .into());
    };
    if time(&expires)? <= ctx.now {
        return Err(E::ActivationCodeExpired.into());
    }
    if hash != typed {
        let wrong = wrong + 1;
        if wrong >= api::ACTIVATION_CODE_TRIES {
            tx.execute(
                "UPDATE activation_codes SET wrong_tries = ?1, state = 'blocked' WHERE id = ?2",
                params![wrong, id],
            )?;
            return Err(E::ActivationCodeBlocked.into());
        }
        tx.execute(
            "UPDATE activation_codes SET wrong_tries = ?1 WHERE id = ?2",
            params![wrong, id],
        )?;
        return Err(ApiError::new(E::ActivationCodeWrong)
            .with_tries_left(api::ACTIVATION_CODE_TRIES - wrong)
            .into());
    }
    tx.execute(
        "UPDATE activation_codes SET state = 'used' WHERE id = ?1",
        [id],
    )?;
    tx.execute(
        "UPDATE citizens SET password_hash = ?1, key_activated_at = ?2 WHERE run_body = ?3",
        params![password_hash, ctx.now.to_rfc3339(), c.run_body],
    )?;
    Ok(api::Activated {
        activated_at: ctx.now,
    })
}

// ------------------------------------------------------------------ certificates

fn line(es: &str, en: &str, value: impl Into<String>) -> api::DataLine {
    api::DataLine {
        label_es: es.into(),
        label_en: en.into(),
        value: Personal::new(value.into()),
    }
}

fn fmt_date(text: &str) -> String {
    text.parse::<NaiveDate>()
        .map(api::format_date)
        .unwrap_or_else(|_| text.to_string())
}

fn name_of(tx: &Transaction, run_body: Option<u32>) -> Res<String> {
    Ok(match run_body {
        Some(b) => citizen(tx, b)?.map(|c| c.full_name()).unwrap_or_default(),
        None => String::new(),
    })
}

pub fn issue_certificate(
    tx: &Transaction,
    ctx: &Ctx,
    req: &api::IssueCertificateRequest,
) -> Res<api::IssuedCertificate> {
    let entry = catalog::find(&req.kind).ok_or(E::CertificateKindUnknown)?;
    let requester = match ctx.token {
        Some(_) => Some(identified(tx, ctx)?.1),
        None => None,
    };
    let entity = entry.subject == Subject::Entity;
    // One way to name the subject: a RUN / RUT, or (entities only) a
    // registration number.
    let subject_run = match (&req.subject_run, req.entity_registration) {
        (Some(run), None) => Some(run.clone()),
        (None, Some(_)) if entity => None,
        _ => return Err(E::BadRequest.into()),
    };
    if entry.holder_only
        && requester.as_ref().map(|c| c.run_body) != subject_run.as_ref().map(Run::body)
    {
        return Err(E::HolderOnly.into());
    }
    let (_, _, title_es, title_en) = catalog::family_names(&entry.family);
    let (subject_name, subject_run, lines) = if entity {
        // An entity, by its RUT or its registration number; a person's RUN
        // names no entity.
        let (column, number) = match &subject_run {
            Some(run) => ("rut_body", run.body()),
            None => ("registration", req.entity_registration.unwrap_or_default()),
        };
        let org = tx
            .query_row(
                &format!(
                    "SELECT name, registered, board, rut_body, registration
                     FROM organizations WHERE {column} = ?1"
                ),
                [number],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, u32>(3)?,
                        r.get::<_, u32>(4)?,
                    ))
                },
            )
            .optional()?
            .ok_or(E::SubjectUnknown)?;
        let rut = Run::from_body(org.3);
        let mut lines = vec![
            line("Nombre", "Name", org.0.clone()),
            line("RUT", "RUT", rut.to_string()),
            line(
                "N.º de inscripción",
                "Registration number",
                org.4.to_string(),
            ),
            line("Fecha de inscripción", "Registered on", fmt_date(&org.1)),
            line("Estado", "Status", "Vigente"),
        ];
        if entry.kind.ends_with("directorio") {
            let board: Vec<u32> = serde_json::from_str(&org.2)?;
            for (i, b) in board.iter().enumerate() {
                let role = ["Presidente/a", "Secretario/a", "Tesorero/a"]
                    .get(i)
                    .unwrap_or(&"Director/a");
                lines.push(line(role, "Board member", name_of(tx, Some(*b))?));
            }
        }
        (org.0, rut, lines)
    } else {
        let subject_run = subject_run.ok_or(E::BadRequest)?;
        let c = citizen(tx, subject_run.body())?.ok_or(E::SubjectUnknown)?;
        let mut lines = vec![
            line("Nombre", "Name", c.full_name()),
            line("RUN", "RUN", c.run().to_string()),
        ];
        match entry.family.as_str() {
            "nacimiento" => {
                lines.push(line(
                    "Fecha de nacimiento",
                    "Date of birth",
                    api::format_date(c.birth_date),
                ));
                lines.push(line(
                    "Comuna de inscripción",
                    "Registered in",
                    c.birth_comuna.clone(),
                ));
                lines.push(line(
                    "Sexo",
                    "Sex",
                    if c.sex == "F" {
                        "Femenino"
                    } else {
                        "Masculino"
                    },
                ));
                lines.push(line(
                    "Nombre del padre",
                    "Father's name",
                    c.father_name.clone(),
                ));
                lines.push(line(
                    "Nombre de la madre",
                    "Mother's name",
                    c.mother_name.clone(),
                ));
            }
            "matrimonio" => {
                let spouse = c.spouse_run.ok_or(E::NoRecord)?;
                lines.push(line("Cónyuge", "Spouse", name_of(tx, Some(spouse))?));
                lines.push(line(
                    "RUN del cónyuge",
                    "Spouse's RUN",
                    Run::from_body(spouse).to_string(),
                ));
                lines.push(line(
                    "Fecha de celebración",
                    "Date of marriage",
                    fmt_date(c.marriage_date.as_deref().unwrap_or_default()),
                ));
                if entry.kind.ends_with("subinscripciones") {
                    lines.push(line("Subinscripciones", "Annotations", "No registra"));
                }
                if entry.kind.ends_with("cese-de-convivencia") {
                    lines.push(line(
                        "Cese de convivencia",
                        "End of cohabitation",
                        "No registra",
                    ));
                }
            }
            "defuncion" => {
                let died = c.deceased_date.clone().ok_or(E::NoRecord)?;
                lines.push(line("Fecha de defunción", "Date of death", fmt_date(&died)));
                if entry.kind.ends_with("causa-de-muerte") {
                    lines.push(line(
                        "Causa de muerte",
                        "Cause of death",
                        c.death_cause.clone().unwrap_or_default(),
                    ));
                }
            }
            "union-civil" => {
                let partner = c.union_run.ok_or(E::NoRecord)?;
                lines.push(line(
                    "Conviviente civil",
                    "Civil partner",
                    name_of(tx, Some(partner))?,
                ));
                lines.push(line(
                    "Fecha de celebración",
                    "Date of the union",
                    fmt_date(c.union_date.as_deref().unwrap_or_default()),
                ));
            }
            "discapacidad" => {
                if !c.disability {
                    return Err(E::NoRecord.into());
                }
                lines.push(line(
                    "Estado",
                    "Status",
                    "Inscrito/a en el Registro Nacional de la Discapacidad",
                ));
            }
            "antecedentes" => {
                lines.push(line("Anotaciones", "Records", "No registra anotaciones"));
            }
            "hoja-de-vida-conductor" => {
                lines.push(line("Anotaciones", "Records", "No registra anotaciones"));
            }
            _ => {}
        }
        (c.full_name(), subject_run, lines)
    };
    let subject_body = subject_run.body();

    let folio: i64 = tx.query_row(
        "SELECT COALESCE(MAX(folio), ?1) + 1 FROM certificates",
        [FOLIO_BASE],
        |r| r.get(0),
    )?;
    let verification_code = verification_code();
    let content = api::CertificateContent {
        kind: entry.kind.clone(),
        family: entry.family.clone(),
        title_es: title_es.into(),
        title_en: title_en.into(),
        purpose_es: entry.purpose_es.clone(),
        purpose_en: entry.purpose_en.clone(),
        holder_name: requester.as_ref().map(|c| c.full_name().into()),
        subject_name: subject_name.into(),
        subject_run,
        data_lines: lines,
        verification_url: format!(
            "{}?folio={folio}&codigo={verification_code}",
            ctx.rules.verification_url
        ),
    };
    tx.execute(
        "INSERT INTO certificates (folio, kind, subject_run, requester_run, kiosk_id, issued_at,
            verification_code, content)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            folio,
            entry.kind,
            subject_body,
            requester.as_ref().map(|c| c.run_body),
            ctx.kiosk_id,
            ctx.now.to_rfc3339(),
            verification_code,
            serde_json::to_string(&content)?
        ],
    )?;
    Ok(api::IssuedCertificate {
        folio: folio as u64,
        verification_code,
        issued_at: ctx.now,
        content,
    })
}

/// `XXXX-XXXX-XXXX` from an alphabet without look-alikes (no 0/O, 1/I).
fn verification_code() -> String {
    const ALPHABET: &[u8] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut rng = rand::thread_rng();
    let mut out = String::with_capacity(14);
    for i in 0..12 {
        if i > 0 && i % 4 == 0 {
            out.push('-');
        }
        out.push(char::from(ALPHABET[rng.gen_range(0..ALPHABET.len())]));
    }
    out
}

fn delivery_of(text: &str) -> api::Delivery {
    match text {
        "printed" => api::Delivery::Printed,
        "failed" => api::Delivery::Failed,
        "expired" => api::Delivery::Expired,
        _ => api::Delivery::Pending,
    }
}

/// Every `pending` certificate issued `rules.pending_ttl` or longer ago
/// becomes `expired`. Run by the server's sweep, and for one folio before
/// anything reads or changes its state, so the answer is right between
/// sweeps. Returns how many expired.
pub fn expire_pending(
    tx: &Transaction,
    now: DateTime<Utc>,
    rules: &Rules,
    folio: Option<u64>,
) -> Res<usize> {
    // RFC 3339 times in UTC, as every time here is written, sort as text.
    let Some(cutoff) = now.checked_sub_signed(rules.pending_ttl) else {
        return Ok(0);
    };
    let cutoff = cutoff.to_rfc3339();
    let expired = tx.execute(
        "UPDATE certificates SET delivery = 'expired', delivery_detail = 'no delivery report',
            delivered_at = ?1
         WHERE delivery = 'pending' AND issued_at <= ?2 AND (?3 IS NULL OR folio = ?3)",
        params![now.to_rfc3339(), cutoff, folio.map(|f| f as i64)],
    )?;
    if expired > 0 {
        tracing::info!(
            expired,
            "pending certificates expired without a delivery report"
        );
    }
    Ok(expired)
}

/// The state of `folio` now (expiring it first if its time is up), or
/// `certificate_not_found`.
fn delivery_now(tx: &Transaction, ctx: &Ctx, folio: u64) -> Res<String> {
    expire_pending(tx, ctx.now, ctx.rules, Some(folio))?;
    Ok(tx
        .query_row(
            "SELECT delivery FROM certificates WHERE folio = ?1",
            [folio as i64],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(E::CertificateNotFound)?)
}

/// A repeat of `POST /v1/certificates` whose stored answer is `folio`: the
/// kiosk is fetching a certificate whose first answers it lost. Fine while
/// it is pending (or already reported); an expired folio must not be
/// printed now, so the repeat is told `certificate_expired` instead.
pub fn replayed_certificate(tx: &Transaction, ctx: &Ctx, folio: u64) -> Res<()> {
    match delivery_now(tx, ctx, folio)?.as_str() {
        "expired" => Err(E::CertificateExpired.into()),
        _ => Ok(()),
    }
}

pub fn report_delivery(
    tx: &Transaction,
    ctx: &Ctx,
    folio: u64,
    req: &api::DeliveryReport,
) -> Res<api::DeliveryRecorded> {
    let current = delivery_now(tx, ctx, folio)?;
    let new = match req.outcome {
        api::Delivery::Printed => "printed",
        api::Delivery::Failed => "failed",
        api::Delivery::Pending | api::Delivery::Expired => return Err(E::BadRequest.into()),
    };
    let recorded = |delivery: &str| api::DeliveryRecorded {
        folio,
        delivery: delivery_of(delivery),
    };
    match (current.as_str(), new) {
        // Printed is final: a later "failed" (e.g. from a stale spool entry)
        // must not undo a delivery the citizen already has in hand.
        ("printed", "failed") => return Err(E::AlreadyDelivered.into()),
        // The same report again (a kiosk's queue sending it after a restart,
        // under a new key): already so; the first time stays the record.
        ("printed", "printed") => return Ok(recorded("printed")),
        // Expired and not printed: nothing changes, nothing to retry.
        ("expired", "failed") => return Ok(recorded("expired")),
        // A late "printed" for an expired folio: the paper exists (the
        // kiosk kept the report while the registry was unreachable), so the
        // citizen's certificate becomes valid.
        _ => {}
    }
    let detail: Option<String> = req.detail.as_deref().map(|d| d.chars().take(200).collect());
    // When the printer finished, if the kiosk says (a late report), but
    // never before the issue nor in the future.
    let issued_at: String = tx.query_row(
        "SELECT issued_at FROM certificates WHERE folio = ?1",
        [folio as i64],
        |r| r.get(0),
    )?;
    let at = req
        .at
        .unwrap_or(ctx.now)
        .max(time(&issued_at)?)
        .min(ctx.now);
    tx.execute(
        "UPDATE certificates SET delivery = ?1, delivery_detail = ?2, delivered_at = ?3 WHERE folio = ?4",
        params![new, detail, at.to_rfc3339(), folio as i64],
    )?;
    Ok(recorded(new))
}

/// `J. I. Muñoz P.`
fn mask_name(content: &api::CertificateContent) -> String {
    let words: Vec<&str> = content.subject_name.split_whitespace().collect();
    if content.family == "personas-juridicas" || words.len() < 2 {
        return content.subject_name.to_string();
    }
    let (given, surnames) = words.split_at(words.len().saturating_sub(2));
    let initial = |w: &str| {
        w.chars()
            .next()
            .map(|c| format!("{c}."))
            .unwrap_or_default()
    };
    let mut parts: Vec<String> = given.iter().map(|w| initial(w)).collect();
    parts.push(surnames[0].to_string());
    if let Some(m) = surnames.get(1) {
        parts.push(initial(m));
    }
    parts.join(" ")
}

pub fn verify_certificate(
    tx: &Transaction,
    ctx: &Ctx,
    folio: u64,
    code: &str,
) -> Res<api::CertificateVerification> {
    let row = tx
        .query_row(
            "SELECT verification_code, issued_at, content FROM certificates WHERE folio = ?1",
            [folio as i64],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            },
        )
        .optional()?;
    let Some((stored, issued_at, content)) = row else {
        return Err(E::CertificateNotFound.into());
    };
    if !stored.eq_ignore_ascii_case(code.trim()) {
        return Err(E::CertificateNotFound.into());
    }
    let delivery = delivery_now(tx, ctx, folio)?;
    if delivery == "expired" {
        // Nobody was handed this folio: a paper bearing it is not valid.
        return Err(E::CertificateExpired.into());
    }
    let content: api::CertificateContent = serde_json::from_str(&content)?;
    Ok(api::CertificateVerification {
        folio,
        kind: content.kind.clone(),
        title_es: content.title_es.clone(),
        issued_at: time(&issued_at)?,
        subject_name_masked: mask_name(&content).into(),
        delivery: delivery_of(&delivery),
    })
}

// ------------------------------------------------------------------ kiosks

pub fn heartbeat(tx: &Transaction, ctx: &Ctx, req: &api::Heartbeat) -> Res<api::HeartbeatAck> {
    let id: String = req.kiosk_id.chars().take(64).collect();
    tx.execute(
        "INSERT INTO heartbeats (kiosk_id, received, last_at, health) VALUES (?1, 1, ?2, ?3)
         ON CONFLICT(kiosk_id) DO UPDATE SET received = received + 1, last_at = ?2, health = ?3",
        params![
            id,
            ctx.now.to_rfc3339(),
            serde_json::to_string(&req.health)?
        ],
    )?;
    let received: u64 = tx.query_row(
        "SELECT received FROM heartbeats WHERE kiosk_id = ?1",
        [&id],
        |r| r.get(0),
    )?;
    Ok(api::HeartbeatAck {
        server_time: ctx.now,
        received,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_that_a_registry_form_would_refuse_are_refused() {
        assert!(email_ok("jose.munoz@correo.example"));
        for bad in [
            "",
            "jose",
            "@x.cl",
            "jose@",
            "jose@cl",
            "jo se@x.cl",
            "j@x..cl",
            "j@.x.cl",
            "jösé@x.cl",
            "a@b@c.cl",
        ] {
            assert!(!email_ok(bad), "{bad}");
        }
    }

    #[test]
    fn verification_codes_avoid_look_alikes() {
        for _ in 0..100 {
            let code = verification_code();
            assert_eq!(code.len(), 14);
            assert!(!code.contains(['0', 'O', '1', 'I']));
        }
    }
}
