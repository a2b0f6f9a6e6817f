//! The reach band: which rows of the screen a citizen in a wheelchair or a
//! standing one of short stature can touch. EN 301 549 8.3.2 and ADA 308
//! put operable parts between 380 mm and 1,220 mm above the floor (15 in
//! and 48 in, forward and side reach alike, unobstructed).

/// Lowest height above the floor an operable part may be (mm).
pub const REACH_LOW_MM: f64 = 380.0;
/// Highest height above the floor an operable part may be (mm).
pub const REACH_HIGH_MM: f64 = 1_220.0;

/// The screen as mounted: its active area in pixels and millimetres and the
/// height of the active area's lower edge above the floor.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenGeometry {
    /// Pixel rows of the active area, in the unit the layout uses (logical
    /// px when the ui lays out in logical px).
    pub height_px: u32,
    /// Height of the active area (mm).
    pub height_mm: f64,
    /// Height of the active area's lower edge above the floor (mm).
    pub bottom_edge_mm: f64,
}

/// Rows `top..=bottom` (row 0 is the top of the screen) that lie wholly
/// inside the reach range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReachBand {
    pub top: u32,
    pub bottom: u32,
}

impl ReachBand {
    /// Number of rows in the band.
    pub fn rows(&self) -> u32 {
        self.bottom - self.top + 1
    }

    /// Whether an element spanning `y .. y + height` (px, from the top)
    /// lies wholly inside the band.
    pub fn holds(&self, y: f32, height: f32) -> bool {
        y >= self.top as f32 && y + height <= (self.bottom + 1) as f32
    }
}

impl ScreenGeometry {
    /// Millimetres per pixel row.
    pub fn mm_per_px(&self) -> f64 {
        self.height_mm / f64::from(self.height_px)
    }

    /// Height above the floor of the lower edge of row `row` (mm).
    pub fn row_bottom_mm(&self, row: u32) -> f64 {
        self.bottom_edge_mm
            + f64::from(self.height_px.saturating_sub(1).saturating_sub(row)) * self.mm_per_px()
    }
}

/// The rows of `screen` that lie between 380 mm and 1,220 mm above the
/// floor; `None` when no whole row does (a screen mounted too high or too
/// low), or when the geometry is empty.
pub fn reach_band(screen: &ScreenGeometry) -> Option<ReachBand> {
    let usable =
        screen.height_mm.is_finite() && screen.height_mm > 0.0 && screen.bottom_edge_mm.is_finite();
    if screen.height_px == 0 || !usable {
        return None;
    }
    let h = f64::from(screen.height_px);
    let p = screen.mm_per_px();
    // Row r spans [bottom + (h-1-r)·p, bottom + (h-r)·p] above the floor.
    // Its top edge must not exceed the high limit: r ≥ h - (high - bottom)/p.
    let top = (h - (REACH_HIGH_MM - screen.bottom_edge_mm) / p)
        .ceil()
        .max(0.0);
    // Its lower edge must not be under the low limit: r ≤ h-1 - (low - bottom)/p.
    let bottom = (h - 1.0 - (REACH_LOW_MM - screen.bottom_edge_mm) / p)
        .floor()
        .min(h - 1.0);
    if top > bottom {
        return None;
    }
    Some(ReachBand {
        top: top as u32,
        bottom: bottom as u32,
    })
}
