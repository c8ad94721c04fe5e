//! The face-match evaluation: how often the core's match accepts a stranger (false match rate,
//! FMR) and refuses the registered person (false non-match rate, FNMR), threshold by threshold.
//!
//! The photo on file of each identity is embedded as the registry holds it; the "live" side is
//! what the core embeds: crops the client cut from frames of the person seated before the camera
//! (the synthesizer's face, mouth moving, head swaying, sensor noise), JPEG-encoded by the
//! client's code and decoded by the core's, in cases of three whose best crop counts, as in the
//! core. A genuine comparison pairs a person's case with a photo of the same person: the same
//! photo (optimistic: the reading was made from it) or another photo of them (the realistic
//! case: the registry photo is years older than the reading). An impostor comparison pairs it
//! with every photo of every other person.

use wangban_attest::Keyframe;
use wangban_decision::face::{FACE_MATCH_MIN, similarity};
use wangban_verify::judge::KEYFRAMES;
use wangban_verify::media::{RustJpeg, embed, encode_crop};
use wangban_vision::{FrameRef, Vision};

use crate::pad::Seated;
use crate::synth::{HeadPose, MouthPose};

/// Live crops per identity: four cases of [`KEYFRAMES`].
pub const LIVE_CROPS: usize = 4 * KEYFRAMES;

/// One person's side of the evaluation.
pub struct Enrolled {
    pub name: &'static str,
    pub person: &'static str,
    /// The photo on file's embedding.
    pub on_file: Vec<f32>,
    /// Embeddings of the live crops.
    pub live: Vec<Vec<f32>>,
}

/// The live crops of `seated`: mouth shapes and head positions of a reading, as the core gets
/// them (cut by the client's code, JPEG both ways).
pub fn live_embeddings(vision: &mut Vision, seated: &Seated, n: usize) -> Vec<Vec<f32>> {
    let mut out = Vec::new();
    for k in 0..n {
        let t = 300 * k as i32;
        let mouth = MouthPose { open: (k % 4) as f32 * 0.3, spread: [0.0, 0.6, -0.6, 0.3][k % 4] };
        let img = seated.face.render(mouth, HeadPose::sway(t, k as f32), 7 + k as u64);
        let Ok(frame) = FrameRef::packed(img.width, img.height, &img.rgba) else { continue };
        let Some(face) = vision.analyze_still(&frame).ok().and_then(|a| a.face) else { continue };
        let Ok(crop) = encode_crop(vision, &mut RustJpeg, &frame, face.crop, t) else { continue };
        let keyframe = Keyframe { t_ms: t, frame_t_ms: t, jpeg: crop.jpeg };
        if let Ok(Some(e)) = embed(vision, &keyframe) {
            out.push(e);
        }
    }
    out
}

/// Every seated person's photo on file (as [`Seated::registry`] holds it) and live crops.
pub fn enrol(vision: &mut Vision, seated: &[Seated]) -> Vec<Enrolled> {
    seated
        .iter()
        .filter_map(|s| {
            let on_file = s.registry.clone()?;
            Some(Enrolled { name: s.name, person: s.person, on_file, live: live_embeddings(vision, s, LIVE_CROPS) })
        })
        .collect()
}

/// One comparison: a case of `live` against the photo on file of `on_file`.
#[derive(Clone, Debug)]
pub struct Comparison {
    pub live: &'static str,
    pub on_file: &'static str,
    /// Cosine similarity, thousandths.
    pub score: i32,
}

/// The three sets of comparisons.
#[derive(Default)]
pub struct Scores {
    /// Cases against the very photo they were made from.
    pub same_photo: Vec<Comparison>,
    /// Cases against another photo of the same person.
    pub other_photo: Vec<Comparison>,
    /// Cases against every photo of everyone else.
    pub impostor: Vec<Comparison>,
}

/// Every case of every identity against every photo on file. A case is what the core matches:
/// [`KEYFRAMES`] crops of one reading, the best of them against the photo.
pub fn compare(enrolled: &[Enrolled]) -> Scores {
    let mut scores = Scores::default();
    for a in enrolled {
        for b in enrolled {
            for case in a.live.chunks_exact(KEYFRAMES) {
                let score = case.iter().map(|live| similarity(live, &b.on_file)).max().unwrap_or(-1000);
                let c = Comparison { live: a.name, on_file: b.name, score };
                match (a.name == b.name, a.person == b.person) {
                    (true, _) => scores.same_photo.push(c),
                    (false, true) => scores.other_photo.push(c),
                    (false, false) => scores.impostor.push(c),
                }
            }
        }
    }
    scores
}

/// Distinct people in `enrolled`.
pub fn people(enrolled: &[Enrolled]) -> usize {
    let mut p: Vec<&str> = enrolled.iter().map(|e| e.person).collect();
    p.sort_unstable();
    p.dedup();
    p.len()
}

fn rate(k: usize, n: usize) -> String {
    if n == 0 { "–".into() } else { format!("{:.2} % ({k}/{n})", k as f64 * 100.0 / n as f64) }
}

/// The FMR and FNMR at each threshold from 0.30 to 0.70, the shipped one marked, then the
/// highest impostor scores.
pub fn report(scores: &Scores) -> String {
    let mut out = String::from(
        "| threshold | FMR (impostor cases) | FNMR, same photo | FNMR, another photo of the person |\n|---|---|---|---|\n",
    );
    for threshold in (300..=700).step_by(25) {
        let above = |v: &[Comparison]| v.iter().filter(|c| c.score >= threshold).count();
        let below = |v: &[Comparison]| v.iter().filter(|c| c.score < threshold).count();
        let mark = if threshold == FACE_MATCH_MIN { " (shipped)" } else { "" };
        out.push_str(&format!(
            "| {:.3}{mark} | {} | {} | {} |\n",
            f64::from(threshold) / 1000.0,
            rate(above(&scores.impostor), scores.impostor.len()),
            rate(below(&scores.same_photo), scores.same_photo.len()),
            rate(below(&scores.other_photo), scores.other_photo.len()),
        ));
    }
    // The most extreme comparison of each pair of photos, the five most extreme pairs.
    let extreme = |v: &[Comparison], highest: bool, n: usize| {
        let mut v: Vec<&Comparison> = v.iter().collect();
        v.sort_by_key(|c| if highest { -c.score } else { c.score });
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        let mut shown = Vec::new();
        for c in v {
            let pair = if c.live < c.on_file { (c.live, c.on_file) } else { (c.on_file, c.live) };
            if !pairs.contains(&pair) && shown.len() < n {
                pairs.push(pair);
                shown.push(format!("{} vs {} {}", c.live, c.on_file, c.score));
            }
        }
        shown.join("; ")
    };
    out.push_str(&format!("\nhighest impostor pairs: {}\n", extreme(&scores.impostor, true, 10)));
    out.push_str(&format!("lowest same-photo: {}\n", extreme(&scores.same_photo, false, 5)));
    out.push_str(&format!("lowest other-photo: {}\n", extreme(&scores.other_photo, false, 5)));
    out
}
