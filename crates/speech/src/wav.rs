//! The little of RIFF/WAVE the speech layer needs: reading the header
//! espeak-ng streams on stdout (its sizes are placeholders, the data runs
//! to the end of the stream) and writing and reading 16-bit mono files.

use std::io::{self, Read, Write};
use std::path::Path;

fn bad(what: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("not a 16-bit PCM WAV stream: {what}"),
    )
}

/// Reads a WAV header up to the start of the `data` chunk; returns the
/// sample rate. Only 16-bit mono PCM is accepted (what espeak-ng writes).
pub fn read_header(r: &mut impl Read) -> io::Result<u32> {
    let mut riff = [0u8; 12];
    r.read_exact(&mut riff)?;
    if &riff[0..4] != b"RIFF" || &riff[8..12] != b"WAVE" {
        return Err(bad("no RIFF/WAVE signature"));
    }
    let mut rate = None;
    loop {
        let mut head = [0u8; 8];
        r.read_exact(&mut head)?;
        let len = u32::from_le_bytes([head[4], head[5], head[6], head[7]]);
        match &head[0..4] {
            b"fmt " => {
                if !(16..=64).contains(&len) {
                    return Err(bad("odd fmt chunk"));
                }
                let mut fmt = vec![0u8; len as usize];
                r.read_exact(&mut fmt)?;
                let format = u16::from_le_bytes([fmt[0], fmt[1]]);
                let channels = u16::from_le_bytes([fmt[2], fmt[3]]);
                let bits = u16::from_le_bytes([fmt[14], fmt[15]]);
                if format != 1 || channels != 1 || bits != 16 {
                    return Err(bad("not 16-bit mono PCM"));
                }
                rate = Some(u32::from_le_bytes([fmt[4], fmt[5], fmt[6], fmt[7]]));
            }
            b"data" => return rate.ok_or_else(|| bad("data before fmt")),
            _ => {
                // Skip a chunk we do not use (LIST…), bounded.
                if len > 1 << 20 {
                    return Err(bad("oversized chunk"));
                }
                io::copy(&mut r.take(u64::from(len + (len & 1))), &mut io::sink())?;
            }
        }
    }
}

/// The 44-byte header of a 16-bit mono PCM file of `samples` samples.
pub fn header(rate: u32, samples: u32) -> [u8; 44] {
    let data = samples.saturating_mul(2);
    let mut h = [0u8; 44];
    h[0..4].copy_from_slice(b"RIFF");
    h[4..8].copy_from_slice(&data.saturating_add(36).to_le_bytes());
    h[8..16].copy_from_slice(b"WAVEfmt ");
    h[16..20].copy_from_slice(&16u32.to_le_bytes());
    h[20..22].copy_from_slice(&1u16.to_le_bytes());
    h[22..24].copy_from_slice(&1u16.to_le_bytes());
    h[24..28].copy_from_slice(&rate.to_le_bytes());
    h[28..32].copy_from_slice(&(rate * 2).to_le_bytes());
    h[32..34].copy_from_slice(&2u16.to_le_bytes());
    h[34..36].copy_from_slice(&16u16.to_le_bytes());
    h[36..40].copy_from_slice(b"data");
    h[40..44].copy_from_slice(&data.to_le_bytes());
    h
}

/// Writes a whole 16-bit mono file.
pub fn write_file(path: &Path, rate: u32, samples: &[i16]) -> io::Result<()> {
    let mut f = io::BufWriter::new(std::fs::File::create(path)?);
    f.write_all(&header(rate, samples.len() as u32))?;
    for s in samples {
        f.write_all(&s.to_le_bytes())?;
    }
    f.flush()
}

/// Reads a 16-bit mono file: (sample rate, samples). A file whose header
/// gives no true length (a stream) is read to its end.
pub fn read_file(path: &Path) -> io::Result<(u32, Vec<i16>)> {
    let mut f = io::BufReader::new(std::fs::File::open(path)?);
    let rate = read_header(&mut f)?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)?;
    Ok((rate, to_samples(&bytes)))
}

/// Little-endian 16-bit samples; an odd trailing byte is dropped.
pub fn to_samples(bytes: &[u8]) -> Vec<i16> {
    bytes
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}
