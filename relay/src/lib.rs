//! The Northstar sync relay.
//!
//! Empty until the sync issue: the relay will store opaque, encrypted change blobs in an
//! append-only log per document, and will depend on `northstar-schema` for wire types only.
//! It must never depend on Tauri or on the desktop engine.
