//! `POST /internal/v1/cases`: a verified application becomes a case.
//!
//! Idempotent: the case id is derived from the application's idempotency key (keyed hash), so a
//! retried intake lands on the same case object, and every write is create-if-absent. The face
//! match happens here, never at the edge: keyframes are embedded, checked against each other
//! (one person throughout) and against the registry photo of the identity number.

use worker::{Env, Response};

use wangban_attest::api::{CaseAccepted, VerifiedApplication};
use wangban_attest::{digest, keyframes};
use wangban_decision::case::{Case, Status};
use wangban_decision::catalogue::Catalogue;
use wangban_decision::synthetic::PLATFORM_CITY;
use wangban_decision::{Decision, DecisionError, FaceMatch, IdNumber, Registry, decide};
use wangban_liveness::verdict::MIN_KEYFRAME_SIMILARITY;
use wangban_vision::Embedding;
use wangban_worker_shared::http::{error, json};
use wangban_worker_shared::models;

use crate::audit::{self, Append};
use crate::case_object::Create;
use crate::registry::D1Registry;
use crate::{cases, certificates, refusal, today};

/// Cosine similarity (thousandths) at or above which a keyframe face matches the registry
/// photo. Measured on the evaluation faces: same person 730–990, different people below 100
/// (`cargo xtask pad` prints the keyframe similarities; `docs/face-match.md`).
pub const FACE_MATCH_MIN: i32 = 450;

pub async fn intake(env: &Env, v: VerifiedApplication) -> worker::Result<Response> {
    let catalogue = Catalogue::builtin();
    let app = &v.application;
    let (service, id) = match (catalogue.service(&app.service), IdNumber::parse(&app.id_number)) {
        (Ok(s), Ok(id)) => (s, id),
        (Err(e), _) | (_, Err(e)) => return refusal(&e),
    };
    let related_id = match (&service.related, app.related_id_number.as_deref()) {
        (Some(_), Some(r)) => match IdNumber::parse(r) {
            Ok(r) => Some(r),
            Err(e) => return refusal(&e),
        },
        _ => None,
    };
    let case_id = cases::case_id(env, &app.idempotency_key)?;
    if let Some(existing) = cases::indexed(env, &case_id).await? {
        return json(200, &CaseAccepted { case_id, status: existing });
    }
    let db = env.d1("REGISTRY")?;
    let registry = D1Registry { db };
    // The face first: a face that is not the registered person's stops here, nothing stored.
    let face = match face_match(env, &registry, &id, &v).await {
        Ok(f) => f,
        Err(resp) => return resp,
    };
    let today = today();
    let facts = match registry.facts(&id, &service.facts, &today).await {
        Ok(f) if f.person.is_some() => f,
        Ok(_) => return refusal(&DecisionError::NotRegistered),
        Err(e) => return refusal(&e),
    };
    let related = match &related_id {
        Some(r) => {
            match registry.facts(r, &service.related.as_ref().map_or_else(Vec::new, |x| x.facts.clone()), &today).await
            {
                Ok(f) => Some(f),
                Err(e) => return refusal(&e),
            }
        }
        None => None,
    };
    let decision = decide(service, &facts, related.as_ref(), face, PLATFORM_CITY, &today);
    let now = worker::Date::now().as_millis();
    let mut case = Case::new(
        case_id.clone(),
        service.code.clone(),
        id.masked(),
        app.name.clone(),
        app.reason.clone(),
        v.verified_at_ms.min(now),
    );
    case.facts_used = serde_json::json!({ "applicant": facts, "related": related });
    case.transition(Status::Verified, now, "system", "liveness verified at the edge, face matched")
        .map_err(internal)?;
    let (status, findings) = match &decision {
        Decision::AutoApproved => (Status::AutoApproved, Vec::new()),
        Decision::NeedsReview { reasons } => (Status::NeedsReview, reasons.clone()),
        Decision::Rejected { reasons } => (Status::Rejected, reasons.clone()),
    };
    case.findings = findings;
    case.transition(status, now, "system", "").map_err(internal)?;
    let reason_codes: Vec<&str> = case.findings.iter().map(|f| f.code.as_str()).collect();
    let kinds: Vec<String> = service.facts.iter().map(|k| format!("{k:?}")).collect();
    let mut entries = vec![
        Append {
            actor: "core".into(),
            action: "registry_read".into(),
            subject: id.masked(),
            detail: format!("case {case_id}: {}", kinds.join(",")),
        },
        Append {
            actor: "core".into(),
            action: "decision".into(),
            subject: case_id.clone(),
            detail: format!("{} {} face={face:?} reasons={}", service.code, status.code(), reason_codes.join(",")),
        },
    ];
    if let Some(r) = &related_id {
        entries.insert(
            1,
            Append {
                actor: "core".into(),
                action: "registry_read".into(),
                subject: r.masked(),
                detail: format!("case {case_id}: related person"),
            },
        );
    }
    let created = cases::create(
        env,
        &case_id,
        &Create { case: case.clone(), keyframes: v.keyframes.clone(), liveness: v.liveness.clone() },
    )
    .await?;
    cases::index(env, &case, &app.idempotency_key, &v.session_id).await?;
    audit::append(env, &entries).await?;
    let mut final_status = created.status;
    if created.status == Status::AutoApproved {
        final_status = certificates::issue(env, &created, service).await?.status;
    }
    json(201, &CaseAccepted { case_id, status: final_status.code().into() })
}

