//! The challenge-signing keys.
//!
//! `CHALLENGE_SIGNING_KEY` is a Worker secret (`wrangler secret put`; locally `.dev.vars`,
//! written by `cargo xtask` with a fresh random key). `CHALLENGE_KEY_ID` names it inside every
//! challenge; `CHALLENGE_RETIRED_KEYS` (`id:publichex,…`) keeps verifying challenges signed by
//! keys that were rotated out less than a challenge lifetime ago.

use worker::Env;

use wangban_attest::{Keyring, SecretKey, hex};

use crate::http::EdgeError;

pub struct Signing {
    pub key_id: String,
    pub secret: SecretKey,
}

pub fn signing(env: &Env) -> Result<Signing, EdgeError> {
    let seed = env
        .secret("CHALLENGE_SIGNING_KEY")
        .map(|s| s.to_string())
        .ok()
        .and_then(|h| hex::decode(h.trim()))
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .ok_or_else(|| EdgeError::Internal("CHALLENGE_SIGNING_KEY is missing or not 32 bytes of hex".into()))?;
    let key_id = env.var("CHALLENGE_KEY_ID").map(|v| v.to_string()).unwrap_or_else(|_| "dev".into());
    Ok(Signing { key_id, secret: SecretKey::from_seed(&seed) })
}

pub fn keyring(env: &Env) -> Result<Keyring, EdgeError> {
    let current = signing(env)?;
    let retired = env.var("CHALLENGE_RETIRED_KEYS").map(|v| v.to_string()).unwrap_or_default();
    let ring =
        Keyring::parse(&retired).map_err(|_| EdgeError::Internal("CHALLENGE_RETIRED_KEYS is malformed".into()))?;
    Ok(ring.with(&current.key_id, current.secret.public()))
}
