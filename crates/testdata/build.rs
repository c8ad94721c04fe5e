//! Decodes `tests/data/carphone.mp4` to raw RGBA frames with ffmpeg (installed by
//! `cargo xtask setup`), so tests on every target, wasm32 included, can embed the clip.

use std::path::PathBuf;
use std::process::Command;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap());
    let clip = manifest.join("../../tests/data/carphone.mp4");
    println!("cargo::rerun-if-changed={}", clip.display());
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("carphone.rgba");
    let status = Command::new("ffmpeg")
        .args(["-v", "error", "-y", "-i"])
        .arg(&clip)
        .args(["-f", "rawvideo", "-pix_fmt", "rgba"])
        .arg(&out)
        .status();
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => panic!("ffmpeg failed ({s}) decoding {}", clip.display()),
        Err(e) => panic!("ffmpeg not found ({e}): run `cargo xtask setup` first"),
    }
}
