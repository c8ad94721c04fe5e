//! `POST /api/v1/cases`: verify the attestation, re-check the evidence, hand the case to the
//! core. Checks run in this order, each with its own typed refusal, and none of them writes a
//! case: size → decoding → lockout → server signature → binding to the application → expiry →
//! single use → client signature → model manifest → the liveness verdict, recomputed here → the
//! keyframes (the requested instants, then re-analysed here) → the core.
//!
//! A challenge is used once. A browser that resubmits the same application after losing the
//! answer (same idempotency key, the same signed attestation) gets the case that submission
//! created; if none was created, it must verify again.

use worker::{Env, Request, Response};

use wangban_attest::api::{self, CaseAccepted, CaseLookup, ErrorDetail, Refusal, SubmitCase, VerifiedApplication};
use wangban_attest::{AttestError, digest, keyframes};
use wangban_liveness::{Reason, assess};

use crate::http::{ApiError, json, read_json};
use crate::{core, keys, ledger, lockout};
use wangban_worker_shared::models;

pub async fn submit(mut req: Request, env: &Env) -> Result<Response, ApiError> {
    let ip = req.headers().get("cf-connecting-ip").ok().flatten().unwrap_or_else(|| "local".into());
    let body: SubmitCase = read_json(&mut req, api::MAX_CASE_REQUEST_BYTES).await?;
    let subjects = vec![format!("id:{}", digest::applicant_hash(&body.application.id_number)), format!("ip:{ip}")];
    let wait = lockout::retry_after(env, &subjects).await?;
    if wait > 0 {
        return Err(ApiError::LockedOut { retry_after_s: wait });
    }
    match verify(&body, env).await {
        Ok(Checked::Retry) => {
            let lookup = CaseLookup { idempotency_key: body.application.idempotency_key.clone() };
            match core::post::<_, CaseAccepted>(env, "/internal/v1/cases/lookup", &lookup).await {
                Ok((_, accepted)) => Ok(json(200, &accepted)?),
                // The first submission created nothing: the challenge is spent, verify again.
                Err(ApiError::Upstream { status: 404, .. }) => {
                    refused_attestation(env, &subjects, &AttestError::Replayed).await
                }
                Err(e) => Err(e),
            }
        }
        Ok(Checked::Fresh(verified)) => match core::post::<_, CaseAccepted>(env, "/internal/v1/cases", &verified).await
        {
            Ok((status, accepted)) => Ok(json(status, &accepted)?),
            // The core refused the face (another person, or a swap between keyframes).
            Err(ApiError::Upstream { status: 422, body }) => {
                lockout::record_failure(env, &subjects).await?;
                Err(ApiError::Upstream { status: 422, body })
            }
            Err(e) => Err(e),
        },
        Err(Failure::Attest(e)) => refused_attestation(env, &subjects, &e).await,
        Err(Failure::Liveness(reasons)) => {
            let locked = lockout::record_failure(env, &subjects).await?;
            let codes: Vec<String> = reasons.iter().map(Reason::code).collect();
            worker::console_log!("liveness refused: {}", codes.join(","));
            let guidance = guidance(&reasons);
            refusal(
                422,
                "liveness_failed",
                "人脸核验未通过。",
                "The face check did not pass.",
                if locked { "refer" } else { "retry" },
                guidance,
            )
        }
        Err(Failure::Api(e)) => Err(e),
    }
}

async fn refused_attestation(env: &Env, subjects: &[String], e: &AttestError) -> Result<Response, ApiError> {
    let locked = lockout::record_failure(env, subjects).await?;
    worker::console_log!("attestation refused: {} ({e})", e.code());
    let (zh, en) = e.messages();
    refusal(e.http_status(), e.code(), zh, en, if locked { "refer" } else { "retry" }, "start_again")
}

/// What the checks found: a verification to hand to the core, or a retry of one already handed.
enum Checked {
    Fresh(VerifiedApplication),
    Retry,
}

enum Failure {
    Attest(AttestError),
    Liveness(Vec<Reason>),
    Api(ApiError),
}

impl From<AttestError> for Failure {
    fn from(e: AttestError) -> Self {
        Failure::Attest(e)
    }
}

impl From<models::ModelError> for Failure {
    fn from(e: models::ModelError) -> Self {
        Failure::Api(e.into())
    }
}

