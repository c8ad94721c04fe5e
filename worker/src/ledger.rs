//! [`Ledger`] over Durable Objects: one per challenge session. Durable Objects run one request
//! at a time with strongly consistent storage, so of two concurrent submissions of the same
//! challenge exactly one is first; every later one is a replay, recorded.

use worker::{DurableObject, Env, Request, Response, Result, State, durable_object};

use wangban_verify::BackendError;
use wangban_verify::ledger::{Ledger, Use};

/// The ledger's answers to a repeated use: by the application that used it first, or another.
const SAME_APPLICATION: &str = "same application";
const OTHER_APPLICATION: &str = "other application";

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

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        let application = req.text().await?;
        let storage = self.state.storage();
        let now = worker::Date::now().as_millis();
        if storage.get::<u64>("consumed_at").await?.is_some() {
            let replays = storage.get::<u32>("replays").await?.unwrap_or(0) + 1;
            storage.put("replays", replays).await?;
            let same = storage.get::<String>("consumed_by").await?.is_some_and(|by| by == application);
            return Ok(Response::ok(if same { SAME_APPLICATION } else { OTHER_APPLICATION })?.with_status(409));
        }
        storage.put("consumed_at", now).await?;
        storage.put("consumed_by", application).await?;
        storage.set_alarm(worker::ScheduledTime::from((now + FORGET_AFTER_MS) as i64)).await?;
        Response::ok("first")
    }

    async fn alarm(&self) -> Result<Response> {
        self.state.storage().delete_all().await?;
        Response::ok("forgotten")
    }
}

/// The ledger objects, reached from the Worker.
pub struct DoLedger {
    pub env: Env,
}

fn stub(env: &Env, name: &str) -> Result<worker::Stub> {
    env.durable_object("LEDGER")?.id_from_name(name)?.get_stub()
}

fn unavailable(e: impl std::fmt::Display) -> BackendError {
    BackendError(format!("ledger: {e}"))
}

impl Ledger for DoLedger {
    async fn consume(
        &self,
        session_id: &str,
        application: &str,
        _now_ms: u64,
    ) -> std::result::Result<Use, BackendError> {
        let stub = stub(&self.env, session_id).map_err(unavailable)?;
        let mut init = worker::RequestInit::new();
        init.with_method(worker::Method::Post).with_body(Some(application.into()));
        let request = Request::new_with_init("https://ledger/consume", &init).map_err(unavailable)?;
        let mut resp = stub.fetch_with_request(request).await.map_err(unavailable)?;
        match (resp.status_code(), resp.text().await.map_err(unavailable)?.as_str()) {
            (200, _) => Ok(Use::First),
            (409, SAME_APPLICATION) => Ok(Use::SameApplication),
            (409, _) => Ok(Use::Replay),
            (other, _) => Err(unavailable(format!("answered {other}"))),
        }
    }
}
