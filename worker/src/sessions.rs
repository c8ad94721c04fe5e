//! `POST /api/v1/sessions`: start an application and issue its digit challenge.

use worker::{Env, Headers, Method, Request, RequestInit, Response};

use wangban_attest::api::{self, CreateSession, ErrorBody, Precheck, ServiceSummary, SessionCreated};
use wangban_liveness::ChallengePlan;

use crate::http::{ApiError, json, read_json};

/// A challenge is refused this long after it was issued (DESIGN.md: ≤ 3 minutes).
const CHALLENGE_TTL_MS: u64 = 3 * 60 * 1000;

pub async fn create(mut req: Request, env: &Env) -> Result<Response, ApiError> {
    let body: CreateSession = read_json(&mut req, api::MAX_SESSION_REQUEST_BYTES).await?;
    let service = precheck(env, &Precheck { service: body.service, id_number: body.id_number }).await?;
    let mut seed = [0u8; 32];
    let mut session = [0u8; 16];
    getrandom::fill(&mut seed)
        .and_then(|_| getrandom::fill(&mut session))
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    let plan = ChallengePlan::from_seed(&seed);
    let created = SessionCreated {
        session_id: wangban_attest::hex::encode(&session),
        service,
        digits: plan.digits(),
        prompts: plan.prompts,
        expires_at_ms: worker::Date::now().as_millis() + CHALLENGE_TTL_MS,
    };
    Ok(json(201, &created)?)
}

/// Asks the core Worker whether the service exists and the identity number is acceptable.
async fn precheck(env: &Env, body: &Precheck) -> Result<ServiceSummary, ApiError> {
    let core = env.service("CORE")?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    let payload = serde_json::to_string(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let mut init = RequestInit::new();
    init.with_method(Method::Post).with_headers(headers).with_body(Some(payload.into()));
    let request = Request::new_with_init("https://core/internal/v1/precheck", &init)?;
    let mut resp = core.fetch_request(request).await.map_err(|_| ApiError::CoreUnavailable)?;
    let status = resp.status_code();
    if status == 200 {
        return resp.json().await.map_err(|_| ApiError::CoreUnavailable);
    }
    match resp.json::<ErrorBody>().await {
        Ok(body) if (400..500).contains(&status) => Err(ApiError::Upstream { status, body }),
        _ => Err(ApiError::CoreUnavailable),
    }
}
