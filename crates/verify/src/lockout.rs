//! Lockout: at most [`MAX_FAILURES`] failed verifications per subject (a hash of the identity
//! number, or the client address) within [`WINDOW_MS`], then a cool-down.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::BackendError;

/// Failures allowed within the window before a subject is locked.
pub const MAX_FAILURES: usize = 5;
/// The sliding window the failures are counted in.
pub const WINDOW_MS: u64 = 3 * 60 * 1000;

/// The failure times of one subject within the current window: the whole policy, so the
/// Durable Object only stores it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// Failure times (ms), oldest first.
    pub failures: Vec<u64>,
}

impl Window {
    /// Forgets failures older than the window.
    fn prune(&mut self, now_ms: u64) {
        self.failures.retain(|t| now_ms.saturating_sub(*t) < WINDOW_MS);
    }

    /// Seconds until the next attempt is allowed; 0 when not locked.
    pub fn retry_after_s(&mut self, now_ms: u64) -> u64 {
        self.prune(now_ms);
        if self.failures.len() < MAX_FAILURES {
            return 0;
        }
        let oldest = self.failures[self.failures.len() - MAX_FAILURES];
        (oldest + WINDOW_MS).saturating_sub(now_ms).div_ceil(1000).max(1)
    }

    /// Records a failure; returns the cool-down it leaves.
    pub fn fail(&mut self, now_ms: u64) -> u64 {
        self.prune(now_ms);
        self.failures.push(now_ms);
        self.retry_after_s(now_ms)
    }
}

/// Where the windows live. The edge keeps one Durable Object per subject.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Lockout {
    /// The subject's cool-down in seconds, 0 if not locked.
    async fn retry_after(&self, subject: &str, now_ms: u64) -> Result<u64, BackendError>;
    /// Records one failure; returns the cool-down it leaves.
    async fn record_failure(&self, subject: &str, now_ms: u64) -> Result<u64, BackendError>;
}

/// The lockout in memory (tests, the lab).
#[derive(Default)]
pub struct MemoryLockout {
    windows: RefCell<HashMap<String, Window>>,
}

impl Lockout for MemoryLockout {
    async fn retry_after(&self, subject: &str, now_ms: u64) -> Result<u64, BackendError> {
        Ok(self.windows.borrow_mut().entry(subject.to_string()).or_default().retry_after_s(now_ms))
    }

    async fn record_failure(&self, subject: &str, now_ms: u64) -> Result<u64, BackendError> {
        Ok(self.windows.borrow_mut().entry(subject.to_string()).or_default().fail(now_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_failures_lock_until_the_oldest_leaves_the_window() {
        let mut w = Window::default();
        for i in 0..4 {
            assert_eq!(w.fail(1_000 * i), 0, "failure {} does not lock", i + 1);
        }
        assert_eq!(w.fail(4_000), 176, "the fifth locks until the first leaves the window");
        assert_eq!(w.retry_after_s(60_000), 120);
        assert_eq!(w.retry_after_s(WINDOW_MS - 500), 1, "a part of a second counts as one");
        assert_eq!(w.retry_after_s(WINDOW_MS), 0, "the oldest failure has left the window");
    }
}
