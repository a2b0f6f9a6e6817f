//! A stream of bytes from the port into packets, resynchronising on the
//! next header after garbage, a cut packet or a bad checksum.

use super::packet::{DecodeError, Packet, HEADER};

/// A streaming decoder: feed it whatever the port gave, take packets out.
/// Garbage, cut packets and bad checksums are skipped by searching for the
/// next header, so one line glitch costs one packet, not the link.
#[derive(Debug, Default)]
pub struct PacketDecoder {
    buffer: Vec<u8>,
    discarded: u64,
    bad_checksums: u64,
}

impl PacketDecoder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, bytes: &[u8]) {
        self.buffer.extend_from_slice(bytes);
    }

    /// The next complete packet, if the buffer holds one.
    pub fn next_packet(&mut self) -> Option<Packet> {
        loop {
            // Drop everything before the next possible header.
            let start = find_header_start(&self.buffer);
            if start > 0 {
                self.discard(start);
            }
            match Packet::decode(&self.buffer) {
                Ok((packet, used)) => {
                    self.buffer.drain(..used);
                    return Some(packet);
                }
                Err(DecodeError::Incomplete) => {
                    // A false header in garbage can claim a long payload and
                    // hold back a real packet behind it until the bytes
                    // arrive. If a complete, valid packet already starts
                    // further on, the first header was false.
                    match self.later_complete_packet() {
                        Some(at) => self.discard(at),
                        None => return None,
                    }
                }
                Err(DecodeError::BadChecksum { .. }) => {
                    self.bad_checksums += 1;
                    // The header may have been a false one inside garbage:
                    // resume the search right after it.
                    self.discard(1);
                }
                Err(DecodeError::BadHeader | DecodeError::BadLength(_)) => self.discard(1),
            }
        }
    }

    /// Bytes thrown away as garbage so far.
    pub fn discarded(&self) -> u64 {
        self.discarded
    }

    /// Packets dropped for a wrong checksum so far.
    pub fn bad_checksums(&self) -> u64 {
        self.bad_checksums
    }

    /// Bytes waiting for the rest of a packet.
    pub fn pending(&self) -> usize {
        self.buffer.len()
    }

    pub fn clear(&mut self) {
        self.discarded += self.buffer.len() as u64;
        self.buffer.clear();
    }

    fn later_complete_packet(&self) -> Option<usize> {
        let mut at = 1;
        while at < self.buffer.len() {
            let start = at + find_header_start(&self.buffer[at..]);
            if Packet::decode(&self.buffer[start..]).is_ok() {
                return Some(start);
            }
            at = start + 1;
        }
        None
    }

    fn discard(&mut self, n: usize) {
        let n = n.min(self.buffer.len());
        self.buffer.drain(..n);
        self.discarded += n as u64;
    }
}

/// Index of the first byte that could begin a header (an `EF 01` pair, or a
/// trailing `EF` whose partner has not arrived yet).
fn find_header_start(bytes: &[u8]) -> usize {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == HEADER[0] && bytes.get(i + 1).is_none_or(|&b| b == HEADER[1]) {
            return i;
        }
        i += 1;
    }
    bytes.len()
}
