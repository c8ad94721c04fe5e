//! Deleting the biometric evidence of a decided case. The deletion and its audit entry (with
//! the keyframes' hashes) are one write; the entry reaches the log when the case settles.

use wangban_attest::digest::sha256_hex;

use crate::audit::AuditRecord;
use crate::backends::Backends;
use crate::error::DecisionError;
use crate::settle::settle;
use crate::store::{CaseStore, StoredCase};

/// Deletes the keyframes of a decided case that still holds them, then settles the case (the
/// deletion's audit entry is flushed with whatever else is owed; a settling failure never keeps
/// the evidence). `None` if there is no such case.
pub async fn delete_evidence(
    b: &impl Backends,
    case_id: &str,
    now_ms: u64,
) -> Result<Option<StoredCase>, DecisionError> {
    let Some(mut stored) = b.store().load(case_id).await? else {
        return Ok(None);
    };
    if !stored.case.status.is_decided() || stored.evidence_deleted {
        return settle(b, stored, now_ms).await.map(Some);
    }
    let fingerprint: Vec<String> =
        stored.keyframes.iter().map(|k| sha256_hex(k.jpeg.as_bytes())[..16].to_string()).collect();
    stored.keyframes.clear();
    let played = stored.reading.take().map_or(0, |r| r.frames.len());
    stored.evidence_deleted = true;
    let detail = format!("keyframes sha256 {}; {played} playback frames", fingerprint.join(","));
    stored.trail.push(AuditRecord::new("core", "evidence_deleted", case_id, detail));
    let saved = b.store().save(&stored).await?;
    settle(b, saved, now_ms).await.map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::intake;
    use crate::testing::{NOW, backends, household_certificate, no_record, run};

    #[test]
    fn decided_evidence_is_deleted_with_its_audit_entry() {
        let b = backends();
        let (_, accepted) = run(intake(&b, &household_certificate(), NOW)).expect("accepted");
        assert!(b.store.cases()[0].reading.is_some(), "the playback is kept until the decision");
        let stored = run(delete_evidence(&b, &accepted.case_id, NOW + 60_000)).expect("deleted").expect("exists");
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
        let stored = run(delete_evidence(&b, &accepted.case_id, NOW)).expect("ok").expect("exists");
        assert_eq!(stored.keyframes.len(), 2, "an officer still needs them");
        assert!(stored.reading.is_some(), "and the playback");

        let b = backends();
        let (_, accepted) = run(intake(&b, &household_certificate(), NOW)).expect("accepted");
        b.audit.faults.fail("append", 1);
        assert!(run(delete_evidence(&b, &accepted.case_id, NOW)).is_err());
        let stored = run(delete_evidence(&b, &accepted.case_id, NOW + 1)).expect("ok").expect("exists");
        assert!(stored.evidence_deleted && !stored.unsettled(NOW));
        let deletions = b.audit.entries().iter().filter(|e| e.action == "evidence_deleted").count();
        assert_eq!(deletions, 1, "audited exactly once");
    }
}
