//! The client in real headless Chromium (wasm-bindgen-test through chromedriver): the same golden
//! checks as the native vision tests, on the wasm SIMD build, plus the real camera path.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

use wangban_client::Client;
use wangban_testdata as data;
use wangban_vision::Point;
use wangban_vision::mesh::idx;

wasm_bindgen_test_configure!(run_in_browser);

/// The NNEF files `cargo xtask build` serves to the browser.
fn client() -> Client {
    Client::from_model_bytes(
        include_bytes!("../../../www/models/detector.nnef.tar"),
        include_bytes!("../../../www/models/mesh.nnef.tar"),
    )
    .expect("models load in wasm")
}

fn near(p: Point, x: f32, y: f32) -> bool {
    p.distance(Point::new(x, y)) <= 2.0
}

#[wasm_bindgen_test]
fn astronaut_lips_match_onnxruntime_in_the_browser() {
    let img = data::astronaut();
    let a = client().analyze_rgba(img.width, img.height, &img.rgba).unwrap();
    assert_eq!(a.face_count, 1);
    let lm = a.face.expect("face found").landmarks;
    assert!(near(lm[idx::MOUTH_CORNER_RIGHT].xy(), 201.8, 139.5), "{:?}", lm[idx::MOUTH_CORNER_RIGHT]);
    assert!(near(lm[idx::MOUTH_CORNER_LEFT].xy(), 246.5, 141.4), "{:?}", lm[idx::MOUTH_CORNER_LEFT]);
    assert!(near(lm[idx::UPPER_LIP_INNER].xy(), 223.3, 142.4), "{:?}", lm[idx::UPPER_LIP_INNER]);
    assert!(near(lm[idx::LOWER_LIP_INNER].xy(), 223.3, 149.2), "{:?}", lm[idx::LOWER_LIP_INNER]);
}

#[wasm_bindgen_test]
fn carphone_is_tracked_in_every_frame_in_the_browser() {
    let c = client();
    let reference = data::carphone_reference_open_ratio();
    let mut ours = Vec::new();
    for (i, f) in data::carphone_frames().iter().enumerate() {
        let a = c.analyze_rgba(f.width, f.height, &f.rgba).unwrap();
        let face = a.face.unwrap_or_else(|| panic!("no face in frame {i}"));
        ours.push(face.mouth.open_ratio);
    }
    let r = data::pearson(&ours, &reference);
    assert!(r >= 0.95, "correlation with onnxruntime {r}");
}

#[wasm_bindgen_test]
fn bad_frames_are_errors_not_panics() {
    let c = client();
    assert!(c.analyze_rgba(0, 0, &[]).is_err());
    assert!(c.analyze_rgba(4, 4, &[0; 10]).is_err());
    let black = vec![0u8; 64 * 48 * 4];
    let a = c.analyze_rgba(64, 48, &black).unwrap();
    assert_eq!(a.face_count, 0);
    assert!(a.face.is_none());
}

#[wasm_bindgen_test]
async fn the_fake_camera_delivers_frames_through_get_user_media() {
    let document = web_sys::window().unwrap().document().unwrap();
    let video: web_sys::HtmlVideoElement = document.create_element("video").unwrap().unchecked_into();
    wangban_client::camera::open(&video, false).await.expect("fake camera opens");
    let grabber = wangban_client::camera::FrameGrabber::new().unwrap();
    let mut frame = None;
    for _ in 0..100 {
        frame = grabber.grab(&video).unwrap();
        if frame.is_some() {
            break;
        }
        sleep_ms(50).await;
    }
    let frame = frame.expect("a frame within 5 s");
    assert!(frame.width > 0 && frame.height > 0);
    assert_eq!(frame.rgba.len(), (frame.width * frame.height * 4) as usize);
    // Chromium's default fake camera draws a moving pattern, not a face.
    let a = client().analyze_rgba(frame.width, frame.height, &frame.rgba).unwrap();
    assert!(a.face.is_none());
}

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window().unwrap().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms).unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
fn the_verdict_is_bit_identical_to_the_native_one() {
    // The Worker recomputes the verdict the browser computed: same evidence, same answer.
    assert_eq!(wangban_liveness::conformance::fingerprint(), wangban_liveness::conformance::VERDICT_FINGERPRINT);
}

#[wasm_bindgen_test]
fn the_kernels_compute_the_native_bits_with_wasm_simd() {
    // The vision core's own kernels run on wasm SIMD here and on plain arrays natively.
    assert_eq!(wangban_kernels::conformance::fingerprint(), wangban_kernels::conformance::KERNEL_FINGERPRINT);
}
