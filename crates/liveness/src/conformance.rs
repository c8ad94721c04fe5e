//! A fixed observation stream whose verdict every platform must reproduce bit for bit: the
//! browser computes the verdict as a hint, the Worker recomputes it to decide, and the two must
//! never disagree on the same evidence. Native and wasm tests both check [`VERDICT_FINGERPRINT`].

use crate::observation::{AudioEnvelope, FaceSample, FrameObservation};
use crate::plan::ChallengePlan;
use crate::verdict::{Policy, assess};

/// FNV-1a of the JSON of the verdict on [`stream`]: digit scores and the voice correlation in it
/// come out of floating-point arithmetic, so any platform difference shows here.
pub const VERDICT_FINGERPRINT: u64 = 17_184_385_637_528_400_566;

/// A reading with awkward numbers: irregular frame times, a face that sways, a mouth and a voice
/// that follow the plan imperfectly.
pub fn stream() -> (ChallengePlan, Vec<FrameObservation>, AudioEnvelope) {
    let plan = ChallengePlan::from_seed(&[42; 32]);
    let mut frames = Vec::new();
    let mut t = -1490;
    let mut k: i32 = 0;
    while t < plan.total_ms() as i32 + 1100 {
        let active = plan.prompts.iter().find(|p| (p.start_ms as i32 + 300..p.end_ms() as i32).contains(&t));
        let (opening, width) = match active.map(|p| p.digit) {
            Some(2 | 3 | 8) => (260 + k % 37, 1010 + k % 11),
            Some(5 | 6 | 9) => (120 + k % 13, 905 + k % 17),
            Some(_) => (70 + k % 7, 1120 + k % 23),
            None => (45 + k % 5, 1030 + k % 9),
        };
        // A head sways smoothly (a triangle wave): frames from other moments would jerk.
        let sway = 8 - ((k % 32) - 16).abs();
        frames.push(FrameObservation {
            t_ms: t,
            face_count: 1,
            detected: k % 10 == 0,
            face: Some(FaceSample {
                opening,
                aperture: (opening - 45).max(0),
                width,
                roundness: 300 + opening / 3,
                protrusion: k % 3,
                yaw: sway * 3,
                pitch: -sway,
                roll: sway / 2,
                center_x: 480 + sway,
                center_y: 420 + sway / 3,
                eye_distance: 150,
                brightness: 500,
                inside: 1000,
            }),
        });
        k += 1;
        t += 31 + k % 7;
    }
    let rms = (0..((plan.total_ms() as i32 + 2600) / 20))
        .map(|i| {
            let t = -1500 + i * 20 - 60;
            let voiced = plan.prompts.iter().any(|p| (p.start_ms as i32 + 320..p.start_ms as i32 + 760).contains(&t));
            if voiced { 250 + (i % 19) as u16 } else { 6 + (i % 3) as u16 }
        })
        .collect();
    (plan, frames, AudioEnvelope { start_ms: -1500, hop_ms: 20, rms })
}

/// The fingerprint of the verdict on [`stream`] on this platform.
pub fn fingerprint() -> u64 {
    let (plan, frames, audio) = stream();
    let verdict = assess(&plan, &frames, Some(&audio), Policy { require_audio: true });
    let json = serde_json::to_vec(&verdict).unwrap_or_default();
    json.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3))
}
