//! The life of a case: submitted → verified → auto_approved | held | needs_review → approved |
//! rejected → issued. A held case was approved by the data but takes effect only when its hold
//! ends (or an officer approves it sooner); until then an officer can stop it. Every transition
//! is checked and timestamped by the caller's clock.

use serde::{Deserialize, Serialize};

use crate::error::DecisionError;
use crate::rules::Finding;

/// Where a case is in its life; serialised as its [`Status::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Received, not yet verified.
    Submitted,
    /// Liveness verified at the edge, face matched at the core.
    Verified,
    /// Approved by the data, without an officer.
    AutoApproved,
    /// Approved by the data, without an officer, but held: it takes effect when the hold ends
    /// ([`Case::hold_until_ms`]) and an officer can stop it until then.
    Held,
    /// Waiting for an officer's decision.
    NeedsReview,
    /// Approved by an officer.
    Approved,
    /// Refused, by the data or by an officer.
    Rejected,
    /// The record was changed or the certificate issued: the case is done.
    Issued,
}

impl Status {
    /// The stable snake_case code, as serialised.
    pub fn code(self) -> &'static str {
        match self {
            Status::Submitted => "submitted",
            Status::Verified => "verified",
            Status::AutoApproved => "auto_approved",
            Status::Held => "held",
            Status::NeedsReview => "needs_review",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::Issued => "issued",
        }
    }

    /// Whether a case may go from `self` to `next`.
    pub fn can_become(self, next: Status) -> bool {
        use Status::*;
        matches!(
            (self, next),
            (Submitted, Verified)
                | (Submitted, Rejected)
                | (Verified, AutoApproved)
                | (Verified, Held)
                | (Held, Approved)
                | (Held, Rejected)
                | (Held, Issued)
                | (Verified, NeedsReview)
                | (Verified, Rejected)
                | (NeedsReview, Approved)
                | (NeedsReview, Rejected)
                | (AutoApproved, Issued)
                | (Approved, Issued)
        )
    }

    /// Decided: no officer action remains (evidence can be deleted).
    pub fn is_decided(self) -> bool {
        matches!(self, Status::AutoApproved | Status::Approved | Status::Rejected | Status::Issued)
    }

    /// How far along the lifecycle: every transition increases it, so an index written from
    /// a stale copy of a case (a lower value) never overwrites a newer status.
    pub fn progress(self) -> u8 {
        match self {
            Status::Submitted => 0,
            Status::Verified => 1,
            Status::NeedsReview | Status::Held => 2,
            Status::AutoApproved | Status::Approved | Status::Rejected => 3,
            Status::Issued => 4,
        }
    }

    /// Every status.
    pub const ALL: [Status; 8] = [
        Status::Submitted,
        Status::Verified,
        Status::AutoApproved,
        Status::Held,
        Status::NeedsReview,
        Status::Approved,
        Status::Rejected,
        Status::Issued,
    ];
}

/// One step of a case's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    /// The status reached.
    pub to: Status,
    /// When, Unix milliseconds (the caller's clock).
    pub at_ms: u64,
    /// `system` or the officer's account.
    pub by: String,
    /// Why: the officer's reason, or a system note (often empty).
    pub note: String,
}

/// A case as the core stores it. Biometric evidence is kept elsewhere and deleted once decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    /// The case's id.
    pub case_id: String,
    /// Catalogue code of the service.
    pub service: String,
    /// The applicant's identity number, masked ([`crate::IdNumber::masked`]).
    pub applicant_masked: String,
    /// The applicant's name, as given in the application.
    pub applicant_name: String,
    /// The applicant's reason for applying (申请理由), as given.
    pub reason: String,
    /// The current status.
    pub status: Status,
    /// The decision's reasons (empty when approved automatically).
    pub findings: Vec<Finding>,
    /// The facts the decision used, as shown to the officer.
    pub facts_used: serde_json::Value,
    /// Every status reached, oldest first, starting with `submitted`.
    pub history: Vec<Transition>,
    /// The issued certificate (JSON), for certificate services.
    pub certificate: Option<String>,
    /// When a held approval takes effect, Unix milliseconds.
    #[serde(default)]
    pub hold_until_ms: Option<u64>,
    /// The statement an officer chose explicitly for the certificate
    /// ([`crate::review::NO_RECORD_FOUND`]), where the facts alone would state otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

impl Case {
    /// A new case, `submitted` at `at_ms`, with nothing decided yet.
    pub fn new(
        case_id: String,
        service: String,
        applicant_masked: String,
        applicant_name: String,
        reason: String,
        at_ms: u64,
    ) -> Self {
        Case {
            case_id,
            service,
            applicant_masked,
            applicant_name,
            reason,
            status: Status::Submitted,
            findings: Vec::new(),
            facts_used: serde_json::Value::Null,
            history: vec![Transition { to: Status::Submitted, at_ms, by: "system".into(), note: String::new() }],
            certificate: None,
            hold_until_ms: None,
            statement: None,
        }
    }

    /// Moves to `to` if [`Status::can_become`] allows it, recording when, who (`by`) and why
    /// (`note`); [`DecisionError::InvalidTransition`] otherwise.
    pub fn transition(&mut self, to: Status, at_ms: u64, by: &str, note: &str) -> Result<(), DecisionError> {
        if !self.status.can_become(to) {
            return Err(DecisionError::InvalidTransition { from: self.status.code(), to: to.code() });
        }
        self.status = to;
        self.history.push(Transition { to, at_ms, by: by.into(), note: note.into() });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lifecycle_only_moves_forward() {
        let mut c = Case::new("c1".into(), "s".into(), "m".into(), "n".into(), "r".into(), 1);
        assert!(c.transition(Status::Approved, 2, "x", "").is_err(), "cannot approve before verification");
        c.transition(Status::Verified, 2, "system", "").unwrap();
        c.transition(Status::NeedsReview, 3, "system", "").unwrap();
        c.transition(Status::Approved, 4, "officer01", "ok").unwrap();
        c.transition(Status::Issued, 5, "system", "").unwrap();
        assert!(c.transition(Status::Rejected, 6, "officer01", "").is_err(), "issued is final");
        assert_eq!(c.history.iter().map(|t| t.at_ms).collect::<Vec<_>>(), [1, 2, 3, 4, 5]);
        assert!(Status::Issued.is_decided() && !Status::NeedsReview.is_decided());
    }

    #[test]
    fn every_transition_moves_forward() {
        for a in Status::ALL {
            for b in Status::ALL {
                if a.can_become(b) {
                    assert!(b.progress() > a.progress(), "{a:?} → {b:?}");
                }
            }
        }
    }
}
