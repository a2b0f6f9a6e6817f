//! One-shot probes for a technician (`totem devices …`): bring a driver up
//! on a port, do one thing, and report it in a form that holds nothing
//! personal (no template, no RUN, no names, no dates).

use std::time::Duration;

use serde::Serialize;
use tokio::time::{timeout_at, Instant};
use totem_config::{FingerprintSettings, ScannerSettings};
use totem_document::scan::Check;

use crate::fingerprint::{
    Capture, FailureReason, FingerprintEvent, FingerprintReader, ModuleInfo, PoorImageReason,
    Quality,
};
use crate::scanner::{CardScanner, ScannerEvent};

/// Why a probe could not do its job.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ProbeError {
    #[error("no fingerprint module answered on {port} within {secs} s")]
    NoModule { port: String, secs: u64 },
    #[error("{0}")]
    Failed(FailureReason),
}

/// Connects to the module on `settings.port` and returns what it reports.
pub async fn fingerprint_info(
    settings: FingerprintSettings,
    wait: Duration,
) -> Result<ModuleInfo, ProbeError> {
    let (_reader, mut events) = FingerprintReader::spawn(settings.clone());
    wait_connected(&settings, &mut events, wait).await
}

async fn wait_connected(
    settings: &FingerprintSettings,
    events: &mut tokio::sync::mpsc::Receiver<FingerprintEvent>,
    wait: Duration,
) -> Result<ModuleInfo, ProbeError> {
    let deadline = Instant::now() + wait;
    let mut last_failure = None;
    loop {
        match timeout_at(deadline, events.recv()).await {
            Ok(Some(FingerprintEvent::Connected(info))) => return Ok(info),
            Ok(Some(FingerprintEvent::Failed(reason))) => last_failure = Some(reason),
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => {
                return Err(match last_failure {
                    Some(reason) => ProbeError::Failed(reason),
                    None => ProbeError::NoModule {
                        port: settings.port.clone(),
                        secs: wait.as_secs(),
                    },
                })
            }
        }
    }
}

/// What a probe capture gave, safe to print.
#[derive(Debug, Clone, Serialize)]
pub struct CaptureReport {
    /// `captured`, `no_finger`, `poor_image`, `cancelled` or `failed`.
    pub outcome: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_bytes: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quality: Option<Quality>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Capture wall time, from the request to the template in hand.
    pub elapsed_ms: u64,
}

/// Connects, asks for one capture, and follows it to its end. `progress`
/// hears the intermediate events (to prompt the technician). Returns the
/// report and, on success, the capture itself (for `--image`).
pub async fn fingerprint_capture(
    settings: FingerprintSettings,
    upload_image: bool,
    mut progress: impl FnMut(&FingerprintEvent),
) -> Result<(CaptureReport, Option<Capture>), ProbeError> {
    let wait = Duration::from_secs(5);
    let finger_timeout = Duration::from_secs(settings.finger_timeout_secs.max(1));
    let (reader, mut events) = FingerprintReader::spawn(settings.clone());
    let info = wait_connected(&settings, &mut events, wait).await?;
    let started = Instant::now();
    reader
        .capture(upload_image)
        .await
        .map_err(|_| ProbeError::Failed(FailureReason::LinkLost))?;
    // Generous: a whole image at the module's baud plus the finger wait,
    // three times over for "lift and place again".
    let image_time = Duration::from_secs_f64(40_000.0 * 10.0 / f64::from(info.baud.max(1)));
    let deadline = started + (finger_timeout + image_time + Duration::from_secs(5)) * 3;
    loop {
        let event = match timeout_at(deadline, events.recv()).await {
            Ok(Some(event)) => event,
            Ok(None) | Err(_) => return Err(ProbeError::Failed(FailureReason::NoAnswer)),
        };
        let elapsed_ms = started.elapsed().as_millis() as u64;
        let report = |outcome, reason: Option<String>| CaptureReport {
            outcome,
            template_bytes: None,
            quality: None,
            reason,
            elapsed_ms,
        };
        match event {
            FingerprintEvent::Captured(capture) => {
                let report = CaptureReport {
                    outcome: "captured",
                    template_bytes: Some(capture.template.len()),
                    quality: capture.quality,
                    reason: None,
                    elapsed_ms,
                };
                return Ok((report, Some(capture)));
            }
            FingerprintEvent::NoFinger => return Ok((report("no_finger", None), None)),
            FingerprintEvent::Cancelled => return Ok((report("cancelled", None), None)),
            FingerprintEvent::PoorImage(reason) => {
                let mut r = report("poor_image", Some(describe_poor(&reason)));
                if let PoorImageReason::LowQuality(q) = reason {
                    r.quality = Some(q);
                }
                return Ok((r, None));
            }
            FingerprintEvent::Failed(reason) => {
                return Ok((report("failed", Some(reason.to_string())), None))
            }
            FingerprintEvent::Disconnected => {
                return Ok((
                    report("failed", Some(FailureReason::LinkLost.to_string())),
                    None,
                ))
            }
            other => progress(&other),
        }
    }
}

fn describe_poor(reason: &PoorImageReason) -> String {
    match reason {
        PoorImageReason::Module(code) => format!("the module reported {code:?}"),
        PoorImageReason::LowQuality(q) => format!(
            "image quality too low (coverage {:.2}, contrast {:.2})",
            q.coverage, q.contrast
        ),
    }
}

/// A scanner event, safe to print: for a card, only what kind of card it is
/// and which checks passed — never the RUN, names, numbers or dates.
#[derive(Debug, Clone, Serialize)]
pub struct ScannerReport {
    /// `connected`, `disconnected`, `card_read` or `unreadable`.
    pub event: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub carrier: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub checks: Option<Vec<Check>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl ScannerReport {
    pub fn from_event(event: &ScannerEvent) -> Self {
        let empty = |event| Self {
            event,
            port: None,
            carrier: None,
            document_type: None,
            checks: None,
            reason: None,
        };
        match event {
            ScannerEvent::Connected { port } => Self {
                port: Some(port.clone()),
                ..empty("connected")
            },
            ScannerEvent::Disconnected => empty("disconnected"),
            ScannerEvent::CardRead(card) => Self {
                carrier: Some(card.carrier.as_str()),
                document_type: Some(card.document_type.clone()),
                checks: Some(card.checks.clone()),
                ..empty("card_read")
            },
            ScannerEvent::Unreadable { reason } => Self {
                reason: Some(reason.to_string()),
                ..empty("unreadable")
            },
        }
    }
}

/// Starts the scanner driver for `totem devices scanner listen`.
pub fn scanner_listen(
    settings: ScannerSettings,
) -> (CardScanner, tokio::sync::mpsc::Receiver<ScannerEvent>) {
    CardScanner::spawn(settings)
}
