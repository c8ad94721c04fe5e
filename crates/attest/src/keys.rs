//! Ed25519 keys: the browser's per-session key and the server's challenge-signing keys.
//!
//! Callers bring the 32 random bytes (getrandom in the browser, a Worker secret on the server):
//! this crate never reaches for randomness itself.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::error::AttestError;

/// A private signing key.
pub struct SecretKey(SigningKey);

impl SecretKey {
    /// The key with this 32-byte secret seed.
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// The matching public key.
    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The Ed25519 signature of `message`.
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

/// A public verification key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Parses 32 bytes; [`AttestError::BadKey`] if they are not a valid Ed25519 point.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AttestError> {
        let bytes: &[u8; 32] = bytes.try_into().map_err(|_| AttestError::BadKey)?;
        VerifyingKey::from_bytes(bytes).map(PublicKey).map_err(|_| AttestError::BadKey)
    }

    /// Parses 64 hex characters, as [`Self::from_bytes`].
    pub fn from_hex(hex: &str) -> Result<Self, AttestError> {
        Self::from_bytes(&crate::hex::decode(hex).ok_or(AttestError::BadKey)?)
    }

    /// The 32-byte encoding.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The 32-byte encoding, lower-case hex.
    pub fn to_hex(&self) -> String {
        crate::hex::encode(&self.to_bytes())
    }

    /// Strict verification (rejects small-order keys and non-canonical signatures).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), AttestError> {
        let sig: &[u8; 64] = signature.try_into().map_err(|_| AttestError::BadSignature)?;
        self.0.verify_strict(message, &Signature::from_bytes(sig)).map_err(|_| AttestError::BadSignature)
    }
}
