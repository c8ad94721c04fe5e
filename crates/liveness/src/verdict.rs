//! The verdict: did one live face read these digits, on this schedule, with this voice?
//!
//! Checks, each producing machine-readable [`Reason`]s:
//! - coverage: enough frames, no long gaps;
//! - continuity: one face all along (`two_faces`, `face_lost`, `face_changed`), plausible head
//!   motion (`head_still`: a perfectly still head with a moving mouth is a puppet, not a person),
//!   facing the camera (`face_turned`: the mouth of a face turned far away cannot be measured);
//! - articulation: the mouth moves while digits are shown (`mouth_still`) and not outside the
//!   reading period (`movement_outside_reading`);
//! - shape: in each digit's window the mouth takes that digit's viseme (`digit_mismatch:N`,
//!   1-based position), scored against the resident's own neutral mouth from the lead-in, or
//!   at least stands in that viseme's relation to the reading's other digits (wider, more open
//!   by the dark cavity the pixels show, narrower), which does not depend on the face's
//!   proportions;
//! - audio–visual sync, when there is audio: the voice envelope follows the mouth opening
//!   (`av_desync`), and audio is present where the policy requires it (`audio_missing`).
//!
//! Arithmetic is `f64` on integer inputs with `+ − × ÷ √` only, so it is bit-identical in the
//! browser and in the Worker.

use serde::{Deserialize, Serialize};

use crate::observation::{AudioEnvelope, FaceSample, FrameObservation};
use crate::plan::{ChallengePlan, Viseme};

/// What the deployment requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Refuse evidence without a voice track (`audio_missing`).
    pub require_audio: bool,
}

/// Why a verdict failed (or a hint about the capture). Serialised as a stable code string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reason {
    /// Frames out of order, duplicated or far too many: not something a real client sends.
    MalformedEvidence,
    /// Too few frames or a long gap: the stream cannot be judged.
    TooFewFrames,
    /// No face in the reading period.
    NoFace,
    /// The face left the frame for too long.
    FaceLost,
    /// The face jumped in position or size, or the keyframes show different people.
    FaceChanged,
    /// More than one face in view.
    TwoFaces,
    /// The face was turned (or tilted) too far from the camera for its mouth to be measured.
    FaceTurned,
    /// Too dark to see the mouth.
    TooDark,
    /// No mouth movement while the digits were shown.
    MouthStill,
    /// Mouth movement before the first digit or well after the last.
    MovementOutsideReading,
    /// The mouth shape while digit N (1-based) was shown does not match that digit.
    DigitMismatch(u8),
    /// The head did not move at all while the mouth did.
    HeadStill,
    /// The voice does not follow the mouth.
    AvDesync,
    /// The policy requires audio and there is none (or only silence).
    AudioMissing,
    /// The server's own measurement of the frames it received contradicts the observations the
    /// client claimed for them (set by the server's re-check, never by [`assess`]).
    EvidenceMismatch,
}

impl Reason {
    /// The stable code string (`digit_mismatch:N` for [`Reason::DigitMismatch`]).
    pub fn code(&self) -> String {
        match self {
            Reason::MalformedEvidence => "malformed_evidence".into(),
            Reason::TooFewFrames => "too_few_frames".into(),
            Reason::NoFace => "no_face".into(),
            Reason::FaceLost => "face_lost".into(),
            Reason::FaceChanged => "face_changed".into(),
            Reason::TwoFaces => "two_faces".into(),
            Reason::FaceTurned => "face_turned".into(),
            Reason::TooDark => "too_dark".into(),
            Reason::MouthStill => "mouth_still".into(),
            Reason::MovementOutsideReading => "movement_outside_reading".into(),
            Reason::DigitMismatch(n) => format!("digit_mismatch:{n}"),
            Reason::HeadStill => "head_still".into(),
            Reason::AvDesync => "av_desync".into(),
            Reason::AudioMissing => "audio_missing".into(),
            Reason::EvidenceMismatch => "evidence_mismatch".into(),
        }
    }

