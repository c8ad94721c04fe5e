//! The reviewer API: officers sign in (local accounts, [`wangban_decision::officers`]: rate-limited,
//! audited, sessions that end on sign-out), get a signed HttpOnly SameSite=Strict cookie, see the
//! queue and the facts and evidence behind each case, and approve or reject with a reason.
//! Everyone else gets 401 on every route.
//!
//! In production, Cloudflare Access sits in front of `/review` and signs officers in; its JWT
//! (`Cf-Access-Jwt-Assertion`) is verified here with [`wangban_decision::access`] when
//! `ACCESS_ISSUER` and `ACCESS_AUD` are set. The team's keys come from `ACCESS_JWKS` if given
//! (tests and local runs, with the repository's public test key) or else from the team's
//! certs endpoint, cached per isolate and fetched again when a token names an unknown key.

use serde::Deserialize;
use worker::{Env, Method, Request, Response};

use wangban_attest::api::{
    Officer, OfficerLogin, PilotLabel, Queue, QueueItem, ReviewDecision, SignedOut, Stats, StatusCount,
};
use wangban_decision::DecisionError;
use wangban_decision::access::{self, AccessApp, KeySet};
use wangban_decision::audit::PageQuery;
use wangban_decision::catalogue::Catalogue;
use wangban_decision::officers::{self, Attempt, Policy, SESSION_MS};
use wangban_decision::review;
use wangban_worker_shared::http::{json, read_json};

use crate::backends::CoreBackends;
use crate::error::CoreError;
use crate::officers::D1Officers;
use crate::{audit, secrets};

/// The session cookie: `__Host-` (Secure, the whole site, no Domain) wherever there is TLS;
/// a local run over plain HTTP uses the bare name, which browsers accept without Secure.
const COOKIE: &str = "__Host-wb_review";
const LOCAL_COOKIE: &str = "wb_review";

/// A setting of the Worker that is on only when it says `"true"`.
pub(crate) fn flag(env: &Env, name: &str) -> bool {
    env.var(name).is_ok_and(|v| v.to_string() == "true")
}

/// Local accounts are off where Cloudflare Access signs officers in, unless this (local) run
/// turns them on with `ALLOW_LOCAL_SIGN_IN`.
fn policy(env: &Env) -> Policy {
    Policy::new(access_app(env).is_some(), flag(env, "ALLOW_LOCAL_SIGN_IN"))
}

fn is_local(req: &Request) -> bool {
    req.url().ok().and_then(|u| u.host_str().map(|h| h == "127.0.0.1" || h == "localhost")).unwrap_or(false)
}

fn store(env: &Env) -> Result<D1Officers, CoreError> {
    Ok(D1Officers { db: env.d1("REGISTRY")? })
}

/// The signed-in officer: a local account's session cookie, or else a Cloudflare Access token.
async fn officer(env: &Env, req: &Request, now_ms: u64) -> Result<Option<String>, CoreError> {
    if policy(env).local_accounts
        && let Some(value) = session_cookie(req)?
        && let Some(user) = officers::session(&store(env)?, &secrets::core_secret(env)?, &value, now_ms).await?
    {
        return Ok(Some(user));
    }
    let (Some(token), Some(app)) = (req.headers().get("cf-access-jwt-assertion")?, access_app(env)) else {
        return Ok(None);
    };
    let keys = access_keys(env, &app, &token).await?;
    let keys = keys.filter(|k| match access::usable(&app, k, flag(env, "ALLOW_TEST_ACCESS_KEYS")) {
        Ok(()) => true,
        Err(e) => {
            worker::console_error!("access settings refused: {e}");
            false
        }
    });
    let now_s = now_ms / 1000;
    match keys.map(|k| access::verify(&token, &app, &k, now_s)) {
        Some(Ok(email)) => Ok(Some(email)),
        Some(Err(e)) => {
            worker::console_log!("access token refused: {e}");
            Ok(None)
        }
        None => Ok(None),
    }
}

