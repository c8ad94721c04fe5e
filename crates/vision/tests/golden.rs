//! Golden tests on real images and video against the onnxruntime reference numbers
//! (`tests/data/ref_ort.txt`, `tests/data/carphone_mouth_ratio_ort.txt`).

use wangban_testdata as data;
use wangban_vision::guidance::{self, Advice, Framing};
use wangban_vision::mesh::idx;
use wangban_vision::model::onnx_to_nnef;
use wangban_vision::{FrameRef, ModelBytes, ModelSpec, Point, Tracker, Vision};

fn nnef(spec: ModelSpec, onnx: &[u8]) -> Vec<u8> {
    onnx_to_nnef(spec, onnx).expect("ONNX converts to NNEF")
}

/// The runtime configuration: NNEF converted from the committed ONNX files.
fn vision() -> Vision {
    let (d, m) = (nnef(ModelSpec::DETECTOR, data::onnx::DETECTOR), nnef(ModelSpec::MESH, data::onnx::MESH));
    let (e, a) = (nnef(ModelSpec::EMBEDDER, data::onnx::EMBEDDER), nnef(ModelSpec::ANTISPOOF, data::onnx::ANTISPOOF));
    Vision::from_nnef(ModelBytes { detector: &d, mesh: &m, embedder: Some(&e), antispoof: Some(&a) }).unwrap()
}

fn frame(img: &data::Image) -> FrameRef<'_> {
    FrameRef::packed(img.width, img.height, &img.rgba).unwrap()
}

fn assert_near(what: &str, got: Point, want: (f32, f32), tol: f32) {
    let d = got.distance(Point::new(want.0, want.1));
    assert!(
        d <= tol,
        "{what}: got ({:.1}, {:.1}), reference ({:.1}, {:.1}), off by {d:.2} px",
        got.x,
        got.y,
        want.0,
        want.1
    );
}

#[test]
fn astronaut_face_box_and_lips_match_onnxruntime() {
    let img = data::astronaut();
    let mut v = vision();
    // The reference keeps the strongest anchor (greedy NMS): compare like with like.
    let candidates = v.detection_candidates(&frame(&img)).unwrap();
    assert_eq!(candidates.len(), 8, "onnxruntime saw 8 anchors >= 0.5");
    let b = candidates[0].bbox;
    assert!((candidates[0].score - 0.921).abs() < 0.005, "{}", candidates[0].score);
    assert_near("box top-left", Point::new(b.x0, b.y0), (179.2, 81.9), 2.0);
    assert_near("box bottom-right", Point::new(b.x1, b.y1), (273.8, 176.5), 2.0);
    // Weighted NMS (MediaPipe) averages the 8 into one face, a little smaller and higher.
    let faces = v.detect(&frame(&img)).unwrap();
    assert_eq!(faces.len(), 1, "{faces:?}");
    let w = faces[0].bbox;
    assert_near("weighted box centre", w.center(), (226.5, 129.2), 2.0);
    assert!((w.width() - 94.6).abs() < 2.0 && (w.height() - 94.6).abs() < 2.0, "{w:?}");

    let a = v.analyze_still(&frame(&img)).unwrap();
    let face = a.face.expect("mesh finds the face");
    assert!(face.presence > 0.99);
    let lm = &face.landmarks;
    assert_near("mouth corner 61", lm[idx::MOUTH_CORNER_RIGHT].xy(), (201.8, 139.5), 2.0);
    assert_near("mouth corner 291", lm[idx::MOUTH_CORNER_LEFT].xy(), (246.5, 141.4), 2.0);
    assert_near("inner upper lip 13", lm[idx::UPPER_LIP_INNER].xy(), (223.3, 142.4), 2.0);
    assert_near("inner lower lip 14", lm[idx::LOWER_LIP_INNER].xy(), (223.3, 149.2), 2.0);
    // Facing the camera, nearly level, well lit and sharp.
    assert!(face.pose.yaw.abs() < 20.0 && face.pose.pitch.abs() < 25.0, "{:?}", face.pose);
    assert!((1.0..10.0).contains(&face.pose.roll), "head tilted clockwise a little: {:?}", face.pose);
    assert!(face.quality.brightness > 0.3 && face.quality.sharpness > 1.0, "{:?}", face.quality);
}