    /// Parses a code made by [`Reason::code`]; `None` for an unknown one.
    pub fn from_code(code: &str) -> Option<Reason> {
        Some(match code {
            "malformed_evidence" => Reason::MalformedEvidence,
            "too_few_frames" => Reason::TooFewFrames,
            "no_face" => Reason::NoFace,
            "face_lost" => Reason::FaceLost,
            "face_changed" => Reason::FaceChanged,
            "two_faces" => Reason::TwoFaces,
            "face_turned" => Reason::FaceTurned,
            "too_dark" => Reason::TooDark,
            "mouth_still" => Reason::MouthStill,
            "movement_outside_reading" => Reason::MovementOutsideReading,
            "head_still" => Reason::HeadStill,
            "av_desync" => Reason::AvDesync,
            "audio_missing" => Reason::AudioMissing,
            "evidence_mismatch" => Reason::EvidenceMismatch,
            other => Reason::DigitMismatch(other.strip_prefix("digit_mismatch:")?.parse().ok()?),
        })
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.code())
    }
}

impl<'de> Deserialize<'de> for Reason {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        Reason::from_code(&code).ok_or_else(|| serde::de::Error::custom(format!("unknown reason {code}")))
    }
}

/// How one digit's window was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DigitScore {
    /// The digit shown.
    pub digit: u8,
    /// The viseme that digit calls for.
    pub expected: Viseme,
    /// The dominant viseme in the window, `None` if the mouth did not move.
    pub observed: Option<Viseme>,
    /// Mean score of the expected viseme over the window's active frames, thousandths.
    pub score: i32,
    /// By what the digit was found to match, or that it did not.
    pub judged: Judgement,
}

/// How a digit's mouth was found to match (or not).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Judgement {
    /// The expected viseme's absolute score, on time.
    Shape,
    /// On time, and in the expected relation to the reading's other digits (wider, more open,
    /// narrower), though the absolute thresholds miss it.
    Relative,
    /// Neither: `digit_mismatch` at this position.
    Mismatch,
}

/// The outcome of [`assess`]: pass or fail, with the reasons and how each digit was read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Verdict {
    /// Whether every check passed.
    pub passed: bool,
    /// Sorted and deduplicated; empty exactly when `passed`.
    pub reasons: Vec<Reason>,
    /// How each digit was read, in reading order (empty when the evidence could not be scored).
    pub digits: Vec<DigitScore>,
    /// Best voice–mouth correlation over the lags tried, thousandths (`None` without audio).
    pub av_correlation: Option<i32>,
}

/// Bounds on what a real client sends (≈ 30 fps for under a minute).
pub const MAX_FRAMES: usize = 2400;
const MIN_FPS: f64 = 8.0;
const MAX_GAP_MS: i32 = 500;
/// The lead-in ("get ready") frames that define the resident's neutral mouth.
const LEAD_IN: (i32, i32) = (-1500, -150);
/// People start a digit a little after it appears; they may still be saying it a little after
/// the next one appears, and the last one runs on after it disappears.
const WINDOW_START_LAG: i32 = 150;
const WINDOW_END_LAG: i32 = 250;
const LAST_WINDOW_TAIL: i32 = 600;
/// A frame with any viseme score at least this high counts as articulating.
const ACTIVE: f64 = 0.35;
/// A digit passes when its expected viseme scores this much on average, and beats the others.
const DIGIT_MIN_SCORE: f64 = 0.35;
/// A digit must start being articulated within this long after it appears: a reader reacts
/// within well under a second; a recording made in advance drifts off the jittered cadence.
const MAX_ONSET_MS: i32 = 900;
/// Voice and mouth of one digit peak within this long of each other.
const MAX_AV_OFFSET_MS: f64 = 160.0;
const DIGIT_MARGIN: f64 = 0.05;
const MIN_AV_CORRELATION: f64 = 0.25;
/// Median yaw or pitch over the reading beyond which the face counts as turned away, tenths of a
/// degree: the limit of the client's framing guidance (`wangban_vision::guidance`), enforced
/// here because a modified client can skip the guidance. At about 30° of yaw the mesh misses
/// a jaw drop that is plain to see (the sample sheet's woman).
const MAX_MEDIAN_TURN: i32 = 250;

