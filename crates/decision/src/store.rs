//! Where cases live: the record with its evidence and audit trail ([`StoredCase`]), and the
//! index the queue and idempotency read. [`CaseStore`] is one Durable Object per case plus D1 in
//! the core Worker; [`MemoryCaseStore`] keeps both in memory.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use wangban_attest::Keyframe;
use wangban_liveness::Verdict;

use crate::audit::AuditRecord;
use crate::case::{Case, Status};
use crate::error::DecisionError;
use crate::faults::Faults;

/// How long a decided case keeps its keyframes (time for the officer screen to close).
pub const EVIDENCE_GRACE_MS: u64 = 60 * 1000;
/// How soon an unsettled case (audit or issuance pending after a failure) is tried again.
pub const SETTLE_RETRY_MS: u64 = 30 * 1000;
/// How long the biometric evidence of a case is kept at most, decided or not: a case an officer
/// never reaches does not keep a face for ever (30 days).
pub const MAX_EVIDENCE_AGE_MS: u64 = 30 * 24 * 60 * 60 * 1000;

/// A case as stored: the record, its biometric evidence until deleted, and every audit entry it
/// has produced, written together so a state change and its audit entry are never apart.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StoredCase {
    /// The case record.
    pub case: Case,
    /// The keyframes the edge re-checked, until the evidence is deleted.
    pub keyframes: Vec<Keyframe>,
    /// Whether the keyframes were deleted (the audit keeps their hashes).
    pub evidence_deleted: bool,
    /// The reading for the officer's playback, deleted with the keyframes.
    #[serde(default)]
    pub reading: Option<wangban_attest::api::Reading>,
    /// The edge's liveness verdict (per-digit scores), for the officer.
    #[serde(default)]
    pub liveness: Option<Verdict>,
    /// Every audit entry of this case, in order.
    #[serde(default)]
    pub trail: Vec<AuditRecord>,
    /// How many of `trail` are in the audit log.
    #[serde(default)]
    pub audited: usize,
    /// The challenge session that verified it.
    #[serde(default)]
    pub session_id: String,
    /// sha256 of the application's idempotency key, hex.
    #[serde(default)]
    pub application_hash: String,
    /// Bumped by every save: a save based on an older version is refused ([`DecisionError::Conflict`]).
    #[serde(default)]
    pub version: u64,
}

impl StoredCase {
    /// Whether the case is approved and its certificate or completion notice not yet issued.
    pub fn owes_issuance(&self, now_ms: u64) -> bool {
        let due = match self.case.status {
            Status::AutoApproved | Status::Approved => true,
            Status::Held => self.case.hold_until_ms.is_some_and(|until| until <= now_ms),
            _ => false,
        };
        due && self.case.certificate.is_none()
    }

    /// Whether audit entries or an issuance are still owed.
    pub fn unsettled(&self, now_ms: u64) -> bool {
        self.audited < self.trail.len() || self.owes_issuance(now_ms)
    }

    /// When the biometric evidence must be gone (Unix ms), if it is still held: the grace
    /// period after the decision, or [`MAX_EVIDENCE_AGE_MS`] after the case began, whichever
    /// comes first.
    pub fn evidence_due_at(&self) -> Option<u64> {
        if self.evidence_deleted {
            return None;
        }
        let began = self.case.history.first().map_or(0, |t| t.at_ms);
        let by_age = began.saturating_add(MAX_EVIDENCE_AGE_MS);
        if self.case.status.is_decided() {
            let decided = self.case.history.last().map_or(0, |t| t.at_ms);
            Some(decided.saturating_add(EVIDENCE_GRACE_MS).min(by_age))
        } else {
            Some(by_age)
        }
    }

    /// When the store should wake the case next (Unix ms): soon if unsettled, when its hold
    /// ends if held, when its evidence is due for deletion, never otherwise.
    pub fn next_alarm(&self, now_ms: u64) -> Option<u64> {
        if self.unsettled(now_ms) {
            return Some(now_ms + SETTLE_RETRY_MS);
        }
        let hold = self.case.hold_until_ms.filter(|_| self.case.status == Status::Held);
        match (hold, self.evidence_due_at()) {
            (Some(h), Some(e)) => Some(h.min(e).max(now_ms)),
            (Some(t), None) | (None, Some(t)) => Some(t.max(now_ms)),
            (None, None) => None,
        }
    }
}

