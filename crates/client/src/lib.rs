//! The browser client of Wangban: the wasm-bindgen shell around the sans-IO cores.
//!
//! # Layout
//! - `lib.rs`: the [`Client`] the page's script drives: load models, open the camera, analyse
//!   the current frame, start a session.
//! - [`camera`]: getUserMedia and reading RGBA frames off the `<video>` through a canvas.
//! - [`net`]: fetching models and talking JSON to the edge Worker.
//!
//! The page's JavaScript only renders: every decision about frames, faces and challenges is made
//! here, in Rust, with the same crates the Worker uses to check the result.

pub mod camera;
pub mod net;

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlVideoElement;

use wangban_attest::SecretKey;
use wangban_attest::api::{CreateSession, SessionCreated};
use wangban_vision::{FrameAnalysis, FrameRef, ModelBytes, ModelSpec, Tracker, Vision};

#[wasm_bindgen(start)]
fn init() {
    console_error_panic_hook::set_once();
}

/// What the page shows about one analysed frame.
#[derive(Serialize)]
pub struct FrameReport {
    pub width: u32,
    pub height: u32,
    pub face_count: usize,
    /// Exactly one face, found by the mesh.
    pub one_face: bool,
    pub detector_ran: bool,
    /// Time spent in Rust on this frame (grab + vision), ms.
    pub elapsed_ms: f64,
}

/// The client engine behind the page.
#[wasm_bindgen]
pub struct Client {
    vision: RefCell<Vision>,
    tracker: RefCell<Tracker>,
    grabber: camera::FrameGrabber,
    session_key: RefCell<Option<SecretKey>>,
}

#[wasm_bindgen]
impl Client {
    /// Downloads the detector and mesh models from `models_base` (ending in `/`) and loads them.
    pub async fn load(models_base: String) -> Result<Client, JsValue> {
        let detector =
            net::get_bytes(&format!("{models_base}{}", ModelSpec::DETECTOR.nnef_file())).await.map_err(to_js)?;
        let mesh = net::get_bytes(&format!("{models_base}{}", ModelSpec::MESH.nnef_file())).await.map_err(to_js)?;
        Client::from_model_bytes(&detector, &mesh)
    }

    /// Builds a client from model bytes already in memory.
    pub fn from_model_bytes(detector: &[u8], mesh: &[u8]) -> Result<Client, JsValue> {
        let vision = Vision::from_nnef(ModelBytes { detector, mesh, embedder: None, antispoof: None })
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(Client {
            vision: RefCell::new(vision),
            tracker: RefCell::new(Tracker::default()),
            grabber: camera::FrameGrabber::new()?,
            session_key: RefCell::new(None),
        })
    }

    /// Opens the camera into `video`. On failure, rejects with `{problem}`: `denied`,
    /// `not_found`, `unavailable` or `unsupported`.
    pub async fn open_camera(&self, video: HtmlVideoElement) -> Result<(), JsValue> {
        camera::open(&video, false).await.map(drop).map_err(|problem| {
            serde_wasm_bindgen::to_value(&serde_json::json!({ "problem": problem })).unwrap_or(JsValue::NULL)
        })
    }

    /// Analyses the video's current frame. `null` until the first frame has arrived.
    pub fn analyze(&self, video: &HtmlVideoElement) -> Result<JsValue, JsValue> {
        let start = now_ms();
        let Some(frame) = self.grabber.grab(video)? else {
            return Ok(JsValue::NULL);
        };
        let analysis = self.analyze_rgba(frame.width, frame.height, &frame.rgba)?;
        let report = FrameReport {
            width: frame.width,
            height: frame.height,
            face_count: analysis.face_count,
            one_face: analysis.face_count == 1 && analysis.face.is_some(),
            detector_ran: analysis.detector_ran,
            elapsed_ms: now_ms() - start,
        };
        serde_wasm_bindgen::to_value(&report).map_err(Into::into)
    }

    /// Starts an application: a fresh session key, then `POST /api/v1/sessions`. Resolves to
    /// the challenge; rejects with the server's typed error (`{status, error: {code, …}}`).
    pub async fn create_session(&self, service: String, id_number: String) -> Result<JsValue, JsValue> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let key = SecretKey::from_seed(&seed);
        let request = CreateSession { service, id_number, client_public_key: key.public().to_hex() };
        *self.session_key.borrow_mut() = Some(key);
        let created: SessionCreated = net::post_json("/api/v1/sessions", &request).await.map_err(to_js)?;
        serde_wasm_bindgen::to_value(&created).map_err(Into::into)
    }
}

impl Client {
    /// The tracked pipeline on one RGBA frame (also the entry point of the wasm tests).
    pub fn analyze_rgba(&self, width: u32, height: u32, rgba: &[u8]) -> Result<FrameAnalysis, JsValue> {
        let frame = FrameRef::packed(width, height, rgba).map_err(|e| JsValue::from_str(&e.to_string()))?;
        self.tracker
            .borrow_mut()
            .process(&mut self.vision.borrow_mut(), &frame)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }
}

fn to_js(e: net::CallError) -> JsValue {
    serde_wasm_bindgen::to_value(&e).unwrap_or_else(|_| JsValue::from_str("error"))
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}
