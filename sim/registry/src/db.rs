//! The registry's SQLite file: schema, pragmas and the synthetic seed.
//!
//! Durability: WAL journal with `synchronous=FULL`. In WAL mode `NORMAL`
//! already survives a process crash (kill -9) — the WAL is in the OS's page
//! cache — but may lose the last commits on a power cut. A registry that has
//! told a kiosk "here is your activation code" or "folio 500000123 is yours"
//! must still know it after a power cut, so every commit waits for its fsync.
//! The cost is measured by the load bench (docs/registry.md).

use std::path::Path;

use anyhow::Context;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use totem_sim_people::{Population, DEFAULT_SIZE};

const SCHEMA: &str = r#"
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS citizens (
    run_body        INTEGER PRIMARY KEY,
    given_names     TEXT NOT NULL,
    father_surname  TEXT NOT NULL,
    mother_surname  TEXT NOT NULL,
    sex             TEXT NOT NULL,
    birth_date      TEXT NOT NULL,
    birth_comuna    TEXT NOT NULL,
    father_name     TEXT NOT NULL,
    mother_name     TEXT NOT NULL,
    card_serial     TEXT NOT NULL,
    card_state      TEXT NOT NULL CHECK (card_state IN ('valid', 'expired', 'blocked')),
    card_expiry     TEXT NOT NULL,
    deceased_date   TEXT,
    death_cause     TEXT,
    spouse_run      INTEGER,
    marriage_date   TEXT,
    union_run       INTEGER,
    union_date      TEXT,
    disability      INTEGER NOT NULL DEFAULT 0,
    has_key         INTEGER NOT NULL DEFAULT 0,
    recovery_email  TEXT,
    password_hash   TEXT,
    key_activated_at TEXT,
    finger          INTEGER NOT NULL DEFAULT 1 -- enrolled finger, 0..9 (1 = right index)
);
CREATE TABLE IF NOT EXISTS organizations (
    rut_body   INTEGER PRIMARY KEY,
    registration INTEGER NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    registered TEXT NOT NULL,
    board      TEXT NOT NULL -- JSON array of RUN bodies
);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash         TEXT PRIMARY KEY,
    run_body           INTEGER NOT NULL REFERENCES citizens(run_body),
    kiosk_id           TEXT NOT NULL,
    opened_at          TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    identified         INTEGER NOT NULL DEFAULT 0,
    wrong_fingerprints INTEGER NOT NULL DEFAULT 0,
    closed             INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS activation_codes (
    id          INTEGER PRIMARY KEY,
    run_body    INTEGER NOT NULL REFERENCES citizens(run_body),
    code_hash   TEXT NOT NULL,
    issued_at   TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('active', 'used', 'blocked', 'superseded')),
    wrong_tries INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS activation_codes_run ON activation_codes(run_body, state);
