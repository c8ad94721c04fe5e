//! `POST /api/v1/sessions`: start an application and issue its signed digit challenge.

use wangban_attest::api::{CreateSession, MAX_SESSION_REQUEST_BYTES, Precheck, SessionCreated};
use wangban_attest::challenge::{CHALLENGE_TTL_MS, CHALLENGE_VERSION};
use wangban_attest::{AttestError, Challenge, PublicKey, SecretKey, digest, hex};

use crate::error::{BackendError, VerifyError};
use crate::upstream::Core;

/// The server randomness one challenge takes: digit seed, session id. Nothing else is decided
/// in advance: which frames the server checks is decided after the evidence arrives.
pub type Randomness = [u8; 32 + 16];

/// What the server holds that issuing needs.
#[derive(Clone, Copy)]
pub struct Issuer<'a> {
    /// The current challenge key's id and secret.
    pub key_id: &'a str,
    /// The current challenge-signing key.
    pub secret: &'a SecretKey,
    /// Whether the reading must carry a voice track.
    pub require_audio: bool,
    /// sha256 of the model manifest the challenge pins.
    pub model_manifest: &'a str,
}

/// Decodes the request, asks the core whether the service may start, and issues the challenge.
pub async fn create(
    body: &[u8],
    core: &impl Core,
    issuer: &Issuer<'_>,
    randomness: &Randomness,
    now_ms: u64,
) -> Result<SessionCreated, VerifyError> {
    if body.len() > MAX_SESSION_REQUEST_BYTES {
        return Err(AttestError::TooLarge.into());
    }
    let request: CreateSession =
        serde_json::from_slice(body).map_err(|e| VerifyError::from(AttestError::Malformed(e.to_string())))?;
    PublicKey::from_hex(&request.client_public_key).map_err(|_| VerifyError::BadClientKey)?;
    let service =
        core.precheck(&Precheck { service: request.service.clone(), id_number: request.id_number.clone() }).await?;
    let (seed, rest) = randomness.split_at(32);
    let session = rest;
    let challenge = Challenge {
        version: CHALLENGE_VERSION,
        key_id: issuer.key_id.to_string(),
        session_id: hex::encode(session),
        seed: hex::encode(seed),
        service: service.code.clone(),
        applicant: digest::applicant_hash(&request.id_number),
        client_public_key: request.client_public_key.to_ascii_lowercase(),
        require_audio: issuer.require_audio,
        model_manifest: issuer.model_manifest.to_string(),
        issued_at_ms: now_ms,
        expires_at_ms: now_ms + CHALLENGE_TTL_MS,
    };
    let internal = |e: AttestError| VerifyError::Backend(BackendError(e.to_string()));
    let plan = challenge.plan().map_err(internal)?;
    let signed = challenge.sign(issuer.secret).map_err(internal)?;
    Ok(SessionCreated {
        session_id: signed.challenge.session_id.clone(),
        service,
        digits: plan.digits(),
        prompts: plan.prompts,
        expires_at_ms: signed.challenge.expires_at_ms,
        challenge: signed,
    })
}
