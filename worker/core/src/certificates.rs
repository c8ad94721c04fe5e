//! Issuing: an approved case gets a signed document — the e-certificate for 证明类 services, the
//! completion notice (办结通知) for record changes — and becomes `issued`.

use worker::{Env, Response};

use wangban_attest::certificate::{Certificate, SignedCertificate};
use wangban_attest::{Keyring, hex};
use wangban_decision::case::{Case, Status};
use wangban_decision::catalogue::{Catalogue, Output, Service};
use wangban_worker_shared::http::{error, json};

use crate::audit::{self, Append};
use crate::case_object::Move;
use crate::{cases, secrets, today};

pub const ISSUER: &str = "温州市公安局户政管理 · 网办";

fn statement(service: &Service, case: &Case) -> (String, String) {
    let name = &case.applicant_name;
    let id = &case.applicant_masked;
    let facts = &case.facts_used;
    let region = facts.pointer("/applicant/person/hukou_region").and_then(|v| v.as_str()).unwrap_or("");
    let related = facts.pointer("/related/person/name").and_then(|v| v.as_str()).unwrap_or("");
    match (service.code.as_str(), service.output) {
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
        ("kinship_certificate", _) => (
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

/// Signs and attaches the document, moves the case to `issued`, and audits it.
pub async fn issue(env: &Env, case: &Case, service: &Service) -> worker::Result<Case> {
    let key = secrets::certificate_key(env)?;
    let (statement_zh, statement_en) = statement(service, case);
    let (title_zh, title_en) = match service.output {
        Output::Certificate => (service.name_zh.clone(), service.name_en.clone()),
        Output::RecordChange => {
            (format!("{}办结通知", service.name_zh), format!("{}: completion notice", service.name_en))
        }
    };
    let certificate = Certificate {
        certificate_id: format!("WB-{}", &case.case_id[..16]),
        case_id: case.case_id.clone(),
        service: service.code.clone(),
        title_zh,
        title_en,
        subject_name: case.applicant_name.clone(),
        subject_id: case.applicant_masked.clone(),
        statement_zh,
        statement_en,
        issued_on: today(),
        issuer: ISSUER.into(),
        key_id: key.key_id,
    };
    let signed = certificate.sign(&key.secret).map_err(|e| worker::Error::RustError(e.to_string()))?;
    let token = signed.to_token().map_err(|e| worker::Error::RustError(e.to_string()))?;
    let mv =
        Move { to: Status::Issued, by: "system".into(), note: String::new(), findings: None, certificate: Some(token) };
    let issued = cases::transition(env, &case.case_id, &mv)
        .await?
        .ok_or_else(|| worker::Error::RustError("case cannot be issued".into()))?;
    cases::set_indexed_status(env, &case.case_id, Status::Issued).await?;
    audit::append(
        env,
        &[Append {
            actor: "core".into(),
            action: "certificate_issued".into(),
            subject: case.case_id.clone(),
            detail: format!("{} signature {}", signed.certificate.certificate_id, &signed.signature[..16]),
        }],
    )
    .await?;
    Ok(issued)
}

/// The certificate keys anyone may use to verify offline.
pub fn keyring(env: &Env) -> worker::Result<Keyring> {
    let key = secrets::certificate_key(env)?;
    Ok(Keyring::new().with(&key.key_id, key.secret.public()))
}

pub fn public_keys(env: &Env) -> worker::Result<Response> {
    let key = secrets::certificate_key(env)?;
    json(
        200,
        &serde_json::json!({ "issuer": ISSUER, "keys": [{ "key_id": key.key_id, "ed25519": hex::encode(&key.secret.public().to_bytes()) }] }),
    )
}

/// `POST /internal/v1/certificates/verify {token}`: valid → what it certifies; tampered → 422.
pub fn verify(env: &Env, token: &str) -> worker::Result<Response> {
    let signed = match SignedCertificate::from_token(token) {
        Ok(s) => s,
        Err(_) => {
            return error(400, "malformed_certificate", "证明编码无法识别。", "The certificate could not be read.");
        }
    };
    match signed.verify(&keyring(env)?) {
        Ok(c) => {
            let service_known = Catalogue::builtin().service(&c.service).is_ok();
            json(200, &serde_json::json!({ "valid": service_known, "certificate": c }))
        }
        Err(_) => error(
            422,
            "certificate_invalid",
            "证明签名无效：内容被改动或并非本机关签发。",
            "The signature is not valid: the certificate was altered or not issued by this authority.",
        ),
    }
}
