//! What the core answers that is read, not decided: the catalogue for the resident app, the
//! precheck before a challenge, and the resident's view of a case.

use wangban_attest::Keyring;
use wangban_attest::api::{
    CertificateCheck, Precheck, RelatedLabel, ResidentCase, ResidentReason, ResidentStep, ServiceInfo, ServiceSummary,
    Services,
};
use wangban_attest::certificate::SignedCertificate;

use crate::case::Case;
use crate::catalogue::{Catalogue, Category, Output};
use crate::error::DecisionError;
use crate::id_number::IdNumber;

/// May this person start this service? The service's names if so.
pub fn precheck(body: &Precheck) -> Result<ServiceSummary, DecisionError> {
    let catalogue = Catalogue::builtin();
    let service = catalogue.service(&body.service)?;
    IdNumber::parse(&body.id_number)?;
    Ok(ServiceSummary {
        code: service.code.clone(),
        name_zh: service.name_zh.clone(),
        name_en: service.name_en.clone(),
    })
}

/// The catalogue for the resident app: names, what each needs, how long an officer may take.
pub fn services() -> Services {
    let services = Catalogue::builtin()
        .services
        .iter()
        .map(|s| ServiceInfo {
            code: s.code.clone(),
            category: match s.category {
                Category::Household => "household",
                Category::Certificate => "certificate",
            }
            .into(),
            name_zh: s.name_zh.clone(),
            name_en: s.name_en.clone(),
            days: s.days,
            auto: s.auto,
            output: match s.output {
                Output::RecordChange => "record_change",
                Output::Certificate => "certificate",
            }
            .into(),
            needs_zh: s.needs_zh.clone(),
            needs_en: s.needs_en.clone(),
            related: s
                .related
                .as_ref()
                .map(|r| RelatedLabel { label_zh: r.label_zh.clone(), label_en: r.label_en.clone() }),
        })
        .collect();
    Services { services, pilot: false }
}

/// What the resident sees of their case: status, reasons in plain words, the certificate.
pub fn resident_case(case: &Case) -> ResidentCase {
    let catalogue = Catalogue::builtin();
    let service = catalogue.service(&case.service).ok();
    ResidentCase {
        case_id: case.case_id.clone(),
        service: case.service.clone(),
        service_zh: service.map(|s| s.name_zh.clone()),
        service_en: service.map(|s| s.name_en.clone()),
        days: service.map(|s| s.days),
        status: case.status.code().into(),
        reasons: case
            .findings
            .iter()
            .map(|f| ResidentReason { code: f.code.clone(), zh: f.zh.clone(), en: f.en.clone() })
            .collect(),
        history: case.history.iter().map(|t| ResidentStep { status: t.to.code().into(), at_ms: t.at_ms }).collect(),
        certificate: case.certificate.clone(),
        hold_until_ms: (case.status == crate::case::Status::Held).then_some(case.hold_until_ms).flatten(),
    }
}

/// A presented certificate checked against the authority's keys (the current one and the
/// retired ones, so rotating the key leaves earlier certificates valid).
pub fn check_certificate(token: &str, keyring: &Keyring) -> Result<CertificateCheck, DecisionError> {
    let signed = SignedCertificate::from_token(token).map_err(|_| DecisionError::CertificateMalformed)?;
    let certificate = signed.verify(keyring).map_err(|_| DecisionError::CertificateInvalid)?;
    let valid = Catalogue::builtin().service(&certificate.service).is_ok();
    Ok(CertificateCheck { valid, certificate: certificate.clone() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_lists_every_service_as_the_page_reads_it() {
        let list = services();
        assert_eq!(list.services.len(), Catalogue::builtin().services.len());
        let json = serde_json::to_value(&list).expect("encodes");
        let first = &json["services"][0];
        for field in
            ["code", "category", "name_zh", "name_en", "days", "auto", "output", "needs_zh", "needs_en", "related"]
        {
            assert!(first.get(field).is_some(), "{field}");
        }
        assert!(["household", "certificate"].contains(&first["category"].as_str().unwrap_or("")));
    }

    /// M7: rotating the certificate key leaves earlier certificates valid.
    #[test]
    fn certificates_verify_across_a_key_rotation() {
        use crate::testing::{NOW, backends, household_certificate, run};
        let b = backends();
        run(crate::intake::intake(&b, &household_certificate(), NOW)).expect("issued");
        let token = b.store.cases().pop().and_then(|s| s.case.certificate).expect("a certificate");
        let old = b.signer.secret.public();
        let new = wangban_attest::SecretKey::from_seed(&[8; 32]).public();
        let current_only = Keyring::new().with("cert-2", new);
        assert_eq!(check_certificate(&token, &current_only).map(drop), Err(DecisionError::CertificateInvalid));
        let rotated = Keyring::parse(&format!("cert-test:{}", wangban_attest::hex::encode(&old.to_bytes())))
            .expect("parses")
            .with("cert-2", new);
        let check = check_certificate(&token, &rotated).expect("verifies under the retired key");
        assert!(check.valid);
        assert_eq!(check_certificate("not a token", &rotated).map(drop), Err(DecisionError::CertificateMalformed));
        let mut tampered = token.clone();
        tampered.insert(20, 'x');
        assert!(check_certificate(&tampered, &rotated).is_err());
    }

    #[test]
    fn precheck_refuses_unknown_services_and_bad_numbers() {
        let ok = Precheck { service: "house_purchase_settlement".into(), id_number: "330102199003071249".into() };
        assert_eq!(precheck(&ok).map(|s| s.name_zh), Ok("购房落户".into()));
        let unknown = Precheck { service: "x".into(), ..ok.clone() };
        assert_eq!(precheck(&unknown).unwrap_err().code(), "unknown_service");
        let bad = Precheck { id_number: "330102199003071248".into(), ..ok };
        assert_eq!(precheck(&bad).unwrap_err().code(), "invalid_id_number");
    }
}
