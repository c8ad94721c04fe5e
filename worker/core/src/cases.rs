//! [`CaseStore`] over the Durable Objects (one per case) and the D1 case index.

use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, RequestInit, Stub};

use wangban_decision::DecisionError;
use wangban_decision::store::{CaseStore, StoredCase};

use crate::error::CoreError;

/// The case objects, reached from the Worker.
pub struct DoCaseStore {
    pub env: Env,
}

fn unavailable(e: impl std::fmt::Display) -> DecisionError {
    DecisionError::StoreUnavailable(e.to_string())
}

fn stub(env: &Env, case_id: &str) -> worker::Result<Stub> {
    env.durable_object("CASES")?.id_from_name(case_id)?.get_stub()
}

async fn call(
    env: &Env,
    case_id: &str,
    method: Method,
    path: &str,
    body: Option<String>,
) -> worker::Result<worker::Response> {
    let mut init = RequestInit::new();
    init.with_method(method).with_body(body.map(Into::into));
    stub(env, case_id)?.fetch_with_request(Request::new_with_init(&format!("https://case{path}"), &init)?).await
}

impl CaseStore for DoCaseStore {
    async fn create(&self, stored: &StoredCase) -> Result<StoredCase, DecisionError> {
        let body = serde_json::to_string(stored).map_err(unavailable)?;
        let mut resp =
            call(&self.env, &stored.case.case_id, Method::Put, "/case", Some(body)).await.map_err(unavailable)?;
        resp.json().await.map_err(unavailable)
    }

    async fn load(&self, case_id: &str) -> Result<Option<StoredCase>, DecisionError> {
        let mut resp = call(&self.env, case_id, Method::Get, "/case", None).await.map_err(unavailable)?;
        if resp.status_code() == 404 { Ok(None) } else { resp.json().await.map(Some).map_err(unavailable) }
    }

    async fn save(&self, stored: &StoredCase) -> Result<StoredCase, DecisionError> {
        let body = serde_json::to_string(stored).map_err(unavailable)?;
        let mut resp =
            call(&self.env, &stored.case.case_id, Method::Post, "/save", Some(body)).await.map_err(unavailable)?;
        match resp.status_code() {
            409 => Err(DecisionError::Conflict),
            200 => resp.json().await.map_err(unavailable),
            other => Err(unavailable(format!("case object answered {other}"))),
        }
    }

    async fn index(&self, stored: &StoredCase, now_ms: u64) -> Result<(), DecisionError> {
        index(&self.env, stored, now_ms).await
    }
}

/// Upserts the case's index row.
pub async fn index(env: &Env, stored: &StoredCase, now_ms: u64) -> Result<(), DecisionError> {
    let case = &stored.case;
    let created = case.history.first().map_or(now_ms, |t| t.at_ms);
    env.d1("REGISTRY")
        .map_err(unavailable)?
        .prepare(
            "INSERT INTO cases (case_id, idempotency_key, session_id, service, applicant_masked, status, created_at_ms, updated_at_ms) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT(case_id) DO UPDATE SET status = excluded.status, updated_at_ms = excluded.updated_at_ms \
             WHERE ?9 > CASE cases.status WHEN 'submitted' THEN 0 WHEN 'verified' THEN 1 \
             WHEN 'needs_review' THEN 2 WHEN 'held' THEN 2 WHEN 'issued' THEN 4 ELSE 3 END",
        )
        .bind(&[
            JsValue::from_str(&case.case_id),
            JsValue::from_str(&stored.application_hash),
            JsValue::from_str(&stored.session_id),
            JsValue::from_str(&case.service),
            JsValue::from_str(&case.applicant_masked),
            JsValue::from_str(case.status.code()),
            JsValue::from_f64(created as f64),
            JsValue::from_f64(now_ms as f64),
            JsValue::from_f64(f64::from(case.status.progress())),
        ])
        .map_err(unavailable)?
        .run()
        .await
        .map_err(unavailable)?;
    Ok(())
}

/// Forwards a WebSocket upgrade (its headers included) to the case object, if the index knows
/// the case: an id nobody was given neither wakes a Durable Object nor holds a socket open.
pub async fn live(env: &Env, case_id: &str, req: &Request) -> Result<worker::Response, CoreError> {
    let sql = "SELECT 1 AS n FROM cases WHERE case_id = ?1";
    let found: Vec<serde_json::Value> =
        crate::registry::rows(&env.d1("REGISTRY")?, sql, &[JsValue::from_str(case_id)]).await?;
    if found.is_empty() {
        return Err(DecisionError::CaseNotFound.into());
    }
    let mut init = RequestInit::new();
    init.with_headers(req.headers().clone());
    Ok(stub(env, case_id)?.fetch_with_request(Request::new_with_init("https://case/live", &init)?).await?)
}
