//! The browser client of Wangban: the wasm-bindgen shell around the sans-IO cores.
//!
//! # Layout
//! - `lib.rs`: the [`Client`] the page's script drives: load the pinned models, open the camera,
//!   analyse frames (with the vision core's framing guidance), start a session (verifying the server's signed challenge
//!   against the pinned keys), record the reading, sign and submit the attestation.
//! - [`camera`]: getUserMedia, reading RGBA frames off the `<video>` through a canvas, and
//!   the reading's crop and scene JPEGs from the browser's encoder.
//! - [`net`]: fetching models and talking JSON to the edge Worker.
//!
//! The page's JavaScript only renders and schedules: every decision about frames, faces,
//! challenges and evidence is made here, in Rust, with the same crates the Worker uses to
//! check the result.

pub mod camera;
pub mod net;

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::HtmlVideoElement;

use wangban_attest::api::{Application, CaseAccepted, CreateSession, SessionCreated, SubmitCase};
use wangban_attest::manifest::ModelManifest;
use wangban_attest::{Keyring, SecretKey};
use wangban_liveness::AudioEnvelope;
use wangban_verify::Recorder;
use wangban_vision::guidance::Framing;
use wangban_vision::{FrameAnalysis, FrameRef, Model, ModelBytes, ModelSpec, Tracker, Vision};

pub const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The challenge keys this build accepts (`id:publichex,…`), pinned at build time by
/// `cargo xtask build` from the deployment's signing key.
fn pinned_keys() -> Result<Keyring, JsValue> {
    let keys = option_env!("WANGBAN_CHALLENGE_KEYS").unwrap_or("");
    Keyring::parse(keys).map_err(|_| JsValue::from_str("this build has no valid pinned challenge keys"))
}

#[wasm_bindgen(start)]
fn init() {
    console_error_panic_hook::set_once();
}

/// What the page shows about one analysed frame. Never a score.
#[derive(Serialize)]
pub struct FrameReport {
    pub width: u32,
    pub height: u32,
    pub face_count: usize,
    /// Exactly one face, found by the mesh.
    pub one_face: bool,
    /// What to tell the resident (`ok`, `no_face`, `move_closer`, `too_dark`, …).
    pub guidance: &'static str,
    /// The guidance has said `ok` long enough: the reading may start.
    pub ready: bool,
    /// Time spent in Rust on this frame (grab + vision), ms.
    pub elapsed_ms: f64,
}

struct Session {
    created: SessionCreated,
    id_number: String,
    key: SecretKey,
    recorder: Recorder,
    /// `performance.now()` when the first digit appeared; `None` until the reading starts.
    reading_started_at: Option<f64>,
    /// Frames before that instant are the lead-in (negative times).
    lead_in_started_at: Option<f64>,
}

/// The client engine behind the page.
#[wasm_bindgen]
pub struct Client {
    vision: RefCell<Vision>,
    tracker: RefCell<Tracker>,
    grabber: camera::FrameGrabber,
    jpeg: RefCell<camera::CanvasJpeg>,
    manifest_sha256: String,
    framing: RefCell<Framing>,
    session: RefCell<Option<Session>>,
}

#[wasm_bindgen]
impl Client {
    /// Downloads the manifest and the detector and mesh models from `models_base` (ending in
    /// `/`), checks every file against the manifest, and loads them.
    pub async fn load(models_base: String) -> Result<Client, JsValue> {
        let manifest_bytes = net::get_bytes(&format!("{models_base}manifest.json")).await.map_err(call_error)?;
        let manifest = ModelManifest::parse(&manifest_bytes).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let fetch_pinned = |spec: ModelSpec| {
            let (file, manifest) = (spec.nnef_file(), &manifest);
            let url = format!("{models_base}{file}");
            async move {
                let bytes = net::get_bytes(&url).await.map_err(call_error)?;
                manifest
                    .check(&file, &bytes)
                    .map_err(|_| JsValue::from_str(&format!("{file} does not match the model manifest")))?;
                Ok::<_, JsValue>(bytes)
            }
        };
        let detector = fetch_pinned(ModelSpec::DETECTOR).await?;
        let mesh = fetch_pinned(ModelSpec::MESH).await?;
        let mut client = Client::from_model_bytes(&detector, &mesh)?;
        client.manifest_sha256 = manifest.sha256().to_string();
        Ok(client)
    }

    /// Builds a client from model bytes already in memory.
    pub fn from_model_bytes(detector: &[u8], mesh: &[u8]) -> Result<Client, JsValue> {
        let vision = Vision::from_nnef(ModelBytes { detector, mesh, embedder: None, antispoof: None })
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(Client {
            vision: RefCell::new(vision),
            tracker: RefCell::new(Tracker::default()),
            grabber: camera::FrameGrabber::new()?,
            jpeg: RefCell::new(camera::CanvasJpeg::new()?),
            manifest_sha256: String::new(),
            framing: RefCell::new(Framing::default()),
            session: RefCell::new(None),
        })
    }

