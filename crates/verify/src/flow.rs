//! `POST /api/v1/cases`: the edge's whole check of a submission, then the hand-off to the core.
//!
//! The checks run in this order, each with its own typed refusal, and none of them writes a
//! case: size → decoding (with the evidence's bounds) → lockout → server signature → binding to
//! the application → expiry → client signature (over the evidence and the application) → single use → model manifest → the media's
//! hash chain → the observations re-derived from the pixels here ([`crate::judge`]) → the
//! client's numbers compared with them → the liveness verdict on the server's own numbers.
//!
//! Every refusal after the lockout check counts one failure against the client address; it
//! counts against the identity number too only once the server's signature has shown that the
//! challenge was issued for that number, so nobody can lock a resident out with forged
//! challenges. The client signature is checked before the challenge is marked used, so a
//! garbage body carrying a leaked challenge does not burn it.
//!
//! A challenge is used once. A browser that resubmits the same application after losing the
//! answer (same idempotency key, the same signed attestation) gets the case that submission
//! created; if none was created, it must verify again.

use wangban_attest::api::{CaseAccepted, CaseLookup, EdgeRefusal, PilotReading, SubmitCase, VerifiedApplication};
use wangban_attest::{AttestError, Keyring, digest};
use wangban_liveness::assess;

use crate::error::{BackendError, VerifyError};
use crate::judge::{Judge, compare};
use crate::ledger::{Ledger, Use};
use crate::lockout::Lockout;
use crate::upstream::Core;

/// One submission as the shell received it.
#[derive(Clone, Copy, Debug)]
pub struct Submission<'a> {
    /// The request body, at most [`wangban_attest::api::MAX_CASE_REQUEST_BYTES`] of it read.
    pub body: &'a [u8],
    /// The client's address (`CF-Connecting-IP`), for the per-address lockout.
    pub client_address: &'a str,
    /// The time, Unix milliseconds.
    pub now_ms: u64,
    /// Server randomness: which crops the face match embeds.
    pub pick: u64,
}

/// What the server holds that the check needs.
#[derive(Clone, Copy)]
pub struct Settings<'a> {
    /// The challenge keys: the current one and those retired less than a challenge ago.
    pub keyring: &'a Keyring,
    /// sha256 of the model manifest this server pins.
    pub model_manifest: &'a str,
    /// A monotonic clock in milliseconds, read only to report what the checks cost.
    pub clock: &'a dyn Fn() -> f64,
    /// A pilot evaluation runs: readings whose residents consented go to it, whatever their
    /// outcome.
    pub pilot: bool,
}

/// What the checks of an accepted submission cost, by the caller's clock.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Timings {
    /// Signatures, manifest, media chain, the comparison and the verdict.
    pub checks_ms: f64,
    /// Re-deriving the observations from the pixels with the models.
    pub judge_ms: f64,
    /// The crops that re-derivation decoded and meshed (its cost grows with them).
    pub crops: usize,
}

/// The lockout subjects of an application: its identity number (hashed) and the address.
pub fn subjects(id_number: &str, client_address: &str) -> [String; 2] {
    [format!("id:{}", digest::applicant_hash(id_number)), format!("ip:{client_address}")]
}

/// A submission that passed every check.
#[derive(Clone, Debug, PartialEq)]
pub enum Verified {
    /// First use of the challenge: the application to hand to the core.
    Fresh(Box<VerifiedApplication>),
    /// The same application again (its answer was lost): ask the core for the case it created.
    Retry(CaseLookup),
}

/// What [`verify`] found, and whom a later refusal (by the core) counts against.
#[derive(Clone, Debug, PartialEq)]
pub struct Checked {
    /// The verified application, or the retry.
    pub verified: Verified,
    /// The lockout subjects of this submission.
    pub subjects: [String; 2],
    /// What the checks cost.
    pub timings: Timings,
}

/// Records one failure for every subject; whether any is now locked.
pub async fn record_failure(lockout: &impl Lockout, subjects: &[String], now_ms: u64) -> Result<bool, BackendError> {
    let mut locked = false;
    for s in subjects {
        locked |= lockout.record_failure(s, now_ms).await? > 0;
    }
    Ok(locked)
}

