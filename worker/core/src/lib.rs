//! The decision-core Worker. It has no public route: the edge Worker reaches it through a
//! service binding, and only it holds the registry (D1), the cases and the audit log.
//!
//! # Layout
//! - `lib.rs`: routing of the internal API (`/internal/v1/*`).
//! - [`intake`]: a verified application → face match → facts → decision → case.
//! - [`cases`], [`case_object`]: the case index (D1) and one Durable Object per case, with live
//!   updates over WebSocket and evidence deletion once decided.
//! - [`registry`]: the registry trait over D1; [`audit`]: the hash-chained log (Durable Object).
//! - [`review`]: the officers' API; [`certificates`]: signed e-certificates and their check.
//! - [`secrets`]: signing keys and the case/session secret.

mod audit;
mod case_object;
mod cases;
mod certificates;
mod intake;
mod registry;
mod review;
mod secrets;

pub use audit::AuditLog;
pub use case_object::CaseObject;

use serde::Deserialize;
use worker::{Context, Env, Method, Request, Response, Result, event};

use wangban_attest::api::{self, CaseAccepted, CaseLookup, Precheck, ServiceSummary, VerifiedApplication};
use wangban_decision::catalogue::Catalogue;
use wangban_decision::{DecisionError, IdNumber};
use wangban_worker_shared::http::{error, json, read_json};

const MAX_INTERNAL_BODY_BYTES: usize = api::MAX_CASE_REQUEST_BYTES;

#[event(fetch)]
async fn fetch(mut req: Request, env: Env, _ctx: Context) -> Result<Response> {
    let path = req.path();
    let Some(route) = path.strip_prefix("/internal/v1/") else {
        return error(404, "not_found", "没有这个接口。", "No such route.");
    };
    let parts: Vec<&str> = route.split('/').collect();
    match (req.method(), parts.as_slice()) {
        (Method::Post, ["precheck"]) => match read_json::<Precheck>(&mut req, 4096).await {
            Ok(body) => precheck(&body),
            Err(e) => e.into_response(),
        },
        (Method::Post, ["cases"]) => match read_json::<VerifiedApplication>(&mut req, MAX_INTERNAL_BODY_BYTES).await {
            Ok(body) => intake::intake(&env, body).await,
            Err(e) => e.into_response(),
        },
        (Method::Post, ["cases", "lookup"]) => match read_json::<CaseLookup>(&mut req, 4096).await {
            Ok(body) => lookup(&env, &body).await,
            Err(e) => e.into_response(),
        },
        (Method::Get, ["cases", id]) => resident_view(&env, id).await,
        (Method::Get, ["cases", id, "live"]) => cases::live(&env, id, &req).await,
        (_, ["review", rest @ ..]) => review::route(&env, req, &rest.join("/")).await,
        (Method::Get, ["certificates", "keys"]) => certificates::public_keys(&env),
        (Method::Get, ["services"]) => services(),
        (Method::Post, ["certificates", "verify"]) => {
            #[derive(Deserialize)]
            struct Token {
                token: String,
            }
            match read_json::<Token>(&mut req, 32 * 1024).await {
                Ok(t) => certificates::verify(&env, &t.token),
                Err(e) => e.into_response(),
            }
        }
        _ => error(404, "not_found", "没有这个接口。", "No such route."),
    }
}

/// Today's date (UTC+8, the deployment's time zone) as `YYYY-MM-DD`.
pub(crate) fn today() -> String {
    let ms = worker::Date::now().as_millis() + 8 * 3600 * 1000;
    let days = (ms / 86_400_000) as i64;
    // Civil-from-days (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// A decision-core refusal as an HTTP answer.
pub(crate) fn refusal(e: &DecisionError) -> Result<Response> {
    let (zh, en) = e.messages();
    error(e.http_status(), e.code(), zh, en)
}

/// The case an application's idempotency key already created, if any.
async fn lookup(env: &Env, body: &CaseLookup) -> Result<Response> {
    let case_id = cases::case_id(env, &body.idempotency_key)?;
    match cases::indexed(env, &case_id).await? {
        Some(status) => json(200, &CaseAccepted { case_id, status }),
        None => error(404, "case_not_found", "没有这个案件。", "No such case."),
    }
}

fn precheck(body: &Precheck) -> Result<Response> {
    let catalogue = Catalogue::builtin();
    let service = match catalogue.service(&body.service) {
        Ok(s) => s,
        Err(e) => return refusal(&e),
    };
    if let Err(e) = IdNumber::parse(&body.id_number) {
        return refusal(&e);
    }
    json(
        200,
        &ServiceSummary {
            code: service.code.clone(),
            name_zh: service.name_zh.clone(),
            name_en: service.name_en.clone(),
        },
    )
}

/// The catalogue for the resident app: names, what each needs, how long an officer may take.
fn services() -> Result<Response> {
    let catalogue = Catalogue::builtin();
    let list: Vec<serde_json::Value> = catalogue
        .services
        .iter()
        .map(|s| {
            serde_json::json!({
                "code": s.code, "category": s.category, "name_zh": s.name_zh, "name_en": s.name_en,
                "days": s.days, "auto": s.auto, "output": s.output, "needs_zh": s.needs_zh, "needs_en": s.needs_en,
                "related": s.related.as_ref().map(|r| serde_json::json!({ "label_zh": r.label_zh, "label_en": r.label_en })),
            })
        })
        .collect();
    let mut resp = json(200, &serde_json::json!({ "services": list }))?;
    resp.headers_mut().set("cache-control", "public, max-age=300")?;
    Ok(resp)
}

/// What the resident sees of their case: status, reasons in plain words, the certificate.
async fn resident_view(env: &Env, id: &str) -> Result<Response> {
    let Some(stored) = cases::load(env, id).await? else {
        return error(404, "case_not_found", "没有这个案件。", "No such case.");
    };
    let case = stored.case;
    let catalogue = Catalogue::builtin();
    let service = catalogue.service(&case.service).ok();
    json(
        200,
        &serde_json::json!({
            "case_id": case.case_id,
            "service": case.service,
            "service_zh": service.map(|s| s.name_zh.clone()),
            "service_en": service.map(|s| s.name_en.clone()),
            "days": service.map(|s| s.days),
            "status": case.status,
            "reasons": case.findings.iter().map(|f| serde_json::json!({ "code": f.code, "zh": f.zh, "en": f.en })).collect::<Vec<_>>(),
            "history": case.history.iter().map(|t| serde_json::json!({ "status": t.to, "at_ms": t.at_ms })).collect::<Vec<_>>(),
            "certificate": case.certificate,
        }),
    )
}
