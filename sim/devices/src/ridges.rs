//! Synthetic fingerprint images: a ridge pattern fixed per (person, finger)
//! and varied from capture to capture (position, pressure, sensor noise), in
//! the module's 4-bit grey levels. Not biometrics: something that looks and
//! measures like a print, so the driver's quality check has real work to do.

use totem_device::fingerprint::codec::{IMAGE_HEIGHT, IMAGE_WIDTH};
use totem_sim_people::SimRng;

/// How the finger sat on the sensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Contact {
    /// A clear print.
    Clean,
    /// A wet or moving finger: ridges smeared to almost nothing.
    Smudged,
}

fn unit(rng: &mut SimRng) -> f32 {
    (rng.next_u64() >> 40) as f32 / (1u64 << 24) as f32
}

/// The image as 4-bit levels (0..=15), one per pixel, row by row.
pub fn finger_image(run_body: u32, finger: u8, capture: u64, contact: Contact) -> Vec<u8> {
    // The pattern: fixed by person and finger.
    let mut shape = SimRng::new(u64::from(run_body) << 8 | u64::from(finger) | 1 << 63);
    let core_x = 128.0 + (unit(&mut shape) - 0.5) * 40.0;
    let core_y = 150.0 + (unit(&mut shape) - 0.5) * 40.0;
    let period = 8.0 + unit(&mut shape) * 3.0;
    let stretch = 0.7 + unit(&mut shape) * 0.5;
    let warp = 2.0 + unit(&mut shape) * 4.0;
    let warp_freq = 0.02 + unit(&mut shape) * 0.03;

    // The capture: where and how hard the finger pressed.
    let mut take = SimRng::new(capture ^ 0x5EED_CAFE);
    let dx = (unit(&mut take) - 0.5) * 12.0;
    let dy = (unit(&mut take) - 0.5) * 12.0;
    let amplitude = match contact {
        Contact::Clean => 6.0 + unit(&mut take) * 1.5,
        Contact::Smudged => 0.6,
    };

    let two_pi = std::f32::consts::TAU;
    let mut pixels = Vec::with_capacity((IMAGE_WIDTH * IMAGE_HEIGHT) as usize);
    for y in 0..IMAGE_HEIGHT {
        for x in 0..IMAGE_WIDTH {
            let fx = x as f32 - core_x - dx;
            let fy = y as f32 - core_y - dy;
            // The fingertip: an ellipse of contact with a soft edge.
            let r = (fx / 118.0).powi(2) + (fy / 140.0).powi(2);
            let noise = (take.below(3) as f32) - 1.0;
            let level = if r > 1.0 {
                14.0 + noise * 0.5
            } else {
                let dist = (fx * fx * stretch + fy * fy / stretch).sqrt();
                let phase =
                    two_pi * dist / period + warp * (fx * warp_freq).sin() * (fy * warp_freq).cos();
                let edge = ((1.0 - r) * 6.0).min(1.0);
                7.5 + amplitude * edge * phase.cos() + noise
            };
            pixels.push(level.round().clamp(0.0, 15.0) as u8);
        }
    }
    pixels
}

/// Packs 4-bit levels two a byte, high nibble first, as UpImage sends them.
pub fn pack_levels(levels: &[u8]) -> Vec<u8> {
    levels
        .chunks(2)
        .map(|p| (p[0] << 4) | p.get(1).copied().unwrap_or(0))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use totem_device::fingerprint::quality::{unpack_image, Quality};

    #[test]
    fn a_clean_print_passes_the_drivers_quality_check_and_a_smudge_does_not() {
        let clean = unpack_image(&pack_levels(&finger_image(
            11_111_111,
            1,
            1,
            Contact::Clean,
        )))
        .unwrap();
        let q = Quality::assess(&clean);
        assert!(q.acceptable(), "{q:?}");
        let smudge = unpack_image(&pack_levels(&finger_image(
            11_111_111,
            1,
            2,
            Contact::Smudged,
        )))
        .unwrap();
        let q = Quality::assess(&smudge);
        assert!(!q.acceptable(), "{q:?}");
    }

    #[test]
    fn captures_of_one_finger_differ_and_fingers_differ() {
        let a = finger_image(22_222_222, 1, 1, Contact::Clean);
        let b = finger_image(22_222_222, 1, 2, Contact::Clean);
        let c = finger_image(22_222_222, 2, 1, Contact::Clean);
        assert_ne!(a, b);
        assert_ne!(a, c);
    }
}
