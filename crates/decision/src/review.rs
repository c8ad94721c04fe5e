//! An officer's decision on a case awaiting review, and the officer's view of a case.

use crate::audit::{AuditLog, AuditRecord};
use crate::backends::Backends;
use crate::case::{Case, Status};
use crate::error::DecisionError;
use crate::settle::settle;
use crate::store::{CaseStore, StoredCase};

/// The longest reason an officer may give.
pub const MAX_REASON_CHARS: usize = 500;

/// Approves or rejects a case that awaits review, with the officer's reason; an approval is
/// issued at once. Repeating the same decision (a retry after a lost answer) finishes it
/// instead of failing; any other decision on a decided case is refused.
pub async fn decide(
    b: &impl Backends,
    case_id: &str,
    officer: &str,
    approve: bool,
    reason: &str,
    now_ms: u64,
) -> Result<Case, DecisionError> {
    decide_stating(b, case_id, officer, approve, reason, None, now_ms).await
}

/// The statement an officer may choose for a no-criminal-record certificate although records
/// are on file (the records were judged not to count, e.g. expunged); never the default.
pub const NO_RECORD_FOUND: &str = "no_record_found";

/// [`decide`], with the certificate statement the officer chose explicitly, if any (audited).
pub async fn decide_stating(
    b: &impl Backends,
    case_id: &str,
    officer: &str,
    approve: bool,
    reason: &str,
    statement: Option<&str>,
    now_ms: u64,
) -> Result<Case, DecisionError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(DecisionError::ReasonRequired);
    }
    let mut stored = b.store().load(case_id).await?.ok_or(DecisionError::CaseNotFound)?;
    if let Some(chosen) = statement
        && !(approve
            && chosen == NO_RECORD_FOUND
            && stored.case.service == "no_criminal_record_certificate"
            && crate::settle::criminal_records(&stored.case) > 0)
    {
        return Err(DecisionError::InvalidStatement);
    }
    // A certificate that names the other person needs them on record as related (L8: the case
    // keeps nothing about someone the register does not relate to the applicant).
    if approve
        && crate::settle::names_the_related_person(&stored.case.service)
        && stored.case.facts_used.pointer("/related/person/name").and_then(|v| v.as_str()).is_none_or(str::is_empty)
    {
        return Err(DecisionError::RelationUnconfirmed);
    }
    let to = if approve { Status::Approved } else { Status::Rejected };
    // A held approval can be stopped, or confirmed before its hold ends.
    if matches!(stored.case.status, Status::NeedsReview | Status::Held) {
        stored.case.transition(to, now_ms, officer, reason)?;
        stored.case.statement = statement.map(String::from);
        let mut detail = format!("{} ({} chars of reason)", to.code(), reason.chars().count());
        if let Some(chosen) = statement {
            detail.push_str(&format!("; statement {chosen} chosen"));
        }
        stored.trail.push(AuditRecord::new(officer, "review", case_id, detail));
        stored = b.store().save(&stored).await?;
    } else if !stored.case.history.iter().any(|t| t.to == to && t.by == officer) {
        return Err(DecisionError::InvalidTransition { from: stored.case.status.code(), to: to.code() });
    }
    Ok(settle(b, stored, now_ms).await?.case)
}

