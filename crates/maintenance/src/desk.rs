//! Maintenance mode as a whole: the PIN gate, the actions a technician can
//! take, and the audit entry each of them leaves. The ui calls this; it
//! decides nothing itself.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use totem_config::MaintenanceSettings;

use crate::audit::{self, AuditError, AuditEvent, AuditHead, AuditLog};
use crate::metrics::Metrics;
use crate::pin::{PinError, PinGate, PinOutcome};

/// Longest out-of-service message kept (it is shown on the attract screen).
pub const MAX_MESSAGE_CHARS: usize = 200;

/// The actions of the dashboard (UX.md, Technicians).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MaintenanceAction {
    /// Capture a finger and show the image to the technician only.
    TestFingerprintCapture,
    /// Cycle the fingerprint reader's LED ring.
    LedTest,
    /// Show the raw text of the last scan read during this maintenance
    /// visit (a test card; a citizen's scan is never kept).
    ShowLastRawScan,
    PrintTestPage,
    PaperRefilled,
    ReloadConfiguration,
    /// Put the kiosk out of service; the message is shown to citizens.
    PutOutOfService {
        message: String,
    },
    BackInService,
    RestartApplication,
    LeaveMaintenance,
}

/// The actions without their data, in dashboard order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionKind {
    TestFingerprintCapture,
    LedTest,
    ShowLastRawScan,
    PrintTestPage,
    PaperRefilled,
    ReloadConfiguration,
    PutOutOfService,
    BackInService,
    RestartApplication,
    LeaveMaintenance,
}

impl ActionKind {
    pub const ALL: [ActionKind; 10] = [
        Self::TestFingerprintCapture,
        Self::LedTest,
        Self::ShowLastRawScan,
        Self::PrintTestPage,
        Self::PaperRefilled,
        Self::ReloadConfiguration,
        Self::PutOutOfService,
        Self::BackInService,
        Self::RestartApplication,
        Self::LeaveMaintenance,
    ];

    /// Stable keyword: the audit detail and a translation key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TestFingerprintCapture => "test_fingerprint_capture",
            Self::LedTest => "led_test",
            Self::ShowLastRawScan => "show_last_raw_scan",
            Self::PrintTestPage => "print_test_page",
            Self::PaperRefilled => "paper_refilled",
            Self::ReloadConfiguration => "reload_configuration",
            Self::PutOutOfService => "put_out_of_service",
            Self::BackInService => "back_in_service",
            Self::RestartApplication => "restart_application",
            Self::LeaveMaintenance => "leave_maintenance",
        }
    }

    /// English label for the technician (the ui may translate by `as_str`).
    pub fn label(self) -> &'static str {
        match self {
            Self::TestFingerprintCapture => "Test fingerprint capture",
            Self::LedTest => "LED test",
            Self::ShowLastRawScan => "Show last raw scan",
            Self::PrintTestPage => "Print a test page",
            Self::PaperRefilled => "Paper refilled",
            Self::ReloadConfiguration => "Reload configuration",
            Self::PutOutOfService => "Put out of service",
            Self::BackInService => "Back in service",
            Self::RestartApplication => "Restart the application",
            Self::LeaveMaintenance => "Leave maintenance",
        }
    }
}

impl MaintenanceAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            Self::TestFingerprintCapture => ActionKind::TestFingerprintCapture,
            Self::LedTest => ActionKind::LedTest,
            Self::ShowLastRawScan => ActionKind::ShowLastRawScan,
            Self::PrintTestPage => ActionKind::PrintTestPage,
            Self::PaperRefilled => ActionKind::PaperRefilled,
            Self::ReloadConfiguration => ActionKind::ReloadConfiguration,
            Self::PutOutOfService { .. } => ActionKind::PutOutOfService,
            Self::BackInService => ActionKind::BackInService,
            Self::RestartApplication => ActionKind::RestartApplication,
            Self::LeaveMaintenance => ActionKind::LeaveMaintenance,
        }
    }

    /// The audit entry this action leaves: event and detail.
    pub fn audit_event(&self) -> (AuditEvent, Option<String>) {
        match self {
            // The attempt; `config_reloaded` follows only if the files loaded.
            Self::PutOutOfService { message } => {
                (AuditEvent::OutOfService, Some(clean_message(message)))
            }
            Self::BackInService => (AuditEvent::BackInService, None),
            Self::LeaveMaintenance => (AuditEvent::MaintenanceLeft, None),
            other => (
                AuditEvent::ActionTaken,
                Some(other.kind().as_str().to_owned()),
            ),
        }
    }
}