/// The span the digits are judged over, ms on the challenge clock: from the first digit to a
/// little after the last one disappears. Frames outside it only give the resting mouth and the
/// movement outside the reading.
pub fn reading_span(plan: &ChallengePlan) -> (i32, i32) {
    (0, plan.total_ms() as i32 + LAST_WINDOW_TAIL)
}

/// Judges the frames (and the voice envelope, if any) of one reading against `plan` under
/// `policy`. Pure and deterministic: browser and server reach the same verdict.
pub fn assess(
    plan: &ChallengePlan,
    frames: &[FrameObservation],
    audio: Option<&AudioEnvelope>,
    policy: Policy,
) -> Verdict {
    let mut reasons = Vec::new();
    let digits = assess_into(plan, frames, audio, policy, &mut reasons);
    let (digits, av_correlation) = digits.unwrap_or_default();
    reasons.sort_unstable();
    reasons.dedup();
    Verdict { passed: reasons.is_empty(), reasons, digits, av_correlation }
}

type Scores = (Vec<DigitScore>, Option<i32>);

fn assess_into(
    plan: &ChallengePlan,
    frames: &[FrameObservation],
    audio: Option<&AudioEnvelope>,
    policy: Policy,
    reasons: &mut Vec<Reason>,
) -> Option<Scores> {
    if frames.len() > MAX_FRAMES || frames.windows(2).any(|w| w[0].t_ms >= w[1].t_ms) || plan.prompts.is_empty() {
        reasons.push(Reason::MalformedEvidence);
        return None;
    }
    let reading_end = reading_span(plan).1;
    let reading: Vec<&FrameObservation> = frames.iter().filter(|f| (0..=reading_end).contains(&f.t_ms)).collect();
    coverage(&reading, reading_end, reasons);
    let faces: Vec<(i32, &FaceSample)> = reading.iter().filter_map(|f| f.face.as_ref().map(|s| (f.t_ms, s))).collect();
    if faces.is_empty() {
        reasons.push(Reason::NoFace);
        return None;
    }
    continuity(&reading, &faces, reasons);
    if median(faces.iter().map(|(_, s)| s.brightness)) < 120 {
        reasons.push(Reason::TooDark);
    }
    let neutral = neutral_mouth(frames, &faces);
    let scored: Vec<(i32, [f64; 3])> = faces.iter().map(|(t, s)| (*t, viseme_scores(s, &neutral))).collect();
    if scored.iter().all(|(_, s)| activity(s) < ACTIVE) {
        reasons.push(Reason::MouthStill);
    }
    outside_reading(frames, &neutral, reading_end, reasons);
    head_motion(&faces, reasons);
    let shapes = window_shapes(plan, &faces, &scored, &neutral);
    let digit_scores: Vec<DigitScore> = plan
        .prompts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (from, to) = digit_window(plan, i);
            let score = digit_score(p.digit, scored.iter().filter(|(t, _)| (from..=to).contains(t)).map(|(_, s)| s));
            let on_time = onset(&scored, from, to).is_some_and(|t| t <= p.start_ms as i32 + MAX_ONSET_MS);
            let shaped = score.observed == Some(score.expected) && score.score >= (DIGIT_MIN_SCORE * 1000.0) as i32;
            let judged = match (on_time && score.observed.is_some(), shaped) {
                (true, true) => Judgement::Shape,
                (true, false) if ordered(i, &shapes) => Judgement::Relative,
                _ => Judgement::Mismatch,
            };
            if judged == Judgement::Mismatch {
                reasons.push(Reason::DigitMismatch(i as u8 + 1));
            }
            DigitScore { judged, ..score }
        })
        .collect();
    // A still mouth mismatches every digit; say the one thing that explains it.
    if reasons.contains(&Reason::MouthStill) {
        reasons.retain(|r| !matches!(r, Reason::DigitMismatch(_)));
    }
    let av = match audio {
        Some(env) => audio_visual(env, plan, &faces, &scored, reasons),
        None => {
            if policy.require_audio {
                reasons.push(Reason::AudioMissing);
            }
            None
        }
    };
    Some((digit_scores, av))
}

