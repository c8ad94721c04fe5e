//! Sans-IO face vision for Wangban: an RGBA frame in, faces, 468 landmarks, mouth and pose
//! features, image quality, face embeddings and an anti-spoof signal out.
//!
//! # Layout
//! - [`frame`]: validated borrowed frames and the pyramid sampler that turns any region of a
//!   frame (scaled, rotated, letterboxed) into a model input tensor without per-pixel allocation.
//! - [`geometry`]: points, boxes, rotated crops, affine and similarity transforms.
//! - [`model`]: the only module that touches tract; NNEF at run time, ONNX → NNEF at build time.
//! - [`detect`]: BlazeFace anchors, decoding and weighted NMS.
//! - [`mesh`]: crops for the 468-point mesh and mapping its output back to the frame.
//! - [`features`]: mouth shape, head pose, brightness and sharpness.
//! - [`embed`]: ArcFace-style alignment and cosine similarity of embeddings.
//! - [`guidance`]: what to tell the resident about the framing (closer, light, face the screen).
//! - This file: [`Vision`] (models + scratch buffers, one call per stage) and [`Tracker`]
//!   (MediaPipe-style tracking: the mesh every frame, the detector only when tracking is lost
//!   or every few frames to count faces).
//!
//! No I/O, no clock, no randomness: the caller hands over bytes and frames. The same code runs
//! natively (tests, benches, the model converter) and in wasm32 (browser client, Workers).
//!
//! # Example
//! The models from their ONNX sources (the `onnx` feature), then one still frame:
//! ```
//! use wangban_testdata as data;
//! use wangban_vision::{FrameRef, ModelBytes, Vision};
//!
//! let models = ModelBytes { detector: data::onnx::DETECTOR, mesh: data::onnx::MESH, embedder: None, antispoof: None };
//! let mut vision = Vision::from_onnx(models).unwrap();
//! let image = data::astronaut();
//! let frame = FrameRef::packed(image.width, image.height, &image.rgba).unwrap();
//! let analysis = vision.analyze_still(&frame).unwrap();
//! assert_eq!(analysis.face_count, 1);
//! assert_eq!(analysis.face.unwrap().landmarks.len(), 468);
//! ```

pub mod detect;
pub mod embed;
mod error;
pub mod features;
pub mod frame;
pub mod geometry;
pub mod guidance;
pub mod mesh;
pub mod model;

use serde::{Deserialize, Serialize};

pub use detect::Detection;
pub use embed::Embedding;
pub use error::VisionError;
pub use features::{ImageQuality, MouthFeatures, Pose};
pub use frame::FrameRef;
pub use geometry::{Point, Rect, RotatedSquare};
pub use mesh::Landmark;
pub use model::{Model, ModelSpec};

use detect::DETECTOR_INPUT;
use embed::{EMBED_INPUT, EMBEDDING_DIM};
use frame::{Normalization, Sampler};
use mesh::{LANDMARK_COUNT, MESH_INPUT};

const ANTISPOOF_INPUT: usize = 128;
/// Face-presence probability below which the mesh is considered to have lost the face.
const MIN_PRESENCE: f32 = 0.5;

/// The landmarks of one face and everything measured from them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaceObservation {
    /// The mesh's face-presence probability.
    pub presence: f32,
    /// 468 landmarks in frame pixels.
    pub landmarks: Vec<Landmark>,
    /// Axis-aligned bounds of the landmarks.
    pub bbox: Rect,
    /// The crop the mesh ran on.
    pub crop: RotatedSquare,
    /// Fraction of the mesh crop inside the frame: below ~0.8 the face is cut by the border.
    pub inside_fraction: f32,
    /// Inter-ocular distance in pixels (how close the face is).
    pub inter_ocular_px: f32,
    /// Mouth shape, relative to the inter-ocular distance.
    pub mouth: MouthFeatures,
    /// Head orientation.
    pub pose: Pose,
    /// Brightness and sharpness of the face crop.
    pub quality: ImageQuality,
}

