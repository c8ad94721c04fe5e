//! Single use of a challenge: the first submission of a session uses it; a later one is either
//! the same application retrying after a lost answer or a replay.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::error::BackendError;

/// Who used a challenge before this submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Use {
    /// Nobody: this submission is the first, the challenge is now used.
    First,
    /// The same application (same idempotency key): a retry of a submission whose answer was lost.
    SameApplication,
    /// Another application: a replay.
    Replay,
}

/// Marks challenges used. The edge implements it with one Durable Object per session (one
/// request at a time, strongly consistent), so of two concurrent uses exactly one is first.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Ledger {
    /// Marks `session_id` used by the application whose idempotency key hashes to `application`.
    async fn consume(&self, session_id: &str, application: &str, now_ms: u64) -> Result<Use, BackendError>;
}

/// The ledger in memory (tests, the lab).
#[derive(Default)]
pub struct MemoryLedger {
    used: RefCell<HashMap<String, String>>,
}

impl Ledger for MemoryLedger {
    async fn consume(&self, session_id: &str, application: &str, _now_ms: u64) -> Result<Use, BackendError> {
        let mut used = self.used.borrow_mut();
        Ok(match used.get(session_id) {
            Some(by) if by == application => Use::SameApplication,
            Some(_) => Use::Replay,
            None => {
                used.insert(session_id.to_string(), application.to_string());
                Use::First
            }
        })
    }
}