/// The time span in which digit `i` must be read: from a little after it appears to a little
/// after the next one appears (windows never overlap).
fn digit_window(plan: &ChallengePlan, i: usize) -> (i32, i32) {
    let start = plan.prompts[i].start_ms as i32;
    let end = match plan.prompts.get(i + 1) {
        Some(next) => next.start_ms as i32 + WINDOW_END_LAG,
        None => plan.prompts[i].end_ms() as i32 + LAST_WINDOW_TAIL,
    };
    (start + WINDOW_START_LAG, end)
}

fn coverage(reading: &[&FrameObservation], reading_end: i32, reasons: &mut Vec<Reason>) {
    let needed = f64::from(reading_end) / 1000.0 * MIN_FPS;
    let mut last = 0;
    let mut longest_gap = 0;
    for f in reading {
        longest_gap = longest_gap.max(f.t_ms - last);
        last = f.t_ms;
    }
    longest_gap = longest_gap.max(reading_end - last);
    if (reading.len() as f64) < needed || longest_gap > MAX_GAP_MS {
        reasons.push(Reason::TooFewFrames);
    }
}

fn continuity(reading: &[&FrameObservation], faces: &[(i32, &FaceSample)], reasons: &mut Vec<Reason>) {
    // Two detector runs seeing a second face: one run can be a false positive.
    if reading.iter().filter(|f| f.detected && f.face_count >= 2).count() >= 2 {
        reasons.push(Reason::TwoFaces);
    }
    let missing = reading.iter().filter(|f| f.face.is_none()).count();
    let mut longest_without = 0;
    let mut since = reading.first().map_or(0, |f| f.t_ms);
    for f in reading {
        if f.face.is_some() {
            since = f.t_ms;
        }
        longest_without = longest_without.max(f.t_ms - since);
    }
    if missing * 100 > reading.len() * 15 || longest_without > 600 {
        reasons.push(Reason::FaceLost);
    }
    let turn = |f: fn(&FaceSample) -> i32| median(faces.iter().map(|(_, s)| f(s).saturating_abs()));
    if turn(|s| s.yaw) > MAX_MEDIAN_TURN || turn(|s| s.pitch) > MAX_MEDIAN_TURN {
        reasons.push(Reason::FaceTurned);
    }
    for w in faces.windows(2) {
        let ((t0, a), (t1, b)) = (w[0], w[1]);
        if t1 - t0 > 250 {
            continue;
        }
        let jump = f64::from(a.center_x - b.center_x).abs().max(f64::from(a.center_y - b.center_y).abs());
        let scale = f64::from(b.eye_distance.max(1)) / f64::from(a.eye_distance.max(1));
        if jump > 150.0 || !(0.74..=1.35).contains(&scale) {
            reasons.push(Reason::FaceChanged);
            return;
        }
    }
    if jerky(faces) {
        reasons.push(Reason::FaceChanged);
    }
}