#[test]
fn nnef_runtime_agrees_with_onnx_source() {
    let img = data::astronaut();
    let mut from_nnef = vision();
    let mut from_onnx = Vision::from_onnx(ModelBytes {
        detector: data::onnx::DETECTOR,
        mesh: data::onnx::MESH,
        embedder: Some(data::onnx::EMBEDDER),
        antispoof: Some(data::onnx::ANTISPOOF),
    })
    .unwrap();
    let (a, b) = (from_nnef.analyze_still(&frame(&img)).unwrap(), from_onnx.analyze_still(&frame(&img)).unwrap());
    let (fa, fb) = (a.face.unwrap(), b.face.unwrap());
    let worst = fa.landmarks.iter().zip(&fb.landmarks).map(|(p, q)| p.xy().distance(q.xy())).fold(0.0f32, f32::max);
    assert!(worst < 1e-3, "landmarks differ by {worst} px");
    let (ea, eb) = (from_nnef.embed(&frame(&img), &fa).unwrap(), from_onnx.embed(&frame(&img), &fb).unwrap());
    assert!(ea.cosine(&eb) > 0.9999);
}

#[test]
fn carphone_open_ratio_tracks_onnxruntime() {
    let frames = data::carphone_frames();
    let reference = data::carphone_reference_open_ratio();
    let mut v = vision();
    let mut tracker = Tracker::default();
    let mut ours = Vec::new();
    for (i, f) in frames.iter().enumerate() {
        let a = tracker.process(&mut v, &frame(f)).unwrap();
        let face = a.face.unwrap_or_else(|| panic!("no face in frame {i}"));
        assert_eq!(a.face_count, 1, "frame {i}");
        ours.push(face.mouth.open_ratio);
    }
    let r = data::pearson(&ours, &reference);
    assert!(r >= 0.95, "correlation with onnxruntime {r:.3}\nours {ours:?}");
}

/// On real footage of a man talking, the dark cavity read from the pixels rises and falls with
/// the mesh's lip gap, and is (nearly) nothing while the lips are together.
#[test]
fn carphone_cavity_follows_the_lip_gap() {
    let mut v = vision();
    let mut tracker = Tracker::default();
    let (mut gap, mut cavity) = (Vec::new(), Vec::new());
    for f in &data::carphone_frames() {
        let mouth = tracker.process(&mut v, &frame(f)).unwrap().face.expect("a face in every frame").mouth;
        gap.push(mouth.opening);
        cavity.push(mouth.aperture);
    }
    let r = data::pearson(&gap, &cavity);
    assert!(r >= 0.85, "cavity vs lip gap r = {r:.3}\ngap {gap:?}\ncavity {cavity:?}");
    let widest = cavity.iter().copied().fold(0.0, f32::max);
    assert!(widest > 0.2, "the widest cavity {widest:.3} of the inter-ocular distance");
    let closed: Vec<f32> = gap.iter().zip(&cavity).filter(|(g, _)| **g < 0.05).map(|(_, c)| *c).collect();
    assert!(!closed.is_empty() && closed.iter().all(|c| *c < 0.05), "cavity with the lips together: {closed:?}");
}

#[test]
fn embeddings_separate_people_and_keep_one_face_close() {
    let astro = data::astronaut();
    let mut v = vision();
    let embed = |v: &mut Vision, img: &data::Image| {
        let face = v.analyze_still(&frame(img)).unwrap().face.expect("a face");
        v.embed(&frame(img), &face).unwrap()
    };
    let base = embed(&mut v, &astro);
    let shifted = embed(&mut v, &astro.crop(9, 0, 500, 512).mirrored());
    let other = embed(&mut v, &data::cameraman());
    let (same, different) = (base.cosine(&shifted), base.cosine(&other));
    assert!(same > 0.6, "same face, shifted and mirrored: cos {same:.3}");
    assert!(different < 0.3, "astronaut vs cameraman: cos {different:.3}");
}

#[test]
fn antispoof_scores_a_real_photo() {
    let img = data::astronaut();
    let mut v = vision();
    let face = v.analyze_still(&frame(&img)).unwrap().face.unwrap();
    let score = v.antispoof(&frame(&img), &face).unwrap();
    // onnxruntime gives 0.711 on the reference crop; our crop comes from the mesh box.
    assert!((0.0..=1.0).contains(&score), "{score}");
}

