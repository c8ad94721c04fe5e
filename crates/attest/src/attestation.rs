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

/// Largest attestation body the edge reads: the reading's face crops and scenes, as base64.
pub const MAX_ATTESTATION_BYTES: usize = 1024 * 1024;
/// At most this many values in the audio envelope.
pub const MAX_AUDIO_VALUES: usize = 4_000;
/// At most this many face crops: 12 a second for 20 seconds, more than any reading lasts.
pub const MAX_CROPS: usize = 240;
/// At most this many scenes.
pub const MAX_SCENES: usize = 32;
/// A crop or scene is a small JPEG; more than this is not what a real client sends.
pub const MAX_JPEG_BYTES: usize = 24 * 1024;
/// While the digits are judged the recorder keeps the first analysed frame in each 1/12 s: 12
/// crops a second from any camera that delivers at least that many frames.
pub const CROPS_PER_SECOND: i32 = 12;
/// Before the first digit and after the reading (the resting mouth, the movement outside the
/// reading) 4 a second are enough.
pub const CROPS_PER_SECOND_OUTSIDE: i32 = 4;

/// A frame the server re-analyses itself, for the face match: a crop of the reading.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Keyframe {
    /// When the frame was taken, ms on the challenge clock.
    pub t_ms: i32,
    /// The same instant (kept for the stored cases' format).
    pub frame_t_ms: i32,
    /// A crop of the reading, JPEG, base64.
    pub jpeg: String,
}

impl Keyframe {
    /// A keyframe taken at `t_ms` (`frame_t_ms`); `jpeg` is base64-encoded.
    pub fn new(t_ms: i32, frame_t_ms: i32, jpeg: &[u8]) -> Self {
        Keyframe { t_ms, frame_t_ms, jpeg: base64::engine::general_purpose::STANDARD.encode(jpeg) }
    }

    /// The JPEG bytes; refuses bad base64 and crops over [`MAX_JPEG_BYTES`].
    pub fn jpeg_bytes(&self) -> Result<Vec<u8>, AttestError> {
        jpeg_bytes(&self.jpeg)
    }
}

fn jpeg_bytes(base64: &str) -> Result<Vec<u8>, AttestError> {
    // Checked before decoding: base64 is 4 characters per 3 bytes.
    if base64.len() > MAX_JPEG_BYTES.div_ceil(3) * 4 {
        return Err(AttestError::Malformed("image too large".into()));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(base64)
        .map_err(|_| AttestError::Malformed("image is not base64".into()))?;
    if bytes.len() > MAX_JPEG_BYTES {
        return Err(AttestError::Malformed("image too large".into()));
    }
    Ok(bytes)
}

/// The face crop of one analysed frame: the very pixels the client's mesh ran on, and where in
/// the frame the client says it cut them (a claim, checked against the scenes).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crop {
    /// The frame's instant, ms on the challenge clock; equal to one observation's `t_ms`.
    pub t_ms: i32,
    /// Centre of the crop square, tenths of a frame pixel.
    pub x: i32,
    /// Centre, vertical, tenths of a frame pixel.
    pub y: i32,
    /// Side of the square, tenths of a frame pixel.
    pub side: i32,
    /// Direction of the crop's x axis, microradians.
    pub angle: i32,
    /// The 192×192 crop, JPEG, base64.
    pub jpeg: String,
}

impl Crop {
    /// A crop of the frame at `t_ms`, cut at `square` (`[x, y, side, angle]` in the units
    /// above); `jpeg` is base64-encoded.
    pub fn new(t_ms: i32, square: [i32; 4], jpeg: &[u8]) -> Self {
        let [x, y, side, angle] = square;
        Crop { t_ms, x, y, side, angle, jpeg: base64::engine::general_purpose::STANDARD.encode(jpeg) }
    }

    /// The JPEG bytes; refuses bad base64 and images over [`MAX_JPEG_BYTES`].
    pub fn jpeg_bytes(&self) -> Result<Vec<u8>, AttestError> {
        jpeg_bytes(&self.jpeg)
    }
}

/// The whole frame at low resolution, now and then: what the face-count and position checks
/// need. The frame is letterboxed into a square (its longer side), 128×128.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scene {
    /// The frame's instant, ms on the challenge clock; equal to one observation's `t_ms`.
    pub t_ms: i32,
    /// The square, JPEG, base64.
    pub jpeg: String,
}

impl Scene {
    /// The scene of the frame at `t_ms`; `jpeg` is base64-encoded.
    pub fn new(t_ms: i32, jpeg: &[u8]) -> Self {
        Scene { t_ms, jpeg: base64::engine::general_purpose::STANDARD.encode(jpeg) }
    }

    /// The JPEG bytes; refuses bad base64 and images over [`MAX_JPEG_BYTES`].
    pub fn jpeg_bytes(&self) -> Result<Vec<u8>, AttestError> {
        jpeg_bytes(&self.jpeg)
    }
}

/// The pixels of the reading. Not inside the signed JSON: the signature covers the hash chain
/// over them ([`Media::chain`]) instead, so signing does not canonicalise half a megabyte.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Media {
    /// One crop per analysed frame with a face, in time order.
    pub crops: Vec<Crop>,
    /// A scene every 1.5 s or so, in time order.
    pub scenes: Vec<Scene>,
}