/// Frames spliced together from other moments (another recording re-ordered to fit the
/// challenge) make the head jerk: a head turns smoothly, so over three consecutive frames its
/// tilt changes at a steady rate, and a frame from another moment breaks that. A frame's
/// departure is how far its roll is from the straight line through its neighbours; the limit is
/// [`ROLL_JERK`], or four times the reading's median departure when its measurement is noisier
/// (a small face, a compressed crop). One badly measured frame departs at itself and, half as
/// much, at each neighbour: only departures over the limit that are the largest of their three
/// count, so it counts once, and [`JERKY_FRAMES`] of them are a splice. The face's position is
/// too coarse for this on a small face.
fn jerky(faces: &[(i32, &FaceSample)]) -> bool {
    // None across a gap in the frames: no line to depart from.
    let departures: Vec<Option<i32>> = faces
        .windows(3)
        .map(|w| {
            (w[1].0 - w[0].0 <= 250 && w[2].0 - w[1].0 <= 250)
                .then(|| (w[0].1.roll - 2 * w[1].1.roll + w[2].1.roll).saturating_abs())
        })
        .collect();
    let limit = ROLL_JERK.max(median(departures.iter().flatten().copied()).saturating_mul(4));
    let at = |i: usize| departures.get(i).copied().flatten().unwrap_or(0);
    let peaks = (0..departures.len())
        .filter(|&i| at(i) > limit && at(i) >= at(i + 1) && i.checked_sub(1).is_none_or(|p| at(i) > at(p)))
        .count();
    peaks >= JERKY_FRAMES
}

/// Frames departing from their neighbours' line that make a splice.
const JERKY_FRAMES: usize = 3;

/// Tenths of a degree (docs/evaluation.md).
const ROLL_JERK: i32 = 15;

/// The resident's resting mouth: median of the lead-in, or of the least open frames if the
/// lead-in is missing.
#[derive(Clone, Copy, Debug)]
struct Neutral {
    opening: f64,
    aperture: f64,
    width: f64,
    roundness: f64,
}

fn neutral_mouth(frames: &[FrameObservation], reading_faces: &[(i32, &FaceSample)]) -> Neutral {
    let lead_in: Vec<&FaceSample> =
        frames.iter().filter(|f| (LEAD_IN.0..=LEAD_IN.1).contains(&f.t_ms)).filter_map(|f| f.face.as_ref()).collect();
    if lead_in.len() >= 3 {
        return Neutral {
            opening: f64::from(median(lead_in.iter().map(|s| s.opening))),
            aperture: f64::from(median(lead_in.iter().map(|s| s.aperture))),
            width: f64::from(median(lead_in.iter().map(|s| s.width))),
            roundness: f64::from(median(lead_in.iter().map(|s| s.roundness))),
        };
    }
    let mut by_opening: Vec<&FaceSample> = reading_faces.iter().map(|(_, s)| *s).collect();
    by_opening.sort_by_key(|s| s.opening);
    let calm = &by_opening[..by_opening.len().div_ceil(4)];
    Neutral {
        opening: f64::from(median(calm.iter().map(|s| s.opening))),
        aperture: f64::from(median(calm.iter().map(|s| s.aperture))),
        width: f64::from(median(calm.iter().map(|s| s.width))),
        roundness: f64::from(median(calm.iter().map(|s| s.roundness))),
    }
}

/// Scores in `[0, 1]` for [open, spread, rounded], relative to the neutral mouth.
///
/// Opening the jaw also raises the lips' height-to-width ratio, so rounding is recognised by the
/// corners moving in, or by the ratio rising more than the opening explains (a pucker).
fn viseme_scores(s: &FaceSample, n: &Neutral) -> [f64; 3] {
    let d_open = f64::from(s.opening) - n.opening;
    let d_round = f64::from(s.roundness) - n.roundness;
    let width_ratio = f64::from(s.width) / n.width.max(1.0);
    let pucker = ramp(d_round - d_open, 30.0, 110.0);
    let rounded = ramp(1.0 - width_ratio, 0.04, 0.12).max(pucker);
    let open = ramp(d_open, 60.0, 180.0) * (1.0 - 0.6 * pucker);
    let spread = ramp(width_ratio - 1.0, 0.02, 0.065) * (1.0 - ramp(d_open, 120.0, 250.0));
    [open, spread, rounded]
}

