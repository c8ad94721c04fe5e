//! The single-use ledger: one Durable Object per challenge session. Durable Objects run one
//! request at a time with strongly consistent storage, so of two concurrent submissions of the
//! same challenge exactly one is first; every later one is a replay, recorded and refused.

use worker::{DurableObject, Env, Request, Response, Result, State, durable_object};

use crate::http::ApiError;

/// Kept until well after the challenge expired; the expiry check refuses it before it gets here.
const FORGET_AFTER_MS: u64 = 10 * 60 * 1000;

#[durable_object]
pub struct ChallengeLedger {
    state: State,
}

impl DurableObject for ChallengeLedger {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, _req: Request) -> Result<Response> {
        let storage = self.state.storage();
        let now = worker::Date::now().as_millis();
        if storage.get::<u64>("consumed_at").await?.is_some() {
            let replays = storage.get::<u32>("replays").await?.unwrap_or(0) + 1;
            storage.put("replays", replays).await?;
            return Ok(Response::ok(replays.to_string())?.with_status(409));
        }
        storage.put("consumed_at", now).await?;
        storage.set_alarm(worker::ScheduledTime::from((now + FORGET_AFTER_MS) as i64)).await?;
        Response::ok("first")
    }

    async fn alarm(&self) -> Result<Response> {
        self.state.storage().delete_all().await?;
        Response::ok("forgotten")
    }
}

/// Marks the session's challenge used. `Ok(true)` the first time, `Ok(false)` for a replay.
pub async fn consume(env: &Env, session_id: &str) -> std::result::Result<bool, ApiError> {
    let stub = env.durable_object("LEDGER")?.id_from_name(session_id)?.get_stub()?;
    let resp = stub.fetch_with_str("https://ledger/consume").await?;
    match resp.status_code() {
        200 => Ok(true),
        409 => Ok(false),
        other => Err(ApiError::Internal(format!("ledger answered {other}"))),
    }
}
