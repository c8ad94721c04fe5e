//! `POST /api/v1/cases`: [`wangban_verify::flow::submit`] over the runtime (the ledger and
//! lockout objects, the models, the core). The checks and their order are the flow's.

use worker::{Env, Request, Response};

use wangban_attest::api::MAX_CASE_REQUEST_BYTES;
use wangban_verify::flow::{Settings, Submission, submit as submit_flow};
use wangban_worker_shared::http::{json, read_bytes};
use wangban_worker_shared::{cpu_ms, models};

use crate::http::EdgeError;
use crate::judge::ModelJudge;
use crate::keys;
use crate::ledger::DoLedger;
use crate::lockout::DoLockout;
use crate::upstream::CoreService;

pub async fn submit(mut req: Request, env: &Env) -> Result<Response, EdgeError> {
    let ip = req.headers().get("cf-connecting-ip").ok().flatten().unwrap_or_else(|| "local".into());
    let body = read_bytes(&mut req, MAX_CASE_REQUEST_BYTES).await?;
    let keyring = keys::keyring(env)?;
    let manifest = models::manifest_sha256(env).await.map_err(|e| EdgeError::Internal(e.0))?;
    let settings =
        Settings { keyring: &keyring, model_manifest: &manifest, clock: &cpu_ms, pilot: crate::settings::pilot(env) };
    let mut pick = [0u8; 8];
    getrandom::fill(&mut pick).map_err(|e| EdgeError::Internal(e.to_string()))?;
    let submission = Submission {
        body: &body,
        client_address: &ip,
        now_ms: worker::Date::now().as_millis(),
        pick: u64::from_le_bytes(pick),
    };
    let (ledger, lockout) = (DoLedger { env: env.clone() }, DoLockout { env: env.clone() });
    let core = CoreService { env: env.clone() };
    let submitted =
        submit_flow(&submission, &settings, &ledger, &lockout, &mut ModelJudge { env: env.clone() }, &core).await?;
    if let Some(t) = submitted.timings {
        worker::console_log!(
            "verification cpu: checks {:.1} ms, pixels re-derived {:.1} ms, body {} bytes, {} crops",
            t.checks_ms,
            t.judge_ms,
            body.len(),
            t.crops
        );
    }
    Ok(json(submitted.status, &submitted.accepted)?)
}