const VISEME_ORDER: [Viseme; 3] = [Viseme::Open, Viseme::Spread, Viseme::Rounded];

/// Between two digits of different visemes, how much wider (fraction of the neutral width) or
/// more open (cavity height, thousandths of the inter-ocular distance) one mouth must be than
/// the other.
const ORDER_WIDTH_MARGIN: f64 = 0.03;
const ORDER_OPENING_MARGIN: f64 = 50.0;
/// An open digit's cavity is at least this many times as tall (above neutral) as a spread one's.
const SPREAD_OPENING_AT_MOST: f64 = 2.0;

/// The mouth in one digit's window: its expected viseme and the mean cavity height (above
/// neutral) and width ratio (to neutral) over the frames where it articulates.
///
/// Digits are compared by the cavity the pixels show rather than by the mesh's lip gap: on a
/// turned face the mesh puts the lower lip of a wide-open mouth mid-cavity, and its 三 and 八
/// then measure less open than its 零 or 一.
struct WindowShape {
    expected: Viseme,
    aperture: f64,
    width: f64,
}

/// `scored` holds the viseme scores of `faces`, frame for frame.
fn window_shapes(
    plan: &ChallengePlan,
    faces: &[(i32, &FaceSample)],
    scored: &[(i32, [f64; 3])],
    n: &Neutral,
) -> Vec<Option<WindowShape>> {
    (0..plan.prompts.len())
        .map(|i| {
            let (from, to) = digit_window(plan, i);
            let active: Vec<&FaceSample> = faces
                .iter()
                .zip(scored)
                .filter(|((t, _), (_, v))| (from..=to).contains(t) && activity(v) >= ACTIVE)
                .map(|((_, s), _)| *s)
                .collect();
            let expected = Viseme::of_digit(plan.prompts[i].digit)?;
            if active.len() < 2 {
                return None;
            }
            // The mouth moves into and out of the shape at the ends of the articulation, which
            // would blend the neighbouring digits' shapes in: the middle half holds it.
            let trim = active.len() / 4;
            let active = &active[trim..active.len() - trim];
            let mean =
                |f: fn(&FaceSample) -> i32| active.iter().map(|s| f64::from(f(s))).sum::<f64>() / active.len() as f64;
            Some(WindowShape {
                expected,
                aperture: mean(|s| s.aperture) - n.aperture,
                width: mean(|s| s.width) / n.width.max(1.0),
            })
        })
        .collect()
}

/// Whether digit `i`'s mouth stands in the right relation to every digit of another viseme in
/// the same reading: rounded is narrower than the others; spread is wider than open, or at most
/// half as open; open is more open than spread. This holds whatever a face's proportions (the
/// absolute viseme thresholds are calibrated on few faces), and every challenge has all three
/// visemes.
fn ordered(i: usize, shapes: &[Option<WindowShape>]) -> bool {
    let Some(me) = &shapes[i] else { return false };
    let others: Vec<&WindowShape> = shapes.iter().flatten().filter(|o| o.expected != me.expected).collect();
    !others.is_empty()
        && others.iter().all(|o| {
            let wider = |a: &WindowShape, b: &WindowShape| a.width - b.width >= ORDER_WIDTH_MARGIN;
            let more_open = |a: &WindowShape, b: &WindowShape| a.aperture - b.aperture >= ORDER_OPENING_MARGIN;
            // Spread digits hold the jaw almost closed: a spread mouth that does not widen (some
            // faces hardly do) still opens at most half as far as an open one. Merely less open
            // is not spread: 二 is half open, and a replay of other digits shows it in spread slots.
            let nearly_closed_beside = |a: &WindowShape, b: &WindowShape| {
                more_open(b, a) && a.aperture.max(0.0) * SPREAD_OPENING_AT_MOST <= b.aperture
            };
            match (me.expected, o.expected) {
                (Viseme::Spread, Viseme::Rounded) | (Viseme::Open, Viseme::Rounded) => wider(me, o),
                (Viseme::Rounded, _) => wider(o, me),
                (Viseme::Spread, Viseme::Open) => wider(me, o) || nearly_closed_beside(me, o),
                // Narrower is not open: a rounded mouth is narrower too.
                (Viseme::Open, Viseme::Spread) => more_open(me, o),
                _ => true,
            }
        })
}

