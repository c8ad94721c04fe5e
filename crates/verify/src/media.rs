//! The reading's pixels: face crops and scenes, encoded by the client and decoded, with bounds,
//! by the server.
//!
//! A crop is the exact 192×192 square the client's mesh ran on, JPEG-encoded (sent smaller and
//! sampled up, the server's mesh misread mouths: docs/evaluation.md); a scene is the whole frame
//! letterboxed into a 128×128 square, for the checks that need the whole frame.

use wangban_attest::{AttestError, Crop, Keyframe, Scene};
use wangban_vision::{FrameRef, Point, RotatedSquare, Vision};

/// The side of a crop: the mesh's input.
pub const CROP_SIZE: usize = 192;
/// The side of a scene: the detector's input.
pub const SCENE_SIZE: usize = 128;
/// Crops are what the server measures the mouth on; at 128 px a scene needs 80 for the detector
/// to still see a small second face (at 60 it lost the lab's bystander).
const CROP_QUALITY: u8 = 50;
const SCENE_QUALITY: u8 = 80;

/// Turns pixels into JPEG. The browser shell uses the browser's own encoder (one encoder less
/// in the download); [`RustJpeg`] serves native callers and tests.
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
        let mut encoder = jpeg_encoder::Encoder::new(&mut jpeg, quality);
        // Huffman tables fitted to the image: the same pixels, some 5–10 % fewer bytes.
        encoder.set_optimized_huffman_tables(true);
        encoder.encode(rgb, side, side, jpeg_encoder::ColorType::Rgb).map_err(|e| e.to_string())?;
        Ok(jpeg)
    }
}

/// The crop square as the wire carries it (tenths of a pixel, microradians).
pub fn quantise(crop: RotatedSquare) -> [i32; 4] {
    let tenths = |v: f32| (v * 10.0).round() as i32;
    [tenths(crop.center.x), tenths(crop.center.y), tenths(crop.side), (crop.angle * 1e6).round() as i32]
}

/// The crop square a [`Crop`] claims, back in frame pixels.
pub fn square_of(crop: &Crop) -> RotatedSquare {
    RotatedSquare {
        center: Point::new(crop.x as f32 / 10.0, crop.y as f32 / 10.0),
        side: crop.side as f32 / 10.0,
        angle: crop.angle as f32 / 1e6,
    }
}

/// The mesh crop `square` of `frame`, at `t_ms`, as the client sends it.
pub fn encode_crop(
    vision: &mut Vision,
    jpeg: &mut dyn JpegEncoder,
    frame: &FrameRef<'_>,
    square: RotatedSquare,
    t_ms: i32,
) -> Result<Crop, AttestError> {
    let rgb = vision.crop_rgb(frame, square, CROP_SIZE);
    let bytes = jpeg
        .encode_rgb(&rgb, CROP_SIZE as u32, CROP_QUALITY)
        .map_err(|e| AttestError::Malformed(format!("cannot encode a crop: {e}")))?;
    Ok(Crop::new(t_ms, quantise(square), &bytes))
}

/// The square a scene shows: the whole frame, centred, letterboxed into its longer side.
pub fn scene_square(width: u32, height: u32) -> RotatedSquare {
    RotatedSquare {
        center: Point::new(width as f32 / 2.0, height as f32 / 2.0),
        side: width.max(height) as f32,
        angle: 0.0,
    }
}

/// The whole `frame` at `t_ms`, as the client sends it.
pub fn encode_scene(
    vision: &mut Vision,
    jpeg: &mut dyn JpegEncoder,
    frame: &FrameRef<'_>,
    t_ms: i32,
) -> Result<Scene, AttestError> {
    let rgb = vision.crop_rgb(frame, scene_square(frame.width, frame.height), SCENE_SIZE);
    let bytes = jpeg
        .encode_rgb(&rgb, SCENE_SIZE as u32, SCENE_QUALITY)
        .map_err(|e| AttestError::Malformed(format!("cannot encode a scene: {e}")))?;
    Ok(Scene::new(t_ms, &bytes))
}

/// A square image decoded to RGBA.
pub struct Decoded {
    /// Its side in pixels.
    pub side: usize,
    /// The pixels, RGBA.
    pub rgba: Vec<u8>,
}

impl Decoded {
    /// The pixels as a frame for the vision core.
    pub fn frame(&self) -> FrameRef<'_> {
        FrameRef { width: self.side as u32, height: self.side as u32, stride: self.side as u32 * 4, rgba: &self.rgba }
    }

    /// The whole image as a crop square (for a crop: the mesh's input, unchanged).
    pub fn whole(&self) -> RotatedSquare {
        let half = self.side as f32 / 2.0;
        RotatedSquare { center: Point::new(half, half), side: self.side as f32, angle: 0.0 }
    }
}

/// Decodes a JPEG that must be `side`×`side`, RGB or grey. The header is read and checked
/// first: the decoder allocates what the header declares, so a 150-byte JPEG declaring
/// 16384×16384 would ask for gigabytes before any check on the pixels.
pub fn decode_jpeg(bytes: &[u8], side: usize) -> Result<Decoded, AttestError> {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    decoder.read_info().map_err(|_| AttestError::Malformed("image is not a JPEG".into()))?;
    let info = decoder.info().ok_or(AttestError::Malformed("image has no JPEG header".into()))?;
    if usize::from(info.width) != side || usize::from(info.height) != side {
        return Err(AttestError::Malformed(format!("image is not {side}×{side}")));
    }
    let pixels = decoder.decode().map_err(|_| AttestError::Malformed("image is not a JPEG".into()))?;
    let rgba = match info.pixel_format {
        jpeg_decoder::PixelFormat::RGB24 => pixels.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        jpeg_decoder::PixelFormat::L8 => pixels.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        _ => return Err(AttestError::Malformed("image colour format".into())),
    };
    Ok(Decoded { side, rgba })
}

/// The face embedding of a keyframe (a crop the edge picked) with the server's models, for the
/// core's face match: `Ok(None)` if the models find no face in it.
pub fn embed(vision: &mut Vision, keyframe: &Keyframe) -> Result<Option<Vec<f32>>, AttestError> {
    let decoded = decode_jpeg(&keyframe.jpeg_bytes()?, CROP_SIZE)?;
    let Some(face) =
        vision.landmarks_in(&decoded.frame(), decoded.whole()).map_err(|e| AttestError::Malformed(e.to_string()))?
    else {
        return Ok(None);
    };
    let embedding = vision.embed(&decoded.frame(), &face).map_err(|e| AttestError::Malformed(e.to_string()))?;
    Ok(Some(embedding.0))
}
