//! Bringing a stored case to where its status says it is: its audit trail in the log, its index
//! row current, and an approved case issued (the e-certificate for 证明类 services, the completion
//! notice for record changes) — a held approval once its hold has ended. Every flow ends here,
//! and the case's alarm calls it again (also when a hold ends), so a failure at any step is
//! finished by the next retry instead of being left half-done.

use wangban_attest::certificate::Certificate;

use crate::audit::{AuditLog, AuditRecord};
use crate::backends::{Backends, Signer};
use crate::case::{Case, Status};
use crate::catalogue::{Catalogue, Output, Service};
use crate::error::DecisionError;
use crate::platform::{ISSUER, date_of};
use crate::store::{CaseStore, StoredCase};

/// How often [`settle`] reads the case again after a concurrent change before giving up.
const MAX_CONFLICTS: usize = 3;

/// Flushes the trail, updates the index and issues what is owed, until nothing is. A save that
/// meets a concurrent change (another request, the case's alarm) reads the case again and goes
/// on from what is stored.
pub async fn settle(b: &impl Backends, stored: StoredCase, now_ms: u64) -> Result<StoredCase, DecisionError> {
    let case_id = stored.case.case_id.clone();
    let mut stored = stored;
    for _ in 0..MAX_CONFLICTS {
        match settle_once(b, stored, now_ms).await {
            Err(DecisionError::Conflict) => {
                stored = b.store().load(&case_id).await?.ok_or(DecisionError::CaseNotFound)?;
            }
            other => return other,
        }
    }
    settle_once(b, stored, now_ms).await
}

async fn settle_once(b: &impl Backends, mut stored: StoredCase, now_ms: u64) -> Result<StoredCase, DecisionError> {
    loop {
        if stored.audited < stored.trail.len() {
            let case_id = &stored.case.case_id;
            let pending: Vec<AuditRecord> = stored.trail[stored.audited..]
                .iter()
                .enumerate()
                .map(|(i, r)| AuditRecord { key: Some(format!("{case_id}/{}", stored.audited + i)), ..r.clone() })
                .collect();
            b.audit().append(&pending, now_ms).await?;
            stored.audited = stored.trail.len();
            stored = b.store().save(&stored).await?;
        }
        b.store().index(&stored, now_ms).await?;
        if stored.owes_issuance(now_ms) {
            let service = Catalogue::builtin().service(&stored.case.service)?.clone();
            stored = issue(b, stored, &service, now_ms)?;
            stored = b.store().save(&stored).await?;
            continue;
        }
        return Ok(stored);
    }
}

/// The certificate's number: a keyed digest of the case id, so the certificate (shown to anyone
/// the resident shows it to) does not open the case's status page.
pub fn certificate_number(secret: &str, case_id: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("certificate-number\u{0}{secret}\u{0}{case_id}").as_bytes());
    format!("WB-{}", digest.iter().take(8).map(|b| format!("{b:02X}")).collect::<String>())
}

/// Signs the document, attaches it, moves the case to `issued` and records it in the trail.
fn issue(
    b: &impl Backends,
    mut stored: StoredCase,
    service: &Service,
    now_ms: u64,
) -> Result<StoredCase, DecisionError> {
    let case = &stored.case;
    let (statement_zh, statement_en) = statement(service, case);
    let (title_zh, title_en) = match service.output {
        Output::Certificate => (service.name_zh.clone(), service.name_en.clone()),
        Output::RecordChange => {
            (format!("{}办结通知", service.name_zh), format!("{}: completion notice", service.name_en))
        }
    };
    let certificate = Certificate {
        certificate_id: certificate_number(b.case_secret(), &case.case_id),
        service: service.code.clone(),
        title_zh,
        title_en,
        subject_name: case.applicant_name.clone(),
        subject_id: case.applicant_masked.clone(),
        statement_zh,
        statement_en,
        issued_on: date_of(now_ms),
        issuer: ISSUER.into(),
        key_id: b.signer().key_id(),
    };
    let signed = b.signer().sign(certificate)?;
    let token = signed.to_token().map_err(|e| DecisionError::Signing(e.to_string()))?;
    stored.case.transition(Status::Issued, now_ms, "system", "")?;
    stored.case.certificate = Some(token);
    let detail =
        format!("{} signature {}", signed.certificate.certificate_id, signed.signature.get(..16).unwrap_or_default());
    stored.trail.push(AuditRecord::new("core", "certificate_issued", &stored.case.case_id, detail));
    Ok(stored)
}

/// Whether the service's document names the other person (the kinship certificate).
pub fn names_the_related_person(service: &str) -> bool {
    service == "kinship_certificate"
}

/// How many criminal records the decision found on file for the applicant.
pub fn criminal_records(case: &Case) -> usize {
    case.facts_used.pointer("/applicant/criminal_records").and_then(|v| v.as_array()).map_or(0, Vec::len)
}

/// What the document states, in both languages.
pub fn statement(service: &Service, case: &Case) -> (String, String) {
    let name = &case.applicant_name;
    let id = &case.applicant_masked;
    let facts = &case.facts_used;
    let region = facts.pointer("/applicant/person/hukou_region").and_then(|v| v.as_str()).unwrap_or("");
    let related = facts.pointer("/related/person/name").and_then(|v| v.as_str()).unwrap_or("");
    match (service.code.as_str(), service.output) {
        // Records on file are stated unless an officer chose otherwise, explicitly and audited.
        ("no_criminal_record_certificate", _)
            if criminal_records(case) > 0 && case.statement.as_deref() != Some(crate::review::NO_RECORD_FOUND) =>
        {
            let n = criminal_records(case);
            (
                format!("兹证明{name}（公民身份号码{id}）在本系统可查询范围内查询到犯罪记录{n}条。"),
                format!(
                    "This certifies that {n} criminal record(s) of {name} (identity number {id}) were found in the records available to this system."
                ),
            )
        }
        ("no_criminal_record_certificate", _) => (
            format!("兹证明{name}（公民身份号码{id}）在本系统可查询范围内未发现有犯罪记录。"),
            format!(
                "This certifies that no criminal record of {name} (identity number {id}) was found in the records available to this system."
            ),
        ),
        ("household_registration_certificate", _) => (
            format!("兹证明{name}（公民身份号码{id}）户籍登记于行政区划{region}。"),
            format!(
                "This certifies that {name} (identity number {id}) is registered in administrative region {region}."
            ),
        ),
        (code, _) if names_the_related_person(code) => (
            format!("兹证明{name}（公民身份号码{id}）与{related}存在登记在册的直系亲属关系。"),
            format!("This certifies that {name} (identity number {id}) and {related} are directly related on record."),
        ),
        (_, Output::Certificate) => (
            format!("兹证明{name}（公民身份号码{id}）{}事项经登记信息核实无误。", service.name_zh),
            format!(
                "This certifies the matter '{}' for {name} (identity number {id}), checked against the registry.",
                service.name_en
            ),
        ),
        (_, Output::RecordChange) => (
            format!("{name}（公民身份号码{id}）申请的{}已办结，登记信息已按规定变更。", service.name_zh),
            format!(
                "The application '{}' of {name} (identity number {id}) is complete; the registration is changed accordingly.",
                service.name_en
            ),
        ),
    }
}