fn digit_score<'a>(digit: u8, window: impl Iterator<Item = &'a [f64; 3]>) -> DigitScore {
    let expected = Viseme::of_digit(digit).unwrap_or(Viseme::Spread);
    let (mut sum, mut n) = ([0.0f64; 3], 0u32);
    for s in window.filter(|s| activity(s) >= ACTIVE) {
        for c in 0..3 {
            sum[c] += s[c];
        }
        n += 1;
    }
    if n < 2 {
        return DigitScore { digit, expected, observed: None, score: 0, judged: Judgement::Mismatch };
    }
    let mean = sum.map(|v| v / f64::from(n));
    let e = VISEME_ORDER.iter().position(|v| *v == expected).unwrap_or(0);
    let best_other = (0..3).filter(|c| *c != e).map(|c| mean[c]).fold(0.0, f64::max);
    let observed = if mean[e] >= best_other + DIGIT_MARGIN {
        Some(expected)
    } else {
        let top = (0..3).fold(0, |b, c| if mean[c] > mean[b] { c } else { b });
        Some(VISEME_ORDER[top])
    };
    DigitScore { digit, expected, observed, score: (mean[e] * 1000.0) as i32, judged: Judgement::Mismatch }
}

/// The first rising edge of articulation in `[from, to]`: an active frame after an inactive one
/// (activity carried over from the previous digit does not count as this digit's start).
fn onset(scored: &[(i32, [f64; 3])], from: i32, to: i32) -> Option<i32> {
    let active = |s: &[f64; 3]| activity(s) >= ACTIVE;
    let mut was_active = scored.iter().rev().find(|(t, _)| *t < from).is_some_and(|(_, s)| active(s));
    for (t, s) in scored.iter().filter(|(t, _)| (from..=to).contains(t)) {
        let now = active(s);
        if now && !was_active {
            return Some(*t);
        }
        was_active = now;
    }
    None
}

fn outside_reading(frames: &[FrameObservation], neutral: &Neutral, reading_end: i32, reasons: &mut Vec<Reason>) {
    let outside: Vec<f64> = frames
        .iter()
        .filter(|f| f.t_ms < LEAD_IN.1 || f.t_ms > reading_end + 300)
        .filter_map(|f| f.face.as_ref())
        .map(|s| activity(&viseme_scores(s, neutral)))
        .collect();
    let moving = outside.iter().filter(|a| **a >= 0.6).count();
    if moving >= 3 && moving * 10 > outside.len() * 3 {
        reasons.push(Reason::MovementOutsideReading);
    }
}

fn head_motion(faces: &[(i32, &FaceSample)], reasons: &mut Vec<Reason>) {
    let sd = |f: fn(&FaceSample) -> i32| std_dev(faces.iter().map(|(_, s)| f64::from(f(s))));
    let position = sd(|s| s.center_x).max(sd(|s| s.center_y));
    let pose = sd(|s| s.yaw).max(sd(|s| s.pitch)).max(sd(|s| s.roll));
    if position < 0.8 && pose < 1.5 {
        reasons.push(Reason::HeadStill);
    }
}

