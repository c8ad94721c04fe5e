//! Calls to the decision-core Worker over the `CORE` service binding.

use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Env, Headers, Method, Request, RequestInit};

use wangban_attest::api::{ErrorBody, Precheck, ServiceSummary};

use crate::http::ApiError;

/// POSTs JSON to the core; a 4xx answer is passed through as the core's own typed error.
pub async fn post<B: Serialize, T: DeserializeOwned>(env: &Env, path: &str, body: &B) -> Result<(u16, T), ApiError> {
    let core = env.service("CORE")?;
    let headers = Headers::new();
    headers.set("content-type", "application/json")?;
    let payload = serde_json::to_string(body).map_err(|e| ApiError::Internal(e.to_string()))?;
    let init = RequestInit::new();
    let mut init = init;
    init.with_method(Method::Post).with_headers(headers).with_body(Some(payload.into()));
    let request = Request::new_with_init(&format!("https://core{path}"), &init)?;
    let mut resp = core.fetch_request(request).await.map_err(|_| ApiError::CoreUnavailable)?;
    let status = resp.status_code();
    if (200..300).contains(&status) {
        return resp.json().await.map(|v| (status, v)).map_err(|_| ApiError::CoreUnavailable);
    }
    match resp.json::<ErrorBody>().await {
        Ok(body) if (400..500).contains(&status) => Err(ApiError::Upstream { status, body }),
        _ => Err(ApiError::CoreUnavailable),
    }
}

/// May this person start this service?
pub async fn precheck(env: &Env, body: &Precheck) -> Result<ServiceSummary, ApiError> {
    post(env, "/internal/v1/precheck", body).await.map(|(_, s)| s)
}