fn access_app(env: &Env) -> Option<AccessApp> {
    let var = |name: &str| env.var(name).map(|v| v.to_string()).ok().filter(|v| !v.is_empty());
    Some(AccessApp { issuer: var("ACCESS_ISSUER")?, audience: var("ACCESS_AUD")? })
}

thread_local! {
    /// The team's keys and when they were fetched (ms).
    static ACCESS_KEYS: std::cell::RefCell<Option<(KeySet, u64)>> = const { std::cell::RefCell::new(None) };
}

/// The Access key set: configured, cached, or fetched (again when the token names a key the
/// cache lacks, at most once a minute: Cloudflare rotates its keys, forgers invent key ids).
async fn access_keys(env: &Env, app: &AccessApp, token: &str) -> Result<Option<KeySet>, CoreError> {
    if let Ok(jwks) = env.var("ACCESS_JWKS") {
        return Ok(KeySet::parse(&jwks.to_string()).ok());
    }
    let now = worker::Date::now().as_millis();
    let kid = access::key_id(token).unwrap_or_default();
    let cached = ACCESS_KEYS.with(|c| c.borrow().clone());
    if let Some((keys, fetched_at)) = &cached
        && (keys.has(&kid) || now.saturating_sub(*fetched_at) < 60_000)
    {
        return Ok(Some(keys.clone()));
    }
    let url = format!("{}/cdn-cgi/access/certs", app.issuer.trim_end_matches('/'));
    let fetched =
        match worker::Fetch::Url(url.parse().map_err(|e: worker::url::ParseError| CoreError::Internal(e.to_string()))?)
            .send()
            .await
        {
            Ok(mut resp) if resp.status_code() == 200 => KeySet::parse(&resp.text().await?).ok(),
            _ => None,
        };
    match fetched {
        Some(keys) => {
            ACCESS_KEYS.with(|c| *c.borrow_mut() = Some((keys.clone(), now)));
            Ok(Some(keys))
        }
        None => Ok(cached.map(|(k, _)| k)),
    }
}

/// The session cookie's value, if the request carries one.
fn session_cookie(req: &Request) -> Result<Option<String>, CoreError> {
    let name = if is_local(req) { LOCAL_COOKIE } else { COOKIE };
    let cookies = req.headers().get("cookie")?.unwrap_or_default();
    Ok(cookies.split(';').filter_map(|c| c.trim().strip_prefix(name)?.strip_prefix('=')).next().map(String::from))
}

fn set_cookie(req: &Request, value: &str, max_age_s: u64) -> String {
    if is_local(req) {
        format!("{LOCAL_COOKIE}={value}; Path=/api/v1/review; HttpOnly; SameSite=Strict; Max-Age={max_age_s}")
    } else {
        format!("{COOKIE}={value}; Path=/; Secure; HttpOnly; SameSite=Strict; Max-Age={max_age_s}")
    }
}

async fn login(env: &Env, mut req: Request, now_ms: u64) -> Result<Response, CoreError> {
    let body: OfficerLogin = read_json(&mut req, 4096).await?;
    let address = req.headers().get("cf-connecting-ip")?.unwrap_or_else(|| "local".into());
    let attempt = Attempt { username: &body.username, password: &body.password, client_address: &address };
    let audit = audit::DoAuditLog { env: env.clone() };
    let signed =
        officers::sign_in(&store(env)?, &audit, &secrets::core_secret(env)?, policy(env), &attempt, now_ms).await?;
    let mut resp = json(200, &Officer { username: signed.username, display_name: Some(signed.display_name) })?;
    resp.headers_mut().set("set-cookie", &set_cookie(&req, &signed.cookie, SESSION_MS / 1000))?;
    Ok(resp)
}

#[derive(Deserialize)]
struct QueueRow {
    case_id: String,
    service: String,
    applicant_masked: String,
    status: String,
    created_at_ms: f64,
}

