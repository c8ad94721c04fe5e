//! Per-stage cost natively: detection, mesh, the tracked pipeline on the carphone clip, and the
//! embedding. `cargo xtask bench vision` runs this, then the browser comparison.

use criterion::{Criterion, criterion_group, criterion_main};

use wangban_testdata as data;
use wangban_vision::model::onnx_to_nnef;
use wangban_vision::{FrameRef, ModelBytes, ModelSpec, Tracker, Vision};

fn vision() -> Vision {
    let nnef = |spec, onnx| onnx_to_nnef(spec, onnx).expect("converts");
    let (d, m) = (nnef(ModelSpec::DETECTOR, data::onnx::DETECTOR), nnef(ModelSpec::MESH, data::onnx::MESH));
    let e = nnef(ModelSpec::EMBEDDER, data::onnx::EMBEDDER);
    Vision::from_nnef(ModelBytes { detector: &d, mesh: &m, embedder: Some(&e), antispoof: None }).expect("loads")
}

fn stages(c: &mut Criterion) {
    let mut v = vision();
    let astronaut = data::astronaut();
    let frame = FrameRef::packed(astronaut.width, astronaut.height, &astronaut.rgba).unwrap();
    c.bench_function("detect (astronaut 512²)", |b| b.iter(|| v.detect(&frame).unwrap()));
    let face = v.analyze_still(&frame).unwrap().face.unwrap();
    c.bench_function("mesh on a crop", |b| b.iter(|| v.landmarks_in(&frame, face.crop).unwrap()));
    c.bench_function("embed (MobileFaceNet pair)", |b| b.iter(|| v.embed(&frame, &face).unwrap()));
    let clip = data::carphone_frames();
    let mut tracker = Tracker::default();
    let mut i = 0;
    c.bench_function("tracked pipeline per frame (carphone)", |b| {
        b.iter(|| {
            let f = &clip[i % clip.len()];
            i += 1;
            tracker.process(&mut v, &FrameRef::packed(f.width, f.height, &f.rgba).unwrap()).unwrap()
        })
    });
    c.bench_function("model load (NNEF detector + mesh)", |b| {
        let (d, m) = (
            onnx_to_nnef(ModelSpec::DETECTOR, data::onnx::DETECTOR).unwrap(),
            onnx_to_nnef(ModelSpec::MESH, data::onnx::MESH).unwrap(),
        );
        b.iter(|| Vision::from_nnef(ModelBytes { detector: &d, mesh: &m, embedder: None, antispoof: None }).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages
}
criterion_main!(benches);