/// Runs every check of a submission, in the documented order.
pub async fn verify(
    submission: &Submission<'_>,
    settings: &Settings<'_>,
    ledger: &impl Ledger,
    lockout: &impl Lockout,
    judge: &mut impl Judge,
) -> Result<Checked, Refused> {
    let body = SubmitCase::decode(submission.body)?;
    // Checked here too (the core checks it again) so a typo never uses up the challenge.
    body.application.check_text().map_err(VerifyError::InvalidApplication)?;
    let subjects = subjects(&body.application.id_number, submission.client_address);
    let mut wait = 0;
    for s in &subjects {
        wait = wait.max(lockout.retry_after(s, submission.now_ms).await?);
    }
    if wait > 0 {
        return Err(VerifyError::LockedOut { retry_after_s: wait }.into());
    }
    let mut timings = Timings::default();
    let mut bound = false;
    let outcome = checks(&body, submission, settings, ledger, judge, &mut timings, &mut bound).await;
    // Before the binding is proven, the identity number is only the sender's claim.
    let counted = if bound { &subjects[..] } else { &subjects[1..] };
    match outcome {
        Ok(verified) => Ok(Checked { verified, subjects, timings }),
        Err(e @ (VerifyError::Attest { .. } | VerifyError::Liveness { .. })) => {
            let locked = record_failure(lockout, counted, submission.now_ms).await?;
            let refused = e.locking(locked);
            let report = refusal_report(&refused, &body, submission.client_address, bound, locked);
            Err(Refused { error: refused, report: Some(report) })
        }
        Err(other) => Err(other.into()),
    }
}

/// What the audit records of a refusal that counted: the code, and whether only a modified
/// client produces it (everything but an expired challenge and an honest reading that failed).
fn refusal_report(
    error: &VerifyError,
    body: &SubmitCase,
    client_address: &str,
    bound: bool,
    locked: bool,
) -> EdgeRefusal {
    let (reasons, suspected_tampering) = match error {
        VerifyError::Liveness { verdict, .. } => (verdict.reasons.iter().map(|r| format!("{r:?}")).collect(), false),
        VerifyError::Attest { error, .. } => (Vec::new(), !matches!(error, AttestError::ChallengeExpired)),
        _ => (Vec::new(), false),
    };
    EdgeRefusal {
        code: error.code().to_string(),
        reasons,
        service: body.application.service.clone(),
        id_number: bound.then(|| body.application.id_number.clone()),
        client_address: client_address.to_string(),
        suspected_tampering,
        locked,
    }
}

/// A refused submission, and what the audit log records of it (for the refusals that count
/// towards the lockout; the others are the sender's mistakes or our outages).
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    /// The answer's error.
    pub error: VerifyError,
    /// The audit report, if the refusal is one a verification earns.
    pub report: Option<EdgeRefusal>,
}

impl From<VerifyError> for Refused {
    fn from(error: VerifyError) -> Self {
        Refused { error, report: None }
    }
}

impl From<AttestError> for Refused {
    fn from(error: AttestError) -> Self {
        VerifyError::from(error).into()
    }
}

impl From<BackendError> for Refused {
    fn from(error: BackendError) -> Self {
        VerifyError::from(error).into()
    }
}

impl From<Refused> for VerifyError {
    fn from(r: Refused) -> Self {
        r.error
    }
}

