//! The server's own judgment of a reading: the observation stream re-derived from the pixels the
//! client sent, and the client's numbers compared with it.
//!
//! Every crop is decoded and meshed here; the mouth, the pose and the brightness the verdict
//! uses are measured on it, and placed in the frame at the square the client says it cut the
//! crop from. That square is a claim: the scenes (the whole frame, every 1.5 s) are run
//! through the detector here, which must find the face where the crops say it is, and which
//! alone counts the faces in view. What the client claimed only has to agree with all this; a
//! disagreement beyond measuring noise is `evidence_mismatch` (suspected tampering).

use wangban_attest::{AttestError, Attestation, Crop, Keyframe};
use wangban_liveness::FrameObservation;
use wangban_vision::{FrameAnalysis, Vision};

use crate::error::BackendError;
use crate::evidence::observe;
use crate::media::{self, CROP_SIZE, SCENE_SIZE};

/// What the server measured itself.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Rederived {
    /// The observation stream the verdict is computed on: one per claimed frame, at its instant.
    pub frames: Vec<FrameObservation>,
    /// The crops the core's face match embeds, picked here after the evidence arrived.
    pub keyframes: Vec<Keyframe>,
    /// Every [`PLAYBACK_EVERY`]-th crop, for the officer's playback.
    pub playback: Vec<Keyframe>,
}

/// The officer's playback keeps one crop in this many (4 a second at 12 crops a second): enough
/// to see the mouth move with the digits, a third of the storage.
pub const PLAYBACK_EVERY: usize = 3;

/// Re-derives the observations of an attestation with the server's copy of the models.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Judge {
    /// `Ok(Ok(_))`: what the pixels show; `Ok(Err(_))`: the media are unusable or contradict
    /// the claims (`evidence_mismatch`, malformed); `Err(_)`: the models could not be made ready.
    /// `pick` is server randomness: which crops the face match gets.
    async fn rederive(
        &mut self,
        attestation: &Attestation,
        pick: u64,
    ) -> Result<Result<Rederived, AttestError>, BackendError>;
}

/// The judgment with loaded models: what the edge runs (its shell loads the models from the
/// static assets first) and what the lab evaluates.
pub struct VisionJudge<'a>(pub &'a mut Vision);

impl Judge for VisionJudge<'_> {
    async fn rederive(
        &mut self,
        attestation: &Attestation,
        pick: u64,
    ) -> Result<Result<Rederived, AttestError>, BackendError> {
        Ok(rederive(self.0, attestation, pick))
    }
}

/// How many crops the core's face match embeds.
pub const KEYFRAMES: usize = 3;
/// Scenes must come at least this often while a face is claimed.
const MAX_SCENE_GAP_MS: i32 = 2500;

fn mismatch(what: String) -> AttestError {
    AttestError::EvidenceMismatch(what)
}

/// The server's observation stream for `attestation`, from its media alone (the claimed
/// instants and crop squares aside, which the scenes check).
pub fn rederive(vision: &mut Vision, attestation: &Attestation, pick: u64) -> Result<Rederived, AttestError> {
    let evidence = &attestation.signed.evidence;
    let media = &attestation.media;
    let (width, height) = (evidence.frame_width, evidence.frame_height);
    if evidence.frames.windows(2).any(|w| w[0].t_ms >= w[1].t_ms) {
        return Err(AttestError::Malformed("frames out of time order".into()));
    }
    let frame_index = |t: i32| evidence.frames.binary_search_by_key(&t, |f| f.t_ms).ok();
    // Each crop answers one frame; a claimed face needs its crop.
    let mut crop_of: Vec<Option<&Crop>> = vec![None; evidence.frames.len()];
    for crop in &media.crops {
        let i = frame_index(crop.t_ms).ok_or_else(|| mismatch(format!("a crop at {} ms has no frame", crop.t_ms)))?;
        crop_of[i] = Some(crop);
    }
    if let Some(f) = evidence.frames.iter().zip(&crop_of).find(|(f, c)| f.face.is_some() && c.is_none()) {
        return Err(mismatch(format!("a face is claimed at {} ms without its crop", f.0.t_ms)));
    }
    let mut frames: Vec<FrameObservation> = Vec::with_capacity(evidence.frames.len());
    for (claimed, crop) in evidence.frames.iter().zip(&crop_of) {
        let face = match crop {
            None => None,
            Some(crop) => {
                let decoded = media::decode_jpeg(&crop.jpeg_bytes()?, CROP_SIZE)?;
                let seen = vision
                    .landmarks_in(&decoded.frame(), decoded.whole())
                    .map_err(|e| AttestError::Malformed(e.to_string()))?;
                seen.map(|face| face.placed(media::square_of(crop), CROP_SIZE, width, height))
            }
        };
        let analysis = FrameAnalysis { face_count: usize::from(face.is_some()), detector_ran: false, face };
        frames.push(observe(&analysis, claimed.t_ms, width, height));
    }
    scenes(vision, attestation, &mut frames)?;
    let playback = media
        .crops
        .iter()
        .step_by(PLAYBACK_EVERY)
        .map(|c| Keyframe { t_ms: c.t_ms, frame_t_ms: c.t_ms, jpeg: c.jpeg.clone() })
        .collect();
    Ok(Rederived { keyframes: keyframes(&frames, &crop_of, pick), frames, playback })
}

