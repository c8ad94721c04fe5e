//! The model manifest (`models/manifest.json`): the sha256 of every runtime model file. Its own
//! hash is what challenges pin; each model file is checked against it before it is loaded, in
//! the browser and in the Workers alike.

use serde::Deserialize;

use crate::digest::sha256_hex;
use crate::error::AttestError;

/// The parsed manifest: each model file's sha256, and the manifest's own.
#[derive(Clone, Debug, Deserialize)]
pub struct ModelManifest {
    models: Vec<Entry>,
    #[serde(skip)]
    sha256: String,
}

#[derive(Clone, Debug, Deserialize)]
struct Entry {
    file: String,
    sha256: String,
}

impl ModelManifest {
    /// Parses the manifest file's bytes and records their sha256 as the pin.
    pub fn parse(bytes: &[u8]) -> Result<Self, AttestError> {
        let mut m: ModelManifest =
            serde_json::from_slice(bytes).map_err(|e| AttestError::Malformed(format!("model manifest: {e}")))?;
        m.sha256 = sha256_hex(bytes);
        Ok(m)
    }

    /// The pin: sha256 of the manifest file itself.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Accepts `bytes` as `file` only if they hash to the manifest's entry.
    pub fn check(&self, file: &str, bytes: &[u8]) -> Result<(), AttestError> {
        let entry = self.models.iter().find(|m| m.file == file).ok_or(AttestError::ModelMismatch)?;
        if sha256_hex(bytes) == entry.sha256 { Ok(()) } else { Err(AttestError::ModelMismatch) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_must_match_their_entries() {
        let json = format!(r#"{{"models":[{{"file":"a.tar","sha256":"{}"}}]}}"#, sha256_hex(b"weights"));
        let m = ModelManifest::parse(json.as_bytes()).unwrap();
        assert_eq!(m.sha256(), sha256_hex(json.as_bytes()));
        assert!(m.check("a.tar", b"weights").is_ok());
        assert_eq!(m.check("a.tar", b"other"), Err(AttestError::ModelMismatch));
        assert_eq!(m.check("b.tar", b"weights"), Err(AttestError::ModelMismatch));
        assert!(ModelManifest::parse(b"{").is_err());
    }
}
