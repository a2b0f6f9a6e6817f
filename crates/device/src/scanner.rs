//! The ID-card scanner: a serial device that sends what it read as ASCII,
//! ended by a terminator (CR, CRLF or LF) and optionally wrapped in STX … ETX.
//!
//! [`CardScanner::spawn`] starts a task that owns the port, cuts the byte
//! stream into reads ([`ReadAssembler`]), decodes each read with
//! `totem_document::scan::decode_scan` and reports a [`ScannerEvent`]. It
//! reconnects with backoff when the port goes away.

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use totem_config::{ScanFraming, ScanTerminator, ScannerSettings};
use totem_document::scan::{decode_scan, ScanError, ScannedCard, PDF417_TEXT_LEN};
use zeroize::Zeroize;

use crate::link::{Backoff, SerialLink};

const STX: u8 = 0x02;
const ETX: u8 = 0x03;
/// The longest read we accept. A QR URL is under 200 bytes and a TD1 MRZ 92;
/// this bounds what a babbling port can make us hold.
pub const MAX_READ_LEN: usize = 1024;
/// An MRZ reader may end each of the three lines with the terminator; lines
/// are held this long waiting for the rest.
const MRZ_LINE_WAIT: Duration = Duration::from_millis(500);

/// Why a read did not give a card. Holds none of what was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnreadableReason {
    /// Bytes that are not text (line noise, wrong baud rate).
    NotText,
    /// More than [`MAX_READ_LEN`] bytes without a terminator.
    TooLong,
    /// A read cut short (a frame restarted, MRZ lines missing).
    Incomplete,
    /// Text that is not a card, or whose check digits fail.
    NotACard(ScanError),
}

impl std::fmt::Display for UnreadableReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotText => f.write_str("could not read the card: the scanner sent no text"),
            Self::TooLong => f.write_str("could not read the card: the read was too long"),
            Self::Incomplete => f.write_str("could not read the card: the read was incomplete"),
            Self::NotACard(e) => write!(f, "could not read the card: {e}"),
        }
    }
}

/// What the scanner driver tells the app.
#[derive(Debug, Clone)]
pub enum ScannerEvent {
    Connected {
        port: String,
    },
    Disconnected,
    /// A card was read and all its checks passed. Personal data: zeroize it
    /// when the session ends.
    CardRead(ScannedCard),
    Unreadable {
        reason: UnreadableReason,
    },
}

/// One piece of the byte stream, as cut by [`ReadAssembler`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawRead {
    Complete(Vec<u8>),
    TooLong,
    Incomplete,
}

/// Cuts a byte stream into reads according to the terminator and framing.
/// Pure: feed it bytes in any pieces.
#[derive(Debug)]
pub struct ReadAssembler {
    terminator: ScanTerminator,
    framing: ScanFraming,
    current: Vec<u8>,
    /// Inside an STX … ETX frame.
    in_frame: bool,
    /// Dropping bytes until the next terminator (after an over-long read).
    overflowed: bool,
}

impl ReadAssembler {
    pub fn new(terminator: ScanTerminator, framing: ScanFraming) -> Self {
        Self {
            terminator,
            framing,
            current: Vec::new(),
            in_frame: false,
            overflowed: false,
        }
    }

    /// Feeds bytes; returns the reads they complete.
    pub fn push(&mut self, bytes: &[u8]) -> Vec<RawRead> {
        let mut reads = Vec::new();
        for &byte in bytes {
            match self.framing {
                ScanFraming::StxEtx => self.push_framed(byte, &mut reads),
                ScanFraming::None => self.push_line(byte, &mut reads),
            }
        }
        reads
    }

    fn push_framed(&mut self, byte: u8, reads: &mut Vec<RawRead>) {
        match (byte, self.in_frame) {
            (STX, true) => {
                // A new frame before the old one ended: the old one is lost.
                reads.push(RawRead::Incomplete);
                self.restart();
                self.in_frame = true;
            }
            (STX, false) => {
                self.restart();
                self.in_frame = true;
            }
            (ETX, true) => {
                self.in_frame = false;
                if self.overflowed {
                    self.overflowed = false;
                    self.restart();
                } else {
                    reads.push(RawRead::Complete(std::mem::take(&mut self.current)));
                }
            }
            // Terminators and noise between frames.
            (_, false) => {}
            (_, true) => self.collect(byte, reads),
        }
    }

