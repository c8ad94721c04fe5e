//! `POST /internal/v1/refusals`: the verifications the edge refused, and the faces the core
//! refuses, in the audit log. Failed impersonation attempts are the entries supervision needs
//! most, so each is recorded with what gave it away and whether only a modified client could
//! have produced it; the sender's address only as a keyed digest (the same address, the same
//! digest), never in the clear.

use sha2::{Digest, Sha256};
use wangban_attest::api::EdgeRefusal;

use crate::audit::{AuditLog, AuditRecord};
use crate::backends::Backends;
use crate::catalogue::Catalogue;
use crate::error::DecisionError;
use crate::id_number::IdNumber;

/// The audit action of a refused verification.
pub const ACTION: &str = "verification_refused";

/// Appends the edge's report of a refusal to the audit log.
pub async fn record(b: &impl Backends, refusal: &EdgeRefusal, now_ms: u64) -> Result<(), DecisionError> {
    b.audit().append(&[record_of(b.case_secret(), refusal)], now_ms).await
}

/// The audit record of a refusal. The edge is trusted, but every field is bounded and plain
/// anyway: the service and the reasons were the sender's to choose.
pub fn record_of(secret: &str, r: &EdgeRefusal) -> AuditRecord {
    let subject = match r.id_number.as_deref().map(IdNumber::parse) {
        Some(Ok(id)) => id.masked(),
        // Before the challenge's signature bound it, the number is only a claim.
        _ => "unbound".to_string(),
    };
    let mut detail = format!(
        "{} service={} from={}",
        plain(&r.code),
        service(&r.service),
        address_digest(secret, &r.client_address)
    );
    if !r.reasons.is_empty() {
        let reasons: Vec<String> = r.reasons.iter().take(12).map(|x| plain(x)).collect();
        detail.push_str(&format!(" reasons={}", reasons.join(",")));
    }
    if r.suspected_tampering {
        detail.push_str(" suspected_tampering");
    }
    if r.locked {
        detail.push_str(" locked");
    }
    AuditRecord::new("edge", ACTION, &subject, detail)
}

/// The core's own refusal of a face (another person, a swap between crops, no face).
pub async fn record_face(
    b: &impl Backends,
    id: &IdNumber,
    service: &str,
    error: &DecisionError,
    now_ms: u64,
) -> Result<(), DecisionError> {
    let detail = format!("{} service={}", error.code(), self::service(service));
    b.audit().append(&[AuditRecord::new("core", ACTION, &id.masked(), detail)], now_ms).await
}

/// At most 48 characters of `[A-Za-z_]`, the rest dropped (no digits: nothing that could be a
/// number someone typed).
fn plain(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_alphabetic() || *c == '_').take(48).collect()
}

/// The catalogue's code of the service, or `unknown`.
fn service(code: &str) -> String {
    Catalogue::builtin().service(code).map_or_else(|_| "unknown".into(), |s| s.code.clone())
}

/// A keyed digest of the sender's address: attempts from one address line up in the log (and in
/// the officers' sign-in counter) without the address being kept.
pub(crate) fn address_digest(secret: &str, address: &str) -> String {
    let digest = Sha256::digest(format!("client-address\u{0}{secret}\u{0}{address}").as_bytes());
    wangban_attest::hex::encode(&digest[..6])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{WANG_FANG, backends};

    fn refusal() -> EdgeRefusal {
        EdgeRefusal {
            code: "evidence_mismatch".into(),
            reasons: Vec::new(),
            service: "house_purchase_settlement".into(),
            id_number: Some(WANG_FANG.into()),
            client_address: "203.0.113.9".into(),
            suspected_tampering: true,
            locked: false,
        }
    }

    #[test]
    fn a_refusal_is_audited_with_the_masked_number_and_a_digest_of_the_address() {
        let b = backends();
        crate::testing::run(record(&b, &refusal(), 1_000)).expect("appended");
        let entries = b.audit.entries();
        let last = entries.last().expect("an entry");
        assert_eq!((last.actor.as_str(), last.action.as_str()), ("edge", ACTION));
        assert_eq!(last.subject, IdNumber::parse(WANG_FANG).unwrap().masked());
        assert!(
            last.detail.starts_with("evidence_mismatch service=house_purchase_settlement from="),
            "{}",
            last.detail
        );
        assert!(last.detail.ends_with(" suspected_tampering"), "{}", last.detail);
        assert!(!last.detail.contains("203.0.113") && !last.detail.contains(WANG_FANG), "{}", last.detail);
        // The same address, the same digest: attempts from one sender line up.
        let again = record_of(b.case_secret(), &refusal());
        assert_eq!(again.detail, last.detail);
        let elsewhere = record_of(b.case_secret(), &EdgeRefusal { client_address: "198.51.100.1".into(), ..refusal() });
        assert_ne!(elsewhere.detail, last.detail);
    }

    #[test]
    fn an_unbound_number_and_hostile_text_stay_out_of_the_record() {
        let r = EdgeRefusal {
            code: "bad_challenge_signature".into(),
            service: "x\n；DROP TABLE cases; 王芳 330102199003071249".into(),
            id_number: None,
            reasons: vec!["MouthStill\u{202e}".into()],
            ..refusal()
        };
        let record = record_of("secret", &r);
        assert_eq!(record.subject, "unbound");
        assert!(record.detail.contains(" service=unknown "), "{}", record.detail);
        assert!(!record.detail.contains('\n') && !record.detail.contains("TABLE") && !record.detail.contains("3301"));
        assert!(record.detail.contains("reasons=MouthStill "), "{}", record.detail);
    }
}
