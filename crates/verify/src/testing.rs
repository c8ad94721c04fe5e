//! Fixtures for the flow tests: a real signed submission whose evidence is the liveness
//! conformance stream (with stand-in media: the flow tests judge without models), and
//! judgments that see what the client claims, see something else, or are unavailable.

use wangban_attest::api::{Application, SubmitCase};
use wangban_attest::{
    AttestError, Attestation, Challenge, Crop, Evidence, Keyframe, Keyring, Media, Scene, SecretKey, Signed, hex,
};
use wangban_liveness::{FrameObservation, assess, conformance};

use crate::error::BackendError;
use crate::judge::{Judge, Rederived};

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
    /// The media sent; the signed chain is theirs unless [`Parts::unsigned_media`].
    pub media: Media,
    /// Sends media other than the ones the chain signs.
    pub unsigned_media: bool,
    /// Changes the application after signing (someone between browser and edge).
    pub unsigned_application: Option<fn(&mut Application)>,
}

pub fn parts() -> Parts {
    let (plan, all, _audio) = conformance::stream();
    // As the recorder keeps them: the first frame in each 1/12 s.
    let tick = |t: i32| (t * wangban_attest::attestation::CROPS_PER_SECOND).div_euclid(1000);
    let mut frames: Vec<FrameObservation> = Vec::new();
    for f in all {
        if frames.last().is_none_or(|l| tick(f.t_ms) > tick(l.t_ms)) {
            frames.push(f);
        }
    }
    let media = Media {
        crops: frames
            .iter()
            .filter(|f| f.face.is_some())
            .map(|f| Crop::new(f.t_ms, [3200, 2400, 2000, 0], b"jpeg"))
            .collect(),
        scenes: frames.iter().step_by(15).map(|f| Scene::new(f.t_ms, b"scene")).collect(),
    };
    let challenge = Challenge {
        version: wangban_attest::challenge::CHALLENGE_VERSION,
        key_id: "k1".into(),
        session_id: "00112233445566778899aabbccddeeff".into(),
        seed: hex::encode(&[42; 32]),
        service: "household_registration_certificate".into(),
        applicant: wangban_attest::digest::applicant_hash(ID),
        client_public_key: hex::encode(&client_key().public().to_bytes()),
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
            frame_width: 640,
            frame_height: 480,
            media_chain: String::new(),
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
            pilot_consent: false,
        },
        challenge,
        wrong_client_key: false,
        wrong_server_key: false,
        media,
        unsigned_media: false,
        unsigned_application: None,
    }
}

impl Parts {
    pub fn body(mut self) -> Vec<u8> {
        let server = if self.wrong_server_key { SecretKey::from_seed(&[9; 32]) } else { server_key() };
        let client = if self.wrong_client_key { SecretKey::from_seed(&[8; 32]) } else { client_key() };
        self.evidence.media_chain = self.media.chain().expect("in order");
        if self.unsigned_media {
            self.media.crops[0].jpeg = "c3dhcHBlZA==".into();
        }
        let signed = Signed {
            challenge: self.challenge.sign(&server).expect("signs"),
            application: self.application.digest().expect("digest"),
            evidence: self.evidence,
        };
        let attestation = Attestation::sign(signed, self.media, &client).expect("signs");
        let mut application = self.application;
        if let Some(alter) = self.unsigned_application {
            alter(&mut application);
        }
        serde_json::to_vec(&SubmitCase { application, attestation }).expect("encodes")
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

/// A judgment with a fixed view of the pixels.
pub enum Models {
    /// The pixels show what the client claims.
    Agree,
    /// The pixels show this stream.
    Sees(Vec<FrameObservation>),
    /// The models cannot be loaded.
    Unavailable,
}

impl Judge for Models {
    async fn rederive(&mut self, a: &Attestation, _pick: u64) -> Result<Result<Rederived, AttestError>, BackendError> {
        let keyframes = a
            .media
            .crops
            .iter()
            .take(3)
            .map(|c| Keyframe { t_ms: c.t_ms, frame_t_ms: c.t_ms, jpeg: c.jpeg.clone() })
            .collect();
        match self {
            Models::Agree => {
                Ok(Ok(Rederived { frames: a.signed.evidence.frames.clone(), keyframes, playback: Vec::new() }))
            }
            Models::Sees(frames) => Ok(Ok(Rederived { frames: frames.clone(), keyframes, playback: Vec::new() })),
            Models::Unavailable => Err(BackendError("models not loaded".into())),
        }
    }
}
