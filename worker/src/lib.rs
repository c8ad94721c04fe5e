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
//! - [`keys`]: the challenge-signing key and settings; [`models`]: the edge's face models.
//! - [`core`]: calls over the service binding; [`http`]: JSON in and out, typed errors.
//!
//! The edge has no binding to the registry: facts and registry photos live behind the core.

mod cases;
mod core;
mod http;
mod keys;
mod ledger;
mod lockout;
mod models;
mod sessions;

pub use ledger::ChallengeLedger;
pub use lockout::Lockout;

use worker::{Context, Env, Method, Request, Response, Result, event};

use http::ApiError;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let path = req.path();
    let answer = match (req.method(), path.as_str()) {
        (Method::Post, "/api/v1/sessions") => sessions::create(req, &env).await,
        (Method::Post, "/api/v1/cases") => cases::submit(req, &env).await,
        (_, "/api/v1/sessions" | "/api/v1/cases") => Err(ApiError::MethodNotAllowed),
        (_, p) if p.starts_with("/api/") => Err(ApiError::NotFound),
        _ => return env.assets("ASSETS")?.fetch_request(req).await,
    };
    answer.or_else(|e| e.into_response())
}
