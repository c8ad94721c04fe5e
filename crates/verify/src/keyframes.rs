//! Keyframes: the face crops the client sends so the server can re-run the mesh itself.
//!
//! A keyframe is the exact 192×192 crop the client's mesh ran on at that instant, JPEG-encoded.
//! The server decodes it, runs its own copy of the mesh, and compares the mouth it measures
//! with the observation the client claimed for that frame.

use wangban_liveness::FrameObservation;
use wangban_vision::{FaceObservation, FrameRef, Point, RotatedSquare, Vision};

use wangban_attest::{AttestError, Attestation, Keyframe};

use crate::evidence::observe;

/// The side of a keyframe: the mesh's input crop.
pub const KEYFRAME_SIZE: usize = 192;
const JPEG_QUALITY: u8 = 90;
/// How far the server's measurement may be from the client's (thousandths of the inter-ocular
/// distance): JPEG and a different float path move the mesh a little, a forged number a lot.
const TOLERANCE: i32 = 80;
const ROUNDNESS_TOLERANCE: i32 = 150;

/// Turns a keyframe's pixels into JPEG. The browser shell uses the browser's own encoder (one
/// encoder less in the download); [`RustJpeg`] serves native callers and tests.
pub trait JpegEncoder {
    /// `rgb`: `side`×`side` pixels, 3 bytes each; `quality` 1–100.
    fn encode_rgb(&mut self, rgb: &[u8], side: u32, quality: u8) -> Result<Vec<u8>, String>;
}

/// Baseline JPEG in pure Rust (`jpeg-encoder`).
pub struct RustJpeg;

impl JpegEncoder for RustJpeg {
    fn encode_rgb(&mut self, rgb: &[u8], side: u32, quality: u8) -> Result<Vec<u8>, String> {
        let side = u16::try_from(side).map_err(|e| e.to_string())?;
        let mut jpeg = Vec::new();
        jpeg_encoder::Encoder::new(&mut jpeg, quality)
            .encode(rgb, side, side, jpeg_encoder::ColorType::Rgb)
            .map_err(|e| e.to_string())?;
        Ok(jpeg)
    }
}

/// Encodes the mesh crop of `frame` (observed at `frame_t_ms`) as the keyframe for `t_ms`.
pub fn encode(
    vision: &mut Vision,
    jpeg: &mut dyn JpegEncoder,
    frame: &FrameRef<'_>,
    crop: RotatedSquare,
    t_ms: i32,
    frame_t_ms: i32,
) -> Result<Keyframe, AttestError> {
    let rgb = vision.crop_rgb(frame, crop, KEYFRAME_SIZE);
    let jpeg = jpeg
        .encode_rgb(&rgb, KEYFRAME_SIZE as u32, JPEG_QUALITY)
        .map_err(|e| AttestError::Malformed(format!("cannot encode keyframe: {e}")))?;
    Ok(Keyframe::new(t_ms, frame_t_ms, &jpeg))
}

/// A keyframe decoded to RGBA.
pub struct DecodedKeyframe {
    /// The challenge instant it answers.
    pub t_ms: i32,
    /// The pixels, RGBA.
    pub rgba: Vec<u8>,
}

impl DecodedKeyframe {
    /// The pixels as a frame for the vision core.
    pub fn frame(&self) -> FrameRef<'_> {
        // Dimensions are fixed and checked at decode: this cannot fail.
        FrameRef {
            width: KEYFRAME_SIZE as u32,
            height: KEYFRAME_SIZE as u32,
            stride: KEYFRAME_SIZE as u32 * 4,
            rgba: &self.rgba,
        }
    }

    /// The whole keyframe is the mesh crop.
    pub fn crop() -> RotatedSquare {
        let half = KEYFRAME_SIZE as f32 / 2.0;
        RotatedSquare { center: Point::new(half, half), side: KEYFRAME_SIZE as f32, angle: 0.0 }
    }
}