CREATE TABLE IF NOT EXISTS idempotency (
    key         TEXT PRIMARY KEY,
    fingerprint TEXT NOT NULL, -- sha256 of endpoint, token and body
    status      INTEGER NOT NULL,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS idempotency_created ON idempotency(created_at);
CREATE TABLE IF NOT EXISTS heartbeats (
    kiosk_id TEXT PRIMARY KEY,
    received INTEGER NOT NULL,
    last_at  TEXT NOT NULL,
    health   TEXT NOT NULL
);
"#;

/// Certificates. `delivery` starts `pending`; the kiosk reports `printed` or
/// `failed`; a `pending` one that no report reaches within
/// [`Rules::pending_ttl`](crate::Rules) becomes `expired` (see
/// [`crate::rules::expire_pending`]). `delivered_at` is when the state last
/// changed.
const CERTIFICATES: &str = r#"
CREATE TABLE IF NOT EXISTS certificates (
    folio             INTEGER PRIMARY KEY,
    kind              TEXT NOT NULL,
    subject_run       INTEGER NOT NULL,
    requester_run     INTEGER,
    kiosk_id          TEXT NOT NULL,
    issued_at         TEXT NOT NULL,
    verification_code TEXT NOT NULL,
    content           TEXT NOT NULL, -- JSON CertificateContent
    delivery          TEXT NOT NULL DEFAULT 'pending'
                      CHECK (delivery IN ('pending', 'printed', 'failed', 'expired')),
    delivery_detail   TEXT,
    delivered_at      TEXT
);
CREATE INDEX IF NOT EXISTS certificates_delivery ON certificates(delivery, issued_at);
"#;

/// A file made before certificates could expire has a CHECK that refuses
/// `expired`; SQLite cannot alter a CHECK, so the table is copied into the
/// new shape, in one transaction.
fn migrate_certificates(conn: &mut Connection) -> anyhow::Result<()> {
    let sql: Option<String> = conn
        .query_row(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'certificates'",
            [],
            |r| r.get(0),
        )
        .ok();
    if sql.as_deref().is_none_or(|sql| sql.contains("'expired'")) {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute_batch("ALTER TABLE certificates RENAME TO certificates_before_expiry;")?;
    tx.execute_batch(CERTIFICATES)?;
    tx.execute_batch(
        "INSERT INTO certificates SELECT * FROM certificates_before_expiry;
         DROP TABLE certificates_before_expiry;",
    )?;
    tx.commit()
        .context("migrating certificates to the expiring shape")?;
    tracing::info!("certificates table migrated: delivery may now be 'expired'");
    Ok(())
}

/// A file made before the registry named the enrolled finger: every
/// citizen's was the right index.
fn migrate_citizens(conn: &Connection) -> anyhow::Result<()> {
    let has: bool = conn
        .prepare("SELECT 1 FROM pragma_table_info('citizens') WHERE name = 'finger'")?
        .exists([])?;
    if !has {
        conn.execute_batch("ALTER TABLE citizens ADD COLUMN finger INTEGER NOT NULL DEFAULT 1;")?;
    }
    Ok(())
}

/// A file made before entities had a registration number: add the column
/// and number them as the generator does (in RUT order, from 10001 by 101).
fn migrate_organizations(conn: &Connection) -> anyhow::Result<()> {
    let has: bool = conn
        .prepare("SELECT 1 FROM pragma_table_info('organizations') WHERE name = 'registration'")?
        .exists([])?;
    if has {
        return Ok(());
    }
    conn.execute_batch(
        "ALTER TABLE organizations ADD COLUMN registration INTEGER;
         UPDATE organizations SET registration = 10001 + 101 *
             (SELECT COUNT(*) FROM organizations o WHERE o.rut_body < organizations.rut_body);
         CREATE UNIQUE INDEX IF NOT EXISTS organizations_registration
             ON organizations(registration);",
    )?;
    Ok(())
}

/// Folios start here (the first issued is this + 1).
pub const FOLIO_BASE: i64 = 500_000_000;

/// Opens (creating and seeding if new) the registry file.
pub fn open(
    path: &Path,
    seed: u64,
    population: usize,
    today: NaiveDate,
) -> anyhow::Result<Connection> {
    let mut conn = Connection::open(path)
        .with_context(|| format!("opening the registry {}", path.display()))?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))?;
    anyhow::ensure!(
        mode.eq_ignore_ascii_case("wal"),
        "SQLite refused WAL mode (got {mode})"
    );
    conn.execute_batch("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;")?;
    conn.execute_batch(SCHEMA)?;
    migrate_certificates(&mut conn)?;
    migrate_organizations(&conn)?;
    migrate_citizens(&conn)?;
    conn.execute_batch(CERTIFICATES)?;
    let seeded: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'seed'", [], |r| {
            r.get(0)
        })
        .ok();
    if seeded.is_none() {
        seed_population(&mut conn, &Population::generate(seed, today, population))?;
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('seed', ?1), ('seeded_on', ?2), ('population', ?3)",
            params![seed.to_string(), today.to_string(), population.to_string()],
        )?;
    }
    prune(&conn, chrono::Utc::now())?;
    Ok(conn)
}

/// Forgets what no kiosk can ask about any more: stored answers older than
/// a week (a retry comes within seconds) and sessions that ended a day ago.
pub fn prune(conn: &Connection, now: chrono::DateTime<chrono::Utc>) -> anyhow::Result<()> {
    let week_ago = (now - chrono::Duration::days(7)).to_rfc3339();
    let day_ago = (now - chrono::Duration::days(1)).to_rfc3339();
    conn.execute("DELETE FROM idempotency WHERE created_at < ?1", [week_ago])?;
    conn.execute("DELETE FROM sessions WHERE expires_at < ?1", [day_ago])?;
    Ok(())
}

