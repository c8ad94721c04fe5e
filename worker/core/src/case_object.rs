//! One Durable Object per case: the case record, its evidence until decided, and the live
//! connections of whoever watches it (the resident's page, the officer's console).
//!
//! Every transition is stored, then pushed to every open WebSocket. Once the case is decided
//! an alarm deletes the biometric evidence (the keyframes); the audit keeps their hash.

use serde::{Deserialize, Serialize};
use worker::{
    DurableObject, Env, Method, Request, Response, Result, State, WebSocket, WebSocketIncomingMessage, WebSocketPair,
    durable_object,
};

use wangban_attest::Keyframe;
use wangban_attest::digest::sha256_hex;
use wangban_decision::case::{Case, Status};
use wangban_decision::rules::Finding;
use wangban_liveness::Verdict;

use crate::audit::{self, Append};

/// How long a decided case keeps its keyframes (time for the officer screen to close).
const EVIDENCE_GRACE_MS: u64 = 60 * 1000;

#[derive(Serialize, Deserialize)]
pub struct Create {
    pub case: Case,
    pub keyframes: Vec<Keyframe>,
    pub liveness: Verdict,
}

#[derive(Serialize, Deserialize)]
pub struct Move {
    pub to: Status,
    pub by: String,
    pub note: String,
    #[serde(default)]
    pub findings: Option<Vec<Finding>>,
    #[serde(default)]
    pub certificate: Option<String>,
}

#[derive(Serialize, Deserialize)]
pub struct Stored {
    pub case: Case,
    pub keyframes: Vec<Keyframe>,
    pub evidence_deleted: bool,
    /// The edge's liveness verdict (per-digit scores); absent in cases stored before it was kept.
    #[serde(default)]
    pub liveness: Option<Verdict>,
}

#[durable_object]
pub struct CaseObject {
    state: State,
    env: Env,
}

impl CaseObject {
    async fn load(&self) -> Result<Option<Stored>> {
        self.state.storage().get("case").await
    }

    async fn save(&self, stored: &Stored) -> Result<()> {
        self.state.storage().put("case", stored).await?;
        if stored.case.status.is_decided() && !stored.evidence_deleted {
            let at = worker::Date::now().as_millis() + EVIDENCE_GRACE_MS;
            self.state.storage().set_alarm(worker::ScheduledTime::from(at as i64)).await?;
        }
        Ok(())
    }

    fn broadcast(&self, case: &Case) {
        let message =
            serde_json::json!({ "status": case.status, "at_ms": case.history.last().map(|t| t.at_ms) }).to_string();
        for ws in self.state.get_websockets() {
            let _ = ws.send_with_str(&message);
        }
    }
}

impl DurableObject for CaseObject {
    fn new(state: State, env: Env) -> Self {
        Self { state, env }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        match (req.method(), req.path().as_str()) {
            // Create-if-absent: a retried intake lands here again and keeps the first record.
            (Method::Put, "/case") => {
                if let Some(existing) = self.load().await? {
                    return Response::from_json(&existing.case);
                }
                let create: Create = req.json().await?;
                let stored = Stored {
                    case: create.case,
                    keyframes: create.keyframes,
                    evidence_deleted: false,
                    liveness: Some(create.liveness),
                };
                self.save(&stored).await?;
                Response::from_json(&stored.case)
            }
            (Method::Get, "/case") => match self.load().await? {
                Some(stored) => Response::from_json(&stored),
                None => Response::error("no such case", 404),
            },
            (Method::Post, "/move") => {
                let mv: Move = req.json().await?;
                let Some(mut stored) = self.load().await? else {
                    return Response::error("no such case", 404);
                };
                let now = worker::Date::now().as_millis();
                if let Err(e) = stored.case.transition(mv.to, now, &mv.by, &mv.note) {
                    return Ok(Response::from_json(&serde_json::json!({ "error": e.code() }))?.with_status(409));
                }
                if let Some(findings) = mv.findings {
                    stored.case.findings = findings;
                }
                if mv.certificate.is_some() {
                    stored.case.certificate = mv.certificate;
                }
                self.save(&stored).await?;
                self.broadcast(&stored.case);
                Response::from_json(&stored.case)
            }
            (Method::Get, "/live") => {
                let pair = WebSocketPair::new()?;
                self.state.accept_web_socket(&pair.server);
                if let Some(stored) = self.load().await? {
                    let hello = serde_json::json!({ "status": stored.case.status }).to_string();
                    pair.server.send_with_str(&hello)?;
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
        if let Some(mut stored) = self.load().await?
            && stored.case.status.is_decided()
            && !stored.evidence_deleted
        {
            let fingerprint: String = stored
                .keyframes
                .iter()
                .map(|k| sha256_hex(k.jpeg.as_bytes())[..16].to_string())
                .collect::<Vec<_>>()
                .join(",");
            stored.keyframes.clear();
            stored.evidence_deleted = true;
            self.state.storage().put("case", &stored).await?;
            audit::append(
                &self.env,
                &[Append {
                    actor: "core".into(),
                    action: "evidence_deleted".into(),
                    subject: stored.case.case_id.clone(),
                    detail: format!("keyframes sha256 {fingerprint}"),
                }],
            )
            .await?;
        }
        Response::ok("evidence deleted")
    }
}