fn clean_message(message: &str) -> String {
    message
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_MESSAGE_CHARS)
        .collect()
}

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error(transparent)]
    Pin(#[from] PinError),
    #[error(transparent)]
    Audit(#[from] AuditError),
    #[error("maintenance mode is not open")]
    NotOpen,
    #[error("{0}")]
    NotNow(&'static str),
}

/// What the desk knows; the app keeps one for its lifetime.
pub struct MaintenanceDesk {
    gate: Result<PinGate, PinError>,
    audit: AuditLog,
    metrics: Option<Arc<Metrics>>,
    open: bool,
    out_of_service: Option<String>,
}

impl std::fmt::Debug for MaintenanceDesk {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MaintenanceDesk")
            .field("open", &self.open)
            .field("out_of_service", &self.out_of_service)
            .finish_non_exhaustive()
    }
}

impl MaintenanceDesk {
    /// At start-up: opens the audit log (writing `application_started`) and
    /// the PIN gate. A missing or bad PIN hash does not stop the kiosk: it
    /// only keeps maintenance mode shut ([`MaintenanceDesk::enter`] says
    /// why). An out-of-service state set before a restart is restored from
    /// the audit log.
    pub fn open(
        settings: &MaintenanceSettings,
        kiosk_id: &str,
        metrics: Option<Arc<Metrics>>,
        now: DateTime<Utc>,
    ) -> Result<Self, DeskError> {
        let gate = PinGate::open(settings, now);
        if let Err(e) = &gate {
            tracing::warn!(error = %e, "maintenance entry disabled");
        }
        Self::with_gate(gate, Path::new(&settings.audit_log), kiosk_id, metrics, now)
    }

    /// As [`MaintenanceDesk::open`] with a gate built by the caller.
    pub fn with_gate(
        gate: Result<PinGate, PinError>,
        audit_path: &Path,
        kiosk_id: &str,
        metrics: Option<Arc<Metrics>>,
        now: DateTime<Utc>,
    ) -> Result<Self, DeskError> {
        let out_of_service = restore_out_of_service(audit_path);
        let mut audit = AuditLog::open(audit_path, kiosk_id, now)?;
        audit.append(
            AuditEvent::ApplicationStarted,
            Some(env!("CARGO_PKG_VERSION")),
            now,
        )?;
        let desk = Self {
            gate,
            audit,
            metrics,
            open: false,
            out_of_service,
        };
        desk.publish();
        Ok(desk)
    }

    fn publish(&self) {
        if let Some(m) = &self.metrics {
            m.out_of_service(self.out_of_service.is_some());
            m.maintenance_mode(self.open);
            m.audit_head(self.audit.head().clone());
        }
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// The message citizens see while out of service.
    pub fn out_of_service(&self) -> Option<&str> {
        self.out_of_service.as_deref()
    }

    pub fn audit_head(&self) -> &AuditHead {
        self.audit.head()
    }

    pub fn audit_path(&self) -> &Path {
        self.audit.path()
    }

    /// When PIN entry unlocks, if locked now (the pad shows a countdown).
    pub fn locked_until(&mut self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.gate.as_mut().ok().and_then(|g| g.locked_until(now))
    }

    /// A PIN typed on the pad. Writes `pin_failed`, `lockout` or
    /// `maintenance_entered`.
    pub fn enter(&mut self, pin: &str, now: DateTime<Utc>) -> Result<PinOutcome, DeskError> {
        let gate = match &mut self.gate {
            Ok(g) => g,
            Err(e) => return Err(DeskError::NotNow(not_configured_reason(e))),
        };
        let outcome = gate.check(pin, now)?;
        match outcome {
            PinOutcome::Accepted => {
                self.open = true;
                self.audit
                    .append(AuditEvent::MaintenanceEntered, None, now)?;
            }
            PinOutcome::Rejected { attempts_left } => {
                self.audit.append(
                    AuditEvent::PinFailed,
                    Some(&format!("{attempts_left} left")),
                    now,
                )?;
            }
            PinOutcome::LockedNow { until } => {
                self.audit
                    .append(AuditEvent::PinFailed, Some("0 left"), now)?;
                self.audit.append(
                    AuditEvent::Lockout,
                    Some(&format!("until {}", until.to_rfc3339())),
                    now,
                )?;
                if let Some(m) = &self.metrics {
                    m.pin_lockout();
                }
            }
            PinOutcome::Locked { .. } => {}
        }
        self.publish();
        Ok(outcome)
    }

    /// Whether an action can be taken now, and if not, why (for a greyed
    /// button). Device-dependent reasons come from the dashboard.
    pub fn allowed(&self, kind: ActionKind) -> Result<(), &'static str> {
        if !self.open {
            return Err("maintenance mode is not open");
        }
        match kind {
            ActionKind::PutOutOfService if self.out_of_service.is_some() => {
                Err("already out of service")
            }
            ActionKind::BackInService if self.out_of_service.is_none() => Err("already in service"),
            _ => Ok(()),
        }
    }

    /// Records an action the technician took. The app performs it (it owns
    /// the devices, the printer, the config); this writes the audit line
    /// first, so even an action that crashes the app is on record.
    pub fn act(&mut self, action: &MaintenanceAction, now: DateTime<Utc>) -> Result<(), DeskError> {
        if !self.open {
            return Err(DeskError::NotOpen);
        }
        self.allowed(action.kind()).map_err(DeskError::NotNow)?;
        let (event, detail) = action.audit_event();
        self.audit.append(event, detail.as_deref(), now)?;
        match action {
            MaintenanceAction::PutOutOfService { message } => {
                self.out_of_service = Some(clean_message(message))
            }
            MaintenanceAction::BackInService => self.out_of_service = None,
            MaintenanceAction::LeaveMaintenance => self.open = false,
            _ => {}
        }
        self.publish();
        Ok(())
    }

    /// Leaves maintenance mode (the Leave button, or the inactivity clock).
    pub fn leave(&mut self, now: DateTime<Utc>) -> Result<(), DeskError> {
        if self.open {
            self.act(&MaintenanceAction::LeaveMaintenance, now)?;
        }
        Ok(())
    }

    /// Records that a reload loaded the files: after the dashboard's
    /// `action_taken reload_configuration` (or from elsewhere, e.g. SIGHUP).
    /// `changed` names the parts that changed (`[timeouts]`, ...), never values.
    pub fn config_reloaded(
        &mut self,
        changed: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), DeskError> {
        self.audit
            .append(AuditEvent::ConfigReloaded, changed, now)?;
        self.publish();
        Ok(())
    }
}

fn not_configured_reason(e: &PinError) -> &'static str {
    match e {
        PinError::NotConfigured => "no technician PIN is configured",
        PinError::BadHash(_) => "the technician PIN hash in kiosk.toml is invalid",
        _ => "the PIN lock state cannot be read",
    }
}

