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
    /// The challenge's session id (16 random bytes, hex).
    pub session_id: String,
    /// The service applied for.
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
    /// Catalogue code of the service applied for.
    pub service: String,
    /// The applicant's identity number (GB 11643).
    pub id_number: String,
    /// The applicant's name, as typed.
    pub name: String,
    /// The applicant's reason for applying (申请理由), free text.
    pub reason: String,
    /// The other person of two-person services (the deceased, the relative), if any.
    #[serde(default)]
    pub related_id_number: Option<String>,
    /// Chosen by the browser per application: submitting twice gives the same answer.
    pub idempotency_key: String,
    /// The resident agreed to give this reading to the deployment's pilot evaluation (kept at
    /// most [`PILOT_RETENTION_MS`], only where a pilot runs). Absent when false, so the
    /// application's digest is what it was without the field.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pilot_consent: bool,
}

/// How long a pilot keeps a consented reading: 90 days.
pub const PILOT_RETENTION_MS: u64 = 90 * 86_400_000;

/// `POST /internal/v1/pilot` (edge → core): a submission whose resident agreed to give it to
/// the pilot's evaluation, accepted or refused, for the core to keep where a pilot runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PilotReading {
    /// When the edge received it, Unix milliseconds.
    pub received_at_ms: u64,
    /// `accepted`, or the code the edge or the core refused it with.
    pub outcome: String,
    /// The case it created, if any.
    pub case_id: Option<String>,
    /// The `POST /api/v1/cases` body as received (JSON or zlib), base64.
    pub body: String,
}

/// A kept reading as `GET /api/v1/review/pilot` exports it: what `wangban-lab readings`
/// judges again.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportedReading {
    /// The reviewer's label (`bona_fide`, or the attack it was), `unlabelled` until given.
    pub label: String,
    /// When the edge received it, Unix milliseconds (the challenge's expiry is checked against it).
    pub received_at_ms: u64,
    /// The `POST /api/v1/cases` body, inflated.
    pub submission: serde_json::Value,
}

/// One entry of `GET /api/v1/review/pilot`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PilotEntry {
    /// Its place in the pilot's store (page with `after`).
    pub seq: u64,
    /// What the deployment answered: `accepted` or the refusal's code.
    pub outcome: String,
    /// The case it created, if any.
    pub case_id: Option<String>,
    /// The reading.
    pub reading: ExportedReading,
}

/// A page of the pilot's readings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PilotPage {
    /// Readings in the order they were kept.
    pub entries: Vec<PilotEntry>,
    /// The `after` of the next page, if there is more.
    pub next_after: Option<u64>,
}

/// `POST /api/v1/review/pilot/{seq}/label`: a reviewer's label for a kept reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PilotLabel {
    /// `bona_fide` or the attack (`[a-z_]`, at most 32 characters).
    pub label: String,
}

/// `POST /api/v1/cases`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmitCase {
    /// What the resident applies for.
    pub application: Application,
    /// The signed liveness evidence, answering the session's challenge.
    pub attestation: Attestation,
}

/// The longest name an application may carry, in characters.
pub const MAX_NAME_CHARS: usize = 32;
/// The longest reason an application may carry, in characters.
pub const MAX_REASON_CHARS: usize = 200;

impl Application {
    /// sha256 of the application's canonical JSON, hex: what the client's signature covers
    /// ([`crate::Signed::application`]).
    pub fn digest(&self) -> Result<String, crate::AttestError> {
        Ok(crate::digest::sha256_hex(&crate::canonical::to_vec(self)?))
    }

    /// A name is letters (any script), the middle dot of minority names, spaces, hyphens and
    /// apostrophes; a reason is plain text (line breaks allowed). Both bounded. `Err` names the
    /// field at fault.
    pub fn check_text(&self) -> Result<(), &'static str> {
        let name = self.name.trim();
        let name_ok = (1..=MAX_NAME_CHARS).contains(&name.chars().count())
            && name.chars().all(|c| c.is_alphabetic() || matches!(c, '·' | '•' | ' ' | '-' | '\'' | '’'));
        if !name_ok {
            return Err("name");
        }
        let reason = self.reason.trim();
        let plain = |c: char| !c.is_control() || matches!(c, '\n' | '\r' | '\t');
        if reason.chars().count() > MAX_REASON_CHARS || !reason.chars().all(plain) {
            return Err("reason");
        }
        Ok(())
    }
}

