//! The backends the core's flows run over, as one bundle: the Worker's (Durable Objects, D1,
//! the face models, the signing key) or [`MemoryBackends`] (tests, the lab).

use wangban_attest::SecretKey;
use wangban_attest::certificate::{Certificate, SignedCertificate};

use crate::audit::{AuditLog, MemoryAuditLog};
use crate::error::DecisionError;
use crate::face::{Faces, MemoryFaces};
use crate::faults::Faults;
use crate::registry::{MemoryRegistry, Registry};
use crate::store::{CaseStore, MemoryCaseStore};

/// Signs certificates and completion notices.
pub trait Signer {
    /// The id of the key that signs, printed in every certificate.
    fn key_id(&self) -> String;
    /// Signs `certificate`.
    fn sign(&self, certificate: Certificate) -> Result<SignedCertificate, DecisionError>;
}

/// An Ed25519 key that signs: what the core Worker holds (`CERT_SIGNING_KEY`).
pub struct KeySigner {
    /// The key's id.
    pub key_id: String,
    /// The signing key.
    pub secret: SecretKey,
    /// Injected failures (`sign`).
    pub faults: Faults,
}

impl KeySigner {
    /// A signer with this key.
    pub fn new(key_id: &str, secret: SecretKey) -> Self {
        KeySigner { key_id: key_id.into(), secret, faults: Faults::default() }
    }
}

impl Signer for KeySigner {
    fn key_id(&self) -> String {
        self.key_id.clone()
    }

    fn sign(&self, certificate: Certificate) -> Result<SignedCertificate, DecisionError> {
        self.faults.check("sign").map_err(DecisionError::Signing)?;
        certificate.sign(&self.secret).map_err(|e| DecisionError::Signing(e.to_string()))
    }
}

/// Everything a core flow reads and writes through.
pub trait Backends {
    /// Cases and their index.
    type Store: CaseStore;
    /// The audit log.
    type Audit: AuditLog;
    /// The registry.
    type Registry: Registry;
    /// The face models.
    type Faces: Faces;
    /// The certificate key.
    type Signer: Signer;
    /// Cases and their index.
    fn store(&self) -> &Self::Store;
    /// The audit log.
    fn audit(&self) -> &Self::Audit;
    /// The registry.
    fn registry(&self) -> &Self::Registry;
    /// The face models.
    fn faces(&self) -> &Self::Faces;
    /// The certificate key.
    fn signer(&self) -> &Self::Signer;
    /// The secret case ids are derived with.
    fn case_secret(&self) -> &str;
}

/// All backends in memory.
pub struct MemoryBackends {
    /// Cases and their index.
    pub store: MemoryCaseStore,
    /// The audit log.
    pub audit: MemoryAuditLog,
    /// The registry.
    pub registry: MemoryRegistry,
    /// Embeddings by keyframe.
    pub faces: MemoryFaces,
    /// The certificate key.
    pub signer: KeySigner,
    /// The secret case ids are derived with.
    pub case_secret: String,
}

impl MemoryBackends {
    /// Memory backends over `registry`, signing with a fixed test key.
    pub fn new(registry: MemoryRegistry) -> Self {
        MemoryBackends {
            store: MemoryCaseStore::default(),
            audit: MemoryAuditLog::default(),
            registry,
            faces: MemoryFaces::default(),
            signer: KeySigner::new("cert-test", SecretKey::from_seed(&[7; 32])),
            case_secret: "case-secret".into(),
        }
    }
}

impl Backends for MemoryBackends {
    type Store = MemoryCaseStore;
    type Audit = MemoryAuditLog;
    type Registry = MemoryRegistry;
    type Faces = MemoryFaces;
    type Signer = KeySigner;

    fn store(&self) -> &MemoryCaseStore {
        &self.store
    }
    fn audit(&self) -> &MemoryAuditLog {
        &self.audit
    }
    fn registry(&self) -> &MemoryRegistry {
        &self.registry
    }
    fn faces(&self) -> &MemoryFaces {
        &self.faces
    }
    fn signer(&self) -> &KeySigner {
        &self.signer
    }
    fn case_secret(&self) -> &str {
        &self.case_secret
    }
}