/// The whole stored case for an officer; the view itself is audited.
pub async fn view(b: &impl Backends, case_id: &str, officer: &str, now_ms: u64) -> Result<StoredCase, DecisionError> {
    let stored = b.store().load(case_id).await?.ok_or(DecisionError::CaseNotFound)?;
    b.audit().append(&[AuditRecord::new(officer, "case_viewed", case_id, "")], now_ms).await?;
    Ok(stored)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::intake::intake;
    use crate::testing::{NOW, backends, no_record, run};

    fn pending(b: &crate::MemoryBackends) -> String {
        let (_, accepted) = run(intake(b, &no_record(), NOW)).expect("accepted");
        assert_eq!(accepted.status, "needs_review");
        accepted.case_id
    }

    /// A kinship certificate for someone the register does not relate to the applicant would
    /// print an empty name: it cannot be approved, only rejected with a reason.
    #[test]
    fn a_certificate_naming_an_unconfirmed_relative_cannot_be_approved() {
        let b = backends();
        let mut v = crate::testing::application("kinship_certificate", crate::testing::CHEN_JING, "idem-kin");
        v.application.related_id_number = Some(crate::testing::LI_QIANG.into());
        let (_, accepted) = run(intake(&b, &v, NOW)).expect("a case for an officer");
        let refused = run(decide(&b, &accepted.case_id, "officer01", true, "核实", NOW + 10)).unwrap_err();
        assert_eq!((refused.http_status(), refused.code()), (422, "relation_unconfirmed"));
        let case =
            run(decide(&b, &accepted.case_id, "officer01", false, "未能确认亲属关系", NOW + 20)).expect("rejected");
        assert_eq!((case.status, case.certificate), (Status::Rejected, None));
    }

    #[test]
    fn an_approval_is_issued_and_a_rejection_is_final() {
        let b = backends();
        let id = pending(&b);
        let case = run(decide(&b, &id, "officer01", true, "核实无误", NOW + 10)).expect("approved");
        assert_eq!(case.status, Status::Issued);
        let actions: Vec<String> = b.audit.entries().iter().map(|e| e.action.clone()).collect();
        assert_eq!(actions, ["registry_read", "decision", "review", "certificate_issued"]);
        let refused = run(decide(&b, &id, "officer02", false, "不予办理", NOW + 20));
        assert_eq!(refused.map(drop).unwrap_err().code(), "invalid_transition");

        let b = backends();
        let id = pending(&b);
        let case = run(decide(&b, &id, "officer01", false, "查到记录", NOW + 10)).expect("rejected");
        assert_eq!((case.status, case.certificate), (Status::Rejected, None));
    }

    /// M1: approving 李强's no-criminal-record case (a record on file) states the record; "no
    /// record found" only when the officer chooses it explicitly, which the audit records.
    #[test]
    fn an_approval_never_states_no_record_found_unless_the_officer_chose_it() {
        let statement = |b: &crate::MemoryBackends| {
            let token = b.store.cases()[0].case.certificate.clone().expect("issued");
            wangban_attest::certificate::SignedCertificate::from_token(&token)
                .expect("decodes")
                .certificate
                .statement_zh
        };
        let b = backends();
        let id = pending(&b);
        run(decide(&b, &id, "officer01", true, "记录已执行完毕，按规定出具证明", NOW + 10)).expect("approved");
        let stated = statement(&b);
        assert!(stated.contains("查询到犯罪记录1条") && !stated.contains("未发现"), "{stated}");

        let b = backends();
        let id = pending(&b);
        let chosen = run(decide_stating(&b, &id, "officer01", true, "记录已消除", Some(NO_RECORD_FOUND), NOW + 10));
        assert_eq!(chosen.map(|c| c.status), Ok(Status::Issued));
        assert!(statement(&b).contains("未发现有犯罪记录"));
        let review = b.audit.entries().into_iter().find(|e| e.action == "review").expect("audited");
        assert!(review.detail.ends_with("statement no_record_found chosen"), "{}", review.detail);

        // Not on a rejection, not another statement, not on another service.
        let b = backends();
        let id = pending(&b);
        for (approve, chosen) in [(false, NO_RECORD_FOUND), (true, "anything")] {
            let e = run(decide_stating(&b, &id, "officer01", approve, "理由", Some(chosen), NOW + 10));
            assert_eq!(e.map(drop), Err(DecisionError::InvalidStatement));
        }
        let (_, held) = run(intake(&b, &crate::testing::settle_house(), NOW)).expect("accepted");
        let e = run(decide_stating(&b, &held.case_id, "officer01", true, "理由", Some(NO_RECORD_FOUND), NOW + 10));
        assert_eq!(e.map(drop), Err(DecisionError::InvalidStatement));
    }

    #[test]
    fn a_reason_is_required_and_the_case_must_exist() {
        let b = backends();
        let id = pending(&b);
        for reason in ["", "   ", &"长".repeat(MAX_REASON_CHARS + 1)] {
            let e = run(decide(&b, &id, "officer01", true, reason, NOW));
            assert_eq!(e.map(drop), Err(DecisionError::ReasonRequired));
        }
        let e = run(decide(&b, "0123456789abcdef0123456789abcdef", "officer01", true, "ok", NOW));
        assert_eq!(e.map(drop), Err(DecisionError::CaseNotFound));
    }

    /// Failure after the status change (the audit append, the issuance's signing or save):
    /// the officer's retry of the same decision finishes the issuance, no entry twice.
    #[test]
    fn a_failed_approval_is_finished_by_the_retry() {
        for (op, nth) in [("append", 1), ("sign", 1), ("save", 2), ("save", 3), ("index", 1), ("index", 2)] {
            let b = backends();
            let id = pending(&b);
            match op {
                "append" => b.audit.faults.fail(op, nth),
                "sign" => b.signer.faults.fail(op, nth),
                _ => b.store.faults.fail(op, nth),
            }
            assert!(run(decide(&b, &id, "officer01", true, "核实无误", NOW + 10)).is_err(), "{op} #{nth}");
            let case = run(decide(&b, &id, "officer01", true, "核实无误", NOW + 20)).expect("the retry finishes");
            assert_eq!(case.status, Status::Issued, "{op} #{nth}");
            let actions: Vec<String> = b.audit.entries().iter().map(|e| e.action.clone()).collect();
            assert_eq!(actions, ["registry_read", "decision", "review", "certificate_issued"], "{op} #{nth}");
        }
    }

    /// A record change the data approves is held: nothing issued before the hold ends, the
    /// case's alarm is set for its end, and the settle at that time issues it; an officer can
    /// stop it during the hold (and nothing is ever issued), but not once it took effect.
    #[test]
    fn a_held_approval_takes_effect_when_its_hold_ends_unless_stopped() {
        use crate::settle::settle;
        use crate::testing::settle_house;
        let b = backends();
        let (_, accepted) = run(intake(&b, &settle_house(), NOW)).expect("accepted");
        assert_eq!(accepted.status, "held");
        let stored = b.store.cases().pop().expect("stored");
        let until = stored.case.hold_until_ms.expect("a hold");
        assert_eq!(until, NOW + 72 * 3_600_000, "the catalogue's 72 h");
        assert_eq!(stored.next_alarm(NOW), Some(until));
        assert_eq!(crate::views::resident_case(&stored.case).hold_until_ms, Some(until));
        let early = run(settle(&b, stored.clone(), until - 1)).expect("settled");
        assert_eq!((early.case.status, early.case.certificate.is_some()), (Status::Held, false));
        let later = run(settle(&b, early, until)).expect("settled");
        assert_eq!(later.case.status, Status::Issued);
        assert!(later.case.certificate.is_some());
        let too_late = run(decide(&b, &accepted.case_id, "officer01", false, "叫停", until + 1));
        assert_eq!(too_late.map(drop).unwrap_err().code(), "invalid_transition");

        let b = backends();
        let (_, accepted) = run(intake(&b, &settle_house(), NOW)).expect("accepted");
        let stopped =
            run(decide(&b, &accepted.case_id, "officer01", false, "本人来电称未申请", NOW + 10)).expect("stopped");
        assert_eq!((stopped.status, stopped.certificate), (Status::Rejected, None));
        let stored = b.store.cases().pop().expect("stored");
        let after = run(settle(&b, stored, NOW + 73 * 3_600_000)).expect("settled");
        assert_eq!((after.case.status, after.case.certificate), (Status::Rejected, None), "never issued");
        let actions: Vec<String> = b.audit.entries().iter().map(|e| e.action.clone()).collect();
        assert_eq!(actions, ["registry_read", "decision", "review"]);
    }

    #[test]
    fn a_view_is_audited() {
        let b = backends();
        let id = pending(&b);
        let stored = run(view(&b, &id, "officer01", NOW)).expect("viewed");
        assert_eq!(stored.keyframes.len(), 2);
        assert_eq!(
            b.audit.entries().last().map(|e| (e.action.as_str(), e.actor.as_str())),
            Some(("case_viewed", "officer01"))
        );
    }
}