/// Decodes a keyframe's JPEG; refuses anything but a 192×192 RGB or grey JPEG.
pub fn decode(keyframe: &Keyframe) -> Result<DecodedKeyframe, AttestError> {
    let bytes = keyframe.jpeg_bytes()?;
    let mut decoder = jpeg_decoder::Decoder::new(bytes.as_slice());
    // The header first: the decoder allocates what the header declares, so a 150-byte JPEG
    // declaring 16384×16384 would ask for gigabytes before any check on the pixels.
    decoder.read_info().map_err(|_| AttestError::Malformed("keyframe is not a JPEG".into()))?;
    let info = decoder.info().ok_or(AttestError::Malformed("keyframe has no JPEG header".into()))?;
    if usize::from(info.width) != KEYFRAME_SIZE || usize::from(info.height) != KEYFRAME_SIZE {
        return Err(AttestError::Malformed("keyframe is not 192×192".into()));
    }
    let pixels = decoder.decode().map_err(|_| AttestError::Malformed("keyframe is not a JPEG".into()))?;
    let rgba = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        _ => return Err(AttestError::Malformed("keyframe colour format".into())),
    };
    Ok(DecodedKeyframe { t_ms: keyframe.t_ms, rgba })
}

/// The server's own look at every keyframe: decoded, meshed, and compared with the claim.
/// Returns the decoded keyframes and the faces found, for the face match further on.
pub fn recheck(
    vision: &mut Vision,
    attestation: &Attestation,
) -> Result<Vec<(DecodedKeyframe, FaceObservation)>, AttestError> {
    let evidence = &attestation.signed.evidence;
    let mut out = Vec::new();
    for keyframe in &evidence.keyframes {
        let decoded = decode(keyframe)?;
        let claimed: &FrameObservation = evidence
            .frames
            .iter()
            .find(|f| f.t_ms == keyframe.frame_t_ms)
            .ok_or_else(|| AttestError::KeyframeMismatch(format!("no observation at {} ms", keyframe.t_ms)))?;
        let claimed_face = claimed
            .face
            .as_ref()
            .ok_or_else(|| AttestError::KeyframeMismatch(format!("no face claimed at {} ms", keyframe.t_ms)))?;
        let seen = vision
            .landmarks_in(&decoded.frame(), DecodedKeyframe::crop())
            .map_err(|e| AttestError::KeyframeMismatch(e.to_string()))?
            .ok_or_else(|| AttestError::KeyframeMismatch(format!("no face in the keyframe at {} ms", keyframe.t_ms)))?;
        let analysis = wangban_vision::FrameAnalysis { face_count: 1, detector_ran: false, face: Some(seen.clone()) };
        let ours =
            observe(&analysis, keyframe.t_ms, KEYFRAME_SIZE as u32, KEYFRAME_SIZE as u32).face.unwrap_or_default();
        let off = |a: i32, b: i32, tol: i32| (a - b).abs() > tol;
        if off(ours.opening, claimed_face.opening, TOLERANCE)
            || off(ours.aperture, claimed_face.aperture, TOLERANCE)
            || off(ours.width, claimed_face.width, TOLERANCE)
            || off(ours.roundness, claimed_face.roundness, ROUNDNESS_TOLERANCE)
        {
            return Err(AttestError::KeyframeMismatch(format!(
                "at {} ms the keyframe shows opening {} aperture {} width {} roundness {}, the observation \
                 claims {} {} {} {}",
                keyframe.t_ms,
                ours.opening,
                ours.aperture,
                ours.width,
                ours.roundness,
                claimed_face.opening,
                claimed_face.aperture,
                claimed_face.width,
                claimed_face.roundness
            )));
        }
        out.push((decoded, seen));
    }
    Ok(out)
}

/// The face embedding of a keyframe with the server's models (the core's face match):
/// `Ok(None)` if the models find no face in it.
pub fn embed(vision: &mut Vision, keyframe: &Keyframe) -> Result<Option<Vec<f32>>, AttestError> {
    let decoded = decode(keyframe)?;
    let Some(face) = vision
        .landmarks_in(&decoded.frame(), DecodedKeyframe::crop())
        .map_err(|e| AttestError::Malformed(e.to_string()))?
    else {
        return Ok(None);
    };
    let embedding = vision.embed(&decoded.frame(), &face).map_err(|e| AttestError::Malformed(e.to_string()))?;
    Ok(Some(embedding.0))
}
