//! The bytes that get signed: RFC 8785 (JSON Canonicalization Scheme) via a maintained crate,
//! so browser and Worker serialise a value identically. Signed structures hold integers and
//! strings only, so JCS's number formatting never meets a float.

use serde::Serialize;

use crate::error::AttestError;

/// The RFC 8785 canonical JSON of `value`.
pub fn to_vec<T: Serialize>(value: &T) -> Result<Vec<u8>, AttestError> {
    serde_json_canonicalizer::to_vec(value).map_err(|e| AttestError::Malformed(format!("cannot canonicalise: {e}")))
}
