//! E-certificates (消灭复印件): a signed JSON document anyone can verify offline with the
//! published public key, instead of a photocopy to be trusted.

use serde::{Deserialize, Serialize};

use crate::canonical;
use crate::challenge::Keyring;
use crate::error::AttestError;
use crate::hex;
use crate::keys::SecretKey;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    pub certificate_id: String,
    pub case_id: String,
    pub service: String,
    pub title_zh: String,
    pub title_en: String,
    pub subject_name: String,
    /// Masked identity number: the certificate proves a fact, it does not leak the number.
    pub subject_id: String,
    pub statement_zh: String,
    pub statement_en: String,
    pub issued_on: String,
    pub issuer: String,
    pub key_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedCertificate {
    pub certificate: Certificate,
    /// Ed25519 over the canonical JSON of `certificate`, hex.
    pub signature: String,
}

impl Certificate {
    pub fn sign(self, key: &SecretKey) -> Result<SignedCertificate, AttestError> {
        let signature = hex::encode(&key.sign(&canonical::to_vec(&self)?));
        Ok(SignedCertificate { certificate: self, signature })
    }
}

impl SignedCertificate {
    /// The one signature check a verifier needs, with the issuer's published keys.
    pub fn verify(&self, keys: &Keyring) -> Result<&Certificate, AttestError> {
        let key = keys.get(&self.certificate.key_id).ok_or(AttestError::BadSignature)?;
        let signature = hex::decode(&self.signature).ok_or(AttestError::BadSignature)?;
        key.verify(&canonical::to_vec(&self.certificate)?, &signature)?;
        Ok(&self.certificate)
    }

    /// The certificate as one URL-safe token (base64url of its JSON), for links and QR codes.
    pub fn to_token(&self) -> Result<String, AttestError> {
        use base64::Engine;
        let json = serde_json::to_vec(self).map_err(|e| AttestError::Malformed(e.to_string()))?;
        Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json))
    }

    pub fn from_token(token: &str) -> Result<Self, AttestError> {
        use base64::Engine;
        if token.len() > 16 * 1024 {
            return Err(AttestError::TooLarge);
        }
        let json = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(token.trim())
            .map_err(|_| AttestError::Malformed("certificate token is not base64url".into()))?;
        serde_json::from_slice(&json).map_err(|e| AttestError::Malformed(e.to_string()))
    }
}
