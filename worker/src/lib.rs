//! The edge Worker: the only public entry point of Wangban. It does nothing but I/O: the checks
//! are `wangban-verify`'s flows, run over the backends below.
//!
//! # Layout
//! - `lib.rs`: routing. `/api/v1/*` is handled here; everything else is a static asset of
//!   `www/` (the resident app, the reviewer console, the client wasm and its models).
//! - [`sessions`]: `POST /api/v1/sessions` ([`wangban_verify::session`]).
//! - [`cases`]: `POST /api/v1/cases` ([`wangban_verify::flow`]).
//! - [`ledger`], [`lockout`]: the Durable Objects for single use and for failure lockout, and the
//!   flows' [`wangban_verify::Ledger`] and [`wangban_verify::Lockout`] over them.
//! - [`judge`]: [`wangban_verify::Judge`] with the Worker's copy of the models.
//! - [`upstream`]: the core Worker over the service binding ([`wangban_verify::Core`], and the
//!   routes passed through).
//! - [`keys`]: the challenge-signing keys; [`settings`]: the rest of the environment.
//! - [`http`]: the one error type and its HTTP answers.
//!
//! The edge has no binding to the registry: facts and registry photos live behind the core.

mod cases;
mod http;
mod judge;
mod keys;
mod ledger;
mod lockout;
mod sessions;
mod settings;
mod upstream;

pub use ledger::ChallengeLedger;
pub use lockout::Lockout;

use worker::{Context, Env, Method, Request, Response, Result, event};

use http::EdgeError;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let path = req.path();
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let answer = match (req.method(), parts.as_slice()) {
        (Method::Post, ["api", "v1", "sessions"]) => sessions::create(req, &env).await,
        (Method::Post, ["api", "v1", "cases"]) => cases::submit(req, &env).await,
        (_, ["api", "v1", "sessions" | "cases"]) => Err(EdgeError::MethodNotAllowed),
        (Method::Get, ["api", "v1", "cases", id]) if is_case_id(id) => {
            upstream::forward(&env, req, &format!("/internal/v1/cases/{id}")).await
        }
        (Method::Get, ["api", "v1", "cases", id, "live"]) if is_case_id(id) => {
            upstream::forward(&env, req, &format!("/internal/v1/cases/{id}/live")).await
        }
        (method, ["api", "v1", "review", rest @ ..]) => {
            if !matches!(method, Method::Get | Method::Head) && !same_site_json(&req)? {
                Err(EdgeError::CrossSite)
            } else {
                upstream::forward(&env, req, &format!("/internal/v1/review/{}", rest.join("/"))).await
            }
        }
        (Method::Get, ["api", "v1", "services"]) => upstream::forward(&env, req, "/internal/v1/services").await,
        (Method::Get, ["api", "v1", "certificates", "keys"]) => {
            upstream::forward(&env, req, "/internal/v1/certificates/keys").await
        }
        (Method::Post, ["api", "v1", "certificates", "verify"]) => {
            upstream::forward(&env, req, "/internal/v1/certificates/verify").await
        }
        (_, ["api", ..]) => Err(EdgeError::NotFound),
        _ => return env.assets("ASSETS")?.fetch_request(req).await,
    };
    answer.or_else(EdgeError::into_response)
}

/// An officer's state-changing request must come from our own pages: a browser names the page's
/// origin in `Origin` (another site's page is refused even where SameSite would let a cookie
/// through, e.g. a sibling subdomain), and the body must be JSON, which no plain HTML form sends.
fn same_site_json(req: &Request) -> Result<bool> {
    let url = req.url()?;
    let ours = url.origin().ascii_serialization();
    let origin_ok = req.headers().get("origin")?.is_none_or(|o| o == ours);
    let json = req.headers().get("content-type")?.is_some_and(|t| t.trim_start().starts_with("application/json"));
    Ok(origin_ok && json)
}

/// Case ids are 32 lower-case hex characters; anything else never reaches the core.
fn is_case_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}
