//! The audit log: append-only, hash-chained. Every registry read and every decision is an entry
//! carrying the previous entry's hash, so editing, deleting or reordering any entry breaks the
//! chain at that point, and [`verify`] finds it. Entries hold masked identity numbers and hashes,
//! never images or full numbers.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash the first entry points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry of the audit log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    /// Position in the log, from 1.
    pub seq: u64,
    /// When, Unix milliseconds.
    pub at_ms: u64,
    /// `core`, `system` (older entries) or an officer's account.
    pub actor: String,
    /// e.g. `registry_read`, `decision`, `review`, `certificate_issued`, `evidence_deleted`.
    pub action: String,
    /// The case id, or a masked identity number.
    pub subject: String,
    /// Free text without personal data (fact kinds read, outcome, reason codes, hashes).
    pub detail: String,
    /// The previous entry's hash ([`GENESIS`] for the first), hex.
    pub prev: String,
    /// sha256 over this entry's fields and `prev`, hex.
    pub hash: String,
}

/// The bytes that are hashed: every field length-prefixed, so no two entries encode alike.
fn digest(seq: u64, at_ms: u64, actor: &str, action: &str, subject: &str, detail: &str, prev: &str) -> String {
    let mut h = Sha256::new();
    h.update(seq.to_le_bytes());
    h.update(at_ms.to_le_bytes());
    for field in [actor, action, subject, detail, prev] {
        h.update((field.len() as u64).to_le_bytes());
        h.update(field.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl AuditEntry {
    /// The entry that follows `previous` (or starts the log).
    pub fn next(
        previous: Option<&AuditEntry>,
        at_ms: u64,
        actor: &str,
        action: &str,
        subject: &str,
        detail: &str,
    ) -> AuditEntry {
        let (seq, prev) = previous.map_or((1, GENESIS.to_string()), |p| (p.seq + 1, p.hash.clone()));
        let hash = digest(seq, at_ms, actor, action, subject, detail, &prev);
        AuditEntry {
            seq,
            at_ms,
            actor: actor.into(),
            action: action.into(),
            subject: subject.into(),
            detail: detail.into(),
            prev,
            hash,
        }
    }

    fn recomputed(&self) -> String {
        digest(self.seq, self.at_ms, &self.actor, &self.action, &self.subject, &self.detail, &self.prev)
    }
}

/// Where and how the chain is broken.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ChainBreak {
    /// The entry's content does not hash to its recorded hash: it was edited.
    #[error("entry {0} was edited")]
    Edited(u64),
    /// The entry does not point to the one before it: entries were deleted or reordered.
    #[error("the chain is broken before entry {0} (deleted or reordered entries)")]
    Broken(u64),
    /// The log ends before the head the store recorded: entries were cut off the end.
    #[error("the log ends at {found}, the recorded head is {head}")]
    Truncated {
        /// The last sequence number in the log.
        found: u64,
        /// The head sequence number the store recorded.
        head: u64,
    },
}

/// Checks every link, and that the log reaches `head` (the sequence number the store records
/// separately), so removing the newest entries is detected too.
pub fn verify(entries: &[AuditEntry], head: u64) -> Result<(), ChainBreak> {
    verify_from(GENESIS, 0, entries, Some(head))
}

/// [`verify`] for a run of entries that follows the entry `after` (whose hash is `prev_hash`;
/// [`GENESIS`] and 0 for the start of the log); `head`, when the run should end there.
pub fn verify_from(prev_hash: &str, after: u64, entries: &[AuditEntry], head: Option<u64>) -> Result<(), ChainBreak> {
    let mut prev_hash = prev_hash.to_string();
    let mut expected_seq = after + 1;
    for e in entries {
        if e.recomputed() != e.hash {
            return Err(ChainBreak::Edited(e.seq));
        }
        if e.seq != expected_seq || e.prev != prev_hash {
            return Err(ChainBreak::Broken(e.seq));
        }
        prev_hash = e.hash.clone();
        expected_seq += 1;
    }
    let found = expected_seq - 1;
    match head {
        Some(head) if found != head => Err(ChainBreak::Truncated { found, head }),
        _ => Ok(()),
    }
}

/// Entries per page of `GET /api/v1/review/audit` unless `limit` says otherwise.
pub const PAGE_DEFAULT: u64 = 200;
/// The most entries one page holds: a page is one bounded read, whatever the log's length.
pub const PAGE_MAX: u64 = 1000;

/// Which page: the entries after sequence number `after`, at most `limit` of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageQuery {
    /// The last sequence number already read (0: from the start).
    pub after: u64,
    /// How many entries at most, 1..=[`PAGE_MAX`].
    pub limit: u64,
}

impl PageQuery {
    /// From a URL's query string (`after=N&limit=M`, both optional; other keys ignored).
    pub fn parse(query: &str) -> Result<PageQuery, crate::DecisionError> {
        let mut q = PageQuery { after: 0, limit: PAGE_DEFAULT };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let number = |name| value.parse::<u64>().map_err(|_| crate::DecisionError::InvalidQuery(name));
            match key {
                "after" => q.after = number("after")?,
                "limit" => q.limit = number("limit")?,
                _ => {}
            }
        }
        if !(1..=PAGE_MAX).contains(&q.limit) || q.after > i64::MAX as u64 {
            return Err(crate::DecisionError::InvalidQuery(if q.limit == 0 || q.limit > PAGE_MAX {
                "limit"
            } else {
                "after"
            }));
        }
        Ok(q)
    }
}

