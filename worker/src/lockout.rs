//! [`Lockout`] over Durable Objects: one per subject (a hash of the identity number, or the
//! address), storing its [`Window`]; the policy is `wangban_verify::lockout`'s.

use worker::{DurableObject, Env, Request, Response, Result, State, durable_object};

use wangban_verify::BackendError;
use wangban_verify::lockout::{Lockout as Policy, Window};

#[durable_object]
pub struct Lockout {
    state: State,
}

impl DurableObject for Lockout {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    /// `/check?now=…` or `/fail?now=…`: the cool-down in seconds, as text.
    async fn fetch(&self, req: Request) -> Result<Response> {
        let storage = self.state.storage();
        let now = req
            .url()?
            .query_pairs()
            .find(|(k, _)| k == "now")
            .and_then(|(_, v)| v.parse::<u64>().ok())
            .unwrap_or_else(|| worker::Date::now().as_millis());
        let mut window: Window = storage.get("window").await?.unwrap_or_default();
        let retry_after_s = if req.path() == "/fail" {
            let wait = window.fail(now);
            storage.put("window", &window).await?;
            wait
        } else {
            window.retry_after_s(now)
        };
        Response::ok(retry_after_s.to_string())
    }
}

/// The lockout objects, reached from the Worker.
pub struct DoLockout {
    pub env: Env,
}

fn stub(env: &Env, name: &str) -> Result<worker::Stub> {
    env.durable_object("LOCKOUT")?.id_from_name(name)?.get_stub()
}

fn unavailable(e: impl std::fmt::Display) -> BackendError {
    BackendError(format!("lockout: {e}"))
}

impl DoLockout {
    async fn call(&self, subject: &str, action: &str, now_ms: u64) -> std::result::Result<u64, BackendError> {
        let stub = stub(&self.env, subject).map_err(unavailable)?;
        let mut resp =
            stub.fetch_with_str(&format!("https://lockout/{action}?now={now_ms}")).await.map_err(unavailable)?;
        resp.text().await.map_err(unavailable)?.trim().parse().map_err(unavailable)
    }
}

impl Policy for DoLockout {
    async fn retry_after(&self, subject: &str, now_ms: u64) -> std::result::Result<u64, BackendError> {
        self.call(subject, "check", now_ms).await
    }

    async fn record_failure(&self, subject: &str, now_ms: u64) -> std::result::Result<u64, BackendError> {
        self.call(subject, "fail", now_ms).await
    }
}
