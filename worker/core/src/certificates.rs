//! The certificate keys anyone may verify with, and the check of a presented certificate.
//! (Issuing is a flow of the decision core: [`wangban_decision::settle`].)

use wangban_attest::api::{CertificateCheck, CertificateKey, CertificateKeys};
use wangban_attest::certificate::SignedCertificate;
use wangban_attest::{Keyring, hex};
use wangban_decision::catalogue::Catalogue;
use wangban_decision::platform::ISSUER;
use worker::Env;

use crate::error::CoreError;
use crate::secrets;

/// The keys certificates verify under.
fn keyring(env: &Env) -> Result<Keyring, CoreError> {
    let key = secrets::certificate_key(env)?;
    Ok(Keyring::new().with(&key.key_id, key.secret.public()))
}

/// `GET /certificates/keys`.
pub fn public_keys(env: &Env) -> Result<CertificateKeys, CoreError> {
    let key = secrets::certificate_key(env)?;
    Ok(CertificateKeys {
        issuer: ISSUER.into(),
        keys: vec![CertificateKey { key_id: key.key_id, ed25519: hex::encode(&key.secret.public().to_bytes()) }],
    })
}

/// `POST /certificates/verify {token}`: valid → what it certifies; tampered → 422.
pub fn verify(env: &Env, token: &str) -> Result<CertificateCheck, CoreError> {
    let signed = SignedCertificate::from_token(token).map_err(|_| CoreError::CertificateMalformed)?;
    let certificate = signed.verify(&keyring(env)?).map_err(|_| CoreError::CertificateInvalid)?;
    let valid = Catalogue::builtin().service(&certificate.service).is_ok();
    Ok(CertificateCheck { valid, certificate: certificate.clone() })
}
