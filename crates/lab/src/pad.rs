//! Presentation-attack detection evaluation (ISO/IEC 30107-3 terms): bona fide readings and
//! attack species rendered to pixels, run through the real vision pipeline and the verdict.

use wangban_liveness::{AudioEnvelope, ChallengePlan, Policy, Prompt, Reason, Verdict, assess};
use wangban_testdata::Image;
use wangban_vision::{FrameRef, Vision};

use crate::faces::{Identity, bystander};
use crate::pipeline::observe_stream;
use crate::raster::paste;
use crate::reading::{Spoken, frame_times, mouth_at, speak, voice_track};
use crate::speech::Voice;
use crate::synth::{HeadPose, MouthPose, TalkingFace};

pub const FPS: u32 = 15;
const REACTION_MS: i32 = 300;
const POLICY: Policy = Policy { require_audio: true };

/// What is presented to the camera and the microphone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Species {
    /// A live person reading the challenge.
    BonaFide,
    /// A printed or on-screen photo held still while someone reads the digits.
    StillPhoto,
    /// The same photo, moved around.
    PhotoMoved,
    /// A recording of the person reading other digits.
    ReplayOtherDigits,
    /// The right digits, read on another schedule (a pre-recorded guess at the cadence).
    WrongSchedule,
    /// A puppet mouth moving at random while someone reads.
    RandomMouth,
    /// One person for the first half, another for the second.
    FaceSwap,
    /// The reader with a second person in view.
    TwoFaces,
    /// The right video without sound.
    NoAudio,
    /// The right video with the voice of another reading.
    OtherAudio,
}

impl Species {
    pub const ATTACKS: [Species; 9] = [
        Species::StillPhoto,
        Species::PhotoMoved,
        Species::ReplayOtherDigits,
        Species::WrongSchedule,
        Species::RandomMouth,
        Species::FaceSwap,
        Species::TwoFaces,
        Species::NoAudio,
        Species::OtherAudio,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Species::BonaFide => "bona fide",
            Species::StillPhoto => "still photo",
            Species::PhotoMoved => "photo with global motion",
            Species::ReplayOtherDigits => "replay of other digits",
            Species::WrongSchedule => "right digits, wrong schedule",
            Species::RandomMouth => "mouth moving at random",
            Species::FaceSwap => "face swapped mid-session",
            Species::TwoFaces => "two faces",
            Species::NoAudio => "no audio",
            Species::OtherAudio => "audio from another clip",
        }
    }
}

/// One presentation: the challenge it answers and what the camera and microphone received.
pub struct Presentation {
    pub plan: ChallengePlan,
    pub frames: Vec<(i32, Image)>,
    pub audio: Option<AudioEnvelope>,
}

/// The outcome of one presentation.
pub struct Outcome {
    pub species: Species,
    pub identity: &'static str,
    pub verdict: Verdict,
    /// Lowest cosine similarity between the keyframes' face embeddings, thousandths.
    pub keyframe_similarity: Option<i32>,
    pub accepted: bool,
}

fn seed(n: u64) -> [u8; 32] {
    let mut s = [0u8; 32];
    s[..8].copy_from_slice(&n.to_le_bytes());
    s[8..16].copy_from_slice(&n.wrapping_mul(0x9E37_79B9_7F4A_7C15).to_le_bytes());
    s
}

