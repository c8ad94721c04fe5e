//! The vision entry point on arbitrary frames: any width, height, stride and bytes go through
//! `FrameRef::new` and then the tracked pipeline (detector, mesh, features) with the real
//! models. Every outcome must be a value or a typed error, never a panic. Needs the NNEF models
//! built by `cargo xtask build` (www/models).
#![no_main]

use std::sync::Mutex;

use libfuzzer_sys::fuzz_target;
use wangban_vision::{FrameRef, ModelBytes, Tracker, Vision};

static PIPELINE: Mutex<Option<(Vision, Tracker)>> = Mutex::new(None);

fuzz_target!(|data: &[u8]| {
    let Some((header, pixels)) = data.split_first_chunk::<6>() else { return };
    // Small sides keep each run fast; stride may be anything, including too short.
    let width = u32::from(u16::from_le_bytes([header[0], header[1]]) % 300);
    let height = u32::from(u16::from_le_bytes([header[2], header[3]]) % 300);
    let stride = u32::from(u16::from_le_bytes([header[4], header[5]]) % 1300);
    let Ok(frame) = FrameRef::new(width, height, stride, pixels) else { return };
    let mut guard = PIPELINE.lock().unwrap_or_else(|e| e.into_inner());
    let (vision, tracker) = guard.get_or_insert_with(|| {
        let bytes = ModelBytes {
            detector: include_bytes!("../../../../www/models/detector.nnef.tar"),
            mesh: include_bytes!("../../../../www/models/mesh.nnef.tar"),
            embedder: None,
            antispoof: None,
        };
        (Vision::from_nnef(bytes).expect("models load"), Tracker::default())
    });
    let _ = tracker.process(vision, &frame);
});
