//! assets/logo.png is the emblem of `totem_print::logo` rasterised; this
//! keeps it current (`TOTEM_BLESS=1 cargo test -p totem-print --test logo_png`
//! rewrites it) and checks it looks like the emblem: a navy ring, a clear
//! corner, a red star at the top.

use totem_print::logo;

const SIZE: u32 = 256;

#[test]
fn assets_logo_png_is_the_emblem() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/logo.png");
    let pixels = logo::rgba(SIZE);
    if std::env::var_os("TOTEM_BLESS").is_some() {
        image::save_buffer(path, &pixels, SIZE, SIZE, image::ColorType::Rgba8).unwrap();
    }
    let on_disk = image::open(path)
        .expect("assets/logo.png missing: rerun with TOTEM_BLESS=1")
        .to_rgba8();
    assert_eq!(on_disk.dimensions(), (SIZE, SIZE));
    assert!(
        on_disk.as_raw() == &pixels,
        "assets/logo.png is stale: rerun with TOTEM_BLESS=1"
    );

    let at = |x: u32, y: u32| on_disk.get_pixel(x, y).0;
    assert_eq!(at(2, 2)[3], 0, "corner should be transparent");
    let ring = at(SIZE / 2, 3);
    assert!(
        ring[3] == 255 && ring[2] > ring[0],
        "top of the ring should be navy: {ring:?}"
    );
    let star = at(SIZE / 2, (SIZE as f32 * 0.24) as u32);
    assert!(
        star[0] > 150 && star[1] < 80,
        "star should be red: {star:?}"
    );
}
