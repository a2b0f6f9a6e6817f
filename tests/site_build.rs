//! A site's kiosk carries no demo panel: the panel is the `demo` cargo
//! feature of `totem`, off by default (docs/demo.md). The kiosk binary that
//! cargo built for this test run is read whole and searched for what only
//! the panel puts in it: its module's symbols and source path, the
//! environment variable it reads, the control API's paths, its words.
//!
//! `cargo test -p totem --test site_build` checks the default build;
//! with `--features demo` (as `cargo test --workspace` builds the kiosk, the
//! simulator's tests turning the feature on) the same search must find every
//! mark, which shows the search would see a panel that slipped in.

/// What only the demo panel compiles into the binary.
const PANEL_MARKS: [&str; 5] = [
    "demo_panel",
    "TOTEM_DEMO_CONTROL",
    "/demo/citizens",
    "/demo/finger",
    "Pick a citizen first.",
];

fn kiosk_binary() -> Vec<u8> {
    let path = env!("CARGO_BIN_EXE_totem");
    std::fs::read(path).unwrap_or_else(|e| panic!("cannot read the kiosk binary {path}: {e}"))
}

/// The marks found in `binary`, in the order of [`PANEL_MARKS`].
fn marks_in(binary: &[u8]) -> Vec<&'static str> {
    // As text (bytes that are no UTF-8 become U+FFFD; every mark is ASCII),
    // so that std's string search does the work.
    let text = String::from_utf8_lossy(binary);
    PANEL_MARKS
        .iter()
        .copied()
        .filter(|mark| text.contains(mark))
        .collect()
}

#[cfg(not(feature = "demo"))]
#[test]
fn the_site_kiosk_built_by_default_has_no_demo_panel() {
    let found = marks_in(&kiosk_binary());
    assert!(
        found.is_empty(),
        "the default build of the kiosk holds demo-panel code: {found:?}"
    );
}

#[cfg(feature = "demo")]
#[test]
fn a_demo_build_holds_the_panel_and_the_search_finds_every_mark() {
    assert_eq!(marks_in(&kiosk_binary()), PANEL_MARKS.to_vec());
}
