//! What the dashboard is built from, as the app gathers it from the device,
//! registry and print layers: plain values, judged nowhere here.

use std::time::Duration;

use chrono::{DateTime, Utc};

use super::text::Text;
use crate::audit::AuditEntry;
use crate::disk::DiskSpace;
use crate::metrics::{Device, PrinterState};

/// A serial device as the device layer reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct DeviceInput {
    pub device: Device,
    pub port: String,
    pub baud: u32,
    /// What the device says of itself (label, value), e.g. the R30x system
    /// parameters (baud, packet size, library size, LED). Technical values only.
    pub params: Vec<(Text, Text)>,
    /// When the driver reported it connected; None while disconnected.
    pub connected_since: Option<DateTime<Utc>>,
    /// The last thing that went wrong, as the driver said it.
    pub last_error: Option<Text>,
    /// Whether the reader has a LED ring; None while unknown.
    pub has_led: Option<bool>,
    /// Its driver is stopped on purpose (the raw-scan listener has the port).
    pub paused: bool,
}

/// The backend as the registry client and the heartbeat see it.
#[derive(Debug, Clone, PartialEq)]
pub struct BackendInput {
    pub url: String,
    /// None before the first call.
    pub reachable: Option<bool>,
    pub last_latency: Option<Duration>,
    /// The client certificate's notAfter, or why it could not be read.
    pub client_cert_not_after: Result<DateTime<Utc>, String>,
    /// Delivery reports on disk the registry has not taken (None: not counted yet).
    pub reports_waiting: Option<u64>,
}

/// The printer as the print layer reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct PrinterInput {
    pub queue: String,
    pub state: PrinterState,
    /// IPP printer-state-reasons, e.g. "media-empty-error", "media-low-report".
    pub reasons: Vec<String>,
    /// Jobs waiting in the spool.
    pub jobs_waiting: u32,
}

/// Everything the dashboard is built from.
#[derive(Debug, Clone, PartialEq)]
pub struct DashboardInputs {
    pub now: DateTime<Utc>,
    pub kiosk_id: String,
    pub site: String,
    pub version: String,
    pub uptime: Duration,
    pub sessions_today: u64,
    pub devices: Vec<DeviceInput>,
    pub backend: BackendInput,
    pub printer: PrinterInput,
    pub spool_dir: String,
    /// statvfs of the spool folder, or the error.
    pub spool_space: Result<DiskSpace, String>,
    pub out_of_service: Option<String>,
    /// The last structured log lines (already free of personal data).
    pub log_tail: Vec<String>,
    pub recent_audit: Vec<AuditEntry>,
}