async fn checks(
    body: &SubmitCase,
    submission: &Submission<'_>,
    settings: &Settings<'_>,
    ledger: &impl Ledger,
    judge: &mut impl Judge,
    timings: &mut Timings,
    bound: &mut bool,
) -> Result<Verified, VerifyError> {
    let attestation = &body.attestation;
    let application = &body.application;
    let now_ms = submission.now_ms;
    let challenge = attestation.signed.challenge.verify(settings.keyring)?;
    if challenge.service != application.service || challenge.applicant != digest::applicant_hash(&application.id_number)
    {
        return Err(AttestError::Malformed("the challenge was issued for another application".into()).into());
    }
    *bound = true;
    challenge.check_fresh(now_ms)?;
    let started = (settings.clock)();
    // Only the holder of the session key may use the challenge, or ask for the answer again.
    attestation.verify_client_signature()?;
    attestation.check_application(application)?;
    let used_by = digest::sha256_hex(application.idempotency_key.as_bytes());
    match ledger.consume(&challenge.session_id, &used_by, now_ms).await? {
        Use::First => {}
        Use::SameApplication => {
            return Ok(Verified::Retry(CaseLookup { idempotency_key: application.idempotency_key.clone() }));
        }
        Use::Replay => return Err(AttestError::Replayed.into()),
    }
    let evidence = &attestation.signed.evidence;
    if evidence.model_manifest != challenge.model_manifest || challenge.model_manifest != settings.model_manifest {
        return Err(AttestError::ModelMismatch.into());
    }
    attestation.check_media_chain()?;
    let plan = challenge.plan()?;
    timings.checks_ms = (settings.clock)() - started;
    let judge_started = (settings.clock)();
    let rederived = judge.rederive(attestation, submission.pick).await??;
    timings.judge_ms = (settings.clock)() - judge_started;
    timings.crops = attestation.media.crops.len();
    let compare_started = (settings.clock)();
    compare(&evidence.frames, &rederived.frames)?;
    // The verdict on the server's own measurements; the client's are only compared above.
    let verdict = assess(&plan, &rederived.frames, evidence.audio.as_ref(), challenge.policy());
    timings.checks_ms += (settings.clock)() - compare_started;
    let client_agreed = verdict.passed == evidence.client_verdict.passed;
    if !verdict.passed {
        return Err(VerifyError::Liveness { verdict, locked: false });
    }
    Ok(Verified::Fresh(Box::new(VerifiedApplication {
        application: application.clone(),
        session_id: challenge.session_id.clone(),
        keyframes: rederived.keyframes,
        verified_at_ms: now_ms,
        client_agreed,
        liveness: verdict,
        reading: Some(wangban_attest::api::Reading { prompts: plan.prompts, frames: rederived.playback }),
    })))
}

/// The core's refusals of the face, which count towards the lockout like the edge's own.
const FACE_REFUSALS: [&str; 3] = ["face_mismatch", "face_changed", "no_face_in_keyframe"];

/// A submission the core took.
#[derive(Clone, Debug, PartialEq)]
pub struct Submitted {
    /// 201 for a new case, 200 for the case an earlier submission created.
    pub status: u16,
    /// The case.
    pub accepted: CaseAccepted,
    /// What the checks cost (a retry re-checks nothing).
    pub timings: Option<Timings>,
}

/// The whole submission: [`verify`], then the core creates the case (or, for a retry, names
/// the case the first submission created). A face the core refuses counts as a failure too.
/// Where a pilot runs, a reading whose resident consented is given to it with its outcome.
pub async fn submit(
    submission: &Submission<'_>,
    settings: &Settings<'_>,
    ledger: &impl Ledger,
    lockout: &impl Lockout,
    judge: &mut impl Judge,
    core: &impl Core,
) -> Result<Submitted, VerifyError> {
    let result = submit_checked(submission, settings, ledger, lockout, judge, core).await;
    if settings.pilot {
        keep_for_pilot(submission, settings.keyring, &result, core).await;
    }
    result
}

/// Gives the reading to the pilot if the application consents and the consent is the
/// resident's: under a challenge this server issued for that application, signed with its
/// session key (an altered or forged body is never kept). Accepted or refused, since the
/// refused bona fide readings are what the evaluation is for; not a retry (the same reading
/// again) nor what the lockout stopped unjudged. Best effort: the answer does not depend on it.
async fn keep_for_pilot(
    submission: &Submission<'_>,
    keyring: &Keyring,
    result: &Result<Submitted, VerifyError>,
    core: &impl Core,
) {
    use base64::Engine;
    let consented = SubmitCase::decode(submission.body).is_ok_and(|b| {
        let a = &b.attestation;
        b.application.pilot_consent
            && a.signed.challenge.verify(keyring).is_ok_and(|c| {
                c.service == b.application.service && c.applicant == digest::applicant_hash(&b.application.id_number)
            })
            && a.verify_client_signature().is_ok()
            && a.check_application(&b.application).is_ok()
    });
    let (outcome, case_id) = match result {
        Ok(s) if s.status == 201 => ("accepted", Some(s.accepted.case_id.clone())),
        Ok(_) | Err(VerifyError::LockedOut { .. }) => return,
        Err(e) => (e.code(), None),
    };
    if consented {
        let reading = PilotReading {
            received_at_ms: submission.now_ms,
            outcome: outcome.into(),
            case_id,
            body: base64::engine::general_purpose::STANDARD.encode(submission.body),
        };
        core.keep_for_pilot(&reading).await.ok();
    }
}