fn audio_visual(
    env: &AudioEnvelope,
    plan: &ChallengePlan,
    faces: &[(i32, &FaceSample)],
    scored: &[(i32, [f64; 3])],
    reasons: &mut Vec<Reason>,
) -> Option<i32> {
    let loud = env.rms.iter().copied().max().unwrap_or(0);
    if loud < 20 {
        reasons.push(Reason::AudioMissing);
        return None;
    }
    // Mouth opening leads the sound a little; try lags from -200 to +320 ms.
    let mut best = f64::MIN;
    for lag in (-200..=320).step_by(40) {
        let pairs: Vec<(f64, f64)> =
            faces.iter().filter_map(|(t, s)| env.at(t + lag).map(|e| (f64::from(s.opening), f64::from(e)))).collect();
        if pairs.len() >= 10 {
            best = best.max(pearson(&pairs));
        }
    }
    // In every digit window, the voice must be there and peak with the mouth.
    let floor = f64::from(percentile(env.rms.iter().map(|v| i32::from(*v)), 20));
    let voiced = f64::from(loud).min(floor * 3.0).max(20.0);
    let misaligned = (0..plan.prompts.len())
        .filter(|i| {
            let (from, to) = digit_window(plan, *i);
            let voice = centroid(
                (from..=to)
                    .step_by(env.hop_ms.max(1) as usize)
                    .filter_map(|t| env.at(t).map(|v| (t, (f64::from(v) - voiced).max(0.0)))),
            );
            let mouth = centroid(
                scored
                    .iter()
                    .filter(|(t, _)| (from..=to).contains(t))
                    .map(|(t, s)| (*t, (activity(s) - ACTIVE).max(0.0))),
            );
            match (voice, mouth) {
                (Some(v), Some(m)) => (v - m).abs() > MAX_AV_OFFSET_MS,
                _ => true,
            }
        })
        .count();
    if best < MIN_AV_CORRELATION || misaligned > 0 {
        reasons.push(Reason::AvDesync);
    }
    (best > f64::MIN).then_some((best * 1000.0) as i32)
}

/// Weighted mean time of `(t, weight)` pairs; `None` when all weights are zero.
fn centroid(points: impl Iterator<Item = (i32, f64)>) -> Option<f64> {
    let (sum, weight) = points.fold((0.0, 0.0), |(s, w), (t, x)| (s + f64::from(t) * x, w + x));
    (weight > 0.0).then(|| sum / weight)
}

/// How strongly a frame articulates: its best viseme score.
fn activity(scores: &[f64; 3]) -> f64 {
    scores[0].max(scores[1]).max(scores[2])
}

fn ramp(x: f64, lo: f64, hi: f64) -> f64 {
    ((x - lo) / (hi - lo)).clamp(0.0, 1.0)
}

fn median(values: impl Iterator<Item = i32>) -> i32 {
    percentile(values, 50)
}

fn percentile(values: impl Iterator<Item = i32>, pct: usize) -> i32 {
    let mut v: Vec<i32> = values.collect();
    if v.is_empty() {
        return 0;
    }
    v.sort_unstable();
    v[(v.len() - 1) * pct / 100]
}

fn std_dev(values: impl Iterator<Item = f64>) -> f64 {
    let v: Vec<f64> = values.collect();
    if v.len() < 2 {
        return 0.0;
    }
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / v.len() as f64).sqrt()
}

fn pearson(pairs: &[(f64, f64)]) -> f64 {
    let n = pairs.len() as f64;
    let (ma, mb) = pairs.iter().fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
    let (ma, mb) = (ma / n, mb / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    let denom = (saa * sbb).sqrt();
    if denom > 0.0 { sab / denom } else { 0.0 }
}

/// Keyframes of one person embed to cosine ≥ this (thousandths); measured on the evaluation
/// identities: same person 0.6–0.95, different people below 0.3 (see `cargo xtask pad`).
pub const MIN_KEYFRAME_SIMILARITY: i32 = 450;

/// The server embeds the faces of the keyframes it re-checks; a low similarity between any
/// two of them means the face was swapped during the reading.
pub fn keyframe_identity(lowest_similarity: Option<i32>) -> Option<Reason> {
    lowest_similarity.filter(|s| *s < MIN_KEYFRAME_SIMILARITY).map(|_| Reason::FaceChanged)
}
