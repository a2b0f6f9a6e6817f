//! "Show last raw scan": the kiosk's own scanner driver is paused and a
//! listener on the scanner's port shows each read, masked, with what the
//! decoder made of it. Nothing is logged; only the last read is kept.

use std::time::{Duration, Instant};

use iced::futures::SinkExt;
use iced::Subscription;
use totem_config::ScannerSettings;
use totem_device::scanner::RawRead;
use totem_maintenance::dashboard::Text;
use totem_maintenance::reports::{self, ActionReport, RawScan as Scan};
use zeroize::Zeroize;

/// How long the raw-scan listener waits for the paused driver to let go of
/// the port.
const PORT_WAIT: Duration = Duration::from_secs(8);
/// A scan is over when the scanner has been quiet this long.
const SCAN_QUIET: Duration = Duration::from_millis(400);
/// The most of one scan the listener keeps.
const MAX_RAW: usize = 2048;

#[derive(Debug, Clone, PartialEq)]
pub enum Message {
    /// What the listener has now.
    Scan(Scan),
    /// Stop listening (the drivers come back).
    Stop,
}

/// The listener's state and the last read.
#[derive(Default)]
pub struct RawScan {
    scan: Option<Scan>,
    /// The kiosk's drivers are stopped while the listener runs.
    listening: bool,
}

impl RawScan {
    pub fn update(&mut self, message: Message) {
        match message {
            Message::Scan(scan) => {
                if self.listening {
                    // The previous read is replaced: only the last one is kept.
                    self.scan = Some(scan);
                }
            }
            Message::Stop => self.listening = false,
        }
    }

    /// Starts listening on `port` (the app pauses the drivers).
    pub fn start(&mut self, port: String) {
        self.scan = Some(Scan::Listening { port });
        self.listening = true;
    }

    pub fn listening(&self) -> bool {
        self.listening
    }

    pub fn report(&self) -> Option<ActionReport> {
        self.scan.as_ref().map(reports::raw_scan)
    }

    /// The technician leaves: the read is wiped, the drivers come back.
    pub fn end(&mut self) {
        if let Some(Scan::Read { masked, .. }) = &mut self.scan {
            masked.zeroize();
        }
        self.scan = None;
        self.listening = false;
    }

    /// The listener on the scanner's port.
    pub fn subscription(settings: &ScannerSettings) -> Subscription<Message> {
        let settings = serde_json::to_string(settings).unwrap_or_default();
        Subscription::run_with(settings, raw_listener)
    }
}

/// Listens on the scanner's port (the driver is paused) and reports each
/// read, masked, with what the decoder made of it. Nothing is logged.
// `Subscription::run_with` hands its data back as `&D`; here `D` is a String.
#[allow(clippy::ptr_arg)]
fn raw_listener(settings: &String) -> impl iced::futures::Stream<Item = Message> {
    let settings: ScannerSettings = serde_json::from_str(settings).unwrap_or_default();
    iced::stream::channel(8, async move |mut out| {
        use totem_device::link::SerialLink;
        use totem_device::scanner::ReadAssembler;
        // The paused driver lets go of the port within moments.
        let started = Instant::now();
        let link = loop {
            match SerialLink::open(&settings.port, settings.baud) {
                Ok(link) => break link,
                Err(error) if started.elapsed() > PORT_WAIT => {
                    let _ = out
                        .send(Message::Scan(Scan::PortFailed {
                            port: settings.port.clone(),
                            error: error.to_string(),
                        }))
                        .await;
                    return;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        let mut assembler = ReadAssembler::new(settings.terminator, settings.framing);
        let mut buf = [0u8; 256];
        // The bytes of the scan under way, as they came, and the reads the
        // assembler cut from them (an MRZ comes as three).
        let mut raw: Vec<u8> = Vec::new();
        let mut reads: Vec<RawRead> = Vec::new();
        loop {
            let read = if raw.is_empty() {
                Ok(link.read(&mut buf).await)
            } else {
                tokio::time::timeout(SCAN_QUIET, link.read(&mut buf)).await
            };
            let n = match read {
                Ok(Ok(n)) if n > 0 => n,
                Ok(_) => {
                    raw.zeroize();
                    let _ = out
                        .send(Message::Scan(Scan::PortFailed {
                            port: settings.port.clone(),
                            error: "disconnected".into(),
                        }))
                        .await;
                    return;
                }
                // Quiet: the scan is over.
                Err(_) => {
                    let scan = raw_report(&raw, std::mem::take(&mut reads));
                    raw.zeroize();
                    raw.clear();
                    if out.send(Message::Scan(scan)).await.is_err() {
                        return;
                    }
                    continue;
                }
            };
            if raw.len() < MAX_RAW {
                raw.extend_from_slice(&buf[..n.min(MAX_RAW - raw.len())]);
            }
            reads.extend(assembler.push(&buf[..n]));
            buf[..n].zeroize();
        }
    })
}

/// The scan as the technician sees it: the bytes masked, and what the
/// decoder made of the reads they hold.
fn raw_report(raw: &[u8], reads: Vec<RawRead>) -> Scan {
    let mut texts: Vec<String> = Vec::new();
    let mut whole = true;
    for read in reads {
        match read {
            RawRead::Complete(mut bytes) => {
                match std::str::from_utf8(&bytes) {
                    Ok(t) if !t.trim().is_empty() => texts.push(t.trim().to_owned()),
                    Ok(_) => {}
                    Err(_) => whole = false,
                }
                bytes.zeroize();
            }
            RawRead::TooLong | RawRead::Incomplete => whole = false,
        }
    }
    let mut joined = texts.join("\n");
    texts.zeroize();
    let verdict = if !whole || joined.is_empty() {
        Text::new("maint-raw-not-a-card").arg("error", "incomplete or not text")
    } else {
        match totem_document::scan::decode_scan(&joined) {
            Ok(card) => Text::new("maint-raw-decoded")
                .arg("carrier", card.carrier.as_str())
                .arg("document", card.document_type.clone()),
            Err(error) => Text::new("maint-raw-not-a-card").arg("error", error.to_string()),
        }
    };
    joined.zeroize();
    Scan::Read {
        masked: reports::mask_raw_scan(raw),
        bytes: raw.len(),
        verdict,
    }
}
