//! Shared by the edge and the core Worker.
//!
//! # Layout
//! - [`http`]: JSON responses (never cached), bounded body reading, typed error bodies.
//! - [`models`]: the face models, fetched once per isolate from the static assets and checked
//!   against the hashes in their manifest (the same manifest every challenge pins).

pub mod http;
pub mod models;
