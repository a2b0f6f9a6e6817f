//! totem-registry
