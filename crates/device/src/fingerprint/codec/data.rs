//! Templates and sensor images: their sizes, and how they travel as a run of
//! data packets ending in an end-of-data packet.

use super::packet::{Packet, PacketKind, MAX_PAYLOAD, OVERHEAD};

/// Template (character file) size, bytes.
pub const TEMPLATE_LEN: usize = 512;
/// Sensor image geometry: 256 × 288, 4 bits a pixel, high nibble first.
pub const IMAGE_WIDTH: u32 = 256;
pub const IMAGE_HEIGHT: u32 = 288;
/// Bytes of an uploaded image.
pub const IMAGE_BYTES: usize = (IMAGE_WIDTH * IMAGE_HEIGHT / 2) as usize;

/// Splits `data` into data packets of `packet_size` bytes, the last one
/// marked as end-of-data.
pub fn data_packets(address: u32, data: &[u8], packet_size: usize) -> Vec<Packet> {
    let size = packet_size.clamp(1, MAX_PAYLOAD);
    let count = data.len().div_ceil(size).max(1);
    let mut chunks: Vec<&[u8]> = data.chunks(size).collect();
    if chunks.is_empty() {
        chunks.push(&[]);
    }
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| {
            let kind = if i + 1 == count {
                PacketKind::EndData
            } else {
                PacketKind::Data
            };
            Packet::new(address, kind, chunk.to_vec())
        })
        .collect()
}

/// Bytes on the wire for `data` sent as data packets of `packet_size`.
pub fn data_wire_len(data_len: usize, packet_size: usize) -> usize {
    let size = packet_size.clamp(1, MAX_PAYLOAD);
    data_len + data_len.div_ceil(size).max(1) * OVERHEAD
}