/// Renders `species` against the challenge of `seed_n`, for `face` (and `other` for swaps).
pub fn present(
    species: Species,
    seed_n: u64,
    face: &TalkingFace,
    other: &TalkingFace,
    voice: &mut Voice,
) -> Result<Presentation, String> {
    let plan = ChallengePlan::from_seed(&seed(seed_n));
    let phase = (seed_n % 7) as f32;
    let spoken = speak(&plan, REACTION_MS, voice)?;
    let times = frame_times(&plan, FPS);
    let bona_fide =
        |f: &TalkingFace, s: &[Spoken], t: i32| f.render(mouth_at(s, t), HeadPose::sway(t, phase), noise(t, seed_n));
    let own_voice = Some(voice_track(&plan, &spoken).envelope(20));
    let render_all = |f: &dyn Fn(i32) -> Image| times.iter().map(|&t| (t, f(t))).collect::<Vec<_>>();
    let (frames, audio) = match species {
        Species::BonaFide => (render_all(&|t| bona_fide(face, &spoken, t)), own_voice),
        Species::StillPhoto => {
            (render_all(&|t| face.render(MouthPose::default(), HeadPose::STILL, noise(t, seed_n))), own_voice)
        }
        Species::PhotoMoved => {
            (render_all(&|t| face.render(MouthPose::default(), HeadPose::sway(t, phase), noise(t, seed_n))), own_voice)
        }
        Species::ReplayOtherDigits => {
            let other_plan = ChallengePlan::from_seed(&seed(seed_n + 1000));
            let other_spoken = speak(&other_plan, REACTION_MS, voice)?;
            let env = voice_track(&other_plan, &other_spoken).envelope(20);
            (render_all(&|t| bona_fide(face, &other_spoken, t)), Some(env))
        }
        Species::WrongSchedule => {
            // The same digits at an even 1 s cadence, started late: a recording made in advance.
            let even = ChallengePlan {
                prompts: plan
                    .prompts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Prompt { digit: p.digit, start_ms: 700 + 1000 * i as u32, duration_ms: 1000 })
                    .collect(),
            };
            let even_spoken = speak(&even, REACTION_MS, voice)?;
            let env = voice_track(&even, &even_spoken).envelope(20);
            (render_all(&|t| bona_fide(face, &even_spoken, t)), Some(env))
        }
        Species::RandomMouth => {
            let random = |t: i32| {
                let k = ((t.div_euclid(250) as u64 + seed_n).wrapping_mul(0x2545_F491_4F6C_DD1D) >> 40) % 4;
                let pose = match k {
                    0 => MouthPose { open: 1.0, spread: 0.0 },
                    1 => MouthPose { open: 0.1, spread: 1.0 },
                    2 => MouthPose { open: 0.15, spread: -1.0 },
                    _ => MouthPose::default(),
                };
                face.render(pose, HeadPose::sway(t, phase), noise(t, seed_n))
            };
            (render_all(&random), own_voice)
        }
        Species::FaceSwap => {
            let half = plan.total_ms() as i32 / 2;
            (render_all(&|t| bona_fide(if t < half { face } else { other }, &spoken, t)), own_voice)
        }
        Species::TwoFaces => {
            let second = bystander();
            let with_bystander = |t: i32| {
                let mut img = bona_fide(face, &spoken, t);
                paste(&mut img, &second, 0, 0);
                img
            };
            (render_all(&with_bystander), own_voice)
        }
        Species::NoAudio => (render_all(&|t| bona_fide(face, &spoken, t)), None),
        Species::OtherAudio => {
            let other_plan = ChallengePlan::from_seed(&seed(seed_n + 2000));
            let other_spoken = speak(&other_plan, REACTION_MS, voice)?;
            (render_all(&|t| bona_fide(face, &spoken, t)), Some(voice_track(&other_plan, &other_spoken).envelope(20)))
        }
    };
    Ok(Presentation { plan, frames, audio })
}

fn noise(t: i32, seed_n: u64) -> u64 {
    (t as i64 as u64) ^ (seed_n << 32)
}