/// Runs the detector on every scene: the face counts of the server's stream, and the check that
/// the crops were cut where the face is.
fn scenes(vision: &mut Vision, attestation: &Attestation, frames: &mut [FrameObservation]) -> Result<(), AttestError> {
    let evidence = &attestation.signed.evidence;
    let (width, height) = (evidence.frame_width, evidence.frame_height);
    let to_frame = media::scene_square(width, height).crop_to_frame(SCENE_SIZE);
    let faced: Vec<i32> = frames.iter().filter(|f| f.face.is_some()).map(|f| f.t_ms).collect();
    let (Some(&first), Some(&last)) = (faced.first(), faced.last()) else {
        return Ok(());
    };
    let times: Vec<i32> = attestation.media.scenes.iter().map(|s| s.t_ms).collect();
    let gaps = std::iter::once(first).chain(times.iter().copied().filter(|t| (first..=last).contains(t))).chain([last]);
    let gaps: Vec<i32> = gaps.collect();
    if gaps.windows(2).any(|w| w[1] - w[0] > MAX_SCENE_GAP_MS) {
        return Err(mismatch("the whole frame is missing for too long".into()));
    }
    let (mut checked, mut disagreeing) = (0, 0);
    let mut counts: Vec<(i32, u8)> = Vec::new();
    for scene in &attestation.media.scenes {
        let i = frames
            .binary_search_by_key(&scene.t_ms, |f| f.t_ms)
            .map_err(|_| mismatch(format!("a scene at {} ms has no frame", scene.t_ms)))?;
        let decoded = media::decode_jpeg(&scene.jpeg_bytes()?, SCENE_SIZE)?;
        let detections = vision.detect(&decoded.frame()).map_err(|e| AttestError::Malformed(e.to_string()))?;
        let count = u8::try_from(detections.len()).unwrap_or(u8::MAX);
        counts.push((scene.t_ms, count));
        frames[i].detected = true;
        let Some(face) = &frames[i].face else { continue };
        checked += 1;
        // The crop's face, in thousandths of the frame, against the detector's faces.
        let (cx, cy) = (face.center_x as f32 / 1000.0 * width as f32, face.center_y as f32 / 1000.0 * height as f32);
        let eyes = face.eye_distance as f32 / 1000.0 * width as f32;
        let found = detections.iter().any(|d| {
            let (a, b) =
                (to_frame.apply(d.bbox.center()), to_frame.apply(wangban_vision::Point::new(d.bbox.x1, d.bbox.y1)));
            let box_width = 2.0 * (b.x - a.x);
            (a.x - cx).abs().max((a.y - cy).abs()) <= 0.9 * eyes.max(4.0)
                && (0.9..=4.0).contains(&(box_width / eyes.max(1.0)))
        });
        if !found {
            disagreeing += 1;
        }
    }
    // A detector run can miss a face now and then; crops cut somewhere else miss it every time.
    if disagreeing * 3 > checked {
        return Err(mismatch(format!(
            "{disagreeing} of {checked} scenes do not show the face where its crops were cut"
        )));
    }
    let mut latest = counts.first().map_or(0, |c| c.1);
    let mut next = counts.iter().peekable();
    for f in frames.iter_mut() {
        while let Some(&&(t, count)) = next.peek() {
            if t > f.t_ms {
                break;
            }
            latest = count;
            next.next();
        }
        f.face_count = latest;
    }
    Ok(())
}

/// [`KEYFRAMES`] crops with a face the server saw, one from each third of them, which one
/// decided by `pick` — after the evidence arrived, so the client cannot know which.
fn keyframes(frames: &[FrameObservation], crop_of: &[Option<&Crop>], pick: u64) -> Vec<Keyframe> {
    let faced: Vec<&Crop> =
        frames.iter().zip(crop_of).filter(|(f, _)| f.face.is_some() && f.t_ms >= 0).filter_map(|(_, c)| *c).collect();
    if faced.is_empty() {
        return Vec::new();
    }
    let part = faced.len().div_ceil(KEYFRAMES);
    faced
        .chunks(part)
        .enumerate()
        .map(|(k, chunk)| {
            let c = chunk[((pick >> (16 * k)) as usize & 0xffff) % chunk.len()];
            Keyframe { t_ms: c.t_ms, frame_t_ms: c.t_ms, jpeg: c.jpeg.clone() }
        })
        .collect()
}