    fn push_line(&mut self, byte: u8, reads: &mut Vec<RawRead>) {
        let ends = match self.terminator {
            ScanTerminator::Cr => byte == b'\r',
            ScanTerminator::Lf => byte == b'\n',
            ScanTerminator::Crlf => byte == b'\n' && self.current.last() == Some(&b'\r'),
        };
        if ends {
            if self.overflowed {
                self.overflowed = false;
                self.restart();
                return;
            }
            let mut read = std::mem::take(&mut self.current);
            if self.terminator == ScanTerminator::Crlf {
                read.pop();
            }
            reads.push(RawRead::Complete(read));
        } else {
            self.collect(byte, reads);
        }
    }

    fn collect(&mut self, byte: u8, reads: &mut Vec<RawRead>) {
        if self.overflowed {
            return;
        }
        if self.current.len() >= MAX_READ_LEN {
            self.overflowed = true;
            self.restart();
            reads.push(RawRead::TooLong);
            return;
        }
        self.current.push(byte);
    }

    fn restart(&mut self) {
        self.current.zeroize();
        self.current.clear();
    }

    /// Forgets a partial read (the port was lost).
    pub fn reset(&mut self) {
        self.restart();
        self.in_frame = false;
        self.overflowed = false;
    }
}

impl Drop for ReadAssembler {
    fn drop(&mut self) {
        self.current.zeroize();
    }
}

/// Turns raw reads into card events, joining MRZ lines sent one by one.
#[derive(Debug, Default)]
pub struct ReadDecoder {
    mrz_lines: Vec<String>,
}

fn is_mrz_line(text: &str) -> bool {
    text.len() == 30
        && text
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'<')
}

impl ReadDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Whether MRZ lines are waiting for the rest.
    pub fn holds_partial_mrz(&self) -> bool {
        !self.mrz_lines.is_empty()
    }

    /// Drops waiting MRZ lines; returns the event to report, if any.
    pub fn flush(&mut self) -> Option<ScannerEvent> {
        if self.mrz_lines.is_empty() {
            return None;
        }
        self.mrz_lines.zeroize();
        self.mrz_lines.clear();
        Some(ScannerEvent::Unreadable {
            reason: UnreadableReason::Incomplete,
        })
    }

    /// The events for one raw read (none for an empty line).
    pub fn decode(&mut self, read: RawRead) -> Vec<ScannerEvent> {
        let mut events = Vec::new();
        let unreadable = |reason| ScannerEvent::Unreadable { reason };
        let bytes = match read {
            RawRead::Complete(bytes) => bytes,
            RawRead::TooLong => {
                events.extend(self.flush());
                events.push(unreadable(UnreadableReason::TooLong));
                return events;
            }
            RawRead::Incomplete => {
                events.extend(self.flush());
                events.push(unreadable(UnreadableReason::Incomplete));
                return events;
            }
        };
        let pdf417 = pdf417_text(&bytes);
        let mut text = match pdf417 {
            Some(head) => {
                let mut bytes = bytes;
                bytes.zeroize();
                head
            }
            None => match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    e.into_bytes().zeroize();
                    events.extend(self.flush());
                    events.push(unreadable(UnreadableReason::NotText));
                    return events;
                }
            },
        };
        let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c.is_control());
        if trimmed.is_empty() {
            return events;
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() && c != '\r' && c != '\n')
        {
            text.zeroize();
            events.extend(self.flush());
            events.push(unreadable(UnreadableReason::NotText));
            return events;
        }
        if is_mrz_line(trimmed) {
            self.mrz_lines.push(trimmed.to_owned());
            text.zeroize();
            if self.mrz_lines.len() < 3 {
                return events;
            }
            let mut joined = self.mrz_lines.join("\n");
            self.mrz_lines.zeroize();
            self.mrz_lines.clear();
            events.push(decoded(&joined));
            joined.zeroize();
            return events;
        }
        events.extend(self.flush());
        events.push(decoded(trimmed));
        text.zeroize();
        events
    }
}

