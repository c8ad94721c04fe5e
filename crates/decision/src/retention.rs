//! Deleting the biometric evidence of a case: a grace period after its decision, or at its
//! maximum age whether decided or not ([`StoredCase::evidence_due_at`]). The deletion and its
//! audit entry (with the keyframes' hashes) are one write; the entry reaches the log when the
//! case settles. A case's alarm calls [`delete_evidence`] whatever it was woken for: it settles
//! the case, and deletes the evidence once it is due.

use wangban_attest::digest::sha256_hex;

use crate::audit::AuditRecord;
use crate::backends::Backends;
use crate::error::DecisionError;
use crate::settle::settle;
use crate::store::{CaseStore, StoredCase};

/// Deletes the evidence of a case whose evidence is due, then settles the case (the deletion's
/// audit entry is flushed with whatever else is owed; a settling failure never keeps the
/// evidence); only settles a case whose evidence is not due. `None` if there is no such case.
pub async fn delete_evidence(
    b: &impl Backends,
    case_id: &str,
    now_ms: u64,
) -> Result<Option<StoredCase>, DecisionError> {
    let Some(mut stored) = b.store().load(case_id).await? else {
        return Ok(None);
    };
    if stored.evidence_due_at().is_none_or(|due| now_ms < due) {
        return settle(b, stored, now_ms).await.map(Some);
    }
    let undecided = !stored.case.status.is_decided();
    let fingerprint: Vec<String> =
        stored.keyframes.iter().map(|k| sha256_hex(k.jpeg.as_bytes())[..16].to_string()).collect();
    stored.keyframes.clear();
    let played = stored.reading.take().map_or(0, |r| r.frames.len());
    stored.evidence_deleted = true;
    let mut detail = format!("keyframes sha256 {}; {played} playback frames", fingerprint.join(","));
    if undecided {
        detail.push_str("; undecided at the maximum evidence age");
    }
    stored.trail.push(AuditRecord::new("core", "evidence_deleted", case_id, detail));
    let saved = b.store().save(&stored).await?;
    settle(b, saved, now_ms).await.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::intake;
    use crate::store::{EVIDENCE_GRACE_MS, MAX_EVIDENCE_AGE_MS};
    use crate::testing::{NOW, backends, household_certificate, no_record, run};

    #[test]
    fn decided_evidence_is_deleted_with_its_audit_entry() {
        let b = backends();
        let (_, accepted) = run(intake(&b, &household_certificate(), NOW)).expect("accepted");
        assert!(b.store.cases()[0].reading.is_some(), "the playback is kept until the decision");
        let early =
            run(delete_evidence(&b, &accepted.case_id, NOW + EVIDENCE_GRACE_MS - 1)).expect("ok").expect("exists");
        assert!(!early.evidence_deleted, "the officer's screen may still show it");
        let stored =
            run(delete_evidence(&b, &accepted.case_id, NOW + EVIDENCE_GRACE_MS)).expect("deleted").expect("exists");
        assert!(stored.evidence_deleted && stored.keyframes.is_empty() && stored.reading.is_none());
        assert_eq!(stored.next_alarm(NOW), None);
        let last = b.audit.entries().pop().expect("entries");
        assert_eq!(last.action, "evidence_deleted");
        assert!(last.detail.starts_with("keyframes sha256 ") && last.detail.ends_with("; 1 playback frames"));
        assert_eq!(run(delete_evidence(&b, "0123456789abcdef0123456789abcdef", NOW)), Ok(None));
    }

    #[test]
    fn undecided_evidence_stays_and_a_failed_deletion_is_redone() {
        let b = backends();
        let (_, accepted) = run(intake(&b, &no_record(), NOW)).expect("accepted");
        let stored = run(delete_evidence(&b, &accepted.case_id, NOW + 60_000)).expect("ok").expect("exists");
        assert_eq!(stored.keyframes.len(), 2, "an officer still needs them");
        assert!(stored.reading.is_some(), "and the playback");
        // M9: not for ever. At the maximum age the undecided case's evidence goes, audited.
        let began = stored.case.history[0].at_ms;
        assert_eq!(stored.next_alarm(NOW + 60_000), Some(began + MAX_EVIDENCE_AGE_MS), "the alarm is set for it");
        let early = run(delete_evidence(&b, &accepted.case_id, began + MAX_EVIDENCE_AGE_MS - 1)).expect("ok");
        assert!(!early.expect("exists").evidence_deleted);
        let aged =
            run(delete_evidence(&b, &accepted.case_id, began + MAX_EVIDENCE_AGE_MS)).expect("ok").expect("exists");
        assert!(aged.evidence_deleted && aged.keyframes.is_empty() && aged.reading.is_none());
        assert_eq!(aged.case.status.code(), "needs_review", "the case itself still waits for an officer");
        let last = b.audit.entries().pop().expect("entries");
        assert!(last.action == "evidence_deleted" && last.detail.ends_with("undecided at the maximum evidence age"));

        let b = backends();
        let (_, accepted) = run(intake(&b, &household_certificate(), NOW)).expect("accepted");
        b.audit.faults.fail("append", 1);
        assert!(run(delete_evidence(&b, &accepted.case_id, NOW + EVIDENCE_GRACE_MS)).is_err());
        let stored =
            run(delete_evidence(&b, &accepted.case_id, NOW + EVIDENCE_GRACE_MS + 1)).expect("ok").expect("exists");
        assert!(stored.evidence_deleted && !stored.unsettled(NOW));
        let deletions = b.audit.entries().iter().filter(|e| e.action == "evidence_deleted").count();
        assert_eq!(deletions, 1, "audited exactly once");
    }
}
