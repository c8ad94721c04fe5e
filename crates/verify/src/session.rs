//! `POST /api/v1/sessions`: start an application and issue its signed digit challenge.

use wangban_attest::api::{CreateSession, MAX_SESSION_REQUEST_BYTES, Precheck, SessionCreated};
use wangban_attest::challenge::{CHALLENGE_TTL_MS, CHALLENGE_VERSION};
use wangban_attest::{AttestError, Challenge, PublicKey, SecretKey, digest, hex};

use crate::error::{BackendError, VerifyError};
use crate::upstream::Core;

/// Keyframes fall inside the reading, away from its edges, at instants the client cannot
/// predict before it has the challenge.
pub const KEYFRAME_COUNT: usize = 2;

/// The server randomness one challenge takes: digit seed, session id, keyframe picks.
pub type Randomness = [u8; 32 + 16 + 2 * KEYFRAME_COUNT];

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
    let (session, picks) = rest.split_at(16);
    let mut challenge = Challenge {
        version: CHALLENGE_VERSION,
        key_id: issuer.key_id.to_string(),
        session_id: hex::encode(session),
        seed: hex::encode(seed),
        service: service.code.clone(),
        applicant: digest::applicant_hash(&request.id_number),
        client_public_key: request.client_public_key.to_ascii_lowercase(),
        keyframes_ms: Vec::new(),
        require_audio: issuer.require_audio,
        model_manifest: issuer.model_manifest.to_string(),
        issued_at_ms: now_ms,
        expires_at_ms: now_ms + CHALLENGE_TTL_MS,
    };
    let internal = |e: AttestError| VerifyError::Backend(BackendError(e.to_string()));
    let plan = challenge.plan().map_err(internal)?;
    challenge.keyframes_ms = keyframe_instants(plan.total_ms(), picks);
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

/// Keyframe i lands somewhere in the i-th part of the reading's middle (20 %–80 % of it).
fn keyframe_instants(reading_ms: u32, picks: &[u8]) -> Vec<i32> {
    let part = reading_ms * 3 / 5 / KEYFRAME_COUNT as u32;
    picks
        .chunks_exact(2)
        .take(KEYFRAME_COUNT)
        .enumerate()
        .map(|(i, pick)| {
            let pick = u32::from(u16::from_le_bytes([pick[0], pick[1]]));
            (reading_ms / 5 + part * i as u32 + pick % part.max(1)) as i32
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keyframes_fall_in_the_middle_of_the_reading_in_order() {
        for picks in [[0u8, 0, 0, 0], [255, 255, 255, 255], [7, 1, 200, 3]] {
            let at = keyframe_instants(6000, &picks);
            assert_eq!(at.len(), KEYFRAME_COUNT);
            assert!(at.iter().all(|t| (1200..4800).contains(t)), "{at:?}");
            assert!(at[0] < at[1], "{at:?}");
        }
    }
}
