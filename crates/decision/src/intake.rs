//! `POST /internal/v1/cases`: a verified application becomes a case.
//!
//! Idempotent: the case id is derived from the application's idempotency key, the case is
//! created if absent, and [`settle`] finishes whatever a failure left owed (audit entries, the
//! index, the certificate), so a retry lands on the same case and completes it. The face match
//! happens here, never at the edge: the keyframes are embedded, checked against each other (one
//! person throughout) and against the registry photo; a face refused stores nothing.

use wangban_attest::api::{CaseAccepted, CaseLookup, VerifiedApplication};
use wangban_attest::digest::sha256_hex;

use crate::audit::AuditRecord;
use crate::backends::Backends;
use crate::case::{Case, Status};
use crate::catalogue::Catalogue;
use crate::decide::{Decision, RELATION_UNCONFIRMED, decide};
use crate::error::DecisionError;
use crate::face::{Faces, match_faces};
use crate::id_number::IdNumber;
use crate::platform::{PLATFORM_CITY, date_of};
use crate::registry::Registry;
use crate::rules::{Effect, Finding};
use crate::settle::settle;
use crate::store::{CaseStore, StoredCase, case_id};

/// Creates (201) or finds (200) the case of a verified application.
pub async fn intake(
    b: &impl Backends,
    v: &VerifiedApplication,
    now_ms: u64,
) -> Result<(u16, CaseAccepted), DecisionError> {
    let catalogue = Catalogue::builtin();
    let app = &v.application;
    let service = catalogue.service(&app.service)?;
    let id = IdNumber::parse(&app.id_number)?;
    let related_id = match (&service.related, app.related_id_number.as_deref()) {
        (Some(_), Some(r)) => Some(IdNumber::parse(r)?),
        _ => None,
    };
    app.check_text().map_err(DecisionError::InvalidApplication)?;
    let case_id = case_id(b.case_secret(), &app.idempotency_key);
    if let Some(existing) = b.store().load(&case_id).await? {
        return Ok((200, accepted(&settled_or_owed(b, existing, now_ms).await)));
    }
    // The face first: a face that is not the registered person's stops here, nothing stored.
    let embeddings = b.faces().embed(&v.keyframes).await?;
    let on_file = b.registry().face_embedding(&id).await?;
    let face = match match_faces(&embeddings, on_file.as_deref()) {
        Ok(face) => face,
        Err(refused) => {
            // Audited before the answer: if the log cannot take it, the answer is the outage.
            crate::refusals::record_face(b, &id, &service.code, &refused, now_ms).await?;
            return Err(refused);
        }
    };
    let today = date_of(now_ms);
    let facts = b.registry().facts(&id, &service.facts, &today).await?;
    if facts.person.is_none() {
        return Err(DecisionError::NotRegistered);
    }
    let related = match &related_id {
        Some(r) => {
            let kinds = service.related.as_ref().map_or_else(Vec::new, |x| x.facts.clone());
            Some(b.registry().facts(r, &kinds, &today).await?)
        }
        None => None,
    };
    let decision = decide(service, &facts, related.as_ref(), face, PLATFORM_CITY, &today);
    // Documents name the person as the registry does; the typed name is never printed.
    let registered_name = facts.person.as_ref().map_or_else(String::new, |p| p.name.clone());
    let mut case = Case::new(
        case_id.clone(),
        service.code.clone(),
        id.masked(),
        registered_name,
        app.reason.trim().to_string(),
        v.verified_at_ms.min(now_ms),
    );
    // M9: the case keeps only the fields the rules read and the catalogue's `keep` (for the
    // officer and the document), every identity number in them masked.
    // L8: nothing of a person the register does not show related to the applicant is kept.
    let unconfirmed = decision.reasons().iter().any(|f| f.code == RELATION_UNCONFIRMED);
    let related = if unconfirmed { None } else { related };
    case.facts_used = serde_json::json!({ "applicant": facts, "related": related });
    IdNumber::mask_all(&mut case.facts_used);
    crate::facts::retain_fields(&mut case.facts_used, &service.fields_kept());
    case.transition(Status::Verified, now_ms, "system", "liveness verified at the edge, face matched")?;
    let (mut status, mut findings) = match &decision {
        Decision::AutoApproved => (Status::AutoApproved, Vec::new()),
        Decision::NeedsReview { reasons } => (Status::NeedsReview, reasons.clone()),
        Decision::Rejected { reasons } => (Status::Rejected, reasons.clone()),
    };
    // The browser's own verdict disagreed with the server's: a sign of a modified client, so a
    // person looks at it instead of approving automatically.
    if !v.client_agreed && status == Status::AutoApproved {
        status = Status::NeedsReview;
        findings.push(Finding {
            code: "client_verdict_disagrees".into(),
            effect: Effect::Review,
            zh: "本机核验结果与服务器核验结果不一致，需民警审核。".into(),
            en: "The device's own check disagreed with the server's; an officer reviews the case.".into(),
        });
    }
    // What the remote check may do on its own: a held approval takes effect later.
    let mut note = String::new();
    if status == Status::AutoApproved && service.hold_hours > 0 {
        status = Status::Held;
        let until = now_ms + u64::from(service.hold_hours) * 3_600_000;
        case.hold_until_ms = Some(until);
        note = format!("takes effect after a hold of {} h", service.hold_hours);
    }
    case.findings = findings;
    case.transition(status, now_ms, "system", &note)?;
    let reason_codes: Vec<&str> = case.findings.iter().map(|f| f.code.as_str()).collect();
    let kinds: Vec<String> = service.facts.iter().map(|k| format!("{k:?}")).collect();
    let mut trail =
        vec![AuditRecord::new("core", "registry_read", &id.masked(), format!("case {case_id}: {}", kinds.join(",")))];
    if let Some(r) = &related_id {
        trail.push(AuditRecord::new("core", "registry_read", &r.masked(), format!("case {case_id}: related person")));
    }
    trail.push(AuditRecord::new(
        "core",
        "decision",
        &case_id,
        format!("{} {} face={face:?} reasons={}", service.code, status.code(), reason_codes.join(",")),
    ));
    let stored = StoredCase {
        case,
        keyframes: v.keyframes.clone(),
        evidence_deleted: false,
        reading: v.reading.clone(),
        liveness: Some(v.liveness.clone()),
        trail,
        audited: 0,
        session_id: v.session_id.clone(),
        application_hash: sha256_hex(app.idempotency_key.as_bytes()),
        version: 0,
    };
    let created = b.store().create(&stored).await?;
    Ok((201, accepted(&settled_or_owed(b, created, now_ms).await)))
}

