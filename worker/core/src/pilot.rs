//! [`PilotStore`] over D1: the `pilot_readings` table (the body as received, base64), paged by
//! `seq` and pruned of expired readings whenever one is kept.

use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::{D1Database, Env};

use wangban_decision::DecisionError;
use wangban_decision::pilot::{KeptReading, PilotStore};

pub struct D1Pilot {
    pub db: D1Database,
}

/// A pilot runs in this deployment (`PILOT = "true"`).
pub fn enabled(env: &Env) -> bool {
    crate::review::flag(env, "PILOT")
}

fn unavailable(e: worker::Error) -> DecisionError {
    DecisionError::StoreUnavailable(format!("pilot: {e}"))
}

#[derive(Deserialize)]
struct Row {
    seq: f64,
    received_at_ms: f64,
    outcome: String,
    case_id: Option<String>,
    label: Option<String>,
    body: String,
    expires_at_ms: f64,
}

#[derive(Deserialize)]
struct Seq {
    seq: f64,
}

impl D1Pilot {
    async fn run(&self, sql: &str, args: &[JsValue]) -> Result<(), DecisionError> {
        self.db.prepare(sql).bind(args).map_err(unavailable)?.run().await.map_err(unavailable).map(drop)
    }
}

fn number(n: u64) -> JsValue {
    JsValue::from_f64(n as f64)
}

impl PilotStore for D1Pilot {
    async fn put(&self, r: &KeptReading) -> Result<u64, DecisionError> {
        let case_id = r.case_id.as_deref().map_or(JsValue::NULL, JsValue::from_str);
        let rows: Vec<Seq> = crate::registry::rows(
            &self.db,
            "INSERT INTO pilot_readings (received_at_ms, outcome, case_id, label, body, expires_at_ms) \
             VALUES (?1, ?2, ?3, NULL, ?4, ?5) RETURNING seq",
            &[
                number(r.received_at_ms),
                r.outcome.as_str().into(),
                case_id,
                r.body.as_str().into(),
                number(r.expires_at_ms),
            ],
        )
        .await
        .map_err(unavailable)?;
        rows.first().map(|s| s.seq as u64).ok_or_else(|| DecisionError::StoreUnavailable("pilot: no seq".into()))
    }

    async fn page(&self, after: u64, limit: u64, now_ms: u64) -> Result<Vec<KeptReading>, DecisionError> {
        let rows: Vec<Row> = crate::registry::rows(
            &self.db,
            "SELECT seq, received_at_ms, outcome, case_id, label, body, expires_at_ms FROM pilot_readings \
             WHERE seq > ?1 AND expires_at_ms > ?2 ORDER BY seq LIMIT ?3",
            &[number(after), number(now_ms), number(limit)],
        )
        .await
        .map_err(unavailable)?;
        Ok(rows
            .into_iter()
            .map(|r| KeptReading {
                seq: r.seq as u64,
                received_at_ms: r.received_at_ms as u64,
                outcome: r.outcome,
                case_id: r.case_id,
                label: r.label,
                body: r.body,
                expires_at_ms: r.expires_at_ms as u64,
            })
            .collect())
    }

    async fn set_label(&self, seq: u64, label: &str) -> Result<bool, DecisionError> {
        let rows: Vec<Seq> = crate::registry::rows(
            &self.db,
            "UPDATE pilot_readings SET label = ?2 WHERE seq = ?1 RETURNING seq",
            &[number(seq), label.into()],
        )
        .await
        .map_err(unavailable)?;
        Ok(!rows.is_empty())
    }

    async fn delete_expired(&self, now_ms: u64) -> Result<(), DecisionError> {
        self.run("DELETE FROM pilot_readings WHERE expires_at_ms <= ?1", &[number(now_ms)]).await
    }
}
