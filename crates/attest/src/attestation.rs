//! The attestation: the client's evidence, signed with its per-session key, wrapped around the
//! server's challenge.

use base64::Engine;
use serde::{Deserialize, Serialize};

use wangban_liveness::{AudioEnvelope, FrameObservation, Verdict};

use crate::canonical;
use crate::challenge::SignedChallenge;
use crate::error::AttestError;
use crate::hex;
use crate::keys::SecretKey;

/// Largest attestation body the edge reads (observations, envelope, two small JPEG crops).
pub const MAX_ATTESTATION_BYTES: usize = 512 * 1024;
/// Bounds on what a real client sends.
pub const MAX_KEYFRAME_JPEG_BYTES: usize = 48 * 1024;
/// At most this many values in the audio envelope.
pub const MAX_AUDIO_VALUES: usize = 4_000;
/// At most this many keyframes.
pub const MAX_KEYFRAMES: usize = 8;
/// A keyframe is the first frame at or after its instant; frames come at least every 500 ms.
pub const MAX_KEYFRAME_LAG_MS: i32 = 500;

/// A frame the server re-analyses itself: the face crop the mesh ran on, as JPEG.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyframe {
    /// Which of the challenge's keyframe instants this answers.
    pub t_ms: i32,
    /// The instant of the frame actually captured: the first frame at or after `t_ms`.
    pub frame_t_ms: i32,
    /// The 192×192 mesh input crop (face level, 1.5× its size), JPEG, base64.
    pub jpeg: String,
}

impl Keyframe {
    /// A keyframe answering instant `t_ms` with the frame captured at `frame_t_ms`; `jpeg` is
    /// base64-encoded.
    pub fn new(t_ms: i32, frame_t_ms: i32, jpeg: &[u8]) -> Self {
        Keyframe { t_ms, frame_t_ms, jpeg: base64::engine::general_purpose::STANDARD.encode(jpeg) }
    }

    /// The JPEG bytes; refuses bad base64 and crops over [`MAX_KEYFRAME_JPEG_BYTES`].
    pub fn jpeg_bytes(&self) -> Result<Vec<u8>, AttestError> {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&self.jpeg)
            .map_err(|_| AttestError::Malformed("keyframe is not base64".into()))?;
        if bytes.len() > MAX_KEYFRAME_JPEG_BYTES {
            return Err(AttestError::Malformed("keyframe too large".into()));
        }
        Ok(bytes)
    }
}

/// What the client saw and heard.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Every analysed frame, in time order.
    pub frames: Vec<FrameObservation>,
    /// The microphone's loudness envelope, if the resident allowed the microphone.
    pub audio: Option<AudioEnvelope>,
    /// The frames the challenge asked for, for the server to re-analyse.
    pub keyframes: Vec<Keyframe>,
    /// The client's own verdict: a UX hint the server only logs when it disagrees.
    pub client_verdict: Verdict,
    /// sha256 of the model manifest the client ran, hex.
    pub model_manifest: String,
    /// The version of the client that produced the evidence, as it reports it.
    pub client_version: String,
}

impl Evidence {
    /// The structural bounds a real client keeps (frames, keyframes, audio values).
    pub fn check_bounds(&self) -> Result<(), AttestError> {
        if self.frames.len() > wangban_liveness::verdict::MAX_FRAMES
            || self.keyframes.len() > MAX_KEYFRAMES
            || self.audio.as_ref().is_some_and(|au| au.rms.len() > MAX_AUDIO_VALUES)
        {
            return Err(AttestError::Malformed("evidence exceeds its bounds".into()));
        }
        Ok(())
    }
}

/// The signed part: the challenge as received and the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signed {
    /// The challenge exactly as the server signed it.
    pub challenge: SignedChallenge,
    /// What the client saw and heard.
    pub evidence: Evidence,
}

/// The evidence answering a challenge, signed with the session key the challenge names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The signed content.
    pub signed: Signed,
    /// The session key's Ed25519 signature over the canonical JSON of `signed`, hex.
    pub signature: String,
}

impl Attestation {
    /// Signs `signed` with the client's session key.
    pub fn sign(signed: Signed, key: &SecretKey) -> Result<Attestation, AttestError> {
        let signature = hex::encode(&key.sign(&canonical::to_vec(&signed)?));
        Ok(Attestation { signed, signature })
    }

    /// Size limit, then strict JSON decoding, then structural bounds.
    pub fn decode(body: &[u8]) -> Result<Attestation, AttestError> {
        if body.len() > MAX_ATTESTATION_BYTES {
            return Err(AttestError::TooLarge);
        }
        let a: Attestation = serde_json::from_slice(body).map_err(|e| AttestError::Malformed(e.to_string()))?;
        a.signed.evidence.check_bounds()?;
        Ok(a)
    }

    /// Checks the client's signature with the key the challenge was issued to.
    pub fn verify_client_signature(&self) -> Result<(), AttestError> {
        let key = self.signed.challenge.challenge.client_key()?;
        let signature = hex::decode(&self.signature).ok_or(AttestError::BadClientSignature)?;
        key.verify(&canonical::to_vec(&self.signed)?, &signature).map_err(|_| AttestError::BadClientSignature)
    }

    /// The evidence must answer this challenge's keyframe instants, in order, each with the
    /// first observed frame at or after the instant.
    pub fn check_keyframes_requested(&self) -> Result<(), AttestError> {
        let asked = &self.signed.challenge.challenge.keyframes_ms;
        let evidence = &self.signed.evidence;
        let sent: Vec<i32> = evidence.keyframes.iter().map(|k| k.t_ms).collect();
        if &sent != asked {
            return Err(AttestError::Malformed("keyframes do not answer the challenge".into()));
        }
        for k in &evidence.keyframes {
            let first_after = evidence.frames.iter().map(|f| f.t_ms).find(|t| *t >= k.t_ms);
            if first_after != Some(k.frame_t_ms) || k.frame_t_ms - k.t_ms > MAX_KEYFRAME_LAG_MS {
                return Err(AttestError::Malformed(format!(
                    "keyframe for {} ms is not the frame at that instant",
                    k.t_ms
                )));
            }
        }
        Ok(())
    }
}
