//! Clips for Chromium's fake camera (`--use-file-for-fake-video-capture`), generated from the
//! committed test material: never committed themselves.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{Result, root, run, step};

/// Generates what is missing under `target/fixtures` and returns that directory.
pub fn generate() -> Result<PathBuf> {
    let dir = root().join("target/fixtures");
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let carphone = dir.join("carphone.y4m");
    if !carphone.exists() {
        step("fixture: carphone.mp4 → carphone.y4m (a real talking face)");
        run(ffmpeg()
            .arg("-i")
            .arg(root().join("tests/data/carphone.mp4"))
            .args(["-pix_fmt", "yuv420p"])
            .arg(&carphone))?;
    }
    let bars = dir.join("bars.y4m");
    if !bars.exists() {
        step("fixture: bars.y4m (colour bars, no face)");
        run(ffmpeg()
            .args(["-f", "lavfi", "-i", "smptebars=size=176x144:rate=30", "-t", "4", "-pix_fmt", "yuv420p"])
            .arg(&bars))?;
    }
    let turned = dir.join("turned.y4m");
    if !turned.exists() {
        step("fixture: turned.y4m (the sample sheet's woman, head turned by about 30°)");
        run(ffmpeg()
            .args(["-loop", "1", "-i"])
            .arg(root().join("tests/data/people_samples.jpg"))
            .args(["-vf", "crop=160:160:160:0,scale=480:480", "-r", "30", "-t", "4", "-pix_fmt", "yuv420p"])
            .arg(&turned))?;
    }
    let clips = dir.join("clips");
    if !clips.join("carphone/clips.json").exists() {
        step("fixture: per-digit talking-face clips and voices (lab synthesizer, espeak-ng)");
        run(Command::new(crate::util::native_bin("wangban-lab")?).arg("clips").arg(&clips))?;
    }
    Ok(dir)
}

fn ffmpeg() -> Command {
    let mut cmd = Command::new("ffmpeg");
    cmd.args(["-v", "error", "-y"]);
    cmd
}
