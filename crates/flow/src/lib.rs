//! totem-flow
