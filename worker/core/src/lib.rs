//! The decision-core Worker. It has no public route: the edge Worker reaches it through a
//! service binding, and only it holds the registry (D1), the cases and the audit log. It does
//! nothing but I/O: every decision is a flow of `wangban-decision`, run over the backends below.
//!
//! # Layout
//! - `lib.rs`: routing of the internal API (`/internal/v1/*`).
//! - [`error`]: the one error type and its HTTP answers.
//! - [`backends`]: the flows' backends over the runtime, and the face models.
//! - [`cases`], [`case_object`]: the case store (one Durable Object per case, with live updates
//!   over WebSocket, version-checked saves and an alarm that settles the case and deletes decided
//!   evidence) and the D1 case index.
//! - [`audit`]: the hash-chained log (one Durable Object).
//! - [`registry`]: [`wangban_decision::Registry`] over D1.
//! - [`review`]: officer sign-in (local accounts or Cloudflare Access) and the officers' API;
//!   [`officers`]: the local accounts, session generations and failed sign-ins in D1.
//! - [`certificates`]: the published keys and the check of a presented certificate.
//! - [`secrets`]: signing keys and the case/session secret.

mod audit;
mod backends;
mod case_object;
mod cases;
mod certificates;
mod error;
mod officers;
mod pilot;
mod registry;
mod review;
mod secrets;

pub use audit::AuditLog;
pub use case_object::CaseObject;

use worker::{Context, Env, Method, Request, Response, Result, event};

use wangban_attest::api::{self, CaseLookup, Precheck, VerifiedApplication, VerifyCertificate};
use wangban_attest::edge_auth;
use wangban_decision::store::CaseStore;
use wangban_decision::{DecisionError, intake, refusals, views};
use wangban_worker_shared::http::{json, read_json};

use backends::CoreBackends;
use error::CoreError;

#[event(fetch)]
async fn fetch(req: Request, env: Env, _ctx: Context) -> Result<Response> {
    route(req, &env).await.or_else(CoreError::into_response)
}

async fn route(mut req: Request, env: &Env) -> std::result::Result<Response, CoreError> {
    let path = req.path();
    let now = worker::Date::now().as_millis();
    // Only the edge: another Worker bound to the core, without the edge's secret, gets a 404.
    let url = req.url()?;
    let signed_path = url.query().map_or_else(|| path.clone(), |q| format!("{path}?{q}"));
    let header = req.headers().get(edge_auth::HEADER)?;
    let secret = secrets::edge_core_secret(env)?;
    if !edge_auth::verify(&secret, req.method().as_ref(), &signed_path, header.as_deref(), now) {
        worker::console_warn!("a request without the edge's signature: {} {path}", req.method());
        return Err(CoreError::NotFound);
    }
    let route = path.strip_prefix("/internal/v1/").ok_or(CoreError::NotFound)?;
    let parts: Vec<&str> = route.split('/').collect();
    match (req.method(), parts.as_slice()) {
        (Method::Post, ["precheck"]) => {
            let body: Precheck = read_json(&mut req, 4096).await?;
            Ok(json(200, &views::precheck(&body)?)?)
        }
        (Method::Post, ["cases"]) => {
            let body: VerifiedApplication = read_json(&mut req, api::MAX_CASE_REQUEST_BYTES).await?;
            let (status, accepted) = intake::intake(&CoreBackends::new(env)?, &body, now).await?;
            Ok(json(status, &accepted)?)
        }
        (Method::Post, ["cases", "lookup"]) => {
            let body: CaseLookup = read_json(&mut req, 4096).await?;
            Ok(json(200, &intake::lookup(&CoreBackends::new(env)?, &body, now).await?)?)
        }
        (Method::Post, ["refusals"]) => {
            let body: api::EdgeRefusal = read_json(&mut req, 4096).await?;
            refusals::record(&CoreBackends::new(env)?, &body, now).await?;
            Ok(json(201, &serde_json::json!({ "recorded": true }))?)
        }
        (Method::Get, ["cases", id]) => {
            let store = cases::DoCaseStore { env: env.clone() };
            let stored = store.load(id).await?.ok_or(DecisionError::CaseNotFound)?;
            Ok(json(200, &views::resident_case(&stored.case))?)
        }
        (Method::Get, ["cases", id, "live"]) => Ok(cases::live(env, id, &req).await?),
        (Method::Post, ["pilot"]) => {
            // The body as received, base64: a third more than the largest submission.
            let body: api::PilotReading = read_json(&mut req, api::MAX_CASE_REQUEST_BYTES * 4 / 3 + 4096).await?;
            let store = pilot::D1Pilot { db: env.d1("REGISTRY")? };
            let audit = audit::DoAuditLog { env: env.clone() };
            let seq = wangban_decision::pilot::keep(&store, &audit, pilot::enabled(env), &body, now).await?;
            Ok(json(201, &serde_json::json!({ "seq": seq }))?)
        }
        (_, ["review", rest @ ..]) => review::route(env, req, &rest.join("/"), now).await,
        (Method::Get, ["certificates", "keys"]) => Ok(json(200, &certificates::public_keys(env)?)?),
        (Method::Get, ["services"]) => {
            let services = api::Services { pilot: pilot::enabled(env), ..views::services() };
            let mut resp = json(200, &services)?;
            resp.headers_mut().set("cache-control", "public, max-age=300")?;
            Ok(resp)
        }
        (Method::Post, ["certificates", "verify"]) => {
            let body: VerifyCertificate = read_json(&mut req, 32 * 1024).await?;
            Ok(json(200, &certificates::verify(env, &body.token)?)?)
        }
        _ => Err(CoreError::NotFound),
    }
}