/// The result for one frame of a tracked stream.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrameAnalysis {
    /// Faces seen by the most recent detector run (this frame or a few frames ago).
    pub face_count: usize,
    /// Whether the detector ran on this frame.
    pub detector_ran: bool,
    /// The tracked face, if the mesh found one.
    pub face: Option<FaceObservation>,
}

/// The model files the pipeline needs; the embedder and anti-spoof model are optional so the
/// browser can skip them.
pub struct ModelBytes<'a> {
    /// The BlazeFace detector's model file.
    pub detector: &'a [u8],
    /// The face mesh's model file.
    pub mesh: &'a [u8],
    /// MobileFaceNet's model file, if face embeddings are wanted.
    pub embedder: Option<&'a [u8]>,
    /// The anti-spoof classifier's model file, if its signal is wanted.
    pub antispoof: Option<&'a [u8]>,
}

/// The models plus reusable input buffers. One instance per thread of work.
pub struct Vision {
    detector: Model,
    mesh: Model,
    embedder: Option<Model>,
    antispoof: Option<Model>,
    anchors: Vec<Point>,
    sampler: Sampler,
    detector_input: Vec<f32>,
    mesh_input: Vec<f32>,
    embed_input: Vec<f32>,
    antispoof_input: Vec<f32>,
}

impl Vision {
    /// Loads NNEF archives (the run-time format).
    pub fn from_nnef(bytes: ModelBytes<'_>) -> Result<Self, VisionError> {
        Self::load(bytes, Model::from_nnef)
    }

    /// Loads the source ONNX files (native builds with the `onnx` feature).
    #[cfg(feature = "onnx")]
    pub fn from_onnx(bytes: ModelBytes<'_>) -> Result<Self, VisionError> {
        Self::load(bytes, Model::from_onnx)
    }

    fn load(
        bytes: ModelBytes<'_>,
        load: fn(ModelSpec, &[u8]) -> Result<Model, VisionError>,
    ) -> Result<Self, VisionError> {
        Ok(Self {
            detector: load(ModelSpec::DETECTOR, bytes.detector)?,
            mesh: load(ModelSpec::MESH, bytes.mesh)?,
            embedder: bytes.embedder.map(|b| load(ModelSpec::EMBEDDER, b)).transpose()?,
            antispoof: bytes.antispoof.map(|b| load(ModelSpec::ANTISPOOF, b)).transpose()?,
            anchors: detect::anchors(),
            sampler: Sampler::default(),
            detector_input: vec![0.0; ModelSpec::DETECTOR.input_len()],
            mesh_input: vec![0.0; ModelSpec::MESH.input_len()],
            embed_input: vec![0.0; ModelSpec::EMBEDDER.input_len()],
            antispoof_input: vec![0.0; ModelSpec::ANTISPOOF.input_len()],
        })
    }

    /// All faces in the frame, strongest first, in frame pixels. The frame is letterboxed
    /// (centred, black bars) into the detector's square input.
    pub fn detect(&mut self, frame: &FrameRef<'_>) -> Result<Vec<Detection>, VisionError> {
        self.sampler.start_frame();
        self.detect_in_current_frame(frame)
    }

    /// Every anchor's candidate above the score threshold, before suppression, strongest first.
    pub fn detection_candidates(&mut self, frame: &FrameRef<'_>) -> Result<Vec<Detection>, VisionError> {
        self.sampler.start_frame();
        self.candidates_in_current_frame(frame)
    }

    fn detect_in_current_frame(&mut self, frame: &FrameRef<'_>) -> Result<Vec<Detection>, VisionError> {
        Ok(detect::weighted_nms(self.candidates_in_current_frame(frame)?))
    }