/// One page of the log, checked: its entries link to each other and to the entry before the
/// page (the anchor), and a last page ends at the recorded head. An auditor pages through with
/// `after = next_after` until it is absent; `wangban-audit` checks the pages together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page {
    /// The head sequence the store recorded apart from the entries.
    pub head: u64,
    /// The sequence number the page follows.
    pub after: u64,
    /// Whether the page's chain verifies from its anchor (and, for the last page, to the head).
    pub intact: bool,
    /// Where the chain breaks, if it does.
    pub problem: Option<String>,
    /// At most `limit` entries, in order.
    pub entries: Vec<AuditEntry>,
    /// The `after` of the next page, if there is more.
    pub next_after: Option<u64>,
}

impl Page {
    /// The page of `entries` (read as the entries after `query.after`, at most `query.limit`)
    /// whose anchor is the entry at `query.after` (none when it is 0), with the recorded head.
    pub fn of(head: u64, query: PageQuery, anchor: Option<AuditEntry>, entries: Vec<AuditEntry>) -> Self {
        let last = entries.last().map_or(query.after, |e| e.seq);
        let next_after = (last < head && entries.len() as u64 == query.limit).then_some(last);
        let check = match (query.after, &anchor) {
            (0, _) => verify_from(GENESIS, 0, &entries, next_after.is_none().then_some(head)),
            (after, Some(a)) if a.seq == after && a.recomputed() == a.hash => {
                verify_from(&a.hash, after, &entries, next_after.is_none().then_some(head))
            }
            (after, Some(_)) => Err(ChainBreak::Edited(after)),
            (after, None) if after > head && entries.is_empty() => Ok(()),
            (after, None) => Err(ChainBreak::Broken(after)),
        };
        Page {
            head,
            after: query.after,
            intact: check.is_ok(),
            problem: check.err().map(|e| e.to_string()),
            entries,
            next_after,
        }
    }
}

/// An entry to append: what happened, to what, by whom. `key`, when set, makes the append
/// idempotent: a log that already holds an entry with this key skips it (a retried flush of a
/// case's trail never duplicates an entry).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Idempotency key (`<case id>/<position in its trail>`), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `core`, `edge` or an officer's account.
    pub actor: String,
    /// What happened (`registry_read`, `decision`, `review`, `certificate_issued`, …).
    pub action: String,
    /// The case id, or a masked identity number.
    pub subject: String,
    /// Details without personal data.
    pub detail: String,
}

impl AuditRecord {
    /// A record without a key.
    pub fn new(actor: &str, action: &str, subject: &str, detail: impl Into<String>) -> Self {
        AuditRecord {
            key: None,
            actor: actor.into(),
            action: action.into(),
            subject: subject.into(),
            detail: detail.into(),
        }
    }
}

/// The audit log: appends in order, all or nothing per call. One Durable Object in the core
/// Worker; [`MemoryAuditLog`] in memory.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait AuditLog {
    /// Appends `records` in order at `now_ms`, skipping those whose key the log already holds.
    async fn append(&self, records: &[AuditRecord], now_ms: u64) -> Result<(), crate::DecisionError>;
}

/// The audit log in memory, with [`crate::faults::Faults`] on `append`.
#[derive(Default)]
pub struct MemoryAuditLog {
    entries: std::cell::RefCell<Vec<AuditEntry>>,
    keys: std::cell::RefCell<std::collections::HashSet<String>>,
    /// Injected failures.
    pub faults: crate::faults::Faults,
}

impl MemoryAuditLog {
    /// Every entry, in order.
    pub fn entries(&self) -> Vec<AuditEntry> {
        self.entries.borrow().clone()
    }
}

