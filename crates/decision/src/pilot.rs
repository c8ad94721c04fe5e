//! A consented pilot's readings: the submissions residents agreed to give to the evaluation,
//! kept as the edge received them so the lab judges them again with the very flow the edge runs
//! (`wangban-lab readings`), and the BPCER of real residents is measured the day a city tries it.
//!
//! Kept only where the deployment runs a pilot (`PILOT` in both Workers' settings) and only
//! when the application the resident signed says so ([`Application::pilot_consent`]): the core
//! checks both again. Each reading is kept at most [`PILOT_RETENTION_MS`]; every reading kept,
//! labelled and exported is audited. Officers page through them
//! (`GET /api/v1/review/pilot?after=N&limit=M`) and label them (`POST …/pilot/{seq}/label`).
//!
//! [`Application::pilot_consent`]: wangban_attest::api::Application::pilot_consent

use std::cell::RefCell;

use base64::Engine;
use wangban_attest::api::{ExportedReading, PILOT_RETENTION_MS, PilotEntry, PilotPage, PilotReading, SubmitCase};

use crate::DecisionError;
use crate::audit::{AuditLog, AuditRecord, PageQuery};
use crate::id_number::IdNumber;

/// Readings per export page at most: each is a whole submission (up to a megabyte).
pub const PAGE_MAX: u64 = 5;

/// The label of a reading no reviewer has labelled yet.
pub const UNLABELLED: &str = "unlabelled";

/// A kept reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeptReading {
    /// Its place in the store, from 1.
    pub seq: u64,
    /// When the edge received it.
    pub received_at_ms: u64,
    /// `accepted` or the refusal's code.
    pub outcome: String,
    /// The case it created, if any.
    pub case_id: Option<String>,
    /// The reviewer's label, if any.
    pub label: Option<String>,
    /// The body as received, base64.
    pub body: String,
    /// When it is deleted.
    pub expires_at_ms: u64,
}

/// Where the pilot's readings are kept: a D1 table in the core Worker, [`MemoryPilotStore`] in
/// memory.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait PilotStore {
    /// Keeps `reading` (its `seq` is assigned) and returns its seq.
    async fn put(&self, reading: &KeptReading) -> Result<u64, DecisionError>;
    /// At most `limit` readings after `after` that have not expired at `now_ms`, in order.
    async fn page(&self, after: u64, limit: u64, now_ms: u64) -> Result<Vec<KeptReading>, DecisionError>;
    /// Labels the reading `seq`; false if there is none.
    async fn set_label(&self, seq: u64, label: &str) -> Result<bool, DecisionError>;
    /// Deletes every reading expired at `now_ms`.
    async fn delete_expired(&self, now_ms: u64) -> Result<(), DecisionError>;
}

/// The pilot's store in memory.
#[derive(Default)]
pub struct MemoryPilotStore {
    readings: RefCell<Vec<KeptReading>>,
}

impl MemoryPilotStore {
    /// Every reading still held, expired or not.
    pub fn all(&self) -> Vec<KeptReading> {
        self.readings.borrow().clone()
    }
}

impl PilotStore for MemoryPilotStore {
    async fn put(&self, reading: &KeptReading) -> Result<u64, DecisionError> {
        let mut readings = self.readings.borrow_mut();
        let seq = readings.last().map_or(1, |r| r.seq + 1);
        readings.push(KeptReading { seq, ..reading.clone() });
        Ok(seq)
    }

    async fn page(&self, after: u64, limit: u64, now_ms: u64) -> Result<Vec<KeptReading>, DecisionError> {
        let readings = self.readings.borrow();
        let live = readings.iter().filter(|r| r.seq > after && r.expires_at_ms > now_ms);
        Ok(live.take(limit as usize).cloned().collect())
    }

    async fn set_label(&self, seq: u64, label: &str) -> Result<bool, DecisionError> {
        let mut readings = self.readings.borrow_mut();
        let found = readings.iter_mut().find(|r| r.seq == seq);
        Ok(found.map(|r| r.label = Some(label.to_string())).is_some())
    }

    async fn delete_expired(&self, now_ms: u64) -> Result<(), DecisionError> {
        self.readings.borrow_mut().retain(|r| r.expires_at_ms > now_ms);
        Ok(())
    }
}

/// The submission inside a kept body, decoded as the edge decodes it.
fn submission_of(body: &str) -> Result<SubmitCase, DecisionError> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| DecisionError::InvalidPilotReading("the body is not base64"))?;
    SubmitCase::decode(&bytes).map_err(|_| DecisionError::InvalidPilotReading("the body is not a submission"))
}

