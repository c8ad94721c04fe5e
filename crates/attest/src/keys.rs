//! Ed25519 keys: the browser's per-session key and the server's challenge-signing keys.
//!
//! Callers bring the 32 random bytes (getrandom in the browser, a Worker secret on the server):
//! this crate never reaches for randomness itself.

use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};

use crate::error::AttestError;

/// A private signing key.
pub struct SecretKey(SigningKey);

impl SecretKey {
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        SecretKey(SigningKey::from_bytes(seed))
    }

    pub fn public(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.0.sign(message).to_bytes()
    }
}

/// A public verification key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, AttestError> {
        let bytes: &[u8; 32] = bytes.try_into().map_err(|_| AttestError::BadKey)?;
        VerifyingKey::from_bytes(bytes).map(PublicKey).map_err(|_| AttestError::BadKey)
    }

    pub fn from_hex(hex: &str) -> Result<Self, AttestError> {
        Self::from_bytes(&crate::hex::decode(hex).ok_or(AttestError::BadKey)?)
    }

    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    pub fn to_hex(&self) -> String {
        crate::hex::encode(&self.to_bytes())
    }

    /// Strict verification (rejects small-order keys and non-canonical signatures).
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> Result<(), AttestError> {
        let sig: &[u8; 64] = signature.try_into().map_err(|_| AttestError::BadSignature)?;
        self.0.verify_strict(message, &Signature::from_bytes(sig)).map_err(|_| AttestError::BadSignature)
    }
}
