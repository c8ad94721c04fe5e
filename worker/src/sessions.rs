//! `POST /api/v1/sessions`: start an application and issue its signed digit challenge.

use worker::{Env, Request, Response};

use wangban_attest::api::{self, CreateSession, Precheck, SessionCreated};
use wangban_attest::challenge::{CHALLENGE_TTL_MS, CHALLENGE_VERSION};
use wangban_attest::{Challenge, PublicKey, digest, hex};

use crate::http::{ApiError, json, read_json};
use crate::{core, keys};
use wangban_worker_shared::models;

/// Keyframes fall inside the reading, away from its edges, at instants the client cannot
/// predict.
const KEYFRAME_COUNT: usize = 2;

pub async fn create(mut req: Request, env: &Env) -> Result<Response, ApiError> {
    let body: CreateSession = read_json(&mut req, api::MAX_SESSION_REQUEST_BYTES).await?;
    PublicKey::from_hex(&body.client_public_key).map_err(|_| ApiError::MalformedJson("client key".into()))?;
    let service =
        core::precheck(env, &Precheck { service: body.service.clone(), id_number: body.id_number.clone() }).await?;
    let mut seed = [0u8; 32];
    let mut session = [0u8; 16];
    let mut picks = [0u8; 8];
    for buf in [&mut seed[..], &mut session[..], &mut picks[..]] {
        getrandom::fill(buf).map_err(|e| ApiError::Internal(e.to_string()))?;
    }
    let signing = keys::signing(env)?;
    let now = worker::Date::now().as_millis();
    let mut challenge = Challenge {
        version: CHALLENGE_VERSION,
        key_id: signing.key_id,
        session_id: hex::encode(&session),
        seed: hex::encode(&seed),
        service: service.code.clone(),
        applicant: digest::applicant_hash(&body.id_number),
        client_public_key: body.client_public_key.to_ascii_lowercase(),
        keyframes_ms: Vec::new(),
        require_audio: keys::require_audio(env),
        model_manifest: models::manifest_sha256(env).await?,
        issued_at_ms: now,
        expires_at_ms: now + CHALLENGE_TTL_MS,
    };
    let plan = challenge.plan().map_err(|e| ApiError::Internal(e.to_string()))?;
    let reading = plan.total_ms();
    challenge.keyframes_ms = (0..KEYFRAME_COUNT)
        .map(|i| {
            // Keyframe i lands somewhere in the i-th part of the reading (20 %–80 % of it).
            let pick = u32::from(u16::from_le_bytes([picks[2 * i], picks[2 * i + 1]]));
            let part = reading * 3 / 5 / KEYFRAME_COUNT as u32;
            (reading / 5 + part * i as u32 + pick % part.max(1)) as i32
        })
        .collect();
    let signed = challenge.sign(&signing.secret).map_err(|e| ApiError::Internal(e.to_string()))?;
    let created = SessionCreated {
        session_id: signed.challenge.session_id.clone(),
        service,
        digits: plan.digits(),
        prompts: plan.prompts,
        expires_at_ms: signed.challenge.expires_at_ms,
        challenge: signed,
    };
    Ok(json(201, &created)?)
}
