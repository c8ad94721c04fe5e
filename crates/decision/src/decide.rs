//! From a service's rules and the registry's facts to a decision, with reasons.

use serde::{Deserialize, Serialize};

use crate::catalogue::Service;
use crate::facts::Facts;
use crate::rules::{Effect, Finding, Rule, RuleInput, evaluate};

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

/// The one finding an applicant sees about another person the register does not show related
/// to them, whether that person is registered or not.
pub const RELATION_UNCONFIRMED: &str = "relation_unconfirmed";

impl Decision {
    /// The findings behind the decision (none for an automatic approval).
    pub fn reasons(&self) -> &[Finding] {
        match self {
            Decision::AutoApproved => &[],
            Decision::NeedsReview { reasons } | Decision::Rejected { reasons } => reasons,
        }
    }
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
    let input = RuleInput { facts, related, city, today };
    // L8: about someone the register does not show related to the applicant, say nothing.
    let related_confirmed = match (&service.related, related) {
        (Some(r), Some(_)) => evaluate(&[r.relation_rule()], &input).iter().any(|f| f.code == "relation"),
        _ => true,
    };
    if related_confirmed {
        findings.extend(evaluate(&service.rules, &input));
    } else {
        let own: Vec<Rule> = service.rules.iter().filter(|r| !r.reads_related()).cloned().collect();
        findings.extend(evaluate(&own, &input));
        findings.push(finding(
            RELATION_UNCONFIRMED,
            Effect::Review,
            "未能在户籍登记中确认您与另一方的关系，由民警核实。",
            "Your relation to the other person could not be confirmed from the register; an officer checks it.",
        ));
    }
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
            // The unconfirmed relation stays: it says what the case kept and what the edge counts.
            let kept = |f: &Finding| f.effect != Effect::Review || f.code == RELATION_UNCONFIRMED;
            Decision::Rejected { reasons: findings.into_iter().filter(kept).collect() }
        }
    }
}