/// The text fields of a PDF417 read from a card before 2013: the RUN's 8
/// digits first and more than [`PDF417_TEXT_LEN`] characters, the rest being
/// fingerprint data that may be binary (not UTF-8, control bytes) and is
/// dropped here. The text is UTF-8 or, failing that, Latin-1 (a surname's
/// `Ñ` in one byte).
fn pdf417_text(bytes: &[u8]) -> Option<String> {
    if bytes.len() <= PDF417_TEXT_LEN || !bytes[..8].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let utf8 = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default(),
    };
    let fields = |chars: &mut dyn Iterator<Item = char>| -> Option<String> {
        let head: String = chars.take(PDF417_TEXT_LEN).collect();
        (head.chars().count() == PDF417_TEXT_LEN && !head.chars().any(char::is_control))
            .then_some(head)
    };
    fields(&mut utf8.chars()).or_else(|| fields(&mut bytes.iter().map(|&b| char::from(b))))
}

fn decoded(text: &str) -> ScannerEvent {
    match decode_scan(text) {
        Ok(card) => ScannerEvent::CardRead(card),
        Err(e) => ScannerEvent::Unreadable {
            reason: UnreadableReason::NotACard(e),
        },
    }
}

/// The running scanner driver. Dropping it stops the task and closes the
/// port.
#[derive(Debug)]
pub struct CardScanner {
    task: JoinHandle<()>,
}

