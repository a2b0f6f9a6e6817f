//! totem-device