    fn candidates_in_current_frame(&mut self, frame: &FrameRef<'_>) -> Result<Vec<Detection>, VisionError> {
        let (w, h) = (frame.width as f32, frame.height as f32);
        let letterbox = RotatedSquare { center: Point::new(w / 2.0, h / 2.0), side: w.max(h), angle: 0.0 };
        let to_frame = letterbox.crop_to_frame(DETECTOR_INPUT);
        self.sampler.sample_square(
            frame,
            &to_frame,
            DETECTOR_INPUT,
            Normalization::SIGNED_UNIT,
            &mut self.detector_input,
        );
        let outputs = self.detector.run(&self.detector_input)?;
        let regressors = self.detector.output(&outputs, 0, 896 * 16)?;
        let scores = self.detector.output(&outputs, 1, 896)?;
        let px = DETECTOR_INPUT as f32;
        let map = |p: Point| to_frame.apply(Point::new(p.x * px, p.y * px));
        Ok(detect::candidates(&self.anchors, regressors, scores)
            .into_iter()
            .map(|d| {
                let (a, b) = (map(Point::new(d.bbox.x0, d.bbox.y0)), map(Point::new(d.bbox.x1, d.bbox.y1)));
                Detection {
                    score: d.score,
                    bbox: Rect { x0: a.x, y0: a.y, x1: b.x, y1: b.y },
                    keypoints: d.keypoints.map(map),
                }
            })
            .collect())
    }

    /// Runs the mesh on `crop` of the current frame. `None` when the mesh sees no face there.
    fn mesh_in_current_frame(
        &mut self,
        frame: &FrameRef<'_>,
        crop: RotatedSquare,
    ) -> Result<Option<FaceObservation>, VisionError> {
        let to_frame = crop.crop_to_frame(MESH_INPUT);
        self.sampler.sample_square(frame, &to_frame, MESH_INPUT, Normalization::UNIT, &mut self.mesh_input);
        let outputs = self.mesh.run(&self.mesh_input)?;
        let raw = self.mesh.output(&outputs, 0, LANDMARK_COUNT * 3)?;
        let logit = self.mesh.output(&outputs, 1, 1)?[0];
        let presence = 1.0 / (1.0 + (-logit).exp());
        if presence.is_nan() || presence < MIN_PRESENCE || raw.iter().any(|v| !v.is_finite()) {
            return Ok(None);
        }
        let mut landmarks = Vec::with_capacity(LANDMARK_COUNT);
        mesh::landmarks_to_frame(raw, &to_frame, &mut landmarks);
        // The cavity is read in the crop the mesh saw, which is also what a keyframe carries.
        let crop_landmarks: Vec<Landmark> =
            raw.chunks_exact(3).map(|p| Landmark { x: p[0], y: p[1], z: p[2] }).collect();
        let bbox = bounds(landmarks.iter().map(|p| Point::new(p.x, p.y)));
        let crop_bounds = square_bounds(&to_frame);
        Ok(Some(FaceObservation {
            presence,
            inter_ocular_px: features::inter_ocular(&landmarks),
            mouth: MouthFeatures {
                aperture: features::aperture(&self.mesh_input, MESH_INPUT, &crop_landmarks),
                ..features::mouth(&landmarks)
            },
            pose: features::pose(&landmarks),
            quality: features::image_quality(&self.mesh_input, MESH_INPUT),
            inside_fraction: crop_bounds.fraction_inside(frame.width as f32, frame.height as f32),
            bbox,
            crop,
            landmarks,
        }))
    }

    /// The mesh on a given crop of a single image (no detection): for keyframes, which are the
    /// very crop the client's mesh ran on.
    pub fn landmarks_in(
        &mut self,
        frame: &FrameRef<'_>,
        crop: RotatedSquare,
    ) -> Result<Option<FaceObservation>, VisionError> {
        self.sampler.start_frame();
        self.mesh_in_current_frame(frame, crop)
    }

