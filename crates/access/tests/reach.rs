//! The reach band of EN 301 549 8.3 / ADA 308 for screens as mounted.

use totem_access::{reach_band, ReachBand, ScreenGeometry, REACH_HIGH_MM, REACH_LOW_MM};

/// kiosk-config/kiosk.toml's example: a 21.5" portrait panel (1080 × 1920
/// px, 268 × 476 mm) whose active area starts 800 mm above the floor.
const EXAMPLE: ScreenGeometry = ScreenGeometry {
    height_px: 1920,
    height_mm: 476.0,
    bottom_edge_mm: 800.0,
};

#[test]
fn one_mm_per_row_from_the_floor_gives_exactly_the_band() {
    // Row r's lower edge is 1999 - r mm above the floor.
    let screen = ScreenGeometry {
        height_px: 2000,
        height_mm: 2000.0,
        bottom_edge_mm: 0.0,
    };
    let band = reach_band(&screen).unwrap();
    assert_eq!(
        band,
        ReachBand {
            top: 780,
            bottom: 1619
        }
    );
    assert_eq!(f64::from(band.rows()), REACH_HIGH_MM - REACH_LOW_MM);
    assert_eq!(screen.row_bottom_mm(band.bottom), REACH_LOW_MM);
    assert_eq!(screen.row_bottom_mm(band.top) + 1.0, REACH_HIGH_MM);
}

#[test]
fn the_example_kiosk_loses_its_top_rows_to_a_seated_citizen() {
    let band = reach_band(&EXAMPLE).unwrap();
    // The top of the panel is 1,276 mm high: the rows above 1,220 mm are out
    // of reach; the bottom edge (800 mm) is well above 380 mm.
    assert_eq!(band.bottom, 1919);
    let px_per_mm = 1920.0 / 476.0;
    let lost_rows = ((1276.0 - REACH_HIGH_MM) * px_per_mm).ceil() as u32;
    assert_eq!(band.top, lost_rows);
    assert!(EXAMPLE.row_bottom_mm(band.top) + EXAMPLE.mm_per_px() <= REACH_HIGH_MM);
    assert!(EXAMPLE.row_bottom_mm(band.top - 1) + EXAMPLE.mm_per_px() > REACH_HIGH_MM);
    // A 128 px button at the bottom is reachable, one at the top is not.
    assert!(band.holds(1700.0, 128.0));
    assert!(!band.holds(100.0, 128.0));
    assert!(
        !band.holds(1850.0, 128.0),
        "runs off the bottom of the screen"
    );
}

#[test]
fn a_screen_mounted_low_loses_its_bottom_rows() {
    let screen = ScreenGeometry {
        height_px: 1000,
        height_mm: 500.0,
        bottom_edge_mm: 200.0,
    };
    let band = reach_band(&screen).unwrap();
    assert_eq!(band.top, 0, "the top edge (700 mm) is in reach");
    // Rows whose lower edge is under 380 mm: the bottom 180 mm = 360 rows.
    assert_eq!(band.bottom, 1000 - 360 - 1);
}

#[test]
fn a_screen_wholly_out_of_reach_has_no_band() {
    let high = ScreenGeometry {
        bottom_edge_mm: 1_300.0,
        ..EXAMPLE
    };
    assert_eq!(reach_band(&high), None);
    let on_the_floor = ScreenGeometry {
        height_px: 100,
        height_mm: 300.0,
        bottom_edge_mm: 0.0,
    };
    assert_eq!(reach_band(&on_the_floor), None);
    let empty = ScreenGeometry {
        height_px: 0,
        ..EXAMPLE
    };
    assert_eq!(reach_band(&empty), None);
}