/// The last out-of-service / back-in-service entry decides the state after
/// a restart.
fn restore_out_of_service(audit_path: &Path) -> Option<String> {
    let entries = audit::tail(audit_path, usize::MAX / 2).ok()?;
    let last = entries
        .iter()
        .rev()
        .find(|e| e.event == "out_of_service" || e.event == "back_in_service")?;
    (last.event == "out_of_service").then(|| last.detail.clone().unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pin::hash_pin;
    use chrono::TimeZone;
    use std::time::Duration;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 9, 0, 0)
            .single()
            .unwrap()
            + chrono::TimeDelta::minutes(min)
    }

    fn desk(
        dir: &Path,
        hash: &str,
        now: DateTime<Utc>,
        metrics: Option<Arc<Metrics>>,
    ) -> MaintenanceDesk {
        let gate = PinGate::open_at(
            hash,
            5,
            Duration::from_secs(900),
            &dir.join("pin.json"),
            now,
        );
        MaintenanceDesk::with_gate(gate, &dir.join("audit.log"), "TOT-0001", metrics, now).unwrap()
    }

    fn events(dir: &Path) -> Vec<String> {
        audit::tail(&dir.join("audit.log"), 100)
            .unwrap()
            .into_iter()
            .map(|e| e.event)
            .collect()
    }

    #[test]
    fn a_visit_leaves_a_complete_verified_trail() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("2468").unwrap();
        let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
        let mut d = desk(dir.path(), &hash, t(0), Some(Arc::clone(&metrics)));
        assert!(matches!(
            d.act(&MaintenanceAction::LedTest, t(0)),
            Err(DeskError::NotOpen)
        ));
        assert_eq!(
            d.enter("1111", t(1)).unwrap(),
            PinOutcome::Rejected { attempts_left: 4 }
        );
        assert_eq!(d.enter("2468", t(2)).unwrap(), PinOutcome::Accepted);
        assert!(metrics.render().contains("totem_maintenance_mode 1\n"));
        d.act(&MaintenanceAction::LedTest, t(3)).unwrap();
        d.act(&MaintenanceAction::PaperRefilled, t(4)).unwrap();
        d.act(
            &MaintenanceAction::PutOutOfService {
                message: "Sin papel.\nVuelva pronto".into(),
            },
            t(5),
        )
        .unwrap();
        assert_eq!(d.out_of_service(), Some("Sin papel. Vuelva pronto"));
        assert!(matches!(
            d.act(
                &MaintenanceAction::PutOutOfService {
                    message: "x".into()
                },
                t(5)
            ),
            Err(DeskError::NotNow(_))
        ));
        d.leave(t(6)).unwrap();
        assert!(!d.is_open());
        assert_eq!(
            events(dir.path()),
            [
                "application_started",
                "pin_failed",
                "maintenance_entered",
                "action_taken",
                "action_taken",
                "out_of_service",
                "maintenance_left"
            ]
        );
        let summary = audit::verify(&dir.path().join("audit.log")).unwrap();
        assert_eq!(&summary.head, d.audit_head());
        assert!(metrics.render().contains("totem_out_of_service 1\n"));
    }

    #[test]
    fn out_of_service_survives_a_restart_until_back_in_service() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("2468").unwrap();
        let mut d = desk(dir.path(), &hash, t(0), None);
        d.enter("2468", t(1)).unwrap();
        d.act(
            &MaintenanceAction::PutOutOfService {
                message: "Mantención".into(),
            },
            t(2),
        )
        .unwrap();
        drop(d);
        let mut d = desk(dir.path(), &hash, t(10), None);
        assert_eq!(d.out_of_service(), Some("Mantención"));
        d.enter("2468", t(11)).unwrap();
        d.act(&MaintenanceAction::BackInService, t(12)).unwrap();
        drop(d);
        assert_eq!(desk(dir.path(), &hash, t(20), None).out_of_service(), None);
    }

    #[test]
    fn a_lockout_is_audited_and_counted() {
        let dir = tempfile::tempdir().unwrap();
        let hash = hash_pin("2468").unwrap();
        let metrics = Arc::new(Metrics::new("TOT-0001", "0.1.0"));
        let mut d = desk(dir.path(), &hash, t(0), Some(Arc::clone(&metrics)));
        for _ in 0..5 {
            d.enter("0000", t(1)).unwrap();
        }
        assert!(matches!(
            d.enter("2468", t(2)).unwrap(),
            PinOutcome::Locked { .. }
        ));
        assert!(!d.is_open());
        assert_eq!(
            events(dir.path())
                .iter()
                .filter(|e| *e == "lockout")
                .count(),
            1
        );
        assert_eq!(
            events(dir.path())
                .iter()
                .filter(|e| *e == "pin_failed")
                .count(),
            5
        );
        assert!(metrics.render().contains("totem_pin_lockouts_total 1\n"));
        assert!(d.locked_until(t(2)).is_some());
    }

    #[test]
    fn without_a_pin_hash_the_kiosk_runs_but_maintenance_stays_shut() {
        let dir = tempfile::tempdir().unwrap();
        let settings = MaintenanceSettings {
            pin_hash: String::new(),
            audit_log: dir.path().join("audit.log").display().to_string(),
            pin_state_file: dir.path().join("pin.json").display().to_string(),
            ..MaintenanceSettings::default()
        };
        let mut d = MaintenanceDesk::open(&settings, "TOT-0001", None, t(0)).unwrap();
        assert!(matches!(
            d.enter("1234", t(1)),
            Err(DeskError::NotNow("no technician PIN is configured"))
        ));
    }

    #[test]
    fn every_action_has_its_audit_event() {
        for kind in ActionKind::ALL {
            let action = match kind {
                ActionKind::PutOutOfService => MaintenanceAction::PutOutOfService {
                    message: "m".into(),
                },
                ActionKind::TestFingerprintCapture => MaintenanceAction::TestFingerprintCapture,
                ActionKind::LedTest => MaintenanceAction::LedTest,
                ActionKind::ShowLastRawScan => MaintenanceAction::ShowLastRawScan,
                ActionKind::PrintTestPage => MaintenanceAction::PrintTestPage,
                ActionKind::PaperRefilled => MaintenanceAction::PaperRefilled,
                ActionKind::ReloadConfiguration => MaintenanceAction::ReloadConfiguration,
                ActionKind::BackInService => MaintenanceAction::BackInService,
                ActionKind::RestartApplication => MaintenanceAction::RestartApplication,
                ActionKind::LeaveMaintenance => MaintenanceAction::LeaveMaintenance,
            };
            assert_eq!(action.kind(), kind);
            let (event, detail) = action.audit_event();
            if event == AuditEvent::ActionTaken {
                assert_eq!(detail.as_deref(), Some(kind.as_str()));
            }
        }
    }
}