/// Default population size when a caller does not say.
pub const DEFAULT_POPULATION: usize = DEFAULT_SIZE;

fn seed_population(conn: &mut Connection, people: &Population) -> anyhow::Result<()> {
    let tx = conn.transaction()?;
    {
        let mut insert = tx.prepare(
            "INSERT INTO citizens (run_body, given_names, father_surname, mother_surname, sex,
                birth_date, birth_comuna, father_name, mother_name, card_serial, card_state,
                card_expiry, deceased_date, death_cause, spouse_run, marriage_date, union_run,
                union_date, disability, has_key, recovery_email)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21)",
        )?;
        for c in &people.citizens {
            let partner = |u: Option<totem_sim_people::Union>| {
                u.map(|u| (people.citizens[u.partner].run_body, u.since.to_string()))
            };
            let marriage = partner(c.marriage);
            let union = partner(c.civil_union);
            insert.execute(params![
                c.run_body,
                c.given_names,
                c.father_surname,
                c.mother_surname,
                c.sex.letter().to_string(),
                c.birth_date.to_string(),
                c.birth_comuna,
                c.father_name,
                c.mother_name,
                c.card.serial,
                c.card.state.as_str(),
                c.card.expiry.to_string(),
                c.deceased.as_ref().map(|d| d.date.to_string()),
                c.deceased.as_ref().map(|d| d.cause.clone()),
                marriage.as_ref().map(|m| m.0),
                marriage.as_ref().map(|m| m.1.clone()),
                union.as_ref().map(|m| m.0),
                union.as_ref().map(|m| m.1.clone()),
                c.disability_registered,
                c.has_key,
                c.recovery_email,
            ])?;
        }
        let mut org = tx.prepare(
            "INSERT INTO organizations (rut_body, registration, name, registered, board)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for o in &people.organizations {
            let board: Vec<u32> = o
                .board
                .iter()
                .map(|&i| people.citizens[i].run_body)
                .collect();
            org.execute(params![
                o.rut_body,
                o.registration,
                o.name,
                o.registered.to_string(),
                serde_json::to_string(&board)?
            ])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_seeded_once_and_old_answers_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.db");
        let today = chrono::Utc::now().date_naive();
        let conn = open(&path, 1, 50, today).unwrap();
        let count = |c: &Connection| -> i64 {
            c.query_row("SELECT COUNT(*) FROM citizens", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&conn), 50);
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "wal");
        let sync: i64 = conn
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap();
        assert_eq!(sync, 2, "synchronous=FULL");
        let now = chrono::Utc::now();
        for (key, age_days) in [("old", 8), ("recent", 1)] {
            let at = (now - chrono::Duration::days(age_days)).to_rfc3339();
            conn.execute(
                "INSERT INTO idempotency (key, fingerprint, status, body, created_at) VALUES (?1, '', 200, '{}', ?2)",
                params![key, at],
            )
            .unwrap();
        }
        drop(conn);
        // Reopened: not seeded twice; the week-old answer is gone.
        let conn = open(&path, 1, 50, today).unwrap();
        assert_eq!(count(&conn), 50);
        let keys: Vec<String> = conn
            .prepare("SELECT key FROM idempotency")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(keys, ["recent"]);
    }

    #[test]
    fn a_file_from_before_expiry_keeps_its_certificates_and_may_expire_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        {
            let old = Connection::open(&path).unwrap();
            old.execute_batch(&CERTIFICATES.replace(", 'expired'", ""))
                .unwrap();
            old.execute(
                "INSERT INTO certificates (folio, kind, subject_run, kiosk_id, issued_at,
                    verification_code, content) VALUES (500000001, 'k', 1, 'T', 't', 'c', '{}')",
                [],
            )
            .unwrap();
            let refused = old.execute("UPDATE certificates SET delivery = 'expired'", []);
            assert!(refused.is_err(), "the old shape refuses 'expired'");
        }
        let today = chrono::Utc::now().date_naive();
        let conn = open(&path, 1, 5, today).unwrap();
        conn.execute("UPDATE certificates SET delivery = 'expired'", [])
            .unwrap();
        let (folio, delivery): (i64, String) = conn
            .query_row("SELECT folio, delivery FROM certificates", [], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .unwrap();
        assert_eq!((folio, delivery.as_str()), (500_000_001, "expired"));
    }
}