async fn submit_checked(
    submission: &Submission<'_>,
    settings: &Settings<'_>,
    ledger: &impl Ledger,
    lockout: &impl Lockout,
    judge: &mut impl Judge,
    core: &impl Core,
) -> Result<Submitted, VerifyError> {
    let checked = match verify(submission, settings, ledger, lockout, judge).await {
        Ok(checked) => checked,
        Err(Refused { error, report }) => {
            if let Some(report) = report {
                // The refusal stands whether or not the audit takes it: an outage of the core
                // must not turn a refusal into a 503 (the shell logs a report it could not send).
                core.report(&report).await.ok();
            }
            return Err(error);
        }
    };
    let now_ms = submission.now_ms;
    let timings = checked.timings;
    match checked.verified {
        Verified::Retry(lookup) => match core.lookup(&lookup).await? {
            Some(mut accepted) => {
                accepted.unconfirmed_relation = false;
                Ok(Submitted { status: 200, accepted, timings: None })
            }
            // The first submission created nothing: the challenge is spent, verify again.
            None => {
                let locked = record_failure(lockout, &checked.subjects, now_ms).await?;
                Err(VerifyError::from(AttestError::Replayed).locking(locked))
            }
        },
        Verified::Fresh(application) => match core.intake(&application).await {
            Ok((status, mut accepted)) => {
                // L8: naming someone the register does not show related counts like a refusal
                // (the case exists, for an officer), and the answer does not say so.
                if std::mem::take(&mut accepted.unconfirmed_relation) {
                    record_failure(lockout, &checked.subjects, now_ms).await?;
                }
                Ok(Submitted { status, accepted, timings: Some(timings) })
            }
            // The core refused the face (another person, a swap between keyframes, no face).
            Err(e @ VerifyError::Core { status: 422, .. }) if FACE_REFUSALS.contains(&e.code()) => {
                record_failure(lockout, &checked.subjects, now_ms).await?;
                Err(e)
            }
            Err(e) => Err(e),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lockout::MAX_FAILURES;
    use crate::testing::{ID, MANIFEST, Models, NOW, Parts, keyring, parts};
    use crate::{MemoryCore, MemoryLedger, MemoryLockout, ready};

    /// The backends of one edge, kept across submissions.
    #[derive(Default)]
    struct Edge {
        ledger: MemoryLedger,
        lockout: MemoryLockout,
        core: MemoryCore,
        /// A pilot runs.
        pilot: bool,
    }

    impl Edge {
        fn submit_at(&self, body: &[u8], now_ms: u64, models: Models) -> Result<(u16, CaseAccepted), VerifyError> {
            let keyring = keyring();
            let settings = Settings { keyring: &keyring, model_manifest: MANIFEST, clock: &|| 0.0, pilot: self.pilot };
            let submission = Submission { body, client_address: "192.0.2.7", now_ms, pick: 7 };
            let mut models = models;
            ready(submit(&submission, &settings, &self.ledger, &self.lockout, &mut models, &self.core))
                .expect("in-memory backends never wait")
                .map(|s| (s.status, s.accepted))
        }

        fn submit(&self, body: &[u8]) -> Result<(u16, CaseAccepted), VerifyError> {
            self.submit_at(body, NOW, Models::Agree)
        }

        fn failures(&self) -> u64 {
            // Failures so far for the applicant: probe how many more lock it.
            let lockout = &self.lockout;
            let subject = &subjects(ID, "192.0.2.7")[0];
            ready(lockout.retry_after(subject, NOW)).unwrap().unwrap()
        }
    }

    fn code(r: Result<(u16, CaseAccepted), VerifyError>) -> (u16, String) {
        match r {
            Ok((status, _)) => (status, "ok".into()),
            Err(e) => (e.answer().status, e.code().to_string()),
        }
    }

    #[test]
    fn a_valid_submission_creates_one_case() {
        let edge = Edge::default();
        let (status, accepted) = edge.submit(&parts().body()).expect("accepted");
        assert_eq!(status, 201);
        assert_eq!(accepted.status, "auto_approved");
        assert_eq!(edge.core.case_count(), 1);
    }

    #[test]
    fn a_retry_with_the_same_idempotency_key_gets_the_same_case() {
        let edge = Edge::default();
        let body = parts().body();
        let (_, first) = edge.submit(&body).expect("accepted");
        let (status, again) = edge.submit(&body).expect("the retry is answered");
        assert_eq!((status, &again), (200, &first));
        assert_eq!(edge.core.case_count(), 1, "a retry never creates a second case");
    }

    #[test]
    fn a_retry_after_the_core_created_nothing_must_verify_again() {
        let edge = Edge { core: MemoryCore::refusing_faces_of(&[ID]), ..Edge::default() };
        let body = parts().body();
        assert_eq!(code(edge.submit(&body)), (422, "face_mismatch".into()), "the core's refusal is passed through");
        assert_eq!(code(edge.submit(&body)), (409, "challenge_replayed".into()));
        assert_eq!(edge.core.case_count(), 0);
    }

    #[test]
    fn another_application_on_a_used_challenge_is_a_replay() {
        let edge = Edge::default();
        edge.submit(&parts().body()).expect("accepted");
        let mut p = parts();
        p.application.idempotency_key = "idem-2".into();
        assert_eq!(code(edge.submit(&p.body())), (409, "challenge_replayed".into()));
        assert_eq!(edge.core.case_count(), 1);
    }

    /// Every refusal in the documented order: a submission wrong in every way is refused for
    /// the first check; mending that one shows the next.
    #[test]
    fn refusals_come_in_the_documented_order() {
        type Mend = fn(&mut Parts);
        let broken = || {
            let mut p = parts().still();
            p.wrong_server_key = true;
            p.application.service = "kinship_certificate".into();
            p.challenge.issued_at_ms = 1;
            p.challenge.expires_at_ms = 2;
            p.wrong_client_key = true;
            p.evidence.model_manifest = "other".into();
            p.unsigned_media = true;
            p.unsigned_application = Some(|a| a.reason = "altered on the way".into());
            p
        };
        let mends: [(Mend, (u16, &str)); 9] = [
            (|_| {}, (401, "bad_challenge_signature")),
            (|p| p.wrong_server_key = false, (400, "malformed_request")),
            (|p| p.application.service = p.challenge.service.clone(), (401, "challenge_expired")),
            (
                |p| {
                    p.challenge.issued_at_ms = crate::testing::ISSUED_AT;
                    p.challenge.expires_at_ms = NOW + 1;
                },
                (401, "bad_client_signature"),
            ),
            (|p| p.wrong_client_key = false, (401, "bad_client_signature")),
            (|p| p.unsigned_application = None, (422, "model_mismatch")),
            (|p| p.evidence.model_manifest = MANIFEST.into(), (422, "evidence_mismatch")),
            // The server sees what the claims say, a still mouth, whatever the client's verdict.
            (|p| p.unsigned_media = false, (422, "liveness_failed")),
            (|p| p.evidence.frames = crate::testing::frames_of(&parts().body()), (201, "ok")),
        ];
        for n in 1..=mends.len() {
            let mut p = broken();
            for (mend, _) in &mends[..n] {
                mend(&mut p);
            }
            // A fresh edge each time: the lockout would otherwise stop the sixth.
            let got = code(Edge::default().submit(&p.body()));
            let want = mends[n - 1].1;
            assert_eq!((got.0, got.1.as_str()), want, "after {n} mends");
        }
        let mut p = broken();
        for (mend, _) in &mends {
            mend(&mut p);
        }
        let body = p.body();
        // Moving numbers over pixels of a still mouth: the comparison refuses them.
        let still = crate::testing::frames_of(&parts().still().body());
        assert_eq!(code(Edge::default().submit_at(&body, NOW, Models::Sees(still))), (422, "evidence_mismatch".into()));
    }

    #[test]
    fn the_body_is_bounded_before_anything_else() {
        let edge = Edge::default();
        let huge = vec![b' '; wangban_attest::api::MAX_CASE_REQUEST_BYTES + 1];
        assert_eq!(code(edge.submit(&huge)), (413, "payload_too_large".into()));
        assert_eq!(code(edge.submit(b"{\"application\":")), (400, "malformed_request".into()));
        let mut p = parts();
        let extra = p.media.crops[0].clone();
        p.media.crops = (0..=wangban_attest::attestation::MAX_CROPS as i32)
            .map(|t| wangban_attest::Crop { t_ms: t, ..extra.clone() })
            .collect();
        assert_eq!(code(edge.submit(&p.body())), (400, "malformed_request".into()), "the media's bounds apply");
        assert_eq!(edge.failures(), 0, "an undecodable body names nobody to count against");
    }

    /// A name or reason that is not plain text is refused before the challenge is used or any
    /// failure counted; a line break in the reason is plain text.
    /// The browser deflates the submission (base64 crops inside JSON): the edge inflates it to
    /// the same limit, and a bomb — a small body that inflates without end — stops there.
    #[test]
    fn a_deflated_body_is_the_same_submission_and_a_bomb_stops_at_the_limit() {
        let body = parts().body();
        let deflated = miniz_oxide::deflate::compress_to_vec_zlib(&body, 6);
        assert!(deflated.len() < body.len() * 9 / 10, "{} of {}", deflated.len(), body.len());
        assert_eq!(code(Edge::default().submit(&deflated)), (201, "ok".into()));
        let spaces = vec![b' '; 64 * 1024 * 1024];
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&spaces, 9);
        assert!(bomb.len() < 256 * 1024, "{}", bomb.len());
        assert_eq!(code(Edge::default().submit(&bomb)), (413, "payload_too_large".into()));
        let mut broken = deflated.clone();
        broken.truncate(deflated.len() / 2);
        assert_eq!(code(Edge::default().submit(&broken)), (400, "malformed_request".into()));
    }

    #[test]
    fn a_malformed_name_is_refused_before_the_challenge_is_used() {
        let edge = Edge::default();
        let mut p = parts();
        p.application.name = "<b>王芳</b>".into();
        assert_eq!(code(edge.submit(&p.body())), (422, "invalid_application".into()));
        assert_eq!(edge.failures(), 0);
        let mut p = parts();
        p.application.reason = "购房后落户\n第二行".into();
        assert_eq!(code(edge.submit(&p.body())), (201, "ok".into()), "the same challenge, still unused");
    }

    #[test]
    fn liveness_refusals_say_what_to_do_and_lock_after_five() {
        let edge = Edge::default();
        for n in 1..=MAX_FAILURES {
            let mut p = parts().still();
            p.application.idempotency_key = format!("idem-{n}");
            p.challenge.session_id = format!("{n:032x}");
            let e = edge.submit(&p.body()).expect_err("a still mouth is refused");
            let answer = e.answer();
            assert_eq!(answer.status, 422);
            assert_eq!(answer.body["guidance"], "read_aloud");
            let outcome = if n < MAX_FAILURES { "retry" } else { "refer" };
            assert_eq!(answer.body["outcome"], outcome, "failure {n}");
        }
        let e = edge.submit(&parts().body()).expect_err("locked");
        assert_eq!(e.answer().status, 429);
        assert!(e.answer().retry_after_s.is_some_and(|s| s > 0));
        // The lockout refused before the ledger: the challenge is still unused once it ends.
        let later = NOW + crate::lockout::WINDOW_MS;
        let mut p = parts();
        p.challenge.expires_at_ms = later + 1;
        assert_eq!(code(edge.submit_at(&p.body(), later, Models::Agree)), (201, "ok".into()));
    }

    /// M2: forged challenges naming a resident lock out the sender's address, never the
    /// resident.
    #[test]
    fn forged_challenges_do_not_lock_the_resident_out() {
        let edge = Edge::default();
        for n in 1..=MAX_FAILURES {
            let mut p = parts();
            p.wrong_server_key = true;
            p.application.idempotency_key = format!("forged-{n}");
            assert_eq!(code(edge.submit(&p.body())), (401, "bad_challenge_signature".into()));
        }
        assert_eq!(edge.failures(), 0, "nothing counted against the identity number");
        let keyring = keyring();
        let settings = Settings { keyring: &keyring, model_manifest: MANIFEST, clock: &|| 0.0, pilot: false };
        let body = parts().body();
        let from = |client_address| Submission { body: &body, client_address, now_ms: NOW, pick: 7 };
        let attacker = from("192.0.2.7");
        let locked = ready(submit(&attacker, &settings, &edge.ledger, &edge.lockout, &mut Models::Agree, &edge.core));
        assert!(matches!(locked, Some(Err(VerifyError::LockedOut { .. }))), "the forger's address is locked");
        let resident = from("198.51.100.20");
        let accepted = ready(submit(&resident, &settings, &edge.ledger, &edge.lockout, &mut Models::Agree, &edge.core));
        assert_eq!(accepted.map(|r| r.map(|s| s.status)), Some(Ok(201)), "the resident, from elsewhere, gets through");
    }

    /// L2: a body that carries someone's challenge but not their signature does not use it up.
    #[test]
    fn a_stolen_challenge_without_the_session_key_is_not_burnt() {
        let edge = Edge::default();
        let mut stolen = parts();
        stolen.wrong_client_key = true;
        stolen.application.idempotency_key = "thief".into();
        assert_eq!(code(edge.submit(&stolen.body())), (401, "bad_client_signature".into()));
        assert_eq!(code(edge.submit(&parts().body())), (201, "ok".into()), "the owner's submission still works");
    }

    /// L1: the signature covers the application too. Whoever sits between the browser and the
    /// edge cannot change the name, the reason, the related number or the idempotency key, and
    /// trying does not use the resident's challenge up.
    #[test]
    fn the_client_signature_covers_the_application() {
        type Alter = fn(&mut wangban_attest::api::Application);
        let alters: [Alter; 4] = [
            |a| a.name = "李强".into(),
            |a| a.reason = "另一个理由".into(),
            |a| a.related_id_number = Some("330302198506121355".into()),
            |a| a.idempotency_key = "idem-altered".into(),
        ];
        let edge = Edge::default();
        for (n, alter) in alters.iter().enumerate() {
            let mut p = parts();
            p.unsigned_application = Some(*alter);
            assert_eq!(code(edge.submit(&p.body())), (401, "bad_client_signature".into()), "alteration {n}");
        }
        assert_eq!(edge.core.case_count(), 0);
        assert_eq!(code(edge.submit(&parts().body())), (201, "ok".into()), "the signed application still goes through");
    }

    /// L8: naming someone the register does not show related makes a case for an officer and
    /// counts like a refusal, and the answer is the same as for anyone else.
    #[test]
    fn an_unconfirmed_relation_counts_and_is_not_told() {
        let unrelated = || Edge { core: MemoryCore::unrelated(), ..Edge::default() };
        let edge = unrelated();
        let body = parts().body();
        let (status, accepted) = edge.submit(&body).expect("a case");
        assert_eq!((status, accepted.unconfirmed_relation), (201, false));
        assert!(!serde_json::to_string(&accepted).unwrap().contains("relation"), "the answer does not tell");
        let (status, again) = edge.submit(&body).expect("the retry is answered");
        assert_eq!((status, again.unconfirmed_relation), (200, false));
        // Four failures before it: the unconfirmed relation is the fifth and locks.
        let edge = unrelated();
        let subject = &subjects(ID, "192.0.2.7")[0];
        for _ in 0..MAX_FAILURES - 1 {
            ready(edge.lockout.record_failure(subject, NOW)).unwrap().unwrap();
        }
        assert_eq!(edge.failures(), 0);
        edge.submit(&body).expect("a case");
        assert!(edge.failures() > 0, "the unconfirmed relation counted");
    }

    /// Where a pilot runs, consented readings go to it with their outcome, accepted or refused;
    /// readings without consent, retries and submissions without a pilot do not.
    #[test]
    fn consented_readings_go_to_the_pilot_whatever_their_outcome() {
        let edge = Edge { pilot: true, ..Edge::default() };
        let consenting = |p: &mut Parts| p.application.pilot_consent = true;
        let mut p = parts();
        consenting(&mut p);
        let body = p.body();
        edge.submit(&body).expect("accepted");
        edge.submit(&body).expect("a retry");
        let mut still = parts().still();
        consenting(&mut still);
        still.application.idempotency_key = "idem-still".into();
        still.challenge.session_id = "ffeeddccbbaa99887766554433221100".into();
        assert_eq!(code(edge.submit(&still.body())).1, "liveness_failed");
        let mut silent = parts();
        silent.application.idempotency_key = "idem-silent".into();
        silent.challenge.session_id = "0123456789abcdef0123456789abcdef".into();
        edge.submit(&silent.body()).expect("accepted");
        // Consent added on the way (or a forged body): refused, and nothing is kept.
        let mut forged = parts();
        forged.application.idempotency_key = "idem-forged".into();
        forged.challenge.session_id = "00000000000000000000000000000001".into();
        forged.unsigned_application = Some(|a| a.pilot_consent = true);
        assert_eq!(code(edge.submit(&forged.body())).1, "bad_client_signature");
        let mut foreign = parts();
        consenting(&mut foreign);
        foreign.application.idempotency_key = "idem-foreign".into();
        foreign.wrong_server_key = true;
        assert_eq!(code(edge.submit(&foreign.body())).1, "bad_challenge_signature");
        let kept = edge.core.pilot.borrow();
        let outcomes: Vec<(&str, bool)> = kept.iter().map(|r| (r.outcome.as_str(), r.case_id.is_some())).collect();
        assert_eq!(outcomes, [("accepted", true), ("liveness_failed", false)]);
        use base64::Engine;
        assert_eq!(base64::engine::general_purpose::STANDARD.decode(&kept[0].body).unwrap(), body, "as received");
        drop(kept);

        let no_pilot = Edge::default();
        no_pilot.submit(&body).expect("accepted");
        assert!(no_pilot.core.pilot.borrow().is_empty());
    }

    #[test]
    fn a_model_failure_is_the_servers_and_counts_nothing() {
        let edge = Edge::default();
        let e = edge.submit_at(&parts().body(), NOW, Models::Unavailable).expect_err("models unavailable");
        assert_eq!((e.answer().status, e.code()), (503, "service_unavailable"));
        assert_eq!(edge.failures(), 0);
    }

    /// Supervision sees failed impersonation attempts: every refusal that counts is reported to
    /// the audit, pixels contradicting the claims as suspected tampering, and the identity
    /// number only once the challenge's signature bound it.
    #[test]
    fn refusals_that_count_are_reported_for_the_audit() {
        let edge = Edge::default();
        let mut p = parts();
        p.application.name = "<b>王芳</b>".into();
        assert_eq!(code(edge.submit(&p.body())).1, "invalid_application");
        assert!(edge.core.reports.borrow().is_empty(), "the sender's typo is not an attempt");

        let still = parts().still();
        let service = still.application.service.clone();
        let still = still.body();
        let seen = crate::testing::frames_of(&still);
        assert_eq!(code(edge.submit(&still)).1, "liveness_failed");
        let mut claims = parts();
        claims.application.idempotency_key = "idem-claims".into();
        claims.challenge.session_id = format!("{:032x}", 2);
        assert_eq!(code(edge.submit_at(&claims.body(), NOW, Models::Sees(seen))).1, "evidence_mismatch");
        let mut forged = parts();
        forged.wrong_server_key = true;
        forged.application.idempotency_key = "idem-forged".into();
        assert_eq!(code(edge.submit(&forged.body())).1, "bad_challenge_signature");

        let reports = edge.core.reports.borrow();
        let seen: Vec<_> =
            reports.iter().map(|r| (r.code.as_str(), r.id_number.as_deref(), r.suspected_tampering)).collect();
        assert_eq!(
            seen,
            [
                ("liveness_failed", Some(ID), false),
                ("evidence_mismatch", Some(ID), true),
                ("bad_challenge_signature", None, true),
            ]
        );
        assert!(reports[0].reasons.iter().any(|r| r == "MouthStill"), "{:?}", reports[0].reasons);
        assert!(reports.iter().all(|r| r.client_address == "192.0.2.7" && r.service == service));
    }

    #[test]
    fn a_face_the_core_refuses_counts_towards_the_lockout() {
        let edge = Edge { core: MemoryCore::refusing_faces_of(&[ID]), ..Edge::default() };
        for n in 1..=MAX_FAILURES {
            let mut p = parts();
            p.application.idempotency_key = format!("idem-{n}");
            p.challenge.session_id = format!("{n:032x}");
            assert_eq!(code(edge.submit(&p.body())).1, "face_mismatch");
        }
        assert!(edge.failures() > 0, "five refused faces lock the identity number");
    }
}