    /// The pixels of `crop` as `size × size` RGB bytes (what a keyframe carries).
    pub fn crop_rgb(&mut self, frame: &FrameRef<'_>, crop: RotatedSquare, size: usize) -> Vec<u8> {
        let mut values = vec![0.0; size * size * 3];
        self.sampler.start_frame();
        self.sampler.sample_square(
            frame,
            &crop.crop_to_frame(size),
            size,
            Normalization { scale: 1.0, offset: 0.0 },
            &mut values,
        );
        values.iter().map(|v| v.round().clamp(0.0, 255.0) as u8).collect()
    }

    /// Detection then mesh on a single image, no tracking: for still photos and keyframes.
    /// Returns the face count and the largest face's observation.
    pub fn analyze_still(&mut self, frame: &FrameRef<'_>) -> Result<FrameAnalysis, VisionError> {
        let detections = self.detect(frame)?;
        let face = match largest(&detections) {
            Some(d) => self.mesh_in_current_frame(frame, mesh::crop_from_detection(d))?,
            None => None,
        };
        Ok(FrameAnalysis { face_count: detections.len(), detector_ran: true, face })
    }

    /// The face's embedding on an ArcFace-aligned crop. Needs the embedder model.
    pub fn embed(&mut self, frame: &FrameRef<'_>, face: &FaceObservation) -> Result<Embedding, VisionError> {
        let Some(model) = self.embedder.as_mut() else {
            return Err(VisionError::ModelLoad { model: "embedder", message: "not loaded".into() });
        };
        let to_frame = embed::aligned_crop(&face.landmarks, EMBED_INPUT)
            .ok_or(VisionError::InvalidFrame("degenerate face landmarks"))?;
        let one = EMBED_INPUT * EMBED_INPUT * 3;
        self.sampler.start_frame();
        self.sampler.sample_square(
            frame,
            &to_frame,
            EMBED_INPUT,
            Normalization::CENTERED_128,
            &mut self.embed_input[..one],
        );
        // The converted model takes a fixed pair; the second slot is a copy and is ignored.
        let (first, second) = self.embed_input.split_at_mut(one);
        second.copy_from_slice(first);
        let outputs = model.run(&self.embed_input)?;
        let raw = model.output(&outputs, 0, 2 * EMBEDDING_DIM)?;
        Embedding::from_raw(&raw[..EMBEDDING_DIM])
            .ok_or(VisionError::ModelOutput { model: "embedder", message: "zero or non-finite embedding".into() })
    }

    /// The passive anti-spoof model's "real" score in `[0, 1]`. Unvalidated on real spoofs:
    /// callers must treat it as one weak signal. Needs the anti-spoof model.
    pub fn antispoof(&mut self, frame: &FrameRef<'_>, face: &FaceObservation) -> Result<f32, VisionError> {
        let Some(model) = self.antispoof.as_mut() else {
            return Err(VisionError::ModelLoad { model: "antispoof", message: "not loaded".into() });
        };
        let side = face.bbox.width().max(face.bbox.height());
        let crop = RotatedSquare { center: face.bbox.center(), side, angle: 0.0 };
        self.sampler.start_frame();
        self.sampler.sample_square(
            frame,
            &crop.crop_to_frame(ANTISPOOF_INPUT),
            ANTISPOOF_INPUT,
            Normalization::UNIT,
            &mut self.antispoof_input,
        );
        let outputs = model.run(&self.antispoof_input)?;
        Ok(model.output(&outputs, 0, 1)?[0])
    }
}

fn bounds(points: impl Iterator<Item = Point>) -> Rect {
    points.fold(Rect { x0: f32::MAX, y0: f32::MAX, x1: f32::MIN, y1: f32::MIN }, |r, p| Rect {
        x0: r.x0.min(p.x),
        y0: r.y0.min(p.y),
        x1: r.x1.max(p.x),
        y1: r.y1.max(p.y),
    })
}

