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

/// A scene about this often: enough for the face count and the crops' place, small enough to send.
pub const SCENE_EVERY_MS: i32 = 1500;

/// Collects the evidence of one reading as frames are analysed, then signs it: the observation
/// of the first analysed frame in each 1/[`CROPS_PER_SECOND`] s while the digits are judged
/// (4 a second before and after), the crop its mesh ran on when it found a face, and a scene
/// about every [`SCENE_EVERY_MS`].
///
/// The browser client and the native tests use this same code, so what the tests submit is
/// exactly what a browser would.
///
/// [`CROPS_PER_SECOND`]: wangban_attest::attestation::CROPS_PER_SECOND
pub struct Recorder {
    challenge: wangban_attest::SignedChallenge,
    plan: wangban_liveness::ChallengePlan,
    frames: Vec<FrameObservation>,
    media: wangban_attest::Media,
    frame_size: (u32, u32),
}

impl Recorder {
    /// A recorder for the reading this challenge asks for.
    pub fn new(challenge: wangban_attest::SignedChallenge) -> Result<Self, wangban_attest::AttestError> {
        let plan = challenge.challenge.plan()?;
        Ok(Recorder { challenge, plan, frames: Vec::new(), media: Default::default(), frame_size: (0, 0) })
    }

    /// The digit plan of the challenge.
    pub fn plan(&self) -> &wangban_liveness::ChallengePlan {
        &self.plan
    }

    /// Records one analysed frame, `t_ms` after the first digit appeared, with its crop and,
    /// when one is due, its scene. Frames in the same 1/12 s as the last one (1/4 s outside the
    /// reading), out of order, of another size than the first, or beyond the bounds are skipped.
    pub fn record(
        &mut self,
        vision: &mut wangban_vision::Vision,
        jpeg: &mut dyn crate::media::JpegEncoder,
        frame: &wangban_vision::FrameRef<'_>,
        analysis: &FrameAnalysis,
        t_ms: i32,
    ) -> Result<(), wangban_attest::AttestError> {
        use wangban_attest::attestation::{CROPS_PER_SECOND, CROPS_PER_SECOND_OUTSIDE, MAX_CROPS, MAX_SCENES};
        if self.frames.is_empty() {
            self.frame_size = (frame.width, frame.height);
        }
        let (from, to) = wangban_liveness::verdict::reading_span(&self.plan);
        let rate = if (from..=to).contains(&t_ms) { CROPS_PER_SECOND } else { CROPS_PER_SECOND_OUTSIDE };
        let tick = |t: i32| (i64::from(t) * i64::from(rate)).div_euclid(1000);
        if self.frames.last().is_some_and(|f| tick(t_ms) <= tick(f.t_ms))
            || self.frames.len() >= wangban_liveness::verdict::MAX_FRAMES
            || self.frame_size != (frame.width, frame.height)
            || (analysis.face.is_some() && self.media.crops.len() >= MAX_CROPS)
        {
            return Ok(());
        }
        self.frames.push(observe(analysis, t_ms, frame.width, frame.height));
        if let Some(face) = &analysis.face {
            self.media.crops.push(crate::media::encode_crop(vision, jpeg, frame, face.crop, t_ms)?);
        }
        let scene_due = self.media.scenes.last().is_none_or(|s| t_ms - s.t_ms >= SCENE_EVERY_MS);
        if scene_due && self.media.scenes.len() < MAX_SCENES {
            self.media.scenes.push(crate::media::encode_scene(vision, jpeg, frame, t_ms)?);
        }
        Ok(())
    }

    /// The client's own verdict on what it recorded (a UX hint; the server judges the pixels).
    pub fn verdict(&self, audio: Option<&wangban_liveness::AudioEnvelope>) -> wangban_liveness::Verdict {
        wangban_liveness::assess(&self.plan, &self.frames, audio, self.challenge.challenge.policy())
    }

    /// Signs the evidence, whose media chain binds the crops and scenes, and the application it
    /// is for with the session key.
    pub fn finish(
        self,
        application: &wangban_attest::api::Application,
        audio: Option<wangban_liveness::AudioEnvelope>,
        model_manifest: &str,
        client_version: &str,
        session_key: &wangban_attest::SecretKey,
    ) -> Result<wangban_attest::Attestation, wangban_attest::AttestError> {
        let client_verdict = self.verdict(audio.as_ref());
        let evidence = wangban_attest::Evidence {
            frames: self.frames,
            audio,
            frame_width: self.frame_size.0,
            frame_height: self.frame_size.1,
            media_chain: self.media.chain()?,
            client_verdict,
            model_manifest: model_manifest.to_string(),
            client_version: client_version.to_string(),
        };
        let signed = wangban_attest::Signed { challenge: self.challenge, application: application.digest()?, evidence };
        wangban_attest::Attestation::sign(signed, self.media, session_key)
    }
}
