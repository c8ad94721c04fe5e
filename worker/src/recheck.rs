//! [`Recheck`] with the Worker's copy of the models (loaded once per isolate from the static
//! assets, checked against their manifest).

use worker::Env;

use wangban_attest::{AttestError, Attestation};
use wangban_verify::{BackendError, Recheck, keyframes};
use wangban_worker_shared::models;

pub struct ModelRecheck {
    pub env: Env,
}

impl Recheck for ModelRecheck {
    async fn recheck(&mut self, attestation: &Attestation) -> Result<Result<(), AttestError>, BackendError> {
        models::with_vision(&self.env, false, |vision| keyframes::recheck(vision, attestation).map(drop))
            .await
            .map_err(|e| BackendError(format!("models: {}", e.0)))
    }
}
