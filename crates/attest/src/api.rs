//! JSON bodies of the public API (`/api/v1/*`) and of the edge → core service binding.

use serde::{Deserialize, Serialize};

use wangban_liveness::{Prompt, Verdict};

use crate::attestation::{Attestation, Keyframe};
use crate::challenge::SignedChallenge;

/// Largest request body the edge reads for session creation.
pub const MAX_SESSION_REQUEST_BYTES: usize = 4 * 1024;

/// `POST /api/v1/sessions`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateSession {
    /// Catalogue code of the service applied for.
    pub service: String,
    /// The applicant's identity number (GB 11643).
    pub id_number: String,
    /// The browser's per-session Ed25519 public key, hex.
    pub client_public_key: String,
}

/// The answer to [`CreateSession`]: what the browser shows and when.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SessionCreated {
    pub session_id: String,
    pub service: ServiceSummary,
    /// The digits in reading order.
    pub digits: Vec<u8>,
    /// When each digit is shown, relative to the first.
    pub prompts: Vec<Prompt>,
    /// Unix milliseconds after which the challenge is refused.
    pub expires_at_ms: u64,
    /// The signed challenge the attestation must carry back.
    pub challenge: SignedChallenge,
}

/// Largest `POST /api/v1/cases` body: the attestation plus a small application.
pub const MAX_CASE_REQUEST_BYTES: usize = crate::attestation::MAX_ATTESTATION_BYTES + 8 * 1024;

/// What the resident fills in: no documents, the registry decides.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Application {
    pub service: String,
    pub id_number: String,
    pub name: String,
    pub reason: String,
    /// The other person of two-person services (the deceased, the relative), if any.
    #[serde(default)]
    pub related_id_number: Option<String>,
    /// Chosen by the browser per application: submitting twice gives the same answer.
    pub idempotency_key: String,
}

/// `POST /api/v1/cases`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitCase {
    pub application: Application,
    pub attestation: Attestation,
}

/// A refused verification: what to do next, never a score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    pub error: ErrorDetail,
    /// `retry` (with `guidance`) or `refer` (go to a counter: too many attempts).
    pub outcome: String,
    /// A stable guidance code the page turns into plain words.
    pub guidance: String,
}

/// `POST /internal/v1/cases` (edge → core): an application whose liveness the edge verified.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifiedApplication {
    pub application: Application,
    pub session_id: String,
    /// The keyframes the edge re-checked: the core matches them against the registry photo.
    pub keyframes: Vec<Keyframe>,
    pub verified_at_ms: u64,
    /// Whether the client's own verdict agreed with the server's.
    pub client_agreed: bool,
    /// The edge's own verdict on the evidence: how each digit was read and how the voice
    /// followed the mouth, for the reviewing officer.
    pub liveness: Verdict,
}

/// The answer to a submission: where to watch the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAccepted {
    pub case_id: String,
    pub status: String,
}

/// `POST /internal/v1/cases/lookup` (edge → core): the case an application's earlier submission
/// created, for a browser retrying after a lost answer. 404 `case_not_found` if there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseLookup {
    pub idempotency_key: String,
}

/// `POST /internal/v1/precheck` (edge → core): may this person start this service?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precheck {
    pub service: String,
    pub id_number: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// Every error answer of every route: a stable machine code and a message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: String,
    pub message_zh: String,
    pub message_en: String,
}

impl ErrorBody {
    pub fn new(code: &str, message_zh: &str, message_en: &str) -> Self {
        Self { error: ErrorDetail { code: code.into(), message_zh: message_zh.into(), message_en: message_en.into() } }
    }
}
