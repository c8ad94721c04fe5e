//! `POST /api/v1/sessions`: [`wangban_verify::session::create`] over the runtime.

use worker::{Env, Request, Response};

use wangban_attest::api::MAX_SESSION_REQUEST_BYTES;
use wangban_verify::session::{self, Issuer, Randomness};
use wangban_worker_shared::http::{json, read_bytes};
use wangban_worker_shared::models;

use crate::http::EdgeError;
use crate::upstream::CoreService;
use crate::{keys, settings};

pub async fn create(mut req: Request, env: &Env) -> Result<Response, EdgeError> {
    let body = read_bytes(&mut req, MAX_SESSION_REQUEST_BYTES).await?;
    let mut randomness: Randomness = [0; _];
    getrandom::fill(&mut randomness).map_err(|e| EdgeError::Internal(e.to_string()))?;
    let signing = keys::signing(env)?;
    let manifest = models::manifest_sha256(env).await.map_err(|e| EdgeError::Internal(e.0))?;
    let issuer = Issuer {
        key_id: &signing.key_id,
        secret: &signing.secret,
        require_audio: settings::require_audio(env),
        model_manifest: &manifest,
    };
    let core = CoreService { env: env.clone() };
    let created = session::create(&body, &core, &issuer, &randomness, worker::Date::now().as_millis()).await?;
    Ok(json(201, &created)?)
}
