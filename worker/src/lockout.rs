//! Lockout: at most 5 failed verifications per identity number and per client IP within
//! 3 minutes, then a cool-down. One Durable Object per subject (a hash of the identity number,
//! or the IP), holding the failure times of the current window.

use serde::{Deserialize, Serialize};
use worker::{DurableObject, Env, Request, Response, Result, State, durable_object};

use crate::http::ApiError;

pub const MAX_FAILURES: usize = 5;
pub const WINDOW_MS: u64 = 3 * 60 * 1000;

#[derive(Serialize, Deserialize)]
pub struct Status {
    pub failures: usize,
    /// Seconds until the next attempt is allowed; 0 when not locked.
    pub retry_after_s: u64,
}

#[durable_object]
pub struct Lockout {
    state: State,
}

impl DurableObject for Lockout {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, req: Request) -> Result<Response> {
        let storage = self.state.storage();
        let now = worker::Date::now().as_millis();
        let mut failures: Vec<u64> = storage.get("failures").await?.unwrap_or_default();
        failures.retain(|t| now.saturating_sub(*t) < WINDOW_MS);
        if req.path() == "/fail" {
            failures.push(now);
            storage.put("failures", &failures).await?;
        }
        let retry_after_s = if failures.len() >= MAX_FAILURES {
            let oldest = failures[failures.len() - MAX_FAILURES];
            (oldest + WINDOW_MS).saturating_sub(now).div_ceil(1000).max(1)
        } else {
            0
        };
        Response::from_json(&Status { failures: failures.len(), retry_after_s })
    }
}

async fn call(env: &Env, subject: &str, action: &str) -> std::result::Result<Status, ApiError> {
    let stub = env.durable_object("LOCKOUT")?.id_from_name(subject)?.get_stub()?;
    let mut resp = stub.fetch_with_str(&format!("https://lockout/{action}")).await?;
    Ok(resp.json().await?)
}

/// The longest cool-down among `subjects`, 0 if none is locked.
pub async fn retry_after(env: &Env, subjects: &[String]) -> std::result::Result<u64, ApiError> {
    let mut longest = 0;
    for s in subjects {
        longest = longest.max(call(env, s, "check").await?.retry_after_s);
    }
    Ok(longest)
}

/// Records one failed verification for every subject; returns whether any is now locked.
pub async fn record_failure(env: &Env, subjects: &[String]) -> std::result::Result<bool, ApiError> {
    let mut locked = false;
    for s in subjects {
        locked |= call(env, s, "fail").await?.retry_after_s > 0;
    }
    Ok(locked)
}
