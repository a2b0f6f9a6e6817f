//! The synthetic population: what the reference registry enrolls and what the
//! device emulators present. Everything here is generated from numbers, so the
//! registry and the emulators agree without sharing a file, and no real
//! person's data is ever involved.
//!
//! [`Population::generate`] builds a few hundred citizens from a seed and a
//! reference date ("today"), so ages and card expiries stay meaningful
//! whenever it runs. The first [`DEMO_COUNT`] citizens are fixed demo people
//! (see [`demo`]); the rest are random but repeatable.

mod population;

pub use population::*;

/// Size of an R30x character file (template), bytes.
pub const TEMPLATE_LEN: usize = 512;

/// A small, fast, deterministic generator (xorshift64*). Not for secrets.
#[derive(Debug, Clone)]
pub struct SimRng(u64);

impl SimRng {
    pub fn new(seed: u64) -> Self {
        // Zero is a fixed point of xorshift: move away from it.
        Self(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// The enrolled template of a person's finger (`finger` 0..10; 1 is the right
/// index). The emulator sends this with capture noise; the registry compares
/// what it receives with it.
pub fn finger_template(run_body: u32, finger: u8) -> [u8; TEMPLATE_LEN] {
    let mut rng = SimRng::new(u64::from(run_body) << 8 | u64::from(finger));
    let mut template = [0u8; TEMPLATE_LEN];
    for chunk in template.chunks_mut(8) {
        let bytes = rng.next_u64().to_le_bytes();
        chunk.copy_from_slice(&bytes[..chunk.len()]);
    }
    template
}

/// A capture of `template` as a real sensor would give it: each byte differs
/// with probability `noise` (0.0..=1.0). `capture` varies from try to try.
pub fn noisy_capture(
    template: &[u8; TEMPLATE_LEN],
    noise: f64,
    capture: u64,
) -> [u8; TEMPLATE_LEN] {
    let mut rng = SimRng::new(capture.wrapping_mul(0x100_0000_01B3));
    let threshold = (noise.clamp(0.0, 1.0) * u64::MAX as f64) as u64;
    let mut out = *template;
    for byte in out.iter_mut() {
        if rng.next_u64() < threshold {
            *byte ^= (rng.below(255) + 1) as u8;
        }
    }
    out
}

/// Fraction (0.0..=1.0) of bytes two templates share: the simulated matcher's
/// score. Honest about what it is: a simulation, not biometrics.
pub fn similarity(a: &[u8], b: &[u8]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_light_capture_of_the_right_finger_scores_high_and_another_finger_low() {
        let enrolled = finger_template(12_345_678, 1);
        let capture = noisy_capture(&enrolled, 0.1, 7);
        assert!(similarity(&enrolled, &capture) > 0.8);
        let other = finger_template(12_345_678, 2);
        assert!(similarity(&enrolled, &other) < 0.1);
        let someone_else = noisy_capture(&finger_template(11_111_111, 1), 0.1, 7);
        assert!(similarity(&enrolled, &someone_else) < 0.1);
    }

    #[test]
    fn two_captures_differ_but_the_template_is_stable() {
        let enrolled = finger_template(9_876_543, 1);
        assert_eq!(enrolled, finger_template(9_876_543, 1));
        assert_ne!(
            noisy_capture(&enrolled, 0.1, 1),
            noisy_capture(&enrolled, 0.1, 2)
        );
    }
}