/// Runs the whole check on a presentation: vision on every frame, the verdict, and the
/// keyframes' identity continuity (what the Worker computes server-side).
pub fn judge(vision: &mut Vision, p: &Presentation) -> (Verdict, Option<i32>) {
    let observations = observe_stream(vision, p.frames.iter().map(|(t, img)| (*t, img)));
    let mut verdict = assess(&p.plan, &observations, p.audio.as_ref(), POLICY);
    let total = p.plan.total_ms() as i32;
    let keyframes: Vec<&Image> = [total / 4, total / 2, 3 * total / 4]
        .iter()
        .filter_map(|k| p.frames.iter().min_by_key(|(t, _)| (t - k).abs()).map(|(_, img)| img))
        .collect();
    let embeddings: Vec<_> = keyframes
        .iter()
        .filter_map(|img| {
            let frame = FrameRef::packed(img.width, img.height, &img.rgba).ok()?;
            let face = vision.analyze_still(&frame).ok()?.face?;
            vision.embed(&frame, &face).ok()
        })
        .collect();
    let mut lowest: Option<i32> = None;
    for (i, a) in embeddings.iter().enumerate() {
        for b in &embeddings[i + 1..] {
            let c = (a.cosine(b) * 1000.0).round() as i32;
            lowest = Some(lowest.map_or(c, |l| l.min(c)));
        }
    }
    if let Some(reason) = wangban_liveness::verdict::keyframe_identity(lowest) {
        verdict.reasons.push(reason);
        verdict.reasons.sort_unstable();
        verdict.reasons.dedup();
        verdict.passed = false;
    }
    (verdict, lowest)
}

/// Every species for every identity and seed.
pub fn evaluate(
    identities: &[Identity],
    seeds: std::ops::Range<u64>,
    species: &[Species],
    vision: &mut Vision,
    voice: &mut Voice,
    mut progress: impl FnMut(&Outcome),
) -> Result<Vec<Outcome>, String> {
    let faces: Vec<(&'static str, TalkingFace)> = identities
        .iter()
        .map(|id| {
            TalkingFace::new(id.still.clone(), vision).map(|f| (id.name, f)).ok_or(format!("no face in {}", id.name))
        })
        .collect::<Result<_, _>>()?;
    let mut outcomes = Vec::new();
    for (i, (name, face)) in faces.iter().enumerate() {
        let other = &faces[(i + 1) % faces.len()].1;
        for s in seeds.clone() {
            for &sp in species {
                let p = present(sp, s, face, other, voice)?;
                let (verdict, keyframe_similarity) = judge(vision, &p);
                let outcome =
                    Outcome { species: sp, identity: name, accepted: verdict.passed, verdict, keyframe_similarity };
                progress(&outcome);
                outcomes.push(outcome);
            }
        }
    }
    Ok(outcomes)
}

/// The ISO/IEC 30107-3 table: APCER per attack species, BPCER for bona fide, with counts.
pub fn table(outcomes: &[Outcome]) -> String {
    let mut out =
        String::from("| presentation | samples | accepted | rate | most frequent reasons |\n|---|---|---|---|---|\n");
    for sp in std::iter::once(Species::BonaFide).chain(Species::ATTACKS) {
        let of: Vec<&Outcome> = outcomes.iter().filter(|o| o.species == sp).collect();
        if of.is_empty() {
            continue;
        }
        let (n, accepted) = (of.len(), of.iter().filter(|o| o.accepted).count());
        let (label, rate) = if sp == Species::BonaFide {
            ("BPCER", (n - accepted) as f64 / n as f64)
        } else {
            ("APCER", accepted as f64 / n as f64)
        };
        let mut counts: Vec<(String, usize)> = Vec::new();
        for r in of.iter().flat_map(|o| o.verdict.reasons.iter().map(reason_family)) {
            match counts.iter_mut().find(|(c, _)| *c == r) {
                Some((_, k)) => *k += 1,
                None => counts.push((r, 1)),
            }
        }
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        let reasons: Vec<String> = counts.iter().take(3).map(|(c, k)| format!("{c} ×{k}")).collect();
        out.push_str(&format!(
            "| {} | {n} | {accepted} | {label} {:.1} % | {} |\n",
            sp.name(),
            rate * 100.0,
            reasons.join(", ")
        ));
    }
    out
}

/// `digit_mismatch:3` and `digit_mismatch:1` count as one family in the table.
fn reason_family(r: &Reason) -> String {
    match r {
        Reason::DigitMismatch(_) => "digit_mismatch".into(),
        other => other.code(),
    }
}
