//! The edge Worker: the only public entry point of Wangban.
//!
//! # Layout
//! - `lib.rs`: routing. `/api/v1/*` is handled here; everything else is a static asset of
//!   `www/` (the resident app, the reviewer console, the client wasm and its models).
//! - [`sessions`]: `POST /api/v1/sessions`, asks the core Worker (service binding `CORE`) whether
//!   the application may start, then issues the digit challenge.
//! - [`http`]: JSON bodies in and out, size limits, and the typed error answers.
//!
//! The edge has no binding to the registry: facts and registry photos live behind the core.

mod http;
mod sessions;

use worker::{Context, Env, Method, Request, Response, Result, event};

use http::ApiError;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let path = req.path();
    let answer = match (req.method(), path.as_str()) {
        (Method::Post, "/api/v1/sessions") => sessions::create(req, &env).await,
        (_, "/api/v1/sessions") => Err(ApiError::MethodNotAllowed),
        (_, p) if p.starts_with("/api/") => Err(ApiError::NotFound),
        _ => return env.assets("ASSETS")?.fetch_request(req).await,
    };
    answer.or_else(|e| e.into_response())
}
