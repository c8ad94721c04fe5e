//! The core's secrets (`wrangler secret put`; locally `worker/core/.dev.vars`, written by
//! `cargo xtask` with fresh random values): the certificate signing key and the secret behind
//! case ids and officer session cookies, and the one the edge signs its requests with.

use worker::Env;

use wangban_attest::{SecretKey, hex};

use crate::error::CoreError;

fn secret_hex32(env: &Env, name: &str) -> Result<[u8; 32], CoreError> {
    env.secret(name)
        .map(|s| s.to_string())
        .ok()
        .and_then(|h| hex::decode(h.trim()))
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| CoreError::Internal(format!("{name} is missing or not 32 bytes of hex")))
}

pub fn core_secret(env: &Env) -> Result<String, CoreError> {
    secret_hex32(env, "CORE_SECRET").map(|b| hex::encode(&b))
}

/// The secret the edge signs its requests to the core with (`EDGE_CORE_SECRET`, the same value
/// in both Workers), as lower-case hex.
pub fn edge_core_secret(env: &Env) -> Result<String, CoreError> {
    secret_hex32(env, "EDGE_CORE_SECRET").map(|b| hex::encode(&b))
}

pub struct CertificateKey {
    pub key_id: String,
    pub secret: SecretKey,
}

pub fn certificate_key(env: &Env) -> Result<CertificateKey, CoreError> {
    let seed = secret_hex32(env, "CERT_SIGNING_KEY")?;
    let key_id = env.var("CERT_KEY_ID").map(|v| v.to_string()).unwrap_or_else(|_| "cert-dev".into());
    Ok(CertificateKey { key_id, secret: SecretKey::from_seed(&seed) })
}