/// The frame-aligned bounds of the mesh's crop square.
fn square_bounds(to_frame: &geometry::Affine) -> Rect {
    let side = MESH_INPUT as f32;
    bounds(
        [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)]
            .into_iter()
            .map(|(u, v)| to_frame.apply(Point::new(u * side, v * side))),
    )
}

impl FaceObservation {
    /// This observation, made on a `size × size` crop image (as the server makes it on a crop
    /// the client sent), placed in the `width × height` frame the crop was cut from at `square`:
    /// landmarks, box, pose, inter-ocular distance and inside fraction become the frame's; the
    /// mouth's ratios and the image quality are the crop's own.
    pub fn placed(&self, square: RotatedSquare, size: usize, width: u32, height: u32) -> FaceObservation {
        let to_frame = square.crop_to_frame(size);
        let z_scale = to_frame.scale();
        let landmarks: Vec<Landmark> = self
            .landmarks
            .iter()
            .map(|p| {
                let q = to_frame.apply(Point::new(p.x, p.y));
                Landmark { x: q.x, y: q.y, z: p.z * z_scale }
            })
            .collect();
        FaceObservation {
            presence: self.presence,
            inter_ocular_px: features::inter_ocular(&landmarks),
            mouth: MouthFeatures { aperture: self.mouth.aperture, ..features::mouth(&landmarks) },
            pose: features::pose(&landmarks),
            quality: self.quality,
            inside_fraction: square_bounds(&square.crop_to_frame(MESH_INPUT))
                .fraction_inside(width as f32, height as f32),
            bbox: bounds(landmarks.iter().map(|p| Point::new(p.x, p.y))),
            crop: square,
            landmarks,
        }
    }
}

fn largest(detections: &[Detection]) -> Option<&Detection> {
    detections.iter().max_by(|a, b| a.bbox.area().total_cmp(&b.bbox.area()))
}

/// Tracking state for one camera stream.
#[derive(Clone, Debug)]
pub struct Tracker {
    /// Run the detector at least every this many frames while tracking, to count faces.
    pub redetect_every: u32,
    next_crop: Option<RotatedSquare>,
    frames_since_detection: u32,
    face_count: usize,
}

impl Default for Tracker {
    fn default() -> Self {
        Self { redetect_every: 10, next_crop: None, frames_since_detection: 0, face_count: 0 }
    }
}

impl Tracker {
    /// Forgets the tracked face, so the next frame runs the detector; keeps `redetect_every`.
    pub fn reset(&mut self) {
        *self = Self { redetect_every: self.redetect_every, ..Self::default() };
    }

    /// One frame of the stream: mesh on the tracked crop, the detector only when needed.
    pub fn process(&mut self, vision: &mut Vision, frame: &FrameRef<'_>) -> Result<FrameAnalysis, VisionError> {
        vision.sampler.start_frame();
        let mut detector_ran = false;
        let mut detections = Vec::new();
        if self.next_crop.is_none() || self.frames_since_detection + 1 >= self.redetect_every {
            detections = vision.detect_in_current_frame(frame)?;
            detector_ran = true;
        }
        let mut face = None;
        if let Some(crop) = self.next_crop {
            face = vision.mesh_in_current_frame(frame, crop)?;
        }
        if face.is_none() && !detector_ran {
            detections = vision.detect_in_current_frame(frame)?;
            detector_ran = true;
        }
        if face.is_none()
            && let Some(d) = largest(&detections)
        {
            face = vision.mesh_in_current_frame(frame, mesh::crop_from_detection(d))?;
        }
        if detector_ran {
            // The mesh can hold on to a face the detector misses (profile, motion blur).
            self.face_count = detections.len().max(usize::from(face.is_some()));
            self.frames_since_detection = 0;
        } else {
            self.frames_since_detection += 1;
        }
        self.next_crop = face.as_ref().map(|f| mesh::crop_from_landmarks(&f.landmarks));
        Ok(FrameAnalysis { face_count: self.face_count, detector_ran, face })
    }
}
