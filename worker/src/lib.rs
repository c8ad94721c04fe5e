//! The edge Worker: the only public entry point of Wangban.
//!
//! # Layout
//! - `lib.rs`: routing. `/api/v1/*` is handled here; everything else is a static asset of
//!   `www/` (the resident app, the reviewer console, the client wasm and its models).
//! - [`sessions`]: `POST /api/v1/sessions`, asks the core Worker (service binding `CORE`) whether
//!   the application may start, then issues the signed digit challenge.
//! - [`cases`]: `POST /api/v1/cases`, verifies the attestation, recomputes the liveness verdict,
//!   re-runs the mesh on the keyframes, then hands the case to the core.
//! - [`ledger`], [`lockout`]: the Durable Objects for single use and for failure lockout.
//! - [`keys`]: the challenge-signing key and settings (face models: `wangban-worker-shared`).
//! - [`core`]: calls over the service binding; [`http`]: JSON in and out, typed errors.
//!
//! The edge has no binding to the registry: facts and registry photos live behind the core.

mod cases;
mod core;
mod http;
mod keys;
mod ledger;
mod lockout;
mod sessions;

pub use ledger::ChallengeLedger;
pub use lockout::Lockout;

use worker::{Context, Env, Method, Request, Response, Result, event};

use http::ApiError;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let path = req.path();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let answer = match (req.method(), parts.as_slice()) {
        (Method::Post, ["api", "v1", "sessions"]) => sessions::create(req, &env).await,
        (Method::Post, ["api", "v1", "cases"]) => cases::submit(req, &env).await,
        (_, ["api", "v1", "sessions" | "cases"]) => Err(ApiError::MethodNotAllowed),
        (Method::Get, ["api", "v1", "cases", id]) if is_case_id(id) => {
            core::forward(&env, req, &format!("/internal/v1/cases/{id}")).await
        }
        (Method::Get, ["api", "v1", "cases", id, "live"]) if is_case_id(id) => {
            core::forward(&env, req, &format!("/internal/v1/cases/{id}/live")).await
        }
        (_, ["api", "v1", "review", rest @ ..]) => {
            core::forward(&env, req, &format!("/internal/v1/review/{}", rest.join("/"))).await
        }
        (Method::Get, ["api", "v1", "services"]) => core::forward(&env, req, "/internal/v1/services").await,
        (Method::Get, ["api", "v1", "certificates", "keys"]) => {
            core::forward(&env, req, "/internal/v1/certificates/keys").await
        }
        (Method::Post, ["api", "v1", "certificates", "verify"]) => {
            core::forward(&env, req, "/internal/v1/certificates/verify").await
        }
        (_, ["api", ..]) => Err(ApiError::NotFound),
        _ => return env.assets("ASSETS")?.fetch_request(req).await,
    };
    answer.or_else(|e| e.into_response())
}

/// Case ids are 32 lower-case hex characters; anything else never reaches the core.
fn is_case_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
