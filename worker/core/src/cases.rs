//! Case storage: one Durable Object per case (the record), a row per case in D1 (the index the
//! reviewer queue and idempotency read). Every write is create-if-absent or a checked
//! transition, so a retried request never duplicates or half-writes a case.

use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, RequestInit, Stub};

use wangban_attest::digest::sha256_hex;
use wangban_decision::case::{Case, Status};

use crate::case_object::{Create, Move, Stored};
use crate::secrets;

/// The case id: a keyed hash of the browser's idempotency key, unguessable without the secret.
pub fn case_id(env: &Env, idempotency_key: &str) -> worker::Result<String> {
    let secret = secrets::core_secret(env)?;
    Ok(sha256_hex(format!("case-id\u{0}{secret}\u{0}{idempotency_key}").as_bytes())[..32].to_string())
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

fn encode<T: serde::Serialize>(v: &T) -> worker::Result<String> {
    serde_json::to_string(v).map_err(|e| worker::Error::RustError(e.to_string()))
}

pub async fn create(env: &Env, case_id: &str, create: &Create) -> worker::Result<Case> {
    call(env, case_id, Method::Put, "/case", Some(encode(create)?)).await?.json().await
}

/// The stored case, `None` if there is none.
pub async fn load(env: &Env, case_id: &str) -> worker::Result<Option<Stored>> {
    let mut resp = call(env, case_id, Method::Get, "/case", None).await?;
    if resp.status_code() == 404 { Ok(None) } else { resp.json().await.map(Some) }
}

/// A checked transition; `Ok(None)` if the case is not in a state that allows it.
pub async fn transition(env: &Env, case_id: &str, mv: &Move) -> worker::Result<Option<Case>> {
    let mut resp = call(env, case_id, Method::Post, "/move", Some(encode(mv)?)).await?;
    if resp.status_code() == 409 { Ok(None) } else { resp.json().await.map(Some) }
}

/// Forwards a WebSocket upgrade (its headers included) to the case object.
pub async fn live(env: &Env, case_id: &str, req: &Request) -> worker::Result<worker::Response> {
    let mut init = RequestInit::new();
    init.with_headers(req.headers().clone());
    stub(env, case_id)?.fetch_with_request(Request::new_with_init("https://case/live", &init)?).await
}

pub async fn index(env: &Env, case: &Case, idempotency_key: &str, session_id: &str) -> worker::Result<()> {
    let now = worker::Date::now().as_millis() as f64;
    env.d1("REGISTRY")?
        .prepare("INSERT OR IGNORE INTO cases (case_id, idempotency_key, session_id, service, applicant_masked, status, created_at_ms, updated_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)")
        .bind(&[
            JsValue::from_str(&case.case_id),
            JsValue::from_str(idempotency_key),
            JsValue::from_str(session_id),
            JsValue::from_str(&case.service),
            JsValue::from_str(&case.applicant_masked),
            JsValue::from_str(case.status.code()),
            JsValue::from_f64(now),
        ])?
        .run()
        .await?;
    Ok(())
}

pub async fn set_indexed_status(env: &Env, case_id: &str, status: Status) -> worker::Result<()> {
    env.d1("REGISTRY")?
        .prepare("UPDATE cases SET status = ?2, updated_at_ms = ?3 WHERE case_id = ?1")
        .bind(&[
            JsValue::from_str(case_id),
            JsValue::from_str(status.code()),
            JsValue::from_f64(worker::Date::now().as_millis() as f64),
        ])?
        .run()
        .await?;
    Ok(())
}

/// The indexed status of a case, `None` if it was never indexed.
pub async fn indexed(env: &Env, case_id: &str) -> worker::Result<Option<String>> {
    #[derive(serde::Deserialize)]
    struct Row {
        status: String,
    }
    let rows: Vec<Row> = env
        .d1("REGISTRY")?
        .prepare("SELECT status FROM cases WHERE case_id = ?1")
        .bind(&[JsValue::from_str(case_id)])?
        .all()
        .await?
        .results()?;
    Ok(rows.into_iter().next().map(|r| r.status))
}
