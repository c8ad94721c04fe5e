//! Sans-IO wire formats of Wangban: what the browser, the edge Worker and the core Worker say to
//! each other, and how challenges and attestations are signed and verified.
//!
//! # Layout
//! - [`api`]: JSON bodies of the public API and of the edge → core service binding, and the one
//!   error body shape (HTTP status + stable code + zh/en message) every route answers with.
//! - [`evidence`]: vision output → the integer observations the verdict and attestation carry.
//! - [`keys`]: Ed25519 session and server keys (the caller supplies the randomness).
//! - [`hex`]: the text encoding of keys and ids.
//! - [`error`]: the crate's error enum.

pub mod api;
pub mod error;
pub mod evidence;
pub mod hex;
pub mod keys;

pub use error::AttestError;
pub use keys::{PublicKey, SecretKey};
