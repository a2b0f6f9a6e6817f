//! What the printer is doing, in words the citizen and the technician
//! understand: cupsd's printer-state and printer-state-reasons folded into
//! one [`PrinterState`], each with a sentence in Spanish and English.

use serde::Serialize;
use totem_config::Language;

/// The printer's condition, most important first when several apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case", tag = "state", content = "reason")]
pub enum PrinterState {
    Ready,
    Printing,
    /// Still prints, but paper should be refilled soon.
    MediaLow,
    /// Still prints, but ink or toner should be replaced soon.
    SuppliesLow,
    MediaEmpty,
    MediaJam,
    DoorOpen,
    SuppliesEmpty,
    /// The device is off, unplugged or not answering its backend.
    Offline,
    /// The queue is stopped (cupsdisable, or CUPS stopped it after an error).
    QueueDisabled,
    /// The queue rejects new jobs (cupsreject).
    NotAcceptingJobs,
    /// The queue named in kiosk.toml does not exist in CUPS.
    QueueMissing,
    /// cupsd does not answer.
    ServiceUnreachable,
    /// The demo printer's folder cannot be written.
    FolderUnavailable,
    /// Another error reason, as CUPS named it (a keyword, never personal).
    OtherError(String),
}

/// How worried the ui and the dashboard should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Ok,
    Warning,
    Error,
}

impl PrinterState {
    /// Whether a new job can be sent now (warnings do not stop printing).
    pub fn can_print(&self) -> bool {
        self.severity() != Severity::Error
    }

    pub fn severity(&self) -> Severity {
        match self {
            Self::Ready | Self::Printing => Severity::Ok,
            Self::MediaLow | Self::SuppliesLow => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// A short stable name for logs and the dashboard, e.g. `media-empty`.
    pub fn code(&self) -> &str {
        match self {
            Self::Ready => "ready",
            Self::Printing => "printing",
            Self::MediaLow => "media-low",
            Self::SuppliesLow => "supplies-low",
            Self::MediaEmpty => "media-empty",
            Self::MediaJam => "media-jam",
            Self::DoorOpen => "door-open",
            Self::SuppliesEmpty => "supplies-empty",
            Self::Offline => "offline",
            Self::QueueDisabled => "queue-disabled",
            Self::NotAcceptingJobs => "not-accepting-jobs",
            Self::QueueMissing => "queue-missing",
            Self::ServiceUnreachable => "cups-unreachable",
            Self::FolderUnavailable => "folder-unavailable",
            Self::OtherError(keyword) => keyword,
        }
    }

    /// One sentence for the screen.
    pub fn message(&self, language: Language) -> &'static str {
        let (es, en) = match self {
            Self::Ready => ("Impresora lista.", "Printer ready."),
            Self::Printing => ("Imprimiendo…", "Printing…"),
            Self::MediaLow => (
                "Queda poco papel en la impresora.",
                "The printer is running low on paper.",
            ),
            Self::SuppliesLow => ("Queda poca tinta o tóner.", "Ink or toner is running low."),
            Self::MediaEmpty => (
                "La impresora no tiene papel.",
                "The printer is out of paper.",
            ),
            Self::MediaJam => (
                "Hay papel atascado en la impresora.",
                "Paper is jammed in the printer.",
            ),
            Self::DoorOpen => (
                "Una tapa de la impresora está abierta.",
                "A printer door or cover is open.",
            ),
            Self::SuppliesEmpty => (
                "La impresora no tiene tinta o tóner.",
                "The printer is out of ink or toner.",
            ),
            Self::Offline => (
                "La impresora está apagada o desconectada.",
                "The printer is switched off or disconnected.",
            ),
            Self::QueueDisabled => (
                "La cola de impresión está detenida.",
                "The print queue is stopped.",
            ),
            Self::NotAcceptingJobs => (
                "La cola de impresión no acepta trabajos.",
                "The print queue is not accepting jobs.",
            ),
            Self::QueueMissing => (
                "La cola de impresión configurada no existe.",
                "The configured print queue does not exist.",
            ),
            Self::ServiceUnreachable => (
                "El servicio de impresión (CUPS) no responde.",
                "The print service (CUPS) is not responding.",
            ),
            Self::FolderUnavailable => (
                "No se puede escribir en la carpeta de impresión.",
                "The print folder cannot be written.",
            ),
            Self::OtherError(_) => (
                "La impresora informa un problema.",
                "The printer reports a problem.",
            ),
        };
        match language {
            Language::Es => es,
            Language::En => en,
        }
    }

    /// Folds IPP printer-state (3 idle, 4 processing, 5 stopped),
    /// printer-state-reasons and printer-is-accepting-jobs into one state.
    pub fn from_ipp(printer_state: i32, reasons: &[String], accepting: bool) -> Self {
        let mut found: Vec<PrinterState> = Vec::new();
        for reason in reasons {
            // "-report" reasons are informational only.
            if reason.ends_with("-report") {
                continue;
            }
            let base = reason
                .strip_suffix("-error")
                .or_else(|| reason.strip_suffix("-warning"))
                .unwrap_or(reason);
            let state = match base {
                "none" => continue,
                "media-empty" | "media-needed" => Self::MediaEmpty,
                "media-jam" => Self::MediaJam,
                "door-open" | "cover-open" | "interlock-open" => Self::DoorOpen,
                "toner-empty" | "marker-supply-empty" | "marker-waste-full" => Self::SuppliesEmpty,
                "offline" | "shutdown" | "timed-out" => Self::Offline,
                "media-low" => Self::MediaLow,
                "toner-low" | "marker-supply-low" | "marker-waste-almost-full" => Self::SuppliesLow,
                "paused" => Self::QueueDisabled,
                // Only a reason marked as an error stops us; unknown warnings do not.
                _ if reason.ends_with("-error") => Self::OtherError(reason.clone()),
                _ => continue,
            };
            found.push(state);
        }
        if !accepting {
            found.push(Self::NotAcceptingJobs);
        }
        if printer_state == 5 {
            found.push(Self::QueueDisabled);
        }
        if printer_state == 4 {
            found.push(Self::Printing);
        }
        found
            .into_iter()
            .min_by_key(Self::rank)
            .unwrap_or(Self::Ready)
    }

    /// Lower is more important: what blocks printing and needs a hand first.
    fn rank(&self) -> u8 {
        match self {
            Self::ServiceUnreachable => 0,
            Self::QueueMissing => 1,
            Self::MediaJam => 2,
            Self::DoorOpen => 3,
            Self::MediaEmpty => 4,
            Self::SuppliesEmpty => 5,
            Self::Offline => 6,
            Self::OtherError(_) => 7,
            Self::FolderUnavailable => 8,
            Self::QueueDisabled => 9,
            Self::NotAcceptingJobs => 10,
            Self::MediaLow => 11,
            Self::SuppliesLow => 12,
            Self::Printing => 13,
            Self::Ready => 14,
        }
    }
}

/// The printer as the dashboard lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrinterStatus {
    pub state: PrinterState,
    /// The raw printer-state-reasons keywords (empty for the folder printer).
    pub reasons: Vec<String>,
    /// printer-state-message, if CUPS gave one.
    pub message: Option<String>,
}

