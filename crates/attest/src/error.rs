/// Everything attestation parsing and verification can refuse. No input makes this crate panic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AttestError {
    /// A public key is not 32 bytes of a valid Ed25519 point.
    #[error("malformed public key")]
    BadKey,
    /// A signature does not verify (or is not 64 bytes).
    #[error("signature does not verify")]
    BadSignature,
}
