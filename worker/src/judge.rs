//! [`Judge`] with the Worker's copy of the models (loaded once per isolate from the static
//! assets, checked against their manifest).

use worker::Env;

use wangban_attest::{AttestError, Attestation};
use wangban_verify::BackendError;
use wangban_verify::judge::{self, Judge, Rederived};
use wangban_worker_shared::models;

pub struct ModelJudge {
    pub env: Env,
}

impl Judge for ModelJudge {
    async fn rederive(
        &mut self,
        attestation: &Attestation,
        pick: u64,
    ) -> Result<Result<Rederived, AttestError>, BackendError> {
        models::with_vision(&self.env, false, |vision| judge::rederive(vision, attestation, pick))
            .await
            .map_err(|e| BackendError(format!("models: {}", e.0)))
    }
}
