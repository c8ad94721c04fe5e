//! Fixtures for the flow tests: a real signed submission whose evidence is the liveness
//! conformance stream, and keyframe re-checks that agree, disagree or are unavailable.

use wangban_attest::api::{Application, SubmitCase};
use wangban_attest::{AttestError, Attestation, Challenge, Evidence, Keyframe, Keyring, SecretKey, Signed, hex};
use wangban_liveness::{FrameObservation, assess, conformance};

use crate::error::BackendError;
use crate::recheck::Recheck;

pub const ISSUED_AT: u64 = 1_000_000;
pub const NOW: u64 = ISSUED_AT + 20_000;
pub const MANIFEST: &str = "manifest-sha256";
pub const ID: &str = "330102199003071249";

pub fn server_key() -> SecretKey {
    SecretKey::from_seed(&[1; 32])
}

pub fn client_key() -> SecretKey {
    SecretKey::from_seed(&[2; 32])
}

pub fn keyring() -> Keyring {
    Keyring::new().with("k1", server_key().public())
}

/// What a test may change before the submission is signed.
pub struct Parts {
    pub challenge: Challenge,
    pub evidence: Evidence,
    pub application: Application,
    /// Signs the evidence with another key than the challenge names.
    pub wrong_client_key: bool,
    /// Signs the challenge with another key than the keyring holds.
    pub wrong_server_key: bool,
}

pub fn parts() -> Parts {
    let (plan, frames, _audio) = conformance::stream();
    let keyframes_ms = vec![1500, 3000];
    let first_at = |t: i32| frames.iter().map(|f| f.t_ms).find(|f| *f >= t).unwrap_or(t);
    let keyframes = keyframes_ms.iter().map(|&t| Keyframe::new(t, first_at(t), b"jpeg")).collect();
    let challenge = Challenge {
        version: 1,
        key_id: "k1".into(),
        session_id: "00112233445566778899aabbccddeeff".into(),
        seed: hex::encode(&[42; 32]),
        service: "household_registration_certificate".into(),
        applicant: wangban_attest::digest::applicant_hash(ID),
        client_public_key: hex::encode(&client_key().public().to_bytes()),
        keyframes_ms,
        // The conformance stream's voice is not synced to its mouth (`av_desync`): judged without it.
        require_audio: false,
        model_manifest: MANIFEST.into(),
        issued_at_ms: ISSUED_AT,
        expires_at_ms: ISSUED_AT + wangban_attest::challenge::CHALLENGE_TTL_MS,
    };
    let client_verdict = assess(&plan, &frames, None, challenge.policy());
    Parts {
        evidence: Evidence {
            frames,
            audio: None,
            keyframes,
            client_verdict,
            model_manifest: MANIFEST.into(),
            client_version: "test".into(),
        },
        application: Application {
            service: challenge.service.clone(),
            id_number: ID.into(),
            name: "王芳".into(),
            reason: "test".into(),
            related_id_number: None,
            idempotency_key: "idem-1".into(),
        },
        challenge,
        wrong_client_key: false,
        wrong_server_key: false,
    }
}

impl Parts {
    pub fn body(self) -> Vec<u8> {
        let server = if self.wrong_server_key { SecretKey::from_seed(&[9; 32]) } else { server_key() };
        let client = if self.wrong_client_key { SecretKey::from_seed(&[8; 32]) } else { client_key() };
        let signed = Signed { challenge: self.challenge.sign(&server).expect("signs"), evidence: self.evidence };
        let attestation = Attestation::sign(signed, &client).expect("signs");
        serde_json::to_vec(&SubmitCase { application: self.application, attestation }).expect("encodes")
    }

    /// The mouth never moves: a still photo's stream.
    pub fn still(mut self) -> Self {
        for f in &mut self.evidence.frames {
            if let Some(face) = &mut f.face {
                (face.opening, face.aperture, face.width, face.roundness) = (45, 0, 1030, 315);
            }
        }
        self
    }
}

pub fn frames_of(body: &[u8]) -> Vec<FrameObservation> {
    let s: SubmitCase = serde_json::from_slice(body).expect("decodes");
    s.attestation.signed.evidence.frames
}

/// A keyframe re-check with a fixed answer.
pub enum Models {
    Agree,
    Disagree,
    Unavailable,
}

impl Recheck for Models {
    async fn recheck(&mut self, _: &Attestation) -> Result<Result<(), AttestError>, BackendError> {
        match self {
            Models::Agree => Ok(Ok(())),
            Models::Disagree => Ok(Err(AttestError::KeyframeMismatch("opening 310 claimed 90".into()))),
            Models::Unavailable => Err(BackendError("models not loaded".into())),
        }
    }
}