/// Bad and awkward input gets a typed answer, never a panic: impossible frames are refused,
/// a black frame or a tiny odd-sized one has no face, and a face sliding out over the border is
/// reported as cut by the border (`inside_fraction`) until it is lost.
#[test]
fn bad_and_awkward_frames() {
    let mut v = vision();
    let rgba = vec![0u8; 64 * 48 * 4];
    for (w, h, stride, len) in
        [(0, 48, 256, rgba.len()), (64, 0, 256, rgba.len()), (64, 48, 200, rgba.len()), (64, 48, 256, 100)]
    {
        assert!(FrameRef::new(w, h, stride, &rgba[..len]).is_err(), "{w}×{h} stride {stride} len {len}");
    }
    let black = FrameRef::packed(64, 48, &rgba).unwrap();
    assert!(v.detect(&black).unwrap().is_empty());
    assert!(v.analyze_still(&black).unwrap().face.is_none());
    let odd = vec![200u8; 3 * 5 * 4];
    assert!(v.analyze_still(&FrameRef::packed(3, 5, &odd).unwrap()).unwrap().face.is_none());

    // The astronaut's face slides left, out of the frame, one step per frame.
    let img = data::astronaut();
    let mut tracker = Tracker::default();
    let (w, h) = (img.width as usize, img.height as usize);
    let mut seen_cut = false;
    let mut lost_at = None;
    for step in 0..=16 {
        let shift = step * 24;
        let mut shifted = vec![0u8; w * h * 4];
        for y in 0..h {
            let row = &img.rgba[y * w * 4..(y + 1) * w * 4];
            shifted[y * w * 4..y * w * 4 + (w - shift) * 4].copy_from_slice(&row[shift * 4..]);
        }
        let analysis = tracker.process(&mut v, &FrameRef::packed(w as u32, h as u32, &shifted).unwrap()).unwrap();
        match analysis.face {
            Some(face) => seen_cut |= face.inside_fraction < 0.8,
            None => {
                lost_at.get_or_insert(shift);
            }
        }
    }
    assert!(seen_cut, "a face half over the border is reported as cut");
    assert!(lost_at.is_some(), "the face is lost once it has left the frame");
}

/// Feeds `frames` at 15 fps through the tracker and the framing guidance, as the client does
/// before a reading: the last advice, and whether the reading could have started.
fn framing(v: &mut Vision, frames: &[data::Image]) -> (Advice, bool) {
    let (mut tracker, mut framing) = (Tracker::default(), Framing::default());
    let mut last = (Advice::NoFace, false);
    for (i, img) in frames.iter().enumerate() {
        let t = i as f64 * 1000.0 / 15.0;
        let analysis = tracker.process(v, &frame(img)).unwrap();
        last = (framing.advise(&analysis, img.width, img.height, t), framing.ready(t));
    }
    last
}

#[test]
fn framing_guidance_on_real_pictures() {
    let mut v = vision();
    let astronaut = data::astronaut();
    let second = |img: &data::Image| vec![img.clone(); 16];
    let man = data::people().crop(369, 0, 160, 160);
    assert_eq!(framing(&mut v, &second(&man)), (Advice::Ok, true), "a framed, steady face at rest");
    assert_eq!(framing(&mut v, &second(&man)[..10]), (Advice::Ok, false), "ready only after a while");

    // The astronaut smiles with her lips apart: the verdict would take that for her resting
    // mouth, so she is asked for a natural expression — for a while, not for ever.
    assert_eq!(framing(&mut v, &second(&astronaut)), (Advice::NaturalExpression, false), "smiling at rest");
    let patience = (guidance::EXPRESSION_PATIENCE_MS / 1000.0 * 15.0) as usize;
    assert_eq!(framing(&mut v, &vec![astronaut.clone(); patience - 1]), (Advice::NaturalExpression, false));
    assert_eq!(framing(&mut v, &vec![astronaut.clone(); patience + 16]), (Advice::Ok, true), "her resting mouth");

    let mut dark = astronaut.clone();
    dark.rgba.chunks_exact_mut(4).for_each(|px| px[..3].iter_mut().for_each(|c| *c /= 8));
    assert_eq!(framing(&mut v, &second(&dark)), (Advice::TooDark, false));

    let black = data::Image { width: 320, height: 240, rgba: [0, 0, 0, 255].repeat(320 * 240) };
    assert_eq!(framing(&mut v, &second(&black)), (Advice::NoFace, false));

    // The woman of the sample sheet has her head turned by about 30°.
    let turned = data::people().crop(160, 0, 160, 160);
    assert_eq!(framing(&mut v, &second(&turned)), (Advice::FaceTheScreen, false));

    let (w, h) = (astronaut.width, astronaut.height);
    let drifting: Vec<data::Image> = (0..16).map(|i| astronaut.crop(6 * i, 0, w - 96, h)).collect();
    assert_eq!(framing(&mut v, &drifting), (Advice::HoldStill, false));
}
