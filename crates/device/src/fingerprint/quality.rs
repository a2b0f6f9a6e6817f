//! The sensor image: unpacking the module's 4-bit pixels and judging whether a
//! capture is good enough to send anywhere.

use image::GrayImage;

use super::codec::{IMAGE_BYTES, IMAGE_HEIGHT, IMAGE_WIDTH};

/// Turns the module's 36,864 packed bytes (two 4-bit pixels a byte, high
/// nibble first, row by row) into an 8-bit grey image. `None` if the length
/// is not that of a 256 × 288 image.
pub fn unpack_image(packed: &[u8]) -> Option<GrayImage> {
    if packed.len() != IMAGE_BYTES {
        return None;
    }
    let mut pixels = Vec::with_capacity(packed.len() * 2);
    for &byte in packed {
        // ×17 maps 0..=15 onto 0..=255 exactly.
        pixels.push((byte >> 4) * 17);
        pixels.push((byte & 0x0F) * 17);
    }
    GrayImage::from_raw(IMAGE_WIDTH, IMAGE_HEIGHT, pixels)
}

/// The inverse of [`unpack_image`]: what a module would send for `image`
/// (used by the emulator and by tests).
pub fn pack_image(image: &GrayImage) -> Vec<u8> {
    image
        .as_raw()
        .chunks(2)
        .map(|pair| {
            let hi = pair[0] / 17;
            let lo = pair.get(1).map_or(0, |p| p / 17);
            (hi << 4) | lo
        })
        .collect()
}

/// How good a capture looks. A fingerprint is ridges: many small areas of
/// strong local contrast over most of the window. A blank sensor has no
/// contrast anywhere; a smudge (wet or moving finger) has little contrast
/// over large areas.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Quality {
    /// Fraction (0..=1) of 16 × 16 blocks that show ridges.
    pub coverage: f32,
    /// Mean ridge contrast (0..=1) over those blocks.
    pub contrast: f32,
    /// A single score 0..=100 for display and logs.
    pub score: u8,
}

impl Quality {
    /// Below this coverage the finger is off-centre, partly lifted or absent.
    pub const MIN_COVERAGE: f32 = 0.45;
    /// Below this contrast the ridges are smeared.
    pub const MIN_CONTRAST: f32 = 0.20;

    pub fn acceptable(&self) -> bool {
        self.coverage >= Self::MIN_COVERAGE && self.contrast >= Self::MIN_CONTRAST
    }

    /// Measures `image`.
    pub fn assess(image: &GrayImage) -> Self {
        const BLOCK: u32 = 16;
        // A block "has ridges" when its grey levels spread this much (standard
        // deviation, 0..=255 scale): ridge/valley swings are ~60+ on a good
        // print, sensor noise is a few levels.
        const RIDGE_STDDEV: f32 = 24.0;
        let (w, h) = image.dimensions();
        let mut blocks = 0u32;
        let mut ridged = 0u32;
        let mut contrast_sum = 0.0f32;
        for by in (0..h.saturating_sub(BLOCK - 1)).step_by(BLOCK as usize) {
            for bx in (0..w.saturating_sub(BLOCK - 1)).step_by(BLOCK as usize) {
                blocks += 1;
                let mut sum = 0.0f32;
                let mut sum_sq = 0.0f32;
                for y in by..by + BLOCK {
                    for x in bx..bx + BLOCK {
                        let v = f32::from(image.get_pixel(x, y)[0]);
                        sum += v;
                        sum_sq += v * v;
                    }
                }
                let n = (BLOCK * BLOCK) as f32;
                let mean = sum / n;
                let stddev = (sum_sq / n - mean * mean).max(0.0).sqrt();
                if stddev >= RIDGE_STDDEV {
                    ridged += 1;
                    // A pure square wave between 0 and 255 has stddev 127.5.
                    contrast_sum += (stddev / 127.5).min(1.0);
                }
            }
        }
        let coverage = if blocks == 0 {
            0.0
        } else {
            ridged as f32 / blocks as f32
        };
        let contrast = if ridged == 0 {
            0.0
        } else {
            contrast_sum / ridged as f32
        };
        let score = (100.0 * coverage * (contrast / 0.5).min(1.0)).round() as u8;
        Self {
            coverage,
            contrast,
            score,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stripes(amplitude: f32, rows: std::ops::Range<u32>) -> GrayImage {
        GrayImage::from_fn(IMAGE_WIDTH, IMAGE_HEIGHT, |x, y| {
            let v = if rows.contains(&y) {
                128.0 + amplitude * ((x + y) as f32 * 0.7).sin()
            } else {
                240.0
            };
            image::Luma([v.clamp(0.0, 255.0) as u8])
        })
    }

    #[test]
    fn a_clear_print_passes_and_a_blank_or_smudged_one_does_not() {
        let good = Quality::assess(&stripes(110.0, 0..IMAGE_HEIGHT));
        assert!(good.acceptable(), "{good:?}");
        assert!(good.score > 80);

        let blank = Quality::assess(&stripes(0.0, 0..0));
        assert!(!blank.acceptable());
        assert_eq!(blank.coverage, 0.0);

        let smudged = Quality::assess(&stripes(12.0, 0..IMAGE_HEIGHT));
        assert!(!smudged.acceptable(), "{smudged:?}");

        let partial = Quality::assess(&stripes(110.0, 0..80));
        assert!(!partial.acceptable(), "{partial:?}");
    }

    #[test]
    fn packing_and_unpacking_keep_every_4_bit_level() {
        let packed: Vec<u8> = (0..IMAGE_BYTES).map(|i| (i % 256) as u8).collect();
        let image = unpack_image(&packed).unwrap();
        assert_eq!(image.dimensions(), (256, 288));
        assert_eq!(image.get_pixel(0, 0)[0], 0);
        assert_eq!(image.get_pixel(3, 0)[0], 17);
        assert_eq!(pack_image(&image), packed);
        assert!(unpack_image(&packed[1..]).is_none());
    }
}