/// Keeps a reading the edge sends, if a pilot runs (`enabled`) and the resident's signed
/// application consents; deletes what has expired. Audited with the masked identity number.
pub async fn keep(
    store: &impl PilotStore,
    audit: &impl AuditLog,
    enabled: bool,
    reading: &PilotReading,
    now_ms: u64,
) -> Result<u64, DecisionError> {
    store.delete_expired(now_ms).await?;
    if !enabled {
        return Err(DecisionError::PilotOff);
    }
    let submission = submission_of(&reading.body)?;
    if !submission.application.pilot_consent {
        return Err(DecisionError::InvalidPilotReading("the resident did not consent"));
    }
    let outcome = plain(&reading.outcome);
    let case_id = reading.case_id.as_ref().map(|c| c.chars().filter(char::is_ascii_hexdigit).take(64).collect());
    let kept = KeptReading {
        seq: 0,
        received_at_ms: reading.received_at_ms,
        outcome: outcome.clone(),
        case_id,
        label: None,
        body: reading.body.clone(),
        expires_at_ms: now_ms + PILOT_RETENTION_MS,
    };
    let seq = store.put(&kept).await?;
    let subject =
        IdNumber::parse(&submission.application.id_number).map_or_else(|_| "invalid".into(), |id| id.masked());
    let detail = format!("seq={seq} outcome={outcome} service={}", plain(&submission.application.service));
    audit.append(&[AuditRecord::new("core", "pilot_reading_kept", &subject, detail)], now_ms).await?;
    Ok(seq)
}

/// A page of the kept readings for an officer (at most [`PAGE_MAX`], whatever `query.limit`
/// asks), audited: who exported what.
pub async fn export(
    store: &impl PilotStore,
    audit: &impl AuditLog,
    officer: &str,
    query: PageQuery,
    now_ms: u64,
) -> Result<PilotPage, DecisionError> {
    store.delete_expired(now_ms).await?;
    let limit = query.limit.min(PAGE_MAX);
    let rows = store.page(query.after, limit, now_ms).await?;
    let mut entries = Vec::with_capacity(rows.len());
    for r in &rows {
        let submission = serde_json::to_value(submission_of(&r.body)?)
            .map_err(|e| DecisionError::StoreUnavailable(format!("pilot reading {}: {e}", r.seq)))?;
        entries.push(PilotEntry {
            seq: r.seq,
            outcome: r.outcome.clone(),
            case_id: r.case_id.clone(),
            reading: ExportedReading {
                label: r.label.clone().unwrap_or_else(|| UNLABELLED.into()),
                received_at_ms: r.received_at_ms,
                submission,
            },
        });
    }
    let next_after = (rows.len() as u64 == limit).then(|| rows.last().map_or(query.after, |r| r.seq));
    if let (Some(first), Some(last)) = (rows.first(), rows.last()) {
        let detail = format!("readings {}..={} ({})", first.seq, last.seq, rows.len());
        audit.append(&[AuditRecord::new(officer, "pilot_exported", "pilot", detail)], now_ms).await?;
    }
    Ok(PilotPage { entries, next_after })
}

/// An officer's label for a kept reading: `bona_fide` or the attack it was, audited.
pub async fn label(
    store: &impl PilotStore,
    audit: &impl AuditLog,
    officer: &str,
    seq: u64,
    label: &str,
    now_ms: u64,
) -> Result<(), DecisionError> {
    let valid = (1..=32).contains(&label.len()) && label.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    if !valid || label == UNLABELLED {
        return Err(DecisionError::InvalidPilotReading("a label is [a-z_], at most 32 characters"));
    }
    if !store.set_label(seq, label).await? {
        return Err(DecisionError::CaseNotFound);
    }
    let detail = format!("seq={seq} label={label}");
    audit.append(&[AuditRecord::new(officer, "pilot_labelled", "pilot", detail)], now_ms).await
}

