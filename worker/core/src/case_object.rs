//! One Durable Object per case: the stored case (record, evidence, audit trail), and the live
//! connections of whoever watches it (the resident's page, the officer's console). It only
//! stores, checks versions, pushes updates and wakes itself; the flows decide.
//!
//! Its alarm settles the case ([`wangban_decision::settle`]: audit entries and an issuance a
//! failure left owed) and deletes decided evidence after the grace period.

use worker::{
    DurableObject, Env, Method, Request, Response, Result, State, WebSocket, WebSocketIncomingMessage, WebSocketPair,
    durable_object,
};

use wangban_attest::api::CaseUpdate;
use wangban_decision::DecisionError;
use wangban_decision::retention::delete_evidence;
use wangban_decision::store::{CaseStore, StoredCase};

use crate::backends::CoreBackends;
use crate::cases;

#[durable_object]
pub struct CaseObject {
    state: State,
    env: Env,
}

/// The case object's own storage as a [`CaseStore`], for the flows its alarm runs.
pub struct Local<'a> {
    object: &'a CaseObject,
}

fn unavailable(e: worker::Error) -> DecisionError {
    DecisionError::StoreUnavailable(e.to_string())
}

impl CaseObject {
    async fn load(&self) -> Result<Option<StoredCase>> {
        self.state.storage().get("case").await
    }

    /// Writes the case and schedules its next alarm.
    async fn put(&self, stored: &StoredCase) -> Result<()> {
        let storage = self.state.storage();
        storage.put("case", stored).await?;
        match stored.next_alarm(worker::Date::now().as_millis()) {
            Some(at) => storage.set_alarm(worker::ScheduledTime::from(at as i64)).await?,
            None => storage.delete_alarm().await?,
        }
        Ok(())
    }

    /// Create-if-absent: a retried intake lands here again and keeps the first record.
    async fn create(&self, stored: StoredCase) -> Result<StoredCase> {
        if let Some(existing) = self.load().await? {
            return Ok(existing);
        }
        self.put(&stored).await?;
        Ok(stored)
    }

    /// Saves `stored` if it is based on the stored version; `None` if the case changed meanwhile.
    async fn save(&self, stored: StoredCase) -> Result<Option<StoredCase>> {
        let Some(current) = self.load().await? else {
            return Ok(None);
        };
        if current.version != stored.version {
            return Ok(None);
        }
        let saved = StoredCase { version: stored.version + 1, ..stored };
        self.put(&saved).await?;
        if saved.case.status != current.case.status {
            self.broadcast(&saved);
        }
        Ok(Some(saved))
    }

    fn broadcast(&self, stored: &StoredCase) {
        let update =
            CaseUpdate { status: stored.case.status.code().into(), at_ms: stored.case.history.last().map(|t| t.at_ms) };
        let Ok(message) = serde_json::to_string(&update) else { return };
        for ws in self.state.get_websockets() {
            let _ = ws.send_with_str(&message);
        }
    }
}

impl CaseStore for Local<'_> {
    async fn create(&self, stored: &StoredCase) -> std::result::Result<StoredCase, DecisionError> {
        self.object.create(stored.clone()).await.map_err(unavailable)
    }

    async fn load(&self, _case_id: &str) -> std::result::Result<Option<StoredCase>, DecisionError> {
        self.object.load().await.map_err(unavailable)
    }

    async fn save(&self, stored: &StoredCase) -> std::result::Result<StoredCase, DecisionError> {
        self.object.save(stored.clone()).await.map_err(unavailable)?.ok_or(DecisionError::Conflict)
    }

    async fn index(&self, stored: &StoredCase, now_ms: u64) -> std::result::Result<(), DecisionError> {
        cases::index(&self.object.env, stored, now_ms).await
    }
}

impl DurableObject for CaseObject {
    fn new(state: State, env: Env) -> Self {
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            (Method::Put, "/case") => Response::from_json(&self.create(req.json().await?).await?),
            (Method::Get, "/case") => match self.load().await? {
                Some(stored) => Response::from_json(&stored),
                None => Response::error("no such case", 404),
            },
            (Method::Post, "/save") => match self.save(req.json().await?).await? {
                Some(saved) => Response::from_json(&saved),
                None => Response::error("the case changed meanwhile", 409),
            },
            (Method::Get, "/live") => {
                let pair = WebSocketPair::new()?;
                self.state.accept_web_socket(&pair.server);
                if let Some(stored) = self.load().await? {
                    let hello = CaseUpdate { status: stored.case.status.code().into(), at_ms: None };
                    pair.server.send_with_str(serde_json::to_string(&hello)?)?;
                }
                Response::from_websocket(pair.client)
            }
            _ => Response::error("no such route", 404),
        }
    }

    async fn websocket_message(&self, _ws: WebSocket, _message: WebSocketIncomingMessage) -> Result<()> {
        Ok(())
    }

    async fn websocket_close(&self, _ws: WebSocket, _code: usize, _reason: String, _was_clean: bool) -> Result<()> {
        Ok(())
    }

    async fn alarm(&self) -> Result<Response> {
        let Some(stored) = self.load().await? else {
            return Response::ok("no case");
        };
        let now = worker::Date::now().as_millis();
        let retry_at = worker::ScheduledTime::from((now + wangban_decision::store::SETTLE_RETRY_MS) as i64);
        let backends = match CoreBackends::with_store(&self.env, Local { object: self }) {
            Ok(b) => b,
            Err(e) => {
                worker::console_log!("case alarm: {e:?}");
                self.state.storage().set_alarm(retry_at).await?;
                return Response::ok("retry");
            }
        };
        // Settles the case, and deletes its evidence once due (the flow decides when).
        let outcome = delete_evidence(&backends, &stored.case.case_id, now).await.map(drop);
        // On failure the stored case still says what is owed: wake again for it.
        let at = match outcome {
            Ok(()) => self.load().await?.and_then(|s| s.next_alarm(now)),
            Err(e) => {
                worker::console_log!("case alarm: {e}");
                Some(now + wangban_decision::store::SETTLE_RETRY_MS)
            }
        };
        if let Some(at) = at {
            self.state.storage().set_alarm(worker::ScheduledTime::from(at as i64)).await?;
        }
        Response::ok("settled")
    }
}
