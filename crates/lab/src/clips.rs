//! Per-digit clips for the browser tests: the fake camera of an end-to-end test plays, each
//! time the page shows a digit, the frames and voice of that digit, so the reading follows the
//! live challenge like a person would.
//!
//! Layout under `<out>/<face>/`: `neutral-NNN.jpg` (a swaying face, looped), `still.jpg`,
//! `digit-D-NNN.jpg` and `digit-D.wav` for each digit, and `clips.json` (fps, frame counts,
//! the delay from a digit's first frame to its voice).

use std::path::Path;

use wangban_liveness::{ChallengePlan, Prompt};

use crate::faces::identities;
use crate::raster::resize;
use crate::reading::{Spoken, mouth_at, speak};
use crate::speech::{Track, Voice};
use crate::synth::{HeadPose, MouthPose, TalkingFace};

pub const FPS: u32 = 30;
/// Frames per clip start this long before the voice (the lips lead the sound).
pub const LEAD_MS: i32 = 100;
const SIDE: u32 = 448;

fn jpeg(img: &wangban_testdata::Image) -> Result<Vec<u8>, String> {
    let small = resize(img, SIDE, SIDE * img.height / img.width);
    let rgb: Vec<u8> = small.rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(&rgb, small.width as u16, small.height as u16, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| e.to_string())?;
    Ok(out)
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

pub fn generate(out: &Path, faces: &[&str]) -> Result<(), String> {
    let mut vision = crate::pipeline::vision();
    let mut voice = Voice::default();
    for identity in identities().into_iter().filter(|i| faces.contains(&i.name)) {
        let dir = out.join(identity.name);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let face = TalkingFace::new(identity.still, &mut vision).ok_or(format!("no face in {}", identity.name))?;
        let neutral_frames = 2 * FPS;
        for i in 0..neutral_frames {
            let t = (i * 1000 / FPS) as i32;
            write(
                &dir.join(format!("neutral-{i:03}.jpg")),
                &jpeg(&face.render(MouthPose::default(), HeadPose::sway(t, 0.0), i as u64))?,
            )?;
        }
        write(&dir.join("still.jpg"), &jpeg(&face.render(MouthPose::default(), HeadPose::STILL, 0))?)?;
        let mut counts = serde_json::Map::new();
        for digit in 0..10u8 {
            let spoken: Vec<Spoken> = speak(
                &ChallengePlan { prompts: vec![Prompt { digit, start_ms: 0, duration_ms: 1000 }] },
                0,
                &mut voice,
            )?;
            let duration = spoken[0].utterance.duration_ms();
            let frames = ((duration + LEAD_MS + 120) as u32 * FPS).div_ceil(1000);
            for i in 0..frames {
                let t = (i * 1000 / FPS) as i32 - LEAD_MS;
                let img = face.render(
                    mouth_at(&spoken, t),
                    HeadPose::sway(t + 400, 0.0),
                    (u64::from(digit) << 16) | u64::from(i),
                );
                write(&dir.join(format!("digit-{digit}-{i:03}.jpg")), &jpeg(&img)?)?;
            }
            let mut track = Track::silent(0, duration);
            track.place(&spoken[0].utterance, 0);
            write(&dir.join(format!("digit-{digit}.wav")), &track.wav())?;
            counts.insert(digit.to_string(), frames.into());
        }
        let manifest =
            serde_json::json!({ "fps": FPS, "lead_ms": LEAD_MS, "neutral": neutral_frames, "digits": counts });
        write(&dir.join("clips.json"), manifest.to_string().as_bytes())?;
    }
    Ok(())
}