/// The passive anti-spoof model's "real" score (thousandths) on every `every`-th crop the
/// client sent: the signal the PAD report prints per species. Not part of the verdict: it
/// decides nothing until it separates attacks from residents without refusing residents
/// (docs/evaluation.md). Needs the anti-spoof model loaded.
pub fn antispoof_scores(vision: &mut Vision, attestation: &Attestation, every: usize) -> Result<Vec<i32>, AttestError> {
    let mut scores = Vec::new();
    for crop in attestation.media.crops.iter().step_by(every.max(1)) {
        let decoded = media::decode_jpeg(&crop.jpeg_bytes()?, CROP_SIZE)?;
        let frame = decoded.frame();
        let Some(face) =
            vision.landmarks_in(&frame, decoded.whole()).map_err(|e| AttestError::Malformed(e.to_string()))?
        else {
            continue;
        };
        let score = vision.antispoof(&frame, &face).map_err(|e| AttestError::Malformed(e.to_string()))?;
        scores.push((score * 1000.0).round() as i32);
    }
    Ok(scores)
}

/// Measuring noise between the client's numbers and the server's on the same frame: JPEG and a
/// different float path move the mesh a little, a forged number a lot. Thousandths of the
/// inter-ocular distance for the mouth, tenths of a degree for the pose, thousandths of the
/// frame for the position.
const MOUTH_TOLERANCE: i32 = 90;
const ROUNDNESS_TOLERANCE: i32 = 150;
const POSE_TOLERANCE: i32 = 80;
const POSITION_TOLERANCE: i32 = 30;
const BRIGHTNESS_TOLERANCE: i32 = 80;
/// The share of frames that may disagree (a mesh jitter on one frame is not tampering).
const MAX_DISAGREEING_PERCENT: usize = 10;

/// Compares what the client claimed with what the server measured, frame by frame.
pub fn compare(claimed: &[FrameObservation], derived: &[FrameObservation]) -> Result<(), AttestError> {
    let mut compared = 0;
    let mut first: Option<String> = None;
    let mut disagreeing = 0;
    for (c, d) in claimed.iter().zip(derived) {
        let Some(cf) = &c.face else { continue };
        compared += 1;
        let why = match &d.face {
            None => Some("no face in its crop".to_string()),
            Some(df) => {
                let off = |name: &str, a: i32, b: i32, tol: i32| {
                    ((a - b).abs() > tol).then(|| format!("{name} {a}, claimed {b}"))
                };
                off("opening", df.opening, cf.opening, MOUTH_TOLERANCE)
                    .or_else(|| off("aperture", df.aperture, cf.aperture, MOUTH_TOLERANCE))
                    .or_else(|| off("width", df.width, cf.width, MOUTH_TOLERANCE))
                    .or_else(|| off("roundness", df.roundness, cf.roundness, ROUNDNESS_TOLERANCE))
                    .or_else(|| off("yaw", df.yaw, cf.yaw, POSE_TOLERANCE))
                    .or_else(|| off("pitch", df.pitch, cf.pitch, POSE_TOLERANCE))
                    .or_else(|| off("roll", df.roll, cf.roll, POSE_TOLERANCE))
                    .or_else(|| off("center_x", df.center_x, cf.center_x, POSITION_TOLERANCE))
                    .or_else(|| off("center_y", df.center_y, cf.center_y, POSITION_TOLERANCE))
                    .or_else(|| off("eye_distance", df.eye_distance, cf.eye_distance, (cf.eye_distance / 5).max(5)))
                    .or_else(|| off("brightness", df.brightness, cf.brightness, BRIGHTNESS_TOLERANCE))
            }
        };
        if let Some(why) = why {
            disagreeing += 1;
            first.get_or_insert(format!("at {} ms the pixels show {why}", c.t_ms));
        }
    }
    if disagreeing * 100 > compared * MAX_DISAGREEING_PERCENT {
        return Err(mismatch(format!(
            "{disagreeing} of {compared} frames differ from the claims; first: {}",
            first.unwrap_or_default()
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::parts;

    #[test]
    fn claims_within_the_measuring_noise_agree() {
        let frames = parts().evidence.frames;
        let mut derived = frames.clone();
        for f in derived.iter_mut().filter_map(|f| f.face.as_mut()) {
            f.opening += MOUTH_TOLERANCE;
            f.yaw -= POSE_TOLERANCE;
        }
        assert_eq!(compare(&frames, &derived), Ok(()));
    }

    #[test]
    fn forged_numbers_on_more_than_a_tenth_of_the_frames_are_refused() {
        let frames = parts().evidence.frames;
        let faced = frames.iter().filter(|f| f.face.is_some()).count();
        for (forged, refused) in [(faced / 10, false), (faced / 10 + 2, true)] {
            let mut claimed = frames.clone();
            for f in claimed.iter_mut().filter_map(|f| f.face.as_mut()).take(forged) {
                f.opening += 400;
            }
            let outcome = compare(&claimed, &frames);
            assert_eq!(outcome.is_err(), refused, "{forged} of {faced} forged: {outcome:?}");
        }
        // A claimed face where the server sees none counts the same.
        let mut lost = frames.clone();
        lost.iter_mut().take(faced / 5).for_each(|f| f.face = None);
        assert!(matches!(compare(&frames, &lost), Err(AttestError::EvidenceMismatch(_))));
    }
}