    /// Opens the camera (and the microphone when `with_audio`) into `video`. On failure,
    /// rejects with `{problem}`: `denied`, `not_found`, `unavailable` or `unsupported`.
    pub async fn open_camera(
        &self,
        video: HtmlVideoElement,
        with_audio: bool,
    ) -> Result<web_sys::MediaStream, JsValue> {
        camera::open(&video, with_audio)
            .await
            .map_err(|problem| to_js(&serde_json::json!({ "problem": problem })).unwrap_or(JsValue::NULL))
    }

    /// Analyses the video's current frame (and records it if a reading is under way).
    /// `null` until the first frame has arrived.
    pub fn analyze(&self, video: &HtmlVideoElement) -> Result<JsValue, JsValue> {
        let start = now_ms();
        let Some(grabbed) = self.grabber.grab(video)? else {
            return Ok(JsValue::NULL);
        };
        let frame = FrameRef::packed(grabbed.width, grabbed.height, &grabbed.rgba)
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        let analysis = self.analyze_frame(&frame)?;
        let mut framing = self.framing.borrow_mut();
        let advice = framing.advise(&analysis, grabbed.width, grabbed.height, start);
        self.record(&frame, &analysis, start)?;
        let report = FrameReport {
            width: grabbed.width,
            height: grabbed.height,
            face_count: analysis.face_count,
            one_face: analysis.face_count == 1 && analysis.face.is_some(),
            guidance: advice.code(),
            ready: framing.ready(start),
            elapsed_ms: now_ms() - start,
        };
        to_js(&report).map_err(Into::into)
    }

    /// The tracked pipeline on RGBA pixels already in memory (the bench page, still images).
    pub fn analyze_pixels(&self, width: u32, height: u32, rgba: &[u8]) -> Result<JsValue, JsValue> {
        to_js(&self.analyze_rgba(width, height, rgba)?).map_err(Into::into)
    }

    /// Starts an application: a fresh session key, `POST /api/v1/sessions`, then the server's
    /// signature on the challenge is checked against the pinned keys and its model pin against
    /// the models loaded here. Resolves to the session (digits, prompts, expiry); rejects with
    /// the server's typed error (`{status, error: {code, …}}`).
    pub async fn create_session(&self, service: String, id_number: String) -> Result<JsValue, JsValue> {
        let mut seed = [0u8; 32];
        getrandom::fill(&mut seed).map_err(|e| JsValue::from_str(&e.to_string()))?;
        let key = SecretKey::from_seed(&seed);
        let request = CreateSession { service, id_number: id_number.clone(), client_public_key: key.public().to_hex() };
        let created: SessionCreated = net::post_json("/api/v1/sessions", &request).await.map_err(call_error)?;
        let challenge = created.challenge.verify(&pinned_keys()?).map_err(|e| JsValue::from_str(&e.to_string()))?;
        if challenge.client_public_key != request.client_public_key || challenge.model_manifest != self.manifest_sha256
        {
            return Err(JsValue::from_str("the challenge does not match this page: reload it"));
        }
        let recorder = Recorder::new(created.challenge.clone()).map_err(|e| JsValue::from_str(&e.to_string()))?;
        if recorder.plan().prompts != created.prompts {
            return Err(JsValue::from_str("the challenge plan does not match its seed"));
        }
        let view = to_js(&created)?;
        *self.session.borrow_mut() =
            Some(Session { created, id_number, key, recorder, reading_started_at: None, lead_in_started_at: None });
        self.tracker.borrow_mut().reset();
        Ok(view)
    }

    /// The "get ready" lead-in begins: frames from now on are evidence (the resident's neutral
    /// mouth). `reading_in_ms` later the first digit appears.
    pub fn begin_lead_in(&self, reading_in_ms: f64) -> Result<(), JsValue> {
        let mut session = self.session.borrow_mut();
        let s = session.as_mut().ok_or("no session")?;
        let now = now_ms();
        s.lead_in_started_at = Some(now);
        s.reading_started_at = Some(now + reading_in_ms);
        Ok(())
    }

    /// Signs the recorded evidence and submits the application (`pilot_consent`: the resident
    /// agreed to give the reading to the deployment's pilot evaluation). `audio` is the microphone's
    /// loudness as `[t_performance_ms, rms]` pairs (empty without a microphone). Resolves to
    /// `{case_id, status}`; rejects with the typed refusal (`{status, error, outcome, guidance}`).
    pub async fn submit(
        &self,
        name: String,
        reason: String,
        related_id_number: Option<String>,
        idempotency_key: String,
        pilot_consent: bool,
        audio: Vec<f64>,
    ) -> Result<JsValue, JsValue> {
        let Some(session) = self.session.borrow_mut().take() else {
            return Err(JsValue::from_str("no session"));
        };
        let start = session.reading_started_at.ok_or("the reading never started")?;
        let envelope = envelope(&audio, start);
        let application = Application {
            service: session.created.challenge.challenge.service.clone(),
            id_number: session.id_number.clone(),
            name,
            reason,
            related_id_number,
            idempotency_key,
            pilot_consent,
        };
        let attestation = session
            .recorder
            .finish(&application, envelope, &self.manifest_sha256, CLIENT_VERSION, &session.key)
            .map_err(|e| JsValue::from_str(&e.to_string()))?;
        let body = SubmitCase { application, attestation };
        let accepted: CaseAccepted = net::post_json_deflated("/api/v1/cases", &body).await.map_err(call_error)?;
        to_js(&accepted).map_err(Into::into)
    }
}

