//! sha256, hex-encoded: model manifests, applicant binding, audit entries.

use sha2::{Digest, Sha256};

/// sha256 of `bytes`, lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::hex::encode(&Sha256::digest(bytes))
}

/// Whether two secret-derived strings (MACs) are equal, in time that does not depend on where
/// they first differ.
pub fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The applicant binding a challenge carries: sha256 of the upper-cased identity number.
pub fn applicant_hash(id_number: &str) -> String {
    sha256_hex(id_number.trim().to_ascii_uppercase().as_bytes())
}
