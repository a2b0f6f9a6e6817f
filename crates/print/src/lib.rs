//! totem-print
