//! The `totem` kiosk as a library, so that its ui can be tested headless
//! (tests/ui_*.rs) and driven by the binary in src/main.rs.

pub mod ui;