impl Client {
    /// The tracked pipeline on one RGBA frame (also the entry point of the wasm tests).
    pub fn analyze_rgba(&self, width: u32, height: u32, rgba: &[u8]) -> Result<FrameAnalysis, JsValue> {
        let frame = FrameRef::packed(width, height, rgba).map_err(|e| JsValue::from_str(&e.to_string()))?;
        self.analyze_frame(&frame)
    }

    fn analyze_frame(&self, frame: &FrameRef<'_>) -> Result<FrameAnalysis, JsValue> {
        self.tracker
            .borrow_mut()
            .process(&mut self.vision.borrow_mut(), frame)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }

    fn record(&self, frame: &FrameRef<'_>, analysis: &FrameAnalysis, at: f64) -> Result<(), JsValue> {
        let mut session = self.session.borrow_mut();
        let Some(s) = session.as_mut() else { return Ok(()) };
        let (Some(lead_in), Some(reading)) = (s.lead_in_started_at, s.reading_started_at) else { return Ok(()) };
        if at < lead_in {
            return Ok(());
        }
        let t_ms = (at - reading).round() as i32;
        s.recorder
            .record(&mut self.vision.borrow_mut(), &mut *self.jpeg.borrow_mut(), frame, analysis, t_ms)
            .map_err(|e| JsValue::from_str(&e.to_string()))
    }
}

/// `[t, rms, t, rms, …]` (performance.now() ms, 0–1) → a 20 ms envelope on the challenge clock.
fn envelope(pairs: &[f64], reading_started_at: f64) -> Option<AudioEnvelope> {
    const HOP_MS: u16 = 20;
    if pairs.len() < 4 {
        return None;
    }
    let points: Vec<(f64, f64)> = pairs.chunks_exact(2).map(|p| (p[0] - reading_started_at, p[1])).collect();
    let (first, last) = (points.first()?.0, points.last()?.0);
    let start_ms = first.ceil() as i32;
    let mut rms = Vec::new();
    let mut t = f64::from(start_ms);
    let mut i = 0;
    while t <= last && rms.len() < wangban_attest::attestation::MAX_AUDIO_VALUES {
        while i + 1 < points.len() && points[i + 1].0 <= t {
            i += 1;
        }
        rms.push((points[i].1 * 1000.0).round().clamp(0.0, 65535.0) as u16);
        t += f64::from(HOP_MS);
    }
    Some(AudioEnvelope { start_ms, hop_ms: HOP_MS, rms })
}

fn call_error(e: net::CallError) -> JsValue {
    to_js(&e).unwrap_or_else(|_| JsValue::from_str("error"))
}

/// Plain JS objects (not `Map`s) for everything handed to the page.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// One model on its own, for the browser bench page: tract runs exactly the tensor that
/// onnxruntime-web gets, so the two are compared on the model alone.
#[wasm_bindgen]
pub struct ModelRunner {
    model: Model,
}

#[wasm_bindgen]
impl ModelRunner {
    /// `name` is one of the pipeline's models (`detector`, `mesh`, …); `nnef` its archive.
    pub fn load(name: &str, nnef: &[u8]) -> Result<ModelRunner, JsValue> {
        let spec = ModelSpec::ALL
            .into_iter()
            .find(|s| s.name == name)
            .ok_or_else(|| JsValue::from_str(&format!("unknown model {name}")))?;
        let model = Model::from_nnef(spec, nnef).map_err(|e| JsValue::from_str(&e.to_string()))?;
        Ok(ModelRunner { model })
    }

    /// The model's input shape (NHWC).
    pub fn input_shape(&self) -> Vec<u32> {
        self.model.spec().input_shape.iter().map(|d| *d as u32).collect()
    }

    /// All outputs, flattened and concatenated in model order.
    pub fn run(&mut self, input: &[f32]) -> Result<Vec<f32>, JsValue> {
        self.model.run_flat(input).map_err(|e| JsValue::from_str(&e.to_string()))
    }
}

/// An SVG QR code of `text` (the certificate's verification link).
#[wasm_bindgen]
pub fn qr_svg(text: &str) -> Result<String, JsValue> {
    let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::L)
        .map_err(|e| JsValue::from_str(&e.to_string()))?;
    Ok(code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(160, 160).build())
}
