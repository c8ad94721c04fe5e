//! Failure injection for the in-memory backends: the flows' tests make the k-th call of one
//! operation fail, then retry, and check that nothing was lost, duplicated or half-written.

use std::cell::RefCell;
use std::collections::HashMap;

/// Which call of which operation fails (once), and how many calls each operation has had.
#[derive(Default, Debug)]
pub struct Faults {
    plan: RefCell<Option<(&'static str, usize)>>,
    calls: RefCell<HashMap<&'static str, usize>>,
}

impl Faults {
    /// Makes the `nth` (1-based, counted from now) call of `op` fail once.
    pub fn fail(&self, op: &'static str, nth: usize) {
        self.calls.borrow_mut().remove(op);
        *self.plan.borrow_mut() = Some((op, nth));
    }

    /// How many times `op` was called since the last [`Faults::fail`] of it (or ever).
    pub fn calls(&self, op: &'static str) -> usize {
        self.calls.borrow().get(op).copied().unwrap_or(0)
    }

    /// Counts a call of `op`; `Err` if this is the one planned to fail.
    pub fn check(&self, op: &'static str) -> Result<(), String> {
        let n = {
            let mut calls = self.calls.borrow_mut();
            let n = calls.entry(op).or_default();
            *n += 1;
            *n
        };
        let mut plan = self.plan.borrow_mut();
        if *plan == Some((op, n)) {
            *plan = None;
            return Err(format!("{op} failed (injected)"));
        }
        Ok(())
    }
}
