//! `POST /api/v1/cases`: [`wangban_verify::flow::submit`] over the runtime (the ledger and
//! lockout objects, the models, the core). The checks and their order are the flow's.

use worker::{Env, Request, Response};

use wangban_attest::api::MAX_CASE_REQUEST_BYTES;
use wangban_verify::flow::{Settings, Submission, submit as submit_flow};
use wangban_worker_shared::http::{json, read_bytes};
use wangban_worker_shared::models;

use crate::http::EdgeError;
use crate::keys;
use crate::ledger::DoLedger;
use crate::lockout::DoLockout;
use crate::recheck::ModelRecheck;
use crate::upstream::CoreService;

pub async fn submit(mut req: Request, env: &Env) -> Result<Response, EdgeError> {
    let ip = req.headers().get("cf-connecting-ip").ok().flatten().unwrap_or_else(|| "local".into());
    let body = read_bytes(&mut req, MAX_CASE_REQUEST_BYTES).await?;
    let keyring = keys::keyring(env)?;
    let manifest = models::manifest_sha256(env).await.map_err(|e| EdgeError::Internal(e.0))?;
    let settings = Settings { keyring: &keyring, model_manifest: &manifest, clock: &performance_now };
    let submission = Submission { body: &body, client_address: &ip, now_ms: worker::Date::now().as_millis() };
    let (ledger, lockout) = (DoLedger { env: env.clone() }, DoLockout { env: env.clone() });
    let core = CoreService { env: env.clone() };
    let submitted =
        submit_flow(&submission, &settings, &ledger, &lockout, &mut ModelRecheck { env: env.clone() }, &core).await?;
    if let Some(t) = submitted.timings {
        worker::console_log!(
            "verification cpu: checks {:.1} ms, keyframe re-inference {:.1} ms",
            t.checks_ms,
            t.recheck_ms
        );
    }
    Ok(json(submitted.status, &submitted.accepted)?)
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// In workerd run locally this clock advances during computation (in production it only
    /// moves on I/O), so the log line above is the CPU the checks cost; deployed, Cloudflare's
    /// CPU-time metrics say the same.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}
