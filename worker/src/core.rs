//! Calls to the decision-core Worker over the `CORE` service binding.

use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Env, Headers, Method, Request, RequestInit};

use wangban_attest::api::{Precheck, ServiceSummary};

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
    match resp.json::<serde_json::Value>().await {
        Ok(body) if (400..500).contains(&status) || status == 503 => Err(ApiError::Upstream { status, body }),
        _ => Err(ApiError::CoreUnavailable),
    }
}

/// Passes a public request through to the core's internal route `path` (method, headers — the
/// officer's cookie included — body, WebSocket upgrades), and the core's answer back.
pub async fn forward(env: &Env, mut req: Request, path: &str) -> Result<worker::Response, ApiError> {
    let core = env.service("CORE")?;
    let mut init = RequestInit::new();
    init.with_method(req.method()).with_headers(req.headers().clone());
    if !matches!(req.method(), Method::Get | Method::Head) {
        let body = req.bytes().await?;
        if body.len() > 64 * 1024 {
            return Err(ApiError::TooLarge);
        }
        init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
    }
    let query = req.url()?.query().map(|q| format!("?{q}")).unwrap_or_default();
    let request = Request::new_with_init(&format!("https://core{path}{query}"), &init)?;
    core.fetch_request(request).await.map_err(|_| ApiError::CoreUnavailable)
}

/// May this person start this service?
pub async fn precheck(env: &Env, body: &Precheck) -> Result<ServiceSummary, ApiError> {
    post(env, "/internal/v1/precheck", body).await.map(|(_, s)| s)
}