impl SubmitCase {
    /// Size limit, strict JSON, then the attestation's structural bounds: the same decoding as
    /// [`Attestation::decode`], which the fuzzer exercises.
    ///
    /// The body is JSON, or that JSON deflated (zlib, RFC 1950: what the browser's
    /// `CompressionStream("deflate")` makes), which is inflated to at most the same limit: a
    /// small body that inflates to gigabytes stops at the limit.
    pub fn decode(body: &[u8]) -> Result<SubmitCase, crate::AttestError> {
        if body.len() > MAX_CASE_REQUEST_BYTES {
            return Err(crate::AttestError::TooLarge);
        }
        let inflated;
        let body =
            if is_zlib(body) {
                inflated = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(body, MAX_CASE_REQUEST_BYTES)
                    .map_err(|e| match e.status {
                        miniz_oxide::inflate::TINFLStatus::HasMoreOutput => crate::AttestError::TooLarge,
                        _ => crate::AttestError::Malformed(format!("not a zlib stream: {:?}", e.status)),
                    })?;
                &inflated[..]
            } else {
                body
            };
        let s: SubmitCase = serde_json::from_slice(body).map_err(|e| crate::AttestError::Malformed(e.to_string()))?;
        s.attestation.check_bounds()?;
        Ok(s)
    }
}

/// A zlib header (RFC 1950 §2.2): deflate, a window of at most 32 KiB, the check bits right. JSON
/// starts with `{` or whitespace, never with this.
fn is_zlib(body: &[u8]) -> bool {
    matches!(body, [cmf, flg, ..] if cmf & 0x0f == 8 && cmf >> 4 <= 7 && (u16::from(*cmf) << 8 | u16::from(*flg)) % 31 == 0)
}

/// The one vocabulary of what a refused resident is told to do, whoever refuses (the edge's
/// checks, the core's face match). On the wire it is the snake-case code; the page shows its
/// `r_<code>` text (`www/i18n.js`, both languages).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guidance {
    /// Start the verification again (the challenge is spent or the data was not valid).
    StartAgain,
    /// Someone else was in view.
    OnlyOnePerson,
    /// The face left the picture, or changed.
    StayInFrame,
    /// The face was turned away.
    FaceTheScreen,
    /// Too dark to see the mouth.
    MoreLight,
    /// The page was left or too few frames came.
    KeepPageOpen,
    /// No voice: the microphone is needed.
    AllowMicrophone,
    /// No reading seen: read the digits aloud.
    ReadAloud,
    /// The digits read did not match, or came late.
    ReadDigitsAsShown,
    /// Not the registered person, or too many attempts: a service counter decides.
    GoToCounter,
}

impl Guidance {
    /// Every code.
    pub const ALL: [Guidance; 10] = [
        Guidance::StartAgain,
        Guidance::OnlyOnePerson,
        Guidance::StayInFrame,
        Guidance::FaceTheScreen,
        Guidance::MoreLight,
        Guidance::KeepPageOpen,
        Guidance::AllowMicrophone,
        Guidance::ReadAloud,
        Guidance::ReadDigitsAsShown,
        Guidance::GoToCounter,
    ];

    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            Guidance::StartAgain => "start_again",
            Guidance::OnlyOnePerson => "only_one_person",
            Guidance::StayInFrame => "stay_in_frame",
            Guidance::FaceTheScreen => "face_the_screen",
            Guidance::MoreLight => "more_light",
            Guidance::KeepPageOpen => "keep_page_open",
            Guidance::AllowMicrophone => "allow_microphone",
            Guidance::ReadAloud => "read_aloud",
            Guidance::ReadDigitsAsShown => "read_digits_as_shown",
            Guidance::GoToCounter => "go_to_counter",
        }
    }
}

/// A refused verification: what to do next, never a score.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Refusal {
    /// The machine code and the message in both languages.
    pub error: ErrorDetail,
    /// `retry` (with `guidance`) or `refer` (go to a counter: too many attempts).
    pub outcome: String,
    /// What the resident should do; the page turns it into plain words.
    pub guidance: Guidance,
}

/// `POST /internal/v1/cases` (edge → core): an application whose liveness the edge verified.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VerifiedApplication {
    /// The resident's application, as submitted.
    pub application: Application,
    /// The challenge session the liveness evidence answered.
    pub session_id: String,
    /// The keyframes the edge re-checked: the core matches them against the registry photo.
    pub keyframes: Vec<Keyframe>,
    /// When the edge verified the evidence, Unix milliseconds.
    pub verified_at_ms: u64,
    /// Whether the client's own verdict agreed with the server's.
    pub client_agreed: bool,
    /// The edge's own verdict on the evidence: how each digit was read and how the voice
    /// followed the mouth, for the reviewing officer.
    pub liveness: Verdict,
    /// The reading for the officer's playback: the digits' schedule and a sample of the crops
    /// the edge judged (kept only until the evidence is deleted).
    #[serde(default)]
    pub reading: Option<Reading>,
}

