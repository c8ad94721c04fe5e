//! The decision-core Worker over the `CORE` service binding: [`Core`] for the flows, and the
//! pass-through of the routes the core answers itself.

use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Env, Headers, Method, Request, RequestInit};

use wangban_attest::api::{
    CaseAccepted, CaseLookup, EdgeRefusal, PilotReading, Precheck, ServiceSummary, VerifiedApplication,
};
use wangban_attest::edge_auth;
use wangban_verify::{BackendError, Core, VerifyError};

use crate::http::EdgeError;

/// The core as the flows see it.
pub struct CoreService {
    pub env: Env,
}

fn unreachable(e: impl std::fmt::Display) -> VerifyError {
    VerifyError::Backend(BackendError(format!("core: {e}")))
}

impl CoreService {
    /// POSTs JSON to the core; a 4xx (or 503) answer comes back as the core's own typed error.
    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<(u16, T), VerifyError> {
        let core = self.env.service("CORE").map_err(unreachable)?;
        let headers = Headers::new();
        headers.set("content-type", "application/json").map_err(unreachable)?;
        headers.set(edge_auth::HEADER, &edge_signature(&self.env, "POST", path)?).map_err(unreachable)?;
        let payload = serde_json::to_string(body).map_err(unreachable)?;
        let mut init = RequestInit::new();
        init.with_method(Method::Post).with_headers(headers).with_body(Some(payload.into()));
        let request = Request::new_with_init(&format!("https://core{path}"), &init).map_err(unreachable)?;
        let mut resp = core.fetch_request(request).await.map_err(unreachable)?;
        let status = resp.status_code();
        if (200..300).contains(&status) {
            return resp.json().await.map(|v| (status, v)).map_err(unreachable);
        }
        match resp.json::<serde_json::Value>().await {
            Ok(body) if (400..500).contains(&status) || status == 503 => Err(VerifyError::Core { status, body }),
            _ => Err(unreachable(format!("answered {status}"))),
        }
    }
}

impl Core for CoreService {
    async fn precheck(&self, body: &Precheck) -> Result<ServiceSummary, VerifyError> {
        self.post("/internal/v1/precheck", body).await.map(|(_, s)| s)
    }

    async fn intake(&self, application: &VerifiedApplication) -> Result<(u16, CaseAccepted), VerifyError> {
        self.post("/internal/v1/cases", application).await
    }

    async fn lookup(&self, lookup: &CaseLookup) -> Result<Option<CaseAccepted>, VerifyError> {
        match self.post("/internal/v1/cases/lookup", lookup).await {
            Ok((_, accepted)) => Ok(Some(accepted)),
            Err(VerifyError::Core { status: 404, .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn keep_for_pilot(&self, reading: &PilotReading) -> Result<(), VerifyError> {
        let sent = self.post::<_, serde_json::Value>("/internal/v1/pilot", reading).await.map(drop);
        if let Err(e) = &sent {
            worker::console_error!("pilot reading not kept ({}): {e}", reading.outcome);
        }
        sent
    }

    async fn report(&self, refusal: &EdgeRefusal) -> Result<(), VerifyError> {
        let sent = self.post::<_, serde_json::Value>("/internal/v1/refusals", refusal).await.map(drop);
        if let Err(e) = &sent {
            worker::console_error!("refusal not audited ({}): {e}", refusal.code);
        }
        sent
    }
}

/// The edge's signature on a request to the core ([`edge_auth`]), with `EDGE_CORE_SECRET`.
fn edge_signature(env: &Env, method: &str, path: &str) -> Result<String, VerifyError> {
    let secret = env.secret("EDGE_CORE_SECRET").map_err(|_| unreachable("EDGE_CORE_SECRET is not set"))?;
    // Lower-case hex, as the core reads it.
    let secret = secret.to_string().trim().to_ascii_lowercase();
    Ok(edge_auth::sign(&secret, method, path, worker::Date::now().as_millis()))
}

/// Passes a public request through to the core's internal route `path` (method, headers — the
/// officer's cookie included — body, WebSocket upgrades), and the core's answer back.
pub async fn forward(env: &Env, mut req: Request, path: &str) -> Result<worker::Response, EdgeError> {
    let core = env.service("CORE")?;
    let query = req.url()?.query().map(|q| format!("?{q}")).unwrap_or_default();
    let headers = req.headers().clone();
    let signed = edge_signature(env, req.method().as_ref(), &format!("{path}{query}"))
        .map_err(|_| EdgeError::CoreUnavailable)?;
    headers.set(edge_auth::HEADER, &signed)?;
    let mut init = RequestInit::new();
    init.with_method(req.method()).with_headers(headers);
    if !matches!(req.method(), Method::Get | Method::Head) {
        let body = wangban_worker_shared::http::read_bytes(&mut req, 64 * 1024).await?;
        init.with_body(Some(js_sys::Uint8Array::from(body.as_slice()).into()));
    }
    let request = Request::new_with_init(&format!("https://core{path}{query}"), &init)?;
    core.fetch_request(request).await.map_err(|_| EdgeError::CoreUnavailable)
}
