//! [`OfficerStore`] over D1: the `officers` table (seeded), the session generation per officer
//! (`officer_sessions`) and failed sign-ins (`sign_in_failures`, pruned as it is written).

use serde::Deserialize;
use wasm_bindgen::JsValue;
use worker::D1Database;

use wangban_decision::DecisionError;
use wangban_decision::officers::{Account, FAILURE_WINDOW_MS, OfficerStore};

pub struct D1Officers {
    pub db: D1Database,
}

fn unavailable(e: worker::Error) -> DecisionError {
    DecisionError::StoreUnavailable(format!("officers: {e}"))
}

#[derive(Deserialize)]
struct AccountRow {
    display_name: String,
    password_hash: String,
    generation: f64,
}

#[derive(Deserialize)]
struct FailureRow {
    at_ms: f64,
}

impl D1Officers {
    async fn run(&self, sql: &str, args: &[JsValue]) -> Result<(), DecisionError> {
        self.db.prepare(sql).bind(args).map_err(unavailable)?.run().await.map_err(unavailable).map(drop)
    }

    async fn all<T: serde::de::DeserializeOwned>(&self, sql: &str, args: &[JsValue]) -> Result<Vec<T>, DecisionError> {
        crate::registry::rows(&self.db, sql, args).await.map_err(unavailable)
    }
}

impl OfficerStore for D1Officers {
    async fn account(&self, username: &str) -> Result<Option<Account>, DecisionError> {
        let rows: Vec<AccountRow> = self
            .all(
                "SELECT o.display_name, o.password_hash, COALESCE(s.generation, 0) AS generation FROM officers o \
                 LEFT JOIN officer_sessions s ON s.username = o.username WHERE o.username = ?1",
                &[JsValue::from_str(username)],
            )
            .await?;
        Ok(rows.into_iter().next().map(|r| Account {
            display_name: r.display_name,
            password_hash: r.password_hash,
            generation: r.generation as u64,
        }))
    }

    async fn failures_since(&self, subject: &str, since_ms: u64) -> Result<Vec<u64>, DecisionError> {
        let rows: Vec<FailureRow> = self
            .all(
                "SELECT at_ms FROM sign_in_failures WHERE subject = ?1 AND at_ms >= ?2 ORDER BY at_ms",
                &[JsValue::from_str(subject), JsValue::from_f64(since_ms as f64)],
            )
            .await?;
        Ok(rows.into_iter().map(|r| r.at_ms as u64).collect())
    }

    async fn record_failure(&self, subject: &str, now_ms: u64) -> Result<(), DecisionError> {
        let expired = now_ms.saturating_sub(FAILURE_WINDOW_MS) as f64;
        self.run("DELETE FROM sign_in_failures WHERE at_ms < ?1", &[JsValue::from_f64(expired)]).await?;
        self.run(
            "INSERT INTO sign_in_failures (subject, at_ms) VALUES (?1, ?2)",
            &[JsValue::from_str(subject), JsValue::from_f64(now_ms as f64)],
        )
        .await
    }

    async fn end_sessions(&self, username: &str) -> Result<(), DecisionError> {
        self.run(
            "INSERT INTO officer_sessions (username, generation) VALUES (?1, 1) \
             ON CONFLICT(username) DO UPDATE SET generation = generation + 1",
            &[JsValue::from_str(username)],
        )
        .await
    }
}