impl AuditLog for MemoryAuditLog {
    async fn append(&self, records: &[AuditRecord], now_ms: u64) -> Result<(), crate::DecisionError> {
        self.faults.check("append").map_err(crate::DecisionError::AuditUnavailable)?;
        let mut entries = self.entries.borrow_mut();
        let mut keys = self.keys.borrow_mut();
        for r in records {
            if let Some(key) = &r.key
                && !keys.insert(key.clone())
            {
                continue;
            }
            let e = AuditEntry::next(entries.last(), now_ms, &r.actor, &r.action, &r.subject, &r.detail);
            entries.push(e);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn log(n: u64) -> Vec<AuditEntry> {
        let mut out: Vec<AuditEntry> = Vec::new();
        for i in 0..n {
            let e = AuditEntry::next(out.last(), 1000 + i, "system", "decision", &format!("case{i}"), "auto_approved");
            out.push(e);
        }
        out
    }

    #[test]
    fn an_intact_log_verifies() {
        assert_eq!(verify(&log(5), 5), Ok(()));
        assert_eq!(verify(&[], 0), Ok(()));
    }

    #[test]
    fn edits_deletions_reorders_and_truncation_are_found() {
        let mut edited = log(5);
        edited[2].detail = "rejected".into();
        assert_eq!(verify(&edited, 5), Err(ChainBreak::Edited(3)));

        let mut rehashed = log(5);
        rehashed[2].detail = "rejected".into();
        rehashed[2].hash = rehashed[2].recomputed();
        assert_eq!(verify(&rehashed, 5), Err(ChainBreak::Broken(4)), "re-hashing an edit breaks the next link");

        let mut deleted = log(5);
        deleted.remove(1);
        assert_eq!(verify(&deleted, 5), Err(ChainBreak::Broken(3)));

        let mut swapped = log(5);
        swapped.swap(1, 2);
        assert!(verify(&swapped, 5).is_err());

        let cut = log(5)[..4].to_vec();
        assert_eq!(verify(&cut, 5), Err(ChainBreak::Truncated { found: 4, head: 5 }));
    }

    /// Pages as the Durable Object reads them: the anchor (entry `after`), then `limit` entries.
    fn page(log: &[AuditEntry], head: u64, q: PageQuery) -> Page {
        let anchor = log.iter().find(|e| e.seq == q.after).cloned();
        let entries = log.iter().filter(|e| e.seq > q.after).take(q.limit as usize).cloned().collect();
        Page::of(head, q, anchor, entries)
    }

    /// L11: the log is read in bounded pages; each page is checked from the entry before it,
    /// and the last one up to the recorded head.
    #[test]
    fn pages_chain_to_each_other_and_the_last_reaches_the_head() {
        let full = log(25);
        let mut q = PageQuery { after: 0, limit: 10 };
        let mut seen = Vec::new();
        loop {
            let p = page(&full, 25, q);
            assert!(p.intact, "{:?}", p.problem);
            seen.extend(p.entries.iter().map(|e| e.seq));
            match p.next_after {
                Some(next) => q.after = next,
                None => break,
            }
        }
        assert_eq!(seen, (1..=25).collect::<Vec<_>>());

        let mut edited = full.clone();
        edited[9].detail = "rejected".into();
        assert!(!page(&edited, 25, PageQuery { after: 10, limit: 10 }).intact, "an edited anchor");
        assert!(!page(&edited, 25, PageQuery { after: 0, limit: 10 }).intact, "an edited entry");
        let mut deleted = full.clone();
        deleted.remove(14);
        assert!(!page(&deleted, 25, PageQuery { after: 10, limit: 10 }).intact, "a deleted entry");
        let cut = full[..22].to_vec();
        let last = page(&cut, 25, PageQuery { after: 20, limit: 10 });
        assert!(!last.intact && last.next_after.is_none(), "cut off the end: {last:?}");
        assert!(page(&full, 25, PageQuery { after: 30, limit: 10 }).entries.is_empty());
        // A head rolled back below entries that remain, their anchor gone: not intact.
        let mut rolled = full.clone();
        rolled.remove(19);
        assert!(!page(&rolled, 19, PageQuery { after: 20, limit: 10 }).intact, "entries past the head");
    }

    #[test]
    fn page_queries_are_numbers_in_range() {
        assert_eq!(PageQuery::parse(""), Ok(PageQuery { after: 0, limit: PAGE_DEFAULT }));
        assert_eq!(PageQuery::parse("limit=5&after=7&x=1"), Ok(PageQuery { after: 7, limit: 5 }));
        for bad in ["limit=0", "limit=1001", "after=-1", "after=", "limit=1e3", "after=99999999999999999999"] {
            let e = PageQuery::parse(bad).expect_err(bad);
            assert_eq!((e.http_status(), e.code()), (400, "invalid_query"), "{bad}");
        }
    }
}
