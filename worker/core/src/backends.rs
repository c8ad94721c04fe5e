//! The core's backends over the runtime: case objects and the D1 index, the audit object, the
//! D1 registry, the face models from the static assets, the certificate key.

use worker::Env;

use wangban_attest::Keyframe;
use wangban_decision::DecisionError;
use wangban_decision::backends::{Backends, KeySigner};
use wangban_decision::face::Faces;
use wangban_decision::store::CaseStore;
use wangban_verify::media;
use wangban_worker_shared::models;

use crate::audit::DoAuditLog;
use crate::cases::DoCaseStore;
use crate::error::CoreError;
use crate::registry::D1Registry;
use crate::secrets;

/// The face models, loaded once per isolate.
pub struct ModelFaces {
    env: Env,
}

impl Faces for ModelFaces {
    async fn embed(&self, frames: &[Keyframe]) -> Result<Vec<Vec<f32>>, DecisionError> {
        let embedded = models::with_vision(&self.env, true, |vision| {
            let started = wangban_worker_shared::cpu_ms();
            let embedded = frames
                .iter()
                .map(|k| match media::embed(vision, k) {
                    Ok(Some(embedding)) => Ok(embedding),
                    Ok(None) | Err(_) => Err(DecisionError::NoFaceInKeyframe),
                })
                .collect::<Result<Vec<_>, DecisionError>>();
            // `cargo xtask bench submissions` reads this line (the edge logs its own).
            worker::console_log!(
                "core cpu: {} crops embedded in {:.1} ms",
                frames.len(),
                wangban_worker_shared::cpu_ms() - started
            );
            embedded
        })
        .await;
        embedded.map_err(|e| DecisionError::FacesUnavailable(e.0))?
    }
}

/// Every backend of the core Worker, over store `S` (the case objects from the Worker, or a
/// case object's own storage in its alarm).
pub struct CoreBackends<S> {
    store: S,
    audit: DoAuditLog,
    registry: D1Registry,
    faces: ModelFaces,
    signer: KeySigner,
    case_secret: String,
}

impl CoreBackends<DoCaseStore> {
    /// The backends a request of the Worker uses.
    pub fn new(env: &Env) -> Result<Self, CoreError> {
        Self::with_store(env, DoCaseStore { env: env.clone() })
    }
}

impl<S: CaseStore> CoreBackends<S> {
    /// The backends over another case store.
    pub fn with_store(env: &Env, store: S) -> Result<Self, CoreError> {
        let key = secrets::certificate_key(env)?;
        Ok(CoreBackends {
            store,
            audit: DoAuditLog { env: env.clone() },
            registry: D1Registry { db: env.d1("REGISTRY")? },
            faces: ModelFaces { env: env.clone() },
            signer: KeySigner::new(&key.key_id, key.secret),
            case_secret: secrets::core_secret(env)?,
        })
    }
}

impl<S: CaseStore> Backends for CoreBackends<S> {
    type Store = S;
    type Audit = DoAuditLog;
    type Registry = D1Registry;
    type Faces = ModelFaces;
    type Signer = KeySigner;

    fn store(&self) -> &S {
        &self.store
    }
    fn audit(&self) -> &DoAuditLog {
        &self.audit
    }
    fn registry(&self) -> &D1Registry {
        &self.registry
    }
    fn faces(&self) -> &ModelFaces {
        &self.faces
    }
    fn signer(&self) -> &KeySigner {
        &self.signer
    }
    fn case_secret(&self) -> &str {
        &self.case_secret
    }
}