/// The case id: a keyed hash of the browser's idempotency key, unguessable without the secret,
/// so a retried intake lands on the same case.
pub fn case_id(secret: &str, idempotency_key: &str) -> String {
    let digest = Sha256::digest(format!("case-id\u{0}{secret}\u{0}{idempotency_key}").as_bytes());
    digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
}

/// Case storage. Every write is create-if-absent or a save checked against the version read.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait CaseStore {
    /// Stores `stored` unless a case with its id exists; returns what is stored.
    async fn create(&self, stored: &StoredCase) -> Result<StoredCase, DecisionError>;
    /// The stored case, `None` if there is none.
    async fn load(&self, case_id: &str) -> Result<Option<StoredCase>, DecisionError>;
    /// Saves `stored` if the store still holds its version; returns it with the new version.
    async fn save(&self, stored: &StoredCase) -> Result<StoredCase, DecisionError>;
    /// Upserts the case's index row (service, masked applicant, status, times); a row already
    /// further along the lifecycle ([`Status::progress`]) is left as it is.
    async fn index(&self, stored: &StoredCase, now_ms: u64) -> Result<(), DecisionError>;
}

/// A row of the case index.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexRow {
    /// The status code.
    pub status: String,
    /// When it was last indexed.
    pub updated_at_ms: u64,
}

/// Cases and their index in memory, with [`Faults`] on `create`, `save` and `index`.
#[derive(Default)]
pub struct MemoryCaseStore {
    cases: RefCell<HashMap<String, StoredCase>>,
    index: RefCell<HashMap<String, IndexRow>>,
    /// Injected failures.
    pub faults: Faults,
}

impl MemoryCaseStore {
    /// Every stored case.
    pub fn cases(&self) -> Vec<StoredCase> {
        self.cases.borrow().values().cloned().collect()
    }

    /// The index row of a case.
    pub fn indexed(&self, case_id: &str) -> Option<IndexRow> {
        self.index.borrow().get(case_id).cloned()
    }
}

fn unavailable(e: String) -> DecisionError {
    DecisionError::StoreUnavailable(e)
}

impl CaseStore for MemoryCaseStore {
    async fn create(&self, stored: &StoredCase) -> Result<StoredCase, DecisionError> {
        self.faults.check("create").map_err(unavailable)?;
        Ok(self.cases.borrow_mut().entry(stored.case.case_id.clone()).or_insert_with(|| stored.clone()).clone())
    }

    async fn load(&self, case_id: &str) -> Result<Option<StoredCase>, DecisionError> {
        self.faults.check("load").map_err(unavailable)?;
        Ok(self.cases.borrow().get(case_id).cloned())
    }

    async fn save(&self, stored: &StoredCase) -> Result<StoredCase, DecisionError> {
        self.faults.check("save").map_err(unavailable)?;
        let mut cases = self.cases.borrow_mut();
        let current = cases.get(&stored.case.case_id).ok_or(DecisionError::CaseNotFound)?;
        if current.version != stored.version {
            return Err(DecisionError::Conflict);
        }
        let saved = StoredCase { version: stored.version + 1, ..stored.clone() };
        cases.insert(saved.case.case_id.clone(), saved.clone());
        Ok(saved)
    }

    async fn index(&self, stored: &StoredCase, now_ms: u64) -> Result<(), DecisionError> {
        self.faults.check("index").map_err(unavailable)?;
        let status = stored.case.status;
        let mut index = self.index.borrow_mut();
        let as_far =
            |row: &IndexRow| Status::ALL.iter().any(|s| s.code() == row.status && s.progress() >= status.progress());
        if index.get(&stored.case.case_id).is_some_and(as_far) {
            return Ok(());
        }
        index.insert(stored.case.case_id.clone(), IndexRow { status: status.code().into(), updated_at_ms: now_ms });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{NOW, backends, household_certificate, run};

    /// A settle working from a stale copy (read before an officer or the alarm moved the case
    /// on) must not put the index back.
    #[test]
    fn a_stale_copy_never_moves_the_index_back() {
        let b = backends();
        let (_, accepted) = run(crate::intake::intake(&b, &household_certificate(), NOW)).expect("issued");
        let mut stale = b.store.cases().pop().expect("the case");
        stale.case.status = Status::AutoApproved;
        run(b.store.index(&stale, NOW + 1)).expect("indexed");
        assert_eq!(
            b.store.indexed(&accepted.case_id).map(|r| (r.status, r.updated_at_ms)),
            Some(("issued".into(), NOW))
        );
    }
}