impl From<ApiError> for Failure {
    fn from(e: ApiError) -> Self {
        Failure::Api(e)
    }
}

async fn verify(body: &SubmitCase, env: &Env) -> Result<Checked, Failure> {
    let attestation = &body.attestation;
    let challenge = attestation.signed.challenge.verify(&keys::keyring(env)?)?;
    if challenge.service != body.application.service
        || challenge.applicant != digest::applicant_hash(&body.application.id_number)
    {
        return Err(AttestError::Malformed("the challenge was issued for another application".into()).into());
    }
    challenge.check_fresh(worker::Date::now().as_millis())?;
    match ledger::consume(env, &challenge.session_id, &body.application.idempotency_key).await? {
        ledger::Use::First => {}
        ledger::Use::SameApplication => {
            // Only the holder of the session key can ask for the answer again.
            attestation.verify_client_signature()?;
            return Ok(Checked::Retry);
        }
        ledger::Use::Replay => {
            worker::console_log!("replayed challenge {}", challenge.session_id);
            return Err(AttestError::Replayed.into());
        }
    }
    let checks_started = performance_now();
    attestation.verify_client_signature()?;
    let evidence = &attestation.signed.evidence;
    if evidence.model_manifest != challenge.model_manifest
        || challenge.model_manifest != models::manifest_sha256(env).await?
    {
        return Err(AttestError::ModelMismatch.into());
    }
    let plan = challenge.plan()?;
    let verdict = assess(&plan, &evidence.frames, evidence.audio.as_ref(), challenge.policy());
    let client_agreed = verdict.passed == evidence.client_verdict.passed;
    if !client_agreed {
        worker::console_log!("client verdict disagrees (client passed: {})", evidence.client_verdict.passed);
    }
    if !verdict.passed {
        return Err(Failure::Liveness(verdict.reasons));
    }
    attestation.check_keyframes_requested()?;
    let checks_ms = performance_now() - checks_started;
    // The models are fetched once per isolate; load them before timing the re-inference.
    models::with_vision(env, false, |_| ()).await?;
    let recheck_started = performance_now();
    models::with_vision(env, false, |vision| keyframes::recheck(vision, attestation).map(drop)).await??;
    worker::console_log!(
        "verification cpu: checks {checks_ms:.1} ms, keyframe re-inference {:.1} ms",
        performance_now() - recheck_started
    );
    Ok(Checked::Fresh(VerifiedApplication {
        application: body.application.clone(),
        session_id: challenge.session_id.clone(),
        keyframes: evidence.keyframes.clone(),
        verified_at_ms: worker::Date::now().as_millis(),
        client_agreed,
        liveness: verdict,
    }))
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// In workerd run locally this clock advances during computation (in production it only
    /// moves on I/O), so the log line above is the CPU the checks cost; deployed, Cloudflare's
    /// CPU-time metrics say the same.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// What the page should tell the resident, from the most telling reason.
fn guidance(reasons: &[Reason]) -> &'static str {
    let has = |r: fn(&Reason) -> bool| reasons.iter().any(r);
    if has(|r| matches!(r, Reason::TwoFaces)) {
        "only_one_person"
    } else if has(|r| matches!(r, Reason::NoFace | Reason::FaceLost | Reason::FaceChanged)) {
        "stay_in_frame"
    } else if has(|r| matches!(r, Reason::FaceTurned)) {
        "face_the_screen"
    } else if has(|r| matches!(r, Reason::TooDark)) {
        "more_light"
    } else if has(|r| matches!(r, Reason::TooFewFrames)) {
        "keep_page_open"
    } else if has(|r| matches!(r, Reason::AudioMissing)) {
        "allow_microphone"
    } else if has(|r| matches!(r, Reason::MouthStill)) {
        "read_aloud"
    } else {
        "read_digits_as_shown"
    }
}

fn refusal(status: u16, code: &str, zh: &str, en: &str, outcome: &str, guidance: &str) -> Result<Response, ApiError> {
    let body = Refusal {
        error: ErrorDetail { code: code.into(), message_zh: zh.into(), message_en: en.into() },
        outcome: outcome.into(),
        guidance: guidance.into(),
    };
    Ok(json(status, &body)?)
}
