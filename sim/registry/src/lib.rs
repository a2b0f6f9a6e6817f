//! Reference registry server