/// Routes `/internal/v1/review/...` (the edge forwards `/api/v1/review/...`).
pub async fn route(env: &Env, mut req: Request, rest: &str, now_ms: u64) -> Result<Response, CoreError> {
    if (req.method(), rest) == (Method::Post, "login") {
        return login(env, req, now_ms).await;
    }
    let Some(officer) = officer(env, &req, now_ms).await? else {
        return Err(CoreError::Unauthorized);
    };
    match (req.method(), rest.split('/').collect::<Vec<_>>().as_slice()) {
        (Method::Get, ["me"]) => Ok(json(200, &Officer { username: officer, display_name: None })?),
        (Method::Post, ["logout"]) => {
            // Every session of this officer ends, not only this browser's cookie.
            officers::sign_out(&store(env)?, &audit::DoAuditLog { env: env.clone() }, &officer, now_ms).await?;
            let mut resp = json(200, &SignedOut { signed_out: true })?;
            resp.headers_mut().set("set-cookie", &set_cookie(&req, "", 0))?;
            Ok(resp)
        }
        (Method::Get, ["queue"]) => {
            let catalogue = Catalogue::builtin();
            let rows: Vec<QueueRow> = env
                .d1("REGISTRY")?
                .prepare("SELECT case_id, service, applicant_masked, status, created_at_ms FROM cases ORDER BY CASE status WHEN 'needs_review' THEN 0 WHEN 'held' THEN 1 ELSE 2 END, created_at_ms DESC LIMIT 200")
                .all()
                .await?
                .results()?;
            let cases = rows
                .into_iter()
                .map(|r| {
                    let s = catalogue.service(&r.service).ok();
                    QueueItem {
                        service_zh: s.map(|s| s.name_zh.clone()),
                        service_en: s.map(|s| s.name_en.clone()),
                        case_id: r.case_id,
                        service: r.service,
                        status: r.status,
                        applicant: r.applicant_masked,
                        created_at_ms: r.created_at_ms as u64,
                    }
                })
                .collect();
            Ok(json(200, &Queue { cases })?)
        }
        (Method::Get, ["stats"]) => {
            let by_status: Vec<StatusCount> = env
                .d1("REGISTRY")?
                .prepare("SELECT status, COUNT(*) AS n FROM cases GROUP BY status")
                .all()
                .await?
                .results()?;
            Ok(json(200, &Stats { by_status })?)
        }
        (Method::Get, ["cases", id]) => {
            let stored = review::view(&CoreBackends::new(env)?, id, &officer, now_ms).await?;
            Ok(json(200, &stored)?)
        }
        (Method::Post, ["cases", id, "decision"]) => {
            let body: ReviewDecision = read_json(&mut req, 8192).await?;
            let case = review::decide_stating(
                &CoreBackends::new(env)?,
                id,
                &officer,
                body.approve,
                &body.reason,
                body.statement.as_deref(),
                now_ms,
            )
            .await?;
            Ok(json(200, &case)?)
        }
        (Method::Get, ["pilot"]) => {
            let query = PageQuery::parse(req.url()?.query().unwrap_or(""))?;
            let store = crate::pilot::D1Pilot { db: env.d1("REGISTRY")? };
            let audit = audit::DoAuditLog { env: env.clone() };
            Ok(json(200, &wangban_decision::pilot::export(&store, &audit, &officer, query, now_ms).await?)?)
        }
        (Method::Post, ["pilot", seq, "label"]) => {
            let seq: u64 = seq.parse().map_err(|_| DecisionError::InvalidQuery("seq"))?;
            let body: PilotLabel = read_json(&mut req, 1024).await?;
            let store = crate::pilot::D1Pilot { db: env.d1("REGISTRY")? };
            let audit = audit::DoAuditLog { env: env.clone() };
            wangban_decision::pilot::label(&store, &audit, &officer, seq, &body.label, now_ms).await?;
            Ok(json(200, &serde_json::json!({ "seq": seq, "label": body.label }))?)
        }
        (Method::Get, ["audit"]) => {
            let query = PageQuery::parse(req.url()?.query().unwrap_or(""))?;
            Ok(json(200, &audit::read(env, query).await?)?)
        }
        _ => Err(CoreError::NotFound),
    }
}
