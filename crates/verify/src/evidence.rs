//! From what the vision pipeline saw to the integer observations the verdict and the
//! attestation carry.

use wangban_liveness::{FaceSample, FrameObservation};
use wangban_vision::FrameAnalysis;

/// Quantises one analysed frame, `t_ms` after the first digit appeared, for a frame of
/// `width × height` pixels.
pub fn observe(analysis: &FrameAnalysis, t_ms: i32, width: u32, height: u32) -> FrameObservation {
    let milli = |v: f32| (v * 1000.0).round() as i32;
    let deci = |v: f32| (v * 10.0).round() as i32;
    let (w, h) = (width.max(1) as f32, height.max(1) as f32);
    FrameObservation {
        t_ms,
        face_count: u8::try_from(analysis.face_count).unwrap_or(u8::MAX),
        detected: analysis.detector_ran,
        face: analysis.face.as_ref().map(|f| FaceSample {
            opening: milli(f.mouth.opening),
            aperture: milli(f.mouth.aperture),
            width: milli(f.mouth.width),
            roundness: milli(f.mouth.roundness),
            protrusion: milli(f.mouth.protrusion),
            yaw: deci(f.pose.yaw),
            pitch: deci(f.pose.pitch),
            roll: deci(f.pose.roll),
            center_x: milli(f.bbox.center().x / w),
            center_y: milli(f.bbox.center().y / h),
            eye_distance: milli(f.inter_ocular_px / w),
            brightness: milli(f.quality.brightness),
            inside: milli(f.inside_fraction),
        }),
    }
}

/// Collects the evidence of one reading as frames are analysed, then signs it.
///
/// The browser client and the native tests use this same code, so what the tests submit is
/// exactly what a browser would.
pub struct Recorder {
    challenge: wangban_attest::SignedChallenge,
    plan: wangban_liveness::ChallengePlan,
    frames: Vec<FrameObservation>,
    keyframes: Vec<wangban_attest::Keyframe>,
    /// Keyframe instants not yet reached, earliest first.
    pending: std::collections::VecDeque<i32>,
}

impl Recorder {
    /// A recorder for the reading this challenge asks for.
    pub fn new(challenge: wangban_attest::SignedChallenge) -> Result<Self, wangban_attest::AttestError> {
        let plan = challenge.challenge.plan()?;
        let pending = challenge.challenge.keyframes_ms.iter().copied().collect();
        Ok(Recorder { challenge, plan, frames: Vec::new(), keyframes: Vec::new(), pending })
    }

    /// The digit plan of the challenge.
    pub fn plan(&self) -> &wangban_liveness::ChallengePlan {
        &self.plan
    }

    /// Records one analysed frame, `t_ms` after the first digit appeared; captures a keyframe
    /// when this is the first frame at or after a requested instant.
    pub fn record(
        &mut self,
        vision: &mut wangban_vision::Vision,
        jpeg: &mut dyn crate::keyframes::JpegEncoder,
        frame: &wangban_vision::FrameRef<'_>,
        analysis: &FrameAnalysis,
        t_ms: i32,
    ) -> Result<(), wangban_attest::AttestError> {
        if self.frames.last().is_some_and(|f| f.t_ms >= t_ms)
            || self.frames.len() >= wangban_liveness::verdict::MAX_FRAMES
        {
            return Ok(());
        }
        self.frames.push(observe(analysis, t_ms, frame.width, frame.height));
        while let Some(&instant) = self.pending.front() {
            if instant > t_ms {
                break;
            }
            self.pending.pop_front();
            if let Some(face) = &analysis.face {
                self.keyframes.push(crate::keyframes::encode(vision, jpeg, frame, face.crop, instant, t_ms)?);
            }
        }
        Ok(())
    }

    /// The client's own verdict on what it recorded (a UX hint; the server recomputes it).
    pub fn verdict(&self, audio: Option<&wangban_liveness::AudioEnvelope>) -> wangban_liveness::Verdict {
        wangban_liveness::assess(&self.plan, &self.frames, audio, self.challenge.challenge.policy())
    }

    /// Signs the evidence with the session key.
    pub fn finish(
        self,
        audio: Option<wangban_liveness::AudioEnvelope>,
        model_manifest: &str,
        client_version: &str,
        session_key: &wangban_attest::SecretKey,
    ) -> Result<wangban_attest::Attestation, wangban_attest::AttestError> {
        let client_verdict = self.verdict(audio.as_ref());
        let evidence = wangban_attest::Evidence {
            frames: self.frames,
            audio,
            keyframes: self.keyframes,
            client_verdict,
            model_manifest: model_manifest.to_string(),
            client_version: client_version.to_string(),
        };
        wangban_attest::Attestation::sign(wangban_attest::Signed { challenge: self.challenge, evidence }, session_key)
    }
}
