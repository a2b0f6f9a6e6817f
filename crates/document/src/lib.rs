//! totem-document