impl PrinterStatus {
    pub fn from_state(state: PrinterState) -> Self {
        Self {
            state,
            reasons: Vec::new(),
            message: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reasons(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn cups_reasons_become_states() {
        assert_eq!(
            PrinterState::from_ipp(3, &reasons(&["none"]), true),
            PrinterState::Ready
        );
        assert_eq!(
            PrinterState::from_ipp(4, &reasons(&["none"]), true),
            PrinterState::Printing
        );
        assert_eq!(
            PrinterState::from_ipp(5, &reasons(&["media-empty-error"]), true),
            PrinterState::MediaEmpty
        );
        assert_eq!(
            PrinterState::from_ipp(
                3,
                &reasons(&["media-low-report", "media-low-warning"]),
                true
            ),
            PrinterState::MediaLow
        );
        assert_eq!(
            PrinterState::from_ipp(5, &reasons(&["paused"]), true),
            PrinterState::QueueDisabled
        );
        assert_eq!(
            PrinterState::from_ipp(5, &reasons(&["paused", "door-open-error"]), true),
            PrinterState::DoorOpen
        );
        assert_eq!(
            PrinterState::from_ipp(3, &reasons(&["offline-report"]), true),
            PrinterState::Ready
        );
        assert_eq!(
            PrinterState::from_ipp(4, &reasons(&["offline-error"]), true),
            PrinterState::Offline
        );
        assert_eq!(
            PrinterState::from_ipp(3, &[], false),
            PrinterState::NotAcceptingJobs
        );
        assert_eq!(
            PrinterState::from_ipp(3, &reasons(&["fuser-over-temp-error"]), true),
            PrinterState::OtherError("fuser-over-temp-error".into())
        );
    }

    #[test]
    fn warnings_still_print_errors_do_not() {
        assert!(PrinterState::MediaLow.can_print());
        assert!(!PrinterState::MediaEmpty.can_print());
        assert!(!PrinterState::ServiceUnreachable.can_print());
        assert_eq!(
            PrinterState::DoorOpen.message(Language::Es),
            "Una tapa de la impresora está abierta."
        );
    }
}
