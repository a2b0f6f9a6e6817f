//! Device emulators