fn internal(e: DecisionError) -> worker::Error {
    worker::Error::RustError(e.to_string())
}

/// Embeds every keyframe, requires one person throughout, and compares with the registry photo.
async fn face_match(
    env: &Env,
    registry: &D1Registry,
    id: &IdNumber,
    v: &VerifiedApplication,
) -> Result<FaceMatch, worker::Result<Response>> {
    let internal =
        |e: String| Err(error(500, "internal_error", "系统内部错误，请稍后再试。", &format!("Internal error: {e}")));
    let embedded = models::with_vision(env, true, |vision| {
        v.keyframes
            .iter()
            .map(|k| {
                let decoded = keyframes::decode(k).map_err(|e| e.to_string())?;
                let face = vision
                    .landmarks_in(&decoded.frame(), keyframes::DecodedKeyframe::crop())
                    .map_err(|e| e.to_string())?
                    .ok_or("no face in keyframe")?;
                vision.embed(&decoded.frame(), &face).map_err(|e| e.to_string())
            })
            .collect::<Result<Vec<Embedding>, String>>()
    })
    .await;
    let embeddings = match embedded {
        Ok(Ok(e)) if !e.is_empty() => e,
        Ok(Ok(_)) => return internal("no keyframes".into()),
        Ok(Err(e)) => return internal(e),
        Err(e) => return internal(e.0),
    };
    let milli = |c: f32| (c * 1000.0).round() as i32;
    let lowest_between = embeddings
        .iter()
        .enumerate()
        .flat_map(|(i, a)| embeddings[i + 1..].iter().map(move |b| milli(a.cosine(b))))
        .min();
    if lowest_between.is_some_and(|s| s < MIN_KEYFRAME_SIMILARITY) {
        return Err(liveness_refusal("face_changed", "stay_in_frame"));
    }
    let on_file = match registry.face_embedding(id).await {
        Ok(Some(e)) => e,
        Ok(None) => return Ok(FaceMatch::NoPhoto),
        Err(e) => return Err(refusal(&e)),
    };
    let Some(photo) = Embedding::from_raw(&on_file) else {
        return Ok(FaceMatch::NoPhoto);
    };
    let best = embeddings.iter().map(|e| milli(e.cosine(&photo))).max().unwrap_or(-1000);
    worker::console_log!("face match {}: {best}", digest::sha256_hex(id.as_str().as_bytes()).get(..8).unwrap_or(""));
    if best >= FACE_MATCH_MIN { Ok(FaceMatch::Match) } else { Err(liveness_refusal("face_mismatch", "go_to_counter")) }
}

/// A refusal of the verification itself: no case, the edge counts it towards the lockout.
fn liveness_refusal(code: &str, guidance: &str) -> worker::Result<Response> {
    let (zh, en) = match code {
        "face_mismatch" => (
            "人脸与登记照片不一致，请携带身份证到窗口办理。",
            "The face does not match the registry photo; please go to a service counter with your identity card.",
        ),
        _ => ("人脸核验未通过。", "The face check did not pass."),
    };
    json(
        422,
        &serde_json::json!({
            "error": { "code": code, "message_zh": zh, "message_en": en },
            "outcome": if code == "face_mismatch" { "refer" } else { "retry" },
            "guidance": guidance,
        }),
    )
}