/// `POST /internal/v1/refusals` (edge → core): a verification the edge refused, for the audit
/// log. Failed impersonation attempts are what supervision needs to see, so every refusal that
/// counts towards the lockout is reported; the answer to the resident never waits on it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EdgeRefusal {
    /// The refusal's machine code (`evidence_mismatch`, `liveness_failed`, …).
    pub code: String,
    /// The liveness reasons, for `liveness_failed`.
    #[serde(default)]
    pub reasons: Vec<String>,
    /// The service applied for (as the sender claimed it).
    pub service: String,
    /// The identity number, only once the server's signature showed the challenge was issued
    /// for it; before that it is only the sender's claim and is not recorded as the subject.
    #[serde(default)]
    pub id_number: Option<String>,
    /// The sender's address (`CF-Connecting-IP`).
    pub client_address: String,
    /// A refusal only a modified client produces: the media or signatures contradict the
    /// claims (the pixels disagree with the numbers, a replayed or re-signed challenge).
    pub suspected_tampering: bool,
    /// Whether this failure locked the identity number or the address.
    pub locked: bool,
}

/// A recorded reading as an officer plays it back.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reading {
    /// The digits and when each was on screen.
    pub prompts: Vec<wangban_liveness::Prompt>,
    /// Crops of the reading in time order (`t_ms` on the challenge clock).
    pub frames: Vec<Keyframe>,
}

/// The answer to a submission: where to watch the case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseAccepted {
    /// The case created (or found again) for the application.
    pub case_id: String,
    /// The case's status code (`needs_review`, `issued`, …).
    pub status: String,
    /// Core → edge only: the register does not show the applicant related to the other person
    /// they named, which counts towards the lockout like a refusal (L8). The edge never
    /// forwards it: the resident's answer is the same whoever the other person is.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub unconfirmed_relation: bool,
}

/// `POST /internal/v1/cases/lookup` (edge → core): the case an application's earlier submission
/// created, for a browser retrying after a lost answer. 404 `case_not_found` if there is none.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseLookup {
    /// The [`Application::idempotency_key`] of the earlier submission.
    pub idempotency_key: String,
}

/// `POST /internal/v1/precheck` (edge → core): may this person start this service?
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precheck {
    /// Catalogue code of the service.
    pub service: String,
    /// The applicant's identity number (GB 11643).
    pub id_number: String,
}

/// A service's code and names: the answer to [`Precheck`], shown with the challenge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceSummary {
    /// Catalogue code.
    pub code: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
}

/// Every error answer of every route: a stable machine code and a message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// The machine code and the message in both languages.
    pub error: ErrorDetail,
}

/// A stable machine code with its message in both languages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable machine code (`unknown_service`, `challenge_expired`, …).
    pub code: String,
    /// The message in Chinese.
    pub message_zh: String,
    /// The message in English.
    pub message_en: String,
}

impl ErrorBody {
    /// An error body with this code and these messages.
    pub fn new(code: &str, message_zh: &str, message_en: &str) -> Self {
        Self { error: ErrorDetail { code: code.into(), message_zh: message_zh.into(), message_en: message_en.into() } }
    }
}

/// `GET /api/v1/cases/{id}`: what the resident sees of their case.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResidentCase {
    /// The case's id.
    pub case_id: String,
    /// Catalogue code of the service.
    pub service: String,
    /// The service's Chinese name (`None` if the code is no longer in the catalogue).
    pub service_zh: Option<String>,
    /// The service's English name (`None` if the code is no longer in the catalogue).
    pub service_en: Option<String>,
    /// Statutory processing time in working days.
    pub days: Option<u32>,
    /// The status code (`issued`, `needs_review`, …).
    pub status: String,
    /// The reasons of the decision, in plain words.
    pub reasons: Vec<ResidentReason>,
    /// Every status the case reached, oldest first.
    pub history: Vec<ResidentStep>,
    /// The certificate token, once issued.
    pub certificate: Option<String>,
    /// While held: when the approval takes effect, Unix milliseconds.
    #[serde(default)]
    pub hold_until_ms: Option<u64>,
}

/// A reason as the resident reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentReason {
    /// The finding's stable code (a rule's id, or e.g. `face_mismatch`).
    pub code: String,
    /// The reason in Chinese.
    pub zh: String,
    /// The reason in English.
    pub en: String,
}

/// A step of a case's history: the status it reached, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResidentStep {
    /// The status code reached.
    pub status: String,
    /// When, Unix milliseconds.
    pub at_ms: u64,
}

