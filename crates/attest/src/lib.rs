//! Sans-IO wire formats of Wangban: what the browser, the edge Worker and the core Worker say to
//! each other, and how challenges and attestations are signed and verified.
//!
//! # Layout
//! - [`api`]: JSON bodies of the public API and of the edge → core service binding, and the one
//!   error body shape (HTTP status + stable code + zh/en message) every route answers with.
//! - [`challenge`]: the server-signed challenge (seed, expiry, pins) and the
//!   keyring that verifies it across key rotation.
//! - [`attestation`]: the client's evidence (its claims, and the reading's pixels bound to the
//!   signature by a hash chain) signed with its session key; strict decoding.
//! - [`certificate`]: signed e-certificates, verifiable offline.
//! - [`canonical`]: RFC 8785 canonical JSON, the bytes that are signed.
//! - [`manifest`]: the model manifest every model file is checked against.
//! - [`keys`]: Ed25519 session and server keys (the caller supplies the randomness).
//! - [`digest`]: sha256 for manifests and the applicant binding.
//! - [`edge_auth`]: the edge's signature on its requests to the core (the core answers no other).
//! - [`hex`]: the text encoding of keys and ids.
//! - [`error`]: the crate's error enum.
//!
//! # Example
//! The server signs a challenge; only its keyring verifies it, and any change breaks it:
//! ```
//! use wangban_attest::{Challenge, Keyring, SecretKey, AttestError};
//!
//! let server = SecretKey::from_seed(&[1; 32]);
//! let challenge = Challenge {
//!     version: 2, key_id: "k1".into(), session_id: "00".repeat(16), seed: "2a".repeat(32),
//!     service: "house_purchase_settlement".into(), applicant: "ab".repeat(32),
//!     client_public_key: "cd".repeat(32), require_audio: true,
//!     model_manifest: "ef".repeat(32), issued_at_ms: 0, expires_at_ms: 180_000,
//! };
//! let mut signed = challenge.sign(&server).unwrap();
//! let keyring = Keyring::new().with("k1", server.public());
//! assert!(signed.verify(&keyring).is_ok());
//! signed.challenge.expires_at_ms += 1;
//! assert_eq!(signed.verify(&keyring).unwrap_err(), AttestError::BadChallengeSignature);
//! ```

pub mod api;
pub mod attestation;
pub mod canonical;
pub mod certificate;
pub mod challenge;
pub mod digest;
pub mod edge_auth;
pub mod error;
pub mod hex;
pub mod keys;
pub mod manifest;

pub use attestation::{Attestation, Crop, Evidence, Keyframe, Media, Scene, Signed};
pub use challenge::{Challenge, Keyring, SignedChallenge};
pub use error::AttestError;
pub use keys::{PublicKey, SecretKey};