impl Media {
    /// The hash chain over the crops and scenes in the order they were recorded (time order,
    /// a frame's crop before its scene): `h₀ = sha256("wangban-media-v1")`,
    /// `hᵢ = sha256(hᵢ₋₁ ‖ kind ‖ t_ms ‖ geometry ‖ sha256(jpeg))`; hex of the last link.
    /// Refuses media out of time order.
    pub fn chain(&self) -> Result<String, AttestError> {
        use sha2::{Digest, Sha256};
        let in_order = |ts: &mut dyn Iterator<Item = i32>| {
            let v: Vec<i32> = ts.collect();
            v.windows(2).all(|w| w[0] < w[1])
        };
        if !in_order(&mut self.crops.iter().map(|c| c.t_ms)) || !in_order(&mut self.scenes.iter().map(|s| s.t_ms)) {
            return Err(AttestError::Malformed("media out of time order".into()));
        }
        let mut head: [u8; 32] = Sha256::digest(b"wangban-media-v1").into();
        let mut link = |kind: u8, fields: &[i32], jpeg: &str| {
            let mut h = Sha256::new();
            h.update(head);
            h.update([kind]);
            fields.iter().for_each(|f| h.update(f.to_be_bytes()));
            h.update(Sha256::digest(jpeg.as_bytes()));
            head = h.finalize().into();
        };
        let (mut crops, mut scenes) = (self.crops.iter().peekable(), self.scenes.iter().peekable());
        loop {
            let crop_first = match (crops.peek(), scenes.peek()) {
                (None, None) => break,
                (Some(c), Some(s)) => c.t_ms <= s.t_ms,
                (c, _) => c.is_some(),
            };
            if crop_first {
                let c = crops.next().expect("peeked");
                link(b'c', &[c.t_ms, c.x, c.y, c.side, c.angle], &c.jpeg);
            } else {
                let s = scenes.next().expect("peeked");
                link(b's', &[s.t_ms], &s.jpeg);
            }
        }
        Ok(crate::hex::encode(&head))
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
    /// The camera frame's size in pixels, which the crops' geometry refers to.
    pub frame_width: u32,
    /// The camera frame's height in pixels.
    pub frame_height: u32,
    /// [`Media::chain`] of the media sent with this evidence, hex.
    pub media_chain: String,
    /// The client's own verdict: a UX hint the server only logs when it disagrees.
    pub client_verdict: Verdict,
    /// sha256 of the model manifest the client ran, hex.
    pub model_manifest: String,
    /// The version of the client that produced the evidence, as it reports it.
    pub client_version: String,
}

impl Evidence {
    /// The structural bounds a real client keeps (frames, audio values).
    pub fn check_bounds(&self) -> Result<(), AttestError> {
        if self.frames.len() > wangban_liveness::verdict::MAX_FRAMES
            || self.audio.as_ref().is_some_and(|au| au.rms.len() > MAX_AUDIO_VALUES)
            || !(16..=4096).contains(&self.frame_width)
            || !(16..=4096).contains(&self.frame_height)
        {
            return Err(AttestError::Malformed("evidence exceeds its bounds".into()));
        }
        Ok(())
    }
}

/// The signed part: the challenge as received, the application it answers and the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signed {
    /// The challenge exactly as the server signed it.
    pub challenge: SignedChallenge,
    /// [`crate::api::Application::digest`] of the application this reading is for, so nobody
    /// between the browser and the edge can change its name, reason, related number or
    /// idempotency key.
    pub application: String,
    /// What the client saw and heard.
    pub evidence: Evidence,
}

/// The evidence answering a challenge, signed with the session key the challenge names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attestation {
    /// The signed content.
    pub signed: Signed,
    /// The reading's pixels, bound to the signature by `signed.evidence.media_chain`.
    pub media: Media,
    /// The session key's Ed25519 signature over the canonical JSON of `signed`, hex.
    pub signature: String,
}

impl Attestation {
    /// Signs `signed` (whose `media_chain` must be `media`'s chain) with the client's session key.
    pub fn sign(signed: Signed, media: Media, key: &SecretKey) -> Result<Attestation, AttestError> {
        let signature = hex::encode(&key.sign(&canonical::to_vec(&signed)?));
        Ok(Attestation { signed, media, signature })
    }

    /// Size limit, then strict JSON decoding, then structural bounds.
    pub fn decode(body: &[u8]) -> Result<Attestation, AttestError> {
        if body.len() > MAX_ATTESTATION_BYTES {
            return Err(AttestError::TooLarge);
        }
        let a: Attestation = serde_json::from_slice(body).map_err(|e| AttestError::Malformed(e.to_string()))?;
        a.check_bounds()?;
        Ok(a)
    }

    /// The structural bounds of the evidence and the media.
    pub fn check_bounds(&self) -> Result<(), AttestError> {
        self.signed.evidence.check_bounds()?;
        if self.media.crops.len() > MAX_CROPS || self.media.scenes.len() > MAX_SCENES {
            return Err(AttestError::Malformed("media exceed their bounds".into()));
        }
        Ok(())
    }

    /// Checks the client's signature with the key the challenge was issued to.
    pub fn verify_client_signature(&self) -> Result<(), AttestError> {
        let key = self.signed.challenge.challenge.client_key()?;
        let signature = hex::decode(&self.signature).ok_or(AttestError::BadClientSignature)?;
        key.verify(&canonical::to_vec(&self.signed)?, &signature).map_err(|_| AttestError::BadClientSignature)
    }

    /// The application is the one the client signed.
    pub fn check_application(&self, application: &crate::api::Application) -> Result<(), AttestError> {
        if application.digest()? != self.signed.application {
            return Err(AttestError::BadClientSignature);
        }
        Ok(())
    }

    /// The media are the ones the client signed: their chain is the signed one.
    pub fn check_media_chain(&self) -> Result<(), AttestError> {
        if self.media.chain()? != self.signed.evidence.media_chain {
            return Err(AttestError::EvidenceMismatch("the media are not the ones signed".into()));
        }
        Ok(())
    }
}