/// A status change pushed over a case's WebSocket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseUpdate {
    /// The case's status code now.
    pub status: String,
    /// When the case reached it, Unix milliseconds (absent in the greeting sent on connecting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_ms: Option<u64>,
}

/// `GET /api/v1/services`: the catalogue for the resident app.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Services {
    /// Every service of the catalogue, in catalogue order.
    pub services: Vec<ServiceInfo>,
    /// A pilot evaluation runs: the page offers residents to give their reading to it.
    #[serde(default)]
    pub pilot: bool,
}

/// One service of the catalogue: names, what it needs, how long an officer may take.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceInfo {
    /// Catalogue code.
    pub code: String,
    /// `household` (户籍类) or `certificate` (证明类).
    pub category: String,
    /// Name in Chinese.
    pub name_zh: String,
    /// Name in English.
    pub name_en: String,
    /// Statutory processing time in working days when an officer has to decide.
    pub days: u32,
    /// Whether the data can approve it without an officer.
    pub auto: bool,
    /// `record_change` or `certificate`.
    pub output: String,
    /// What the resident provides and where the data comes from, in Chinese.
    pub needs_zh: String,
    /// The same in English.
    pub needs_en: String,
    /// The other person of two-person services, if any.
    pub related: Option<RelatedLabel>,
}

/// How the page asks for the other person of a two-person service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedLabel {
    /// The field's label in Chinese.
    pub label_zh: String,
    /// The field's label in English.
    pub label_en: String,
}

/// `POST /api/v1/certificates/verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyCertificate {
    /// The certificate token ([`crate::certificate::SignedCertificate::to_token`]).
    pub token: String,
}

/// The answer to [`VerifyCertificate`] for a genuine signature.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateCheck {
    /// Signed by this authority and for a service it offers.
    pub valid: bool,
    /// What the certificate states.
    pub certificate: crate::certificate::Certificate,
}

/// `GET /api/v1/certificates/keys`: the keys anyone may verify certificates with offline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateKeys {
    /// The issuing authority named on certificates.
    pub issuer: String,
    /// The keys certificates may be signed with.
    pub keys: Vec<CertificateKey>,
}

/// A certificate key: its id and Ed25519 public key, hex.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateKey {
    /// The id a certificate names in its `key_id`.
    pub key_id: String,
    /// The Ed25519 public key, hex.
    pub ed25519: String,
}

/// `POST /api/v1/review/login`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficerLogin {
    /// The officer's account name.
    pub username: String,
    /// The officer's password.
    pub password: String,
}

/// Who is signed in (`GET /api/v1/review/me`, and the answer to a sign-in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Officer {
    /// The officer's account name.
    pub username: String,
    /// The officer's display name (only in the answer to a sign-in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
}

/// `POST /api/v1/review/logout`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedOut {
    /// Always `true`: the session cookie was cleared.
    pub signed_out: bool,
}

/// `POST /api/v1/review/cases/{id}/decision`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDecision {
    /// `true` approves the case, `false` rejects it.
    pub approve: bool,
    /// The officer's reason (审核意见), required.
    pub reason: String,
    /// What an approved certificate states where the facts would say otherwise, chosen
    /// explicitly: only `no_record_found`, on a no-criminal-record case with records on file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statement: Option<String>,
}

/// `GET /api/v1/review/queue`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    /// The cases to show, awaiting review first, then newest first.
    pub cases: Vec<QueueItem>,
}

/// A case in the officers' queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    /// The case's id.
    pub case_id: String,
    /// Catalogue code of the service.
    pub service: String,
    /// The case's status code.
    pub status: String,
    /// The masked identity number.
    pub applicant: String,
    /// When the case was created, Unix milliseconds.
    pub created_at_ms: u64,
    /// The service's Chinese name (`None` if the code is not in the catalogue).
    pub service_zh: Option<String>,
    /// The service's English name (`None` if the code is not in the catalogue).
    pub service_en: Option<String>,
}

/// `GET /api/v1/review/stats`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    /// How many cases have each status.
    pub by_status: Vec<StatusCount>,
}

/// How many cases have a status.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusCount {
    /// The status code.
    pub status: String,
    /// The number of cases with it.
    pub n: f64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_words_for_every_guidance_in_both_languages() {
        let i18n = include_str!("../../../www/i18n.js");
        for g in Guidance::ALL {
            let key = format!("r_{}:", g.code());
            assert_eq!(i18n.matches(&key).count(), 2, "{key} in zh and en");
            let json = serde_json::to_string(&g).expect("encodes");
            assert_eq!(json, format!("\"{}\"", g.code()), "the wire code is the code");
        }
    }
}
