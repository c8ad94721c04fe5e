//! A person reading digits: when each digit is spoken, what the mouth does meanwhile, and the
//! rendered frames and voice track of the whole reading.

use wangban_liveness::{ChallengePlan, Viseme};

use wangban_liveness::FaceSample;
use wangban_testdata::Image;
use wangban_vision::Vision;

use crate::pipeline::observe_stream;
use crate::speech::{Track, Utterance, Voice};
use crate::synth::{HeadPose, MouthPose, TalkingFace};

/// The recording starts with the "get ready" lead-in and runs on after the last digit.
pub const LEAD_IN_MS: i32 = 1500;
pub const TAIL_MS: i32 = 1200;

/// One spoken digit on the challenge clock.
#[derive(Clone, Debug)]
pub struct Spoken {
    pub digit: u8,
    pub at_ms: i32,
    pub utterance: Utterance,
}

/// The reader says each prompt's digit `reaction_ms` after it appears.
pub fn speak(plan: &ChallengePlan, reaction_ms: i32, voice: &mut Voice) -> Result<Vec<Spoken>, String> {
    plan.prompts
        .iter()
        .map(|p| {
            Ok(Spoken {
                digit: p.digit,
                at_ms: p.start_ms as i32 + reaction_ms,
                utterance: voice.digit(p.digit)?.clone(),
            })
        })
        .collect()
}

/// The viseme a digit's mouth passes through, `phase` (0–1) into the utterance, at full
/// intensity. Diphthongs move: 八 bā opens from closed lips, 六 liù and 九 jiǔ end rounded.
pub fn shape(digit: u8, phase: f32) -> MouthPose {
    let pose = |open, spread| MouthPose { open, spread };
    match digit {
        0 => pose(0.25, 0.7),
        1 | 7 => pose(0.1, 1.0),
        4 => pose(0.08, 0.9),
        2 => pose(0.55, 0.0),
        3 => pose(1.0, 0.1),
        8 if phase < 0.15 => pose(0.0, 0.0),
        8 => pose(1.0, 0.0),
        5 => pose(0.15, -1.0),
        6 if phase < 0.35 => pose(0.3, 0.0),
        6 => pose(0.2, -1.0),
        9 if phase < 0.35 => pose(0.1, 0.8),
        9 => pose(0.2, -1.0),
        _ => pose(0.0, 0.0),
    }
}

/// The mouth at `t_ms`: the shape of the digit being spoken. The lips take the shape quickly,
/// hold it through the syllable (consonants included) with the voice's loudness adding to it,
/// and let go at the end; they lead the sound by `LEAD_MS`, as real articulation does.
pub fn mouth_at(spoken: &[Spoken], t_ms: i32) -> MouthPose {
    const LEAD_MS: i32 = 60;
    const RAMP_MS: f32 = 80.0;
    for s in spoken {
        let local = t_ms + LEAD_MS - s.at_ms;
        let duration = s.utterance.duration_ms().max(1);
        if (0..duration).contains(&local) {
            let hold = (local as f32 / RAMP_MS).min((duration - local) as f32 / RAMP_MS).min(1.0);
            let k = hold * (0.6 + 0.4 * s.utterance.intensity(local).sqrt());
            let target = shape(s.digit, local as f32 / duration as f32);
            return MouthPose { open: target.open * k, spread: target.spread * k };
        }
    }
    MouthPose::default()
}

/// The viseme a digit is expected to show (re-exported for reports).
pub fn expected(digit: u8) -> Option<Viseme> {
    Viseme::of_digit(digit)
}

/// The voice track of a reading, from the lead-in to the tail.
pub fn voice_track(plan: &ChallengePlan, spoken: &[Spoken]) -> Track {
    let mut track = Track::silent(-LEAD_IN_MS, plan.total_ms() as i32 + TAIL_MS);
    for s in spoken {
        track.place(&s.utterance, s.at_ms);
    }
    track
}

/// One mouth shape held after a neutral lead-in, as the tracker measured it.
pub struct HeldShape {
    /// The mean opening, aperture, width, roundness and yaw over the last half of the held
    /// frames (the other fields are zero).
    pub measured: FaceSample,
    /// The last held frame.
    pub frame: Image,
}

/// Tracks `face` holding each of `shapes` for `hold` frames after `hold` neutral ones, at
/// `fps`, swaying gently: what each shape measures once the mouth has settled into it.
pub fn hold_shapes(
    vision: &mut Vision,
    face: &TalkingFace,
    shapes: &[MouthPose],
    hold: usize,
    fps: u32,
) -> Vec<HeldShape> {
    let poses: Vec<MouthPose> = shapes
        .iter()
        .flat_map(|pose| std::iter::repeat_n(MouthPose::default(), hold).chain(std::iter::repeat_n(*pose, hold)))
        .collect();
    let step = 1000 / fps as i32;
    let frames: Vec<(i32, Image)> = poses
        .iter()
        .enumerate()
        .map(|(i, pose)| {
            let t = i as i32 * step;
            (t, face.render(*pose, HeadPose::sway(t, 0.0), t as u64))
        })
        .collect();
    let observations = observe_stream(vision, frames.iter().map(|(t, f)| (*t, f)));
    (0..shapes.len())
        .map(|k| {
            let end = (2 * k + 2) * hold;
            let held: Vec<&FaceSample> =
                observations[end - hold / 2..end].iter().filter_map(|o| o.face.as_ref()).collect();
            let mean = |f: fn(&FaceSample) -> i32| held.iter().map(|s| f(s)).sum::<i32>() / held.len().max(1) as i32;
            let measured = FaceSample {
                opening: mean(|s| s.opening),
                aperture: mean(|s| s.aperture),
                width: mean(|s| s.width),
                roundness: mean(|s| s.roundness),
                yaw: mean(|s| s.yaw),
                ..FaceSample::default()
            };
            HeldShape { measured, frame: frames[end - 1].1.clone() }
        })
        .collect()
}

/// Frame times at `fps` over the whole recording.
pub fn frame_times(plan: &ChallengePlan, fps: u32) -> Vec<i32> {
    let step = 1000.0 / fps as f32;
    let end = plan.total_ms() as i32 + TAIL_MS;
    (0..).map(|i| -LEAD_IN_MS + (i as f32 * step).round() as i32).take_while(|t| *t <= end).collect()
}

/// The usual bona fide rendering: the face says `spoken`, swaying gently.
pub fn render(face: &TalkingFace, spoken: &[Spoken], t_ms: i32, phase: f32) -> wangban_testdata::Image {
    face.render(mouth_at(spoken, t_ms), HeadPose::sway(t_ms, phase), t_ms as u64 ^ (phase.to_bits() as u64) << 20)
}
