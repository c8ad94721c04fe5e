//! The reviewer API: officers sign in (seeded accounts with Argon2 hashes locally), get a signed
//! HttpOnly SameSite=Strict cookie, see the queue and the facts and evidence behind each case,
//! and approve or reject with a reason. Everyone else gets 401 on every route.
//!
//! In production, Cloudflare Access sits in front of `/review` and signs officers in; its JWT
//! (`Cf-Access-Jwt-Assertion`) is verified here with [`wangban_decision::access`] when
//! `ACCESS_ISSUER` and `ACCESS_AUD` are set. The team's keys come from `ACCESS_JWKS` if given
//! (tests and local runs, with the repository's public test key) or else from the team's
//! certs endpoint, cached per isolate and fetched again when a token names an unknown key.

use argon2::password_hash::PasswordVerifier;
use argon2::password_hash::phc::PasswordHash;
use hmac::{KeyInit, Mac};
use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{Env, Method, Request, Response};

use wangban_attest::api::{Officer, OfficerLogin, Queue, QueueItem, ReviewDecision, SignedOut, Stats, StatusCount};
use wangban_attest::hex;
use wangban_decision::access::{self, AccessApp, KeySet};
use wangban_decision::audit::{AuditLog, AuditRecord};
use wangban_decision::catalogue::Catalogue;
use wangban_decision::review;
use wangban_worker_shared::http::{json, read_json};

use crate::backends::CoreBackends;
use crate::error::CoreError;
use crate::{audit, secrets};

const COOKIE: &str = "wb_review";
const SESSION_MS: u64 = 8 * 60 * 60 * 1000;
/// A valid Argon2 hash checked when the account does not exist, so both paths cost the same.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$m324e73oxx4MTa8Nb4BbZg$KNoH4cAvQja3a9jAXvZgBmfjZ2KhS0Gsk9Xzh29USNs";

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

fn sign(env: &Env, payload: &str) -> Result<String, CoreError> {
    let mut mac = HmacSha256::new_from_slice(secrets::core_secret(env)?.as_bytes())
        .map_err(|e| CoreError::Internal(e.to_string()))?;
    mac.update(b"review-session\0");
    mac.update(payload.as_bytes());
    Ok(hex::encode(&mac.finalize().into_bytes()))
}

/// The signed-in officer: a local account's session cookie, or else a Cloudflare Access token.
async fn officer(env: &Env, req: &Request) -> Result<Option<String>, CoreError> {
    if let Some(user) = cookie_officer(env, req)? {
        return Ok(Some(user));
    }
    let (Some(token), Some(app)) = (req.headers().get("cf-access-jwt-assertion")?, access_app(env)) else {
        return Ok(None);
    };
    let keys = access_keys(env, &app, &token).await?;
    let now_s = worker::Date::now().as_millis() / 1000;
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

/// The local account signed in with the session cookie.
fn cookie_officer(env: &Env, req: &Request) -> Result<Option<String>, CoreError> {
    let cookies = req.headers().get("cookie")?.unwrap_or_default();
    let Some(value) = cookies.split(';').filter_map(|c| c.trim().strip_prefix(&format!("{COOKIE}="))).next() else {
        return Ok(None);
    };
    let mut parts = value.rsplitn(2, '.');
    let (Some(mac), Some(payload)) = (parts.next(), parts.next()) else {
        return Ok(None);
    };
    let expected = sign(env, payload)?;
    // Compare in constant time: the MAC is secret-derived.
    let same =
        expected.len() == mac.len() && expected.bytes().zip(mac.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
    let Some((user, expiry)) = payload.split_once(':') else {
        return Ok(None);
    };
    let live = expiry.parse::<u64>().is_ok_and(|e| e > worker::Date::now().as_millis());
    Ok((same && live).then(|| user.to_string()))
}

#[derive(Deserialize)]
struct OfficerRow {
    display_name: String,
    password_hash: String,
}

async fn login(env: &Env, mut req: Request, now_ms: u64) -> Result<Response, CoreError> {
    let body: OfficerLogin = read_json(&mut req, 4096).await?;
    let user = body.username.trim().to_ascii_lowercase();
    let rows: Vec<OfficerRow> =
        if user.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !user.is_empty() && user.len() <= 32 {
            env.d1("REGISTRY")?
                .prepare("SELECT display_name, password_hash FROM officers WHERE username = ?1")
                .bind(&[JsValue::from_str(&user)])?
                .all()
                .await?
                .results()?
        } else {
            Vec::new()
        };
    let row = rows.into_iter().next();
    let hash = row.as_ref().map_or(DUMMY_HASH, |r| r.password_hash.as_str());
    let ok = PasswordHash::new(hash)
        .is_ok_and(|h| argon2::Argon2::default().verify_password(body.password.as_bytes(), &h).is_ok());
    let Some(row) = row.filter(|_| ok) else {
        return Err(CoreError::BadCredentials);
    };
    let payload = format!("{user}:{}", now_ms + SESSION_MS);
    let mac = sign(env, &payload)?;
    let secure =
        if req.url()?.host_str().is_some_and(|h| h == "127.0.0.1" || h == "localhost") { "" } else { "; Secure" };
    let audit = audit::DoAuditLog { env: env.clone() };
    audit.append(&[AuditRecord::new(&user, "officer_sign_in", &user, "")], now_ms).await?;
    let mut resp = json(200, &Officer { username: user, display_name: Some(row.display_name) })?;
    resp.headers_mut().set(
        "set-cookie",
        &format!(
            "{COOKIE}={payload}.{mac}; Path=/api/v1/review; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
            SESSION_MS / 1000
        ),
    )?;
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
    let Some(officer) = officer(env, &req).await? else {
        return Err(CoreError::Unauthorized);
    };
    match (req.method(), rest.split('/').collect::<Vec<_>>().as_slice()) {
        (Method::Get, ["me"]) => Ok(json(200, &Officer { username: officer, display_name: None })?),
        (Method::Post, ["logout"]) => {
            let mut resp = json(200, &SignedOut { signed_out: true })?;
            resp.headers_mut()
                .set("set-cookie", &format!("{COOKIE}=; Path=/api/v1/review; HttpOnly; SameSite=Strict; Max-Age=0"))?;
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
            let case =
                review::decide(&CoreBackends::new(env)?, id, &officer, body.approve, &body.reason, now_ms).await?;
            Ok(json(200, &case)?)
        }
        (Method::Get, ["audit"]) => Ok(json(200, &audit::read(env).await?)?),
        _ => Err(CoreError::NotFound),
    }
}
