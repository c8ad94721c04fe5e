//! E-certificates (消灭复印件): a signed JSON document anyone can verify offline with the
//! published public key, instead of a photocopy to be trusted.

use serde::{Deserialize, Serialize};

use crate::canonical;
use crate::challenge::Keyring;
use crate::error::AttestError;
use crate::hex;
use crate::keys::SecretKey;

/// What a certificate or completion notice states, and who signed it with which key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Certificate {
    /// The certificate's number: `WB-` and 16 hex digits of a keyed digest of the case id. The
    /// case id is all its status page needs, so a certificate, which is shown to others, carries
    /// nothing it could be recovered from.
    pub certificate_id: String,
    /// Catalogue code of the service.
    pub service: String,
    /// Title in Chinese: the service's name, or its completion notice (办结通知).
    pub title_zh: String,
    /// Title in English.
    pub title_en: String,
    /// The applicant's name.
    pub subject_name: String,
    /// Masked identity number: the certificate proves a fact, it does not leak the number.
    pub subject_id: String,
    /// What it certifies, in Chinese.
    pub statement_zh: String,
    /// What it certifies, in English.
    pub statement_en: String,
    /// Date of issue, `YYYY-MM-DD` in the deployment's time zone.
    pub issued_on: String,
    /// The issuing authority.
    pub issuer: String,
    /// Which of the issuer's published keys signed it.
    pub key_id: String,
}

/// A certificate with the issuer's signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedCertificate {
    /// What is certified.
    pub certificate: Certificate,
    /// Ed25519 over the canonical JSON of `certificate`, hex.
    pub signature: String,
}

impl Certificate {
    /// Signs the canonical JSON of this certificate with the issuer's key.
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

    /// Decodes a token made by [`Self::to_token`] (signature not checked: see [`Self::verify`]).
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