fn plain(s: &str) -> String {
    s.chars().filter(|c| c.is_ascii_lowercase() || *c == '_').take(48).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::MemoryAuditLog;
    use crate::testing::{NOW, run};

    /// A structurally valid submission (its signatures are the lab's to judge, not the store's).
    fn body(consent: bool) -> String {
        use wangban_attest::{Challenge, Evidence, Media, SecretKey, Signed, challenge::CHALLENGE_VERSION};
        let key = SecretKey::from_seed(&[3; 32]);
        let challenge = Challenge {
            version: CHALLENGE_VERSION,
            key_id: "dev".into(),
            session_id: "00112233445566778899aabbccddeeff".into(),
            seed: "07".repeat(32),
            service: "household_registration_certificate".into(),
            applicant: wangban_attest::digest::applicant_hash(crate::testing::CHEN_JING),
            client_public_key: key.public().to_hex(),
            require_audio: false,
            model_manifest: "ab".repeat(32),
            issued_at_ms: NOW - 60_000,
            expires_at_ms: NOW + 60_000,
        };
        let mut v = crate::testing::household_certificate();
        v.application.pilot_consent = consent;
        let media = Media { crops: vec![], scenes: vec![] };
        let evidence = Evidence {
            frames: vec![],
            audio: None,
            frame_width: 640,
            frame_height: 480,
            media_chain: media.chain().expect("chain"),
            client_verdict: v.liveness.clone(),
            model_manifest: "ab".repeat(32),
            client_version: "test".into(),
        };
        let signed = Signed {
            challenge: challenge.sign(&key).expect("sign"),
            application: v.application.digest().expect("digest"),
            evidence,
        };
        let attestation = wangban_attest::Attestation::sign(signed, media, &key).expect("sign");
        let body = serde_json::to_vec(&SubmitCase { application: v.application, attestation }).expect("encodes");
        base64::engine::general_purpose::STANDARD.encode(body)
    }

    fn reading(consent: bool) -> PilotReading {
        PilotReading { received_at_ms: NOW - 5, outcome: "liveness_failed".into(), case_id: None, body: body(consent) }
    }

    #[test]
    fn a_consented_reading_is_kept_exported_labelled_and_audited() {
        let (store, audit) = (MemoryPilotStore::default(), MemoryAuditLog::default());
        let seq = run(keep(&store, &audit, true, &reading(true), NOW)).expect("kept");
        assert_eq!(seq, 1);
        run(label(&store, &audit, "officer01", seq, "bona_fide", NOW)).expect("labelled");
        let page = run(export(&store, &audit, "officer01", PageQuery { after: 0, limit: 10 }, NOW)).expect("page");
        assert_eq!(page.entries.len(), 1);
        let e = &page.entries[0];
        assert_eq!((e.outcome.as_str(), e.reading.label.as_str()), ("liveness_failed", "bona_fide"));
        assert_eq!(e.reading.submission["application"]["pilot_consent"], true);
        let actions: Vec<String> = audit.entries().iter().map(|e| e.action.clone()).collect();
        assert_eq!(actions, ["pilot_reading_kept", "pilot_labelled", "pilot_exported"]);
        assert!(audit.entries()[0].subject.contains("********"), "the number masked");
    }

    #[test]
    fn nothing_is_kept_without_a_pilot_or_without_consent_and_nothing_past_retention() {
        let (store, audit) = (MemoryPilotStore::default(), MemoryAuditLog::default());
        let off = run(keep(&store, &audit, false, &reading(true), NOW)).expect_err("no pilot");
        assert_eq!((off.http_status(), off.code()), (403, "pilot_off"));
        let refused = run(keep(&store, &audit, true, &reading(false), NOW)).expect_err("no consent");
        assert_eq!((refused.http_status(), refused.code()), (422, "invalid_pilot_reading"));
        let mut garbage = reading(true);
        garbage.body = "not base64!".into();
        assert!(run(keep(&store, &audit, true, &garbage, NOW)).is_err());
        assert!(store.all().is_empty() && audit.entries().is_empty());

        run(keep(&store, &audit, true, &reading(true), NOW)).expect("kept");
        let later = NOW + PILOT_RETENTION_MS + 1;
        let page = run(export(&store, &audit, "officer01", PageQuery { after: 0, limit: 10 }, later)).expect("page");
        assert!(page.entries.is_empty(), "expired readings are not exported");
        assert!(store.all().is_empty(), "exporting deletes what expired");
        run(keep(&store, &audit, true, &reading(true), NOW)).expect("kept");
        run(keep(&store, &audit, false, &reading(true), later)).expect_err("the pilot ended");
        assert!(store.all().is_empty(), "what expired is deleted after the pilot ends too");
        run(keep(&store, &audit, true, &reading(true), NOW)).expect("kept");
        run(keep(&store, &audit, true, &reading(true), later)).expect("kept");
        assert_eq!(store.all().len(), 1, "keeping deletes what expired");
    }

    #[test]
    fn labels_are_plain_codes_for_readings_that_exist() {
        let (store, audit) = (MemoryPilotStore::default(), MemoryAuditLog::default());
        let seq = run(keep(&store, &audit, true, &reading(true), NOW)).expect("kept");
        for bad in ["", "Bona fide", "<b>", "unlabelled", &"a".repeat(33)] {
            assert!(run(label(&store, &audit, "officer01", seq, bad, NOW)).is_err(), "{bad:?}");
        }
        let missing = run(label(&store, &audit, "officer01", seq + 1, "bona_fide", NOW)).expect_err("none");
        assert_eq!(missing.http_status(), 404);
    }
}
