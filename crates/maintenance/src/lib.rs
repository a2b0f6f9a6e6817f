//! totem-maintenance