impl Drop for CardScanner {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl CardScanner {
    /// Starts the driver on the current tokio runtime.
    pub fn spawn(settings: ScannerSettings) -> (Self, mpsc::Receiver<ScannerEvent>) {
        let (tx, rx) = mpsc::channel(32);
        let task = tokio::spawn(run(settings, tx));
        (Self { task }, rx)
    }
}

async fn run(settings: ScannerSettings, events: mpsc::Sender<ScannerEvent>) {
    let mut backoff = Backoff::new();
    let mut reported_down = false;
    loop {
        let link = match SerialLink::open(&settings.port, settings.baud) {
            Ok(link) => link,
            Err(_) => {
                if !reported_down {
                    reported_down = true;
                    if events.send(ScannerEvent::Disconnected).await.is_err() {
                        return;
                    }
                }
                tokio::time::sleep(backoff.next_delay()).await;
                continue;
            }
        };
        backoff.reset();
        tracing::info!(port = %settings.port, "card scanner connected");
        let connected = ScannerEvent::Connected {
            port: settings.port.clone(),
        };
        if events.send(connected).await.is_err() {
            return;
        }
        if !serve(&link, &settings, &events).await {
            return;
        }
        tracing::warn!(port = %settings.port, "card scanner disconnected");
        reported_down = true;
        if events.send(ScannerEvent::Disconnected).await.is_err() {
            return;
        }
    }
}

/// Reads until the link fails (`true`: reconnect) or the app is gone
/// (`false`).
async fn serve(
    link: &SerialLink,
    settings: &ScannerSettings,
    events: &mpsc::Sender<ScannerEvent>,
) -> bool {
    let mut assembler = ReadAssembler::new(settings.terminator, settings.framing);
    let mut decoder = ReadDecoder::new();
    let mut buf = [0u8; 256];
    loop {
        let read = if decoder.holds_partial_mrz() {
            match tokio::time::timeout(MRZ_LINE_WAIT, link.read(&mut buf)).await {
                Ok(read) => read,
                Err(_) => {
                    if let Some(event) = decoder.flush() {
                        if events.send(event).await.is_err() {
                            return false;
                        }
                    }
                    continue;
                }
            }
        } else {
            link.read(&mut buf).await
        };
        let n = match read {
            Ok(n) if n > 0 => n,
            _ => return true,
        };
        let raw_reads = assembler.push(&buf[..n]);
        buf[..n].zeroize();
        for raw in raw_reads {
            for event in decoder.decode(raw) {
                if events.send(event).await.is_err() {
                    return false;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete(s: &str) -> RawRead {
        RawRead::Complete(s.as_bytes().to_vec())
    }

    #[test]
    fn each_terminator_ends_a_read_only_where_it_should() {
        let mut cr = ReadAssembler::new(ScanTerminator::Cr, ScanFraming::None);
        assert_eq!(cr.push(b"ab\ncd\ref"), vec![complete("ab\ncd")]);
        let mut lf = ReadAssembler::new(ScanTerminator::Lf, ScanFraming::None);
        assert_eq!(lf.push(b"ab\rcd\nef"), vec![complete("ab\rcd")]);
        let mut crlf = ReadAssembler::new(ScanTerminator::Crlf, ScanFraming::None);
        assert_eq!(crlf.push(b"ab\rc"), vec![]);
        assert_eq!(crlf.push(b"d\r"), vec![]);
        assert_eq!(crlf.push(b"\nx"), vec![complete("ab\rcd")]);
    }

    #[test]
    fn framing_keeps_line_breaks_inside_and_drops_noise_outside() {
        let mut a = ReadAssembler::new(ScanTerminator::Cr, ScanFraming::StxEtx);
        assert_eq!(
            a.push(b"noise\r\x02l1\nl2\x03\r\x02x"),
            vec![complete("l1\nl2")]
        );
        assert_eq!(
            a.push(b"y\x02z\x03"),
            vec![RawRead::Incomplete, complete("z")]
        );
    }

    #[test]
    fn an_endless_read_is_cut_and_the_next_one_still_works() {
        let mut a = ReadAssembler::new(ScanTerminator::Lf, ScanFraming::None);
        let flood = vec![b'A'; MAX_READ_LEN * 3];
        assert_eq!(a.push(&flood), vec![RawRead::TooLong]);
        assert_eq!(a.push(b"still\nok\n"), vec![complete("ok")]);
    }

    #[test]
    fn binary_noise_and_non_cards_are_unreadable_and_blank_lines_are_ignored() {
        let mut d = ReadDecoder::new();
        assert!(d.decode(complete("  ")).is_empty());
        let events = d.decode(RawRead::Complete(vec![0xFF, 0xFE, 0x41]));
        assert!(matches!(
            events.as_slice(),
            [ScannerEvent::Unreadable {
                reason: UnreadableReason::NotText
            }]
        ));
        let events = d.decode(complete("hello world"));
        assert!(matches!(
            events.as_slice(),
            [ScannerEvent::Unreadable {
                reason: UnreadableReason::NotACard(ScanError::NotACard)
            }]
        ));
    }

    /// A card before 2013: its PDF417 text fields, then binary fingerprint
    /// data (not UTF-8, control bytes too). The text is read; a surname's
    /// `Ñ` may come in UTF-8 or in one Latin-1 byte.
    #[test]
    fn a_pdf417_read_with_binary_fingerprint_data_is_a_card() {
        let utf8 = "1111111110001234567NUÑEZ PRUEBA                  CHL300101A111111111";
        let mut with_data = utf8.as_bytes().to_vec();
        with_data.extend_from_slice(b"010002");
        with_data.extend_from_slice(&[0x00, 0x04, 0xFF, 0x02, 0x0A, 0x81]);
        let mut latin1: Vec<u8> = utf8.replace('Ñ', "N").into_bytes();
        latin1[21] = 0xD1;
        latin1.extend_from_slice(&[0x30, 0x31, 0xFF, 0x03, 0x80]);
        for bytes in [with_data, latin1] {
            let mut d = ReadDecoder::new();
            match d.decode(RawRead::Complete(bytes)).as_slice() {
                [ScannerEvent::CardRead(card)] => {
                    assert_eq!(card.run.compact(), "11111111-1");
                    assert_eq!(card.surnames.as_deref(), Some("NUÑEZ PRUEBA"));
                    assert_eq!(card.document_number.as_deref(), Some("A111111111"));
                }
                other => panic!("expected a card, got {other:?}"),
            }
        }
    }

    #[test]
    fn a_lone_mrz_line_is_incomplete_when_flushed() {
        let mut d = ReadDecoder::new();
        assert!(d
            .decode(complete("IDCHLA123456785<<<<<<<<<<<<<<<"))
            .is_empty());
        assert!(d.holds_partial_mrz());
        assert!(matches!(
            d.flush(),
            Some(ScannerEvent::Unreadable {
                reason: UnreadableReason::Incomplete
            })
        ));
    }
}
