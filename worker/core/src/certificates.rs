//! The certificate keys anyone may verify with, and the check of a presented certificate.
//! (Issuing is a flow of the decision core: [`wangban_decision::settle`].)
//!
//! `CERT_SIGNING_KEY` signs; `CERT_RETIRED_KEYS` (`id:publichex,…`) keeps the keys rotated out
//! verifying the certificates they signed.

use wangban_attest::api::{CertificateCheck, CertificateKey, CertificateKeys};
use wangban_attest::{Keyring, hex};
use wangban_decision::platform::ISSUER;
use wangban_decision::views;
use worker::Env;

use crate::error::CoreError;
use crate::secrets;

/// The keys certificates verify under: the retired ones and the current one.
fn keyring(env: &Env) -> Result<Keyring, CoreError> {
    let key = secrets::certificate_key(env)?;
    let retired = env.var("CERT_RETIRED_KEYS").map(|v| v.to_string()).unwrap_or_default();
    let ring = Keyring::parse(&retired).map_err(|e| CoreError::Internal(format!("CERT_RETIRED_KEYS: {e}")))?;
    Ok(ring.with(&key.key_id, key.secret.public()))
}

/// `GET /certificates/keys`.
pub fn public_keys(env: &Env) -> Result<CertificateKeys, CoreError> {
    let keys = keyring(env)?
        .iter()
        .map(|(key_id, key)| CertificateKey { key_id: key_id.to_string(), ed25519: hex::encode(&key.to_bytes()) })
        .collect();
    Ok(CertificateKeys { issuer: ISSUER.into(), keys })
}

/// `POST /certificates/verify {token}`: valid → what it certifies; tampered → 422.
pub fn verify(env: &Env, token: &str) -> Result<CertificateCheck, CoreError> {
    Ok(views::check_certificate(token, &keyring(env)?)?)
}
