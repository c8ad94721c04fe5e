//! The server's own look at the pixels the client sent: the models re-run on every keyframe.

use wangban_attest::{AttestError, Attestation};
use wangban_vision::Vision;

use crate::error::BackendError;
use crate::keyframes;

/// Re-analyses an attestation's keyframes with the server's copy of the models.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Recheck {
    /// `Ok(Ok(()))`: the pixels show what the observations claim; `Ok(Err(_))`: they do not
    /// (`evidence_mismatch`); `Err(_)`: the models could not be made ready.
    async fn recheck(&mut self, attestation: &Attestation) -> Result<Result<(), AttestError>, BackendError>;
}

/// The re-check with loaded models: what the edge runs (its shell loads the models from the
/// static assets first) and what the lab evaluates.
pub struct VisionRecheck<'a>(pub &'a mut Vision);

impl Recheck for VisionRecheck<'_> {
    async fn recheck(&mut self, attestation: &Attestation) -> Result<Result<(), AttestError>, BackendError> {
        Ok(keyframes::recheck(self.0, attestation).map(drop))
    }
}
