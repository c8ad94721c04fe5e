//! The decision core as the edge sees it (the service binding `CORE` in the Worker).

use std::cell::RefCell;
use std::collections::HashMap;

use wangban_attest::api::{
    CaseAccepted, CaseLookup, EdgeRefusal, ErrorBody, PilotReading, Precheck, ServiceSummary, VerifiedApplication,
};

use crate::error::VerifyError;

/// The core's internal API. Its refusals come back as [`VerifyError::Core`] (status and typed
/// body, passed through to the resident); an unreachable core as [`VerifyError::Backend`].
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Core {
    /// May this person start this service? The service's names if so.
    async fn precheck(&self, body: &Precheck) -> Result<ServiceSummary, VerifyError>;
    /// Creates the case of a verified application (201), or names the one it already created (200).
    async fn intake(&self, application: &VerifiedApplication) -> Result<(u16, CaseAccepted), VerifyError>;
    /// The case an application's earlier submission created, if any.
    async fn lookup(&self, lookup: &CaseLookup) -> Result<Option<CaseAccepted>, VerifyError>;
    /// Records a refused verification in the audit log.
    async fn report(&self, refusal: &EdgeRefusal) -> Result<(), VerifyError>;
    /// Gives a consented reading to the pilot's evaluation (where a pilot runs).
    async fn keep_for_pilot(&self, reading: &PilotReading) -> Result<(), VerifyError>;
}

/// A core in memory for the edge's flow tests: accepts every service, creates a case per
/// idempotency key, and refuses the faces it is told to.
#[derive(Default)]
pub struct MemoryCore {
    cases: RefCell<HashMap<String, CaseAccepted>>,
    /// The refusals reported, in order.
    pub reports: RefCell<Vec<EdgeRefusal>>,
    /// Identity numbers whose face the core refuses (`face_mismatch`).
    pub refuse_faces_of: Vec<String>,
    /// Every case names another person the register does not show related (L8).
    pub unrelated: bool,
    /// The readings given to the pilot, in order.
    pub pilot: RefCell<Vec<PilotReading>>,
}

impl MemoryCore {
    /// A core that refuses the faces of these identity numbers.
    pub fn refusing_faces_of(ids: &[&str]) -> Self {
        MemoryCore { refuse_faces_of: ids.iter().map(|s| s.to_string()).collect(), ..MemoryCore::default() }
    }

    /// A core whose every case names another person the register does not show related.
    pub fn unrelated() -> Self {
        MemoryCore { unrelated: true, ..MemoryCore::default() }
    }

    /// How many cases it created.
    pub fn case_count(&self) -> usize {
        self.cases.borrow().len()
    }
}

impl Core for MemoryCore {
    async fn precheck(&self, body: &Precheck) -> Result<ServiceSummary, VerifyError> {
        Ok(ServiceSummary { code: body.service.clone(), name_zh: body.service.clone(), name_en: body.service.clone() })
    }

    async fn intake(&self, v: &VerifiedApplication) -> Result<(u16, CaseAccepted), VerifyError> {
        if self.refuse_faces_of.contains(&v.application.id_number) {
            let body = ErrorBody::new("face_mismatch", "人脸与登记照片不一致。", "The face does not match.");
            return Err(VerifyError::Core { status: 422, body: serde_json::to_value(body).unwrap_or_default() });
        }
        let key = &v.application.idempotency_key;
        let mut cases = self.cases.borrow_mut();
        if let Some(existing) = cases.get(key) {
            return Ok((200, existing.clone()));
        }
        let accepted = CaseAccepted {
            case_id: wangban_attest::digest::sha256_hex(key.as_bytes())[..32].to_string(),
            status: "auto_approved".into(),
            unconfirmed_relation: self.unrelated,
        };
        cases.insert(key.clone(), accepted.clone());
        Ok((201, accepted))
    }

    async fn lookup(&self, lookup: &CaseLookup) -> Result<Option<CaseAccepted>, VerifyError> {
        Ok(self.cases.borrow().get(&lookup.idempotency_key).cloned())
    }

    async fn report(&self, refusal: &EdgeRefusal) -> Result<(), VerifyError> {
        self.reports.borrow_mut().push(refusal.clone());
        Ok(())
    }

    async fn keep_for_pilot(&self, reading: &PilotReading) -> Result<(), VerifyError> {
        self.pilot.borrow_mut().push(reading.clone());
        Ok(())
    }
}
