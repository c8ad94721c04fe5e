//! Frames → the real vision pipeline → observations, exactly as the browser client does it.

use wangban_liveness::FrameObservation;
use wangban_testdata::{self as data, Image};
use wangban_verify::observe;
use wangban_vision::model::onnx_to_nnef;
use wangban_vision::{FrameRef, ModelBytes, ModelSpec, Tracker, Vision};

/// The runtime models (NNEF converted from the committed ONNX), embedder and anti-spoof model
/// included.
pub fn vision() -> Vision {
    let nnef = |spec, onnx| onnx_to_nnef(spec, onnx).expect("committed ONNX converts");
    let (d, m) = (nnef(ModelSpec::DETECTOR, data::onnx::DETECTOR), nnef(ModelSpec::MESH, data::onnx::MESH));
    let e = nnef(ModelSpec::EMBEDDER, data::onnx::EMBEDDER);
    let a = nnef(ModelSpec::ANTISPOOF, data::onnx::ANTISPOOF);
    Vision::from_nnef(ModelBytes { detector: &d, mesh: &m, embedder: Some(&e), antispoof: Some(&a) })
        .expect("models load")
}

/// Tracks a stream of `(t_ms, frame)` and quantises every frame.
pub fn observe_stream<'a>(
    vision: &mut Vision,
    frames: impl Iterator<Item = (i32, &'a Image)>,
) -> Vec<FrameObservation> {
    let mut tracker = Tracker::default();
    frames
        .map(|(t, img)| {
            let frame = FrameRef::packed(img.width, img.height, &img.rgba).expect("rendered frames are well formed");
            let analysis = tracker.process(vision, &frame).expect("vision runs on rendered frames");
            observe(&analysis, t, img.width, img.height)
        })
        .collect()
}
