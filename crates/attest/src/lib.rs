//! Sans-IO wire formats of Wangban: what the browser, the edge Worker and the core Worker say to
//! each other, and how challenges and attestations are signed and verified.
//!
//! # Layout
//! - [`api`]: JSON bodies of the public API and of the edge → core service binding, and the one
//!   error body shape (HTTP status + stable code + zh/en message) every route answers with.
//! - [`evidence`]: vision output → the integer observations the verdict and attestation carry.
//! - [`challenge`]: the server-signed challenge (seed, keyframe instants, expiry, pins) and the
//!   keyring that verifies it across key rotation.
//! - [`attestation`]: the client's evidence signed with its session key; strict decoding.
//! - [`keyframes`]: face crops the server re-runs the mesh on, and the comparison with the claim.
//! - [`certificate`]: signed e-certificates, verifiable offline.
//! - [`canonical`]: RFC 8785 canonical JSON, the bytes that are signed.
//! - [`manifest`]: the model manifest every model file is checked against.
//! - [`keys`]: Ed25519 session and server keys (the caller supplies the randomness).
//! - [`digest`]: sha256 for manifests and the applicant binding.
//! - [`hex`]: the text encoding of keys and ids.
//! - [`error`]: the crate's error enum.

pub mod api;
pub mod attestation;
pub mod canonical;
pub mod certificate;
pub mod challenge;
pub mod digest;
pub mod error;
pub mod evidence;
pub mod hex;
pub mod keyframes;
pub mod keys;
pub mod manifest;

pub use attestation::{Attestation, Evidence, Keyframe, Signed};
pub use challenge::{Challenge, Keyring, SignedChallenge};
pub use error::AttestError;
pub use keys::{PublicKey, SecretKey};