/// Once the case exists the resident is told about it whatever happens next: what settling
/// leaves owed after a failure (audit entries, the index, the certificate), the case's alarm
/// finishes, and a retry or lookup settles it too.
async fn settled_or_owed(b: &impl Backends, stored: StoredCase, now_ms: u64) -> StoredCase {
    match settle(b, stored.clone(), now_ms).await {
        Ok(settled) => settled,
        Err(_) => stored,
    }
}

/// The case an application's earlier submission created, settled (a retry after a lost answer).
pub async fn lookup(b: &impl Backends, lookup: &CaseLookup, now_ms: u64) -> Result<CaseAccepted, DecisionError> {
    let case_id = case_id(b.case_secret(), &lookup.idempotency_key);
    let stored = b.store().load(&case_id).await?.ok_or(DecisionError::CaseNotFound)?;
    Ok(accepted(&settled_or_owed(b, stored, now_ms).await))
}

fn accepted(stored: &StoredCase) -> CaseAccepted {
    CaseAccepted {
        case_id: stored.case.case_id.clone(),
        status: stored.case.status.code().into(),
        unconfirmed_relation: stored.case.findings.iter().any(|f| f.code == RELATION_UNCONFIRMED),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MemoryBackends;
    use crate::audit::verify;
    use crate::testing::{CHEN_JING, LI_QIANG, NOW, WANG_FANG, application, backends, household_certificate, run};
    use wangban_attest::Keyframe;
    use wangban_attest::api::{MAX_NAME_CHARS, MAX_REASON_CHARS};

    /// The audit actions in the log, in order.
    fn actions(b: &MemoryBackends) -> Vec<String> {
        b.audit.entries().iter().map(|e| e.action.clone()).collect()
    }

    #[test]
    fn an_auto_approved_application_is_issued_audited_and_indexed() {
        let b = backends();
        let (status, accepted) = run(intake(&b, &household_certificate(), NOW)).expect("accepted");
        assert_eq!((status, accepted.status.as_str()), (201, "issued"));
        let cases = b.store.cases();
        assert_eq!(cases.len(), 1);
        let stored = &cases[0];
        assert!(stored.case.certificate.is_some());
        assert!(!stored.unsettled(NOW));
        assert_eq!(actions(&b), ["registry_read", "decision", "certificate_issued"]);
        assert_eq!(verify(&b.audit.entries(), 3), Ok(()));
        assert_eq!(b.store.indexed(&accepted.case_id).map(|r| r.status), Some("issued".into()));
    }

    /// M9: the case keeps no full identity number in its facts (the household's members).
    #[test]
    fn the_facts_a_case_keeps_hold_no_full_identity_number() {
        // 陈静's kinship certificate with her husband: the rules read both their numbers, the
        // marriage's and the births'.
        let b = backends();
        let husband = crate::synthetic::DEMO_RESIDENTS[3].id_number;
        let mut v = application("kinship_certificate", CHEN_JING, "idem-kin-husband");
        v.application.related_id_number = Some(husband.into());
        run(intake(&b, &v, NOW)).expect("accepted");
        let stored = &b.store.cases()[0];
        let facts = stored.case.facts_used.to_string();
        let full = regex_free_ids(&facts);
        assert!(full.is_empty(), "full identity numbers kept: {full:?}");
        assert!(facts.contains(&IdNumber::parse(CHEN_JING).unwrap().masked()), "the applicant, masked: {facts}");
        assert!(facts.contains(&IdNumber::parse(husband).unwrap().masked()), "the husband, masked: {facts}");
    }

    /// L8: a kinship certificate naming a stranger (李强, registered, with a record) keeps
    /// nothing about him, tells the applicant nothing about him, and tells the edge to count it.
    #[test]
    fn a_strangers_number_is_neither_kept_nor_told() {
        let b = backends();
        let mut v = application("kinship_certificate", CHEN_JING, "idem-kin");
        v.application.related_id_number = Some(LI_QIANG.into());
        let (status, accepted) = run(intake(&b, &v, NOW)).expect("a case for an officer");
        assert_eq!((status, accepted.status.as_str(), accepted.unconfirmed_relation), (201, "needs_review", true));
        let case = &b.store.cases()[0].case;
        assert_eq!(case.facts_used["related"], serde_json::Value::Null);
        let told: Vec<&str> = case.findings.iter().map(|f| f.code.as_str()).collect();
        assert_eq!(told, ["relation_unconfirmed"]);
        assert!(!case.facts_used.to_string().contains("李强"));
        // An unregistered number: the same answer.
        let b = backends();
        v.application.related_id_number = Some(crate::testing::UNREGISTERED.into());
        let (_, unregistered) = run(intake(&b, &v, NOW)).expect("a case for an officer");
        assert_eq!((unregistered.status.as_str(), unregistered.unconfirmed_relation), ("needs_review", true));
        assert_eq!(b.store.cases()[0].case.findings, *case.findings);
    }

    /// M9: a case keeps the fields its rules read (and the catalogue's `keep`), nothing else of
    /// the registry: not the flat's address, not the household members' names.
    #[test]
    fn a_case_keeps_only_the_fields_its_rules_read() {
        let b = backends();
        run(intake(&b, &crate::testing::settle_house(), NOW)).expect("accepted");
        let case = &b.store.cases()[0].case;
        let kept = Catalogue::builtin().service("house_purchase_settlement").unwrap().fields_kept();
        fn keys(v: &serde_json::Value, out: &mut Vec<String>) {
            match v {
                serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                    out.push(k.clone());
                    keys(x, out)
                }),
                serde_json::Value::Array(a) => a.iter().for_each(|x| keys(x, out)),
                _ => {}
            }
        }
        let mut found = Vec::new();
        for kind in case.facts_used["applicant"].as_object().expect("applicant facts").values() {
            keys(kind, &mut found);
        }
        assert!(!found.is_empty(), "the rules' fields are kept: {}", case.facts_used);
        let extra: Vec<&String> = found.iter().filter(|k| !kept.contains(*k)).collect();
        assert!(extra.is_empty(), "kept beyond what the rules read: {extra:?}");
        assert!(!found.iter().any(|k| k == "address"), "{}", case.facts_used);
        assert!(kept.contains("months_owned") && found.iter().any(|k| k == "months_owned"), "{}", case.facts_used);
    }

    /// Every 18-character run of digits (and a final X) that is a valid identity number.
    fn regex_free_ids(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        (0..chars.len().saturating_sub(17))
            .map(|i| chars[i..i + 18].iter().collect::<String>())
            .filter(|s| IdNumber::parse(s).is_ok())
            .collect()
    }

    /// H2: a certificate is shown to others; the case id alone opens the case's status page, so no
    /// part of the certificate token holds any part of it (in hex or otherwise).
    #[test]
    fn a_certificate_carries_nothing_of_its_case_id() {
        let b = backends();
        let (_, accepted) = run(intake(&b, &household_certificate(), NOW)).expect("accepted");
        let token = b.store.cases()[0].case.certificate.clone().expect("issued");
        let signed = wangban_attest::certificate::SignedCertificate::from_token(&token).expect("decodes");
        let fields = serde_json::to_string(&signed).expect("encodes").to_lowercase();
        let id = accepted.case_id.to_lowercase();
        for window in 0..=id.len() - 6 {
            assert!(!fields.contains(&id[window..window + 6]), "{} in {fields}", &id[window..window + 6]);
        }
        assert!(signed.certificate.certificate_id.starts_with("WB-"));
    }

    #[test]
    fn the_same_application_again_is_the_same_case() {
        let b = backends();
        let (_, first) = run(intake(&b, &household_certificate(), NOW)).expect("accepted");
        let (status, again) = run(intake(&b, &household_certificate(), NOW + 5)).expect("answered");
        assert_eq!((status, &again), (200, &first));
        assert_eq!(b.store.cases().len(), 1);
        assert_eq!(b.audit.entries().len(), 3, "no entry twice");
    }

    #[test]
    fn faces_refused_store_nothing() {
        let b = backends();
        let mut swapped = household_certificate();
        swapped.keyframes[1] = Keyframe::new(3000, 3004, b"stranger");
        assert_eq!(run(intake(&b, &swapped, NOW)), Err(DecisionError::FaceChanged));
        let mut stranger = household_certificate();
        stranger.keyframes = vec![Keyframe::new(1500, 1510, b"stranger"), Keyframe::new(3000, 3004, b"stranger")];
        assert_eq!(run(intake(&b, &stranger, NOW)), Err(DecisionError::FaceMismatch));
        assert!(b.store.cases().is_empty(), "nothing stored");
        // …but both attempts are in the audit log, under the masked number.
        let refused: Vec<_> = b.audit.entries().iter().map(|e| (e.action.clone(), e.detail.clone())).collect();
        assert_eq!(
            refused,
            [
                ("verification_refused".into(), "face_changed service=household_registration_certificate".into()),
                ("verification_refused".into(), "face_mismatch service=household_registration_certificate".into()),
            ]
        );
        assert!(b.audit.entries().iter().all(|e| e.subject == IdNumber::parse(CHEN_JING).unwrap().masked()));
        // A log that cannot take the entry turns the refusal into the outage, nothing stored.
        b.audit.faults.fail("append", 1);
        let outage = run(intake(&b, &stranger, NOW)).map(drop).unwrap_err();
        assert!(matches!(outage, DecisionError::AuditUnavailable(_)), "{outage:?}");
        assert!(b.store.cases().is_empty());
    }

    #[test]
    fn bad_input_is_refused_before_anything_is_read() {
        let b = backends();
        let mut unknown = household_certificate();
        unknown.application.service = "no_such_service".into();
        assert_eq!(run(intake(&b, &unknown, NOW)).map(drop).unwrap_err().code(), "unknown_service");
        let mut bad_id = household_certificate();
        bad_id.application.id_number = "330102199003071248".into();
        assert_eq!(run(intake(&b, &bad_id, NOW)).map(drop).unwrap_err().code(), "invalid_id_number");
        assert_eq!(b.faces.faults.calls("embed"), 0);
        let mut unregistered = household_certificate();
        unregistered.application.id_number = "11010119900307123X".into();
        let e = run(intake(&b, &unregistered, NOW)).map(drop).unwrap_err();
        assert!(matches!(e, DecisionError::NotRegistered | DecisionError::InvalidIdNumber(_)), "{e:?}");
        assert!(b.store.cases().is_empty());
        let _ = WANG_FANG;
    }

    /// Failure injected at every step of an intake (every call of every backend operation it
    /// makes): the intake fails, and the retry with the same application finishes it — one
    /// case, issued, indexed, every audit entry exactly once, the chain intact.
    #[test]
    fn a_failure_at_any_step_is_finished_by_the_retry() {
        let clean = backends();
        run(intake(&clean, &household_certificate(), NOW)).expect("accepted");
        type FaultsOf = fn(&MemoryBackends) -> &crate::faults::Faults;
        let ops: [(&str, FaultsOf); 7] = [
            ("embed", |b| &b.faces.faults),
            ("load", |b| &b.store.faults),
            ("create", |b| &b.store.faults),
            ("save", |b| &b.store.faults),
            ("index", |b| &b.store.faults),
            ("append", |b| &b.audit.faults),
            ("sign", |b| &b.signer.faults),
        ];
        let mut injected = 0;
        for (op, faults) in ops {
            let calls = faults(&clean).calls(op);
            assert!(calls > 0, "the intake calls {op}");
            for nth in 1..=calls {
                let b = backends();
                faults(&b).fail(op, nth);
                match run(intake(&b, &household_certificate(), NOW)) {
                    // Before the case exists: nothing stored, nothing audited.
                    Err(_) => assert!(b.store.cases().is_empty() && b.audit.entries().is_empty(), "{op} #{nth}"),
                    // After: the resident is told the case; what is owed is in its record.
                    Ok((status, accepted)) => {
                        assert_eq!(status, 201, "{op} #{nth}");
                        let stored = b.store.cases().pop().expect("the case");
                        assert_eq!(stored.case.case_id, accepted.case_id);
                        assert!(["auto_approved", "issued"].contains(&accepted.status.as_str()), "{op} #{nth}");
                    }
                }
                let (_, accepted) = run(intake(&b, &household_certificate(), NOW + 1)).expect("the retry finishes it");
                assert_eq!(accepted.status, "issued", "{op} #{nth}");
                assert_eq!(b.store.cases().len(), 1, "{op} #{nth}: one case");
                assert_eq!(actions(&b), actions(&clean), "{op} #{nth}: every entry exactly once");
                assert_eq!(verify(&b.audit.entries(), 3), Ok(()));
                assert_eq!(b.store.indexed(&accepted.case_id).map(|r| r.status), Some("issued".into()));
                injected += 1;
            }
        }
        assert!(injected >= 9, "{injected} failures injected");
    }

    /// H1: the typed name never reaches a document; markup-like names are refused.
    #[test]
    fn documents_name_the_registered_person_and_typed_text_is_bounded() {
        let b = backends();
        let mut other_name = household_certificate();
        other_name.application.name = "李强".into();
        run(intake(&b, &other_name, NOW)).expect("accepted");
        let stored = b.store.cases().pop().expect("a case");
        assert_eq!(stored.case.applicant_name, "陈静", "the registry's name");
        let token = stored.case.certificate.expect("issued");
        let certificate = wangban_attest::certificate::SignedCertificate::from_token(&token).expect("decodes");
        assert_eq!(certificate.certificate.subject_name, "陈静");
        assert!(!certificate.certificate.statement_zh.contains("李强"));

        let b = backends();
        for name in ["李强（公民身份号码330302198506121355）", "", "<b>王芳</b>", &"王".repeat(MAX_NAME_CHARS + 1)]
        {
            let mut v = household_certificate();
            v.application.name = name.into();
            assert_eq!(run(intake(&b, &v, NOW)).map(drop), Err(DecisionError::InvalidApplication("name")), "{name}");
        }
        let mut v = household_certificate();
        v.application.reason = "x".repeat(MAX_REASON_CHARS + 1);
        assert_eq!(run(intake(&b, &v, NOW)).map(drop), Err(DecisionError::InvalidApplication("reason")));
        assert!(b.store.cases().is_empty(), "nothing stored");
    }

    /// L13: a browser whose verdict disagrees with the server's is a modified client.
    #[test]
    fn a_disagreeing_client_sends_the_case_to_an_officer() {
        let b = backends();
        let mut v = household_certificate();
        v.client_agreed = false;
        let (_, accepted) = run(intake(&b, &v, NOW)).expect("accepted");
        assert_eq!(accepted.status, "needs_review");
        let stored = b.store.cases().pop().expect("a case");
        assert!(stored.case.findings.iter().any(|f| f.code == "client_verdict_disagrees"));
        assert!(stored.case.certificate.is_none());
    }

    #[test]
    fn a_case_left_unsettled_asks_for_its_alarm() {
        let b = backends();
        b.signer.faults.fail("sign", 1);
        let (_, accepted) = run(intake(&b, &household_certificate(), NOW)).expect("the case is created and told");
        assert_eq!(accepted.status, "auto_approved", "issued later");
        let stored = b.store.cases().pop().expect("the case was created");
        assert_eq!(stored.case.status, Status::AutoApproved);
        assert!(stored.unsettled(NOW), "approved without its certificate");
        assert_eq!(stored.next_alarm(NOW), Some(NOW + crate::store::SETTLE_RETRY_MS));
        // What the alarm does: settle.
        let settled = run(settle(&b, stored, NOW + 30_000)).expect("settles");
        assert_eq!(settled.case.status, Status::Issued);
        // Then its evidence goes a grace period after the issuance.
        assert_eq!(settled.next_alarm(NOW + 30_000), Some(NOW + 30_000 + crate::store::EVIDENCE_GRACE_MS));
    }
}
