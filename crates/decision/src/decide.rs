//! From a service's rules and the registry's facts to a decision, with reasons.

use serde::{Deserialize, Serialize};

use crate::catalogue::Service;
use crate::facts::Facts;
use crate::rules::{Effect, Finding, RuleInput, evaluate};

/// The result of comparing the applicant's face with the registry photo, server-side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaceMatch {
    /// The face is the registry photo's.
    Match,
    /// The face is not the registry photo's.
    Mismatch,
    /// No usable photo on file: an officer verifies the identity.
    NoPhoto,
}

/// What the data says about an application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Decision {
    /// Nothing stands in the way: approved without an officer.
    AutoApproved,
    /// An officer decides.
    NeedsReview {
        /// The findings an officer must look at.
        reasons: Vec<Finding>,
    },
    /// Refused (including "not needed").
    Rejected {
        /// The reject and not-needed findings (review findings are dropped).
        reasons: Vec<Finding>,
    },
}

fn finding(code: &str, effect: Effect, zh: &str, en: &str) -> Finding {
    Finding { code: code.into(), effect, zh: zh.into(), en: en.into() }
}

/// Decides `service` for the applicant's `facts` (and the related person's, if the service has
/// one). The strongest finding wins: reject, then not-needed, then review.
pub fn decide(
    service: &Service,
    facts: &Facts,
    related: Option<&Facts>,
    face: FaceMatch,
    city: &str,
    today: &str,
) -> Decision {
    let mut findings = match face {
        FaceMatch::Mismatch => vec![finding(
            "face_mismatch",
            Effect::Reject,
            "人脸与登记照片不一致，请携带身份证到窗口办理。",
            "The face does not match the registry photo; please bring your identity card to a service counter.",
        )],
        FaceMatch::NoPhoto => vec![finding(
            "no_registry_photo",
            Effect::Review,
            "登记照片缺失，由民警核实身份。",
            "No registry photo on file; an officer verifies the identity.",
        )],
        FaceMatch::Match => Vec::new(),
    };
    if service.related.is_some() && related.is_none() {
        findings.push(finding(
            "related_missing",
            Effect::Reject,
            "请填写另一方的身份证号。",
            "Please give the other person's identity number.",
        ));
    }
    findings.extend(evaluate(&service.rules, &RuleInput { facts, related, city, today }));
    if !service.auto && findings.iter().all(|f| f.effect == Effect::Review) {
        findings.push(finding(
            "officer_required",
            Effect::Review,
            "此业务需民警审核。",
            "This service is decided by an officer.",
        ));
    }
    let strongest = findings.iter().map(|f| f.effect).max();
    match strongest {
        None => Decision::AutoApproved,
        Some(Effect::Review) => Decision::NeedsReview { reasons: findings },
        Some(Effect::Reject | Effect::NotNeeded) => {
            Decision::Rejected { reasons: findings.into_iter().filter(|f| f.effect != Effect::Review).collect() }
        }
    }
}
