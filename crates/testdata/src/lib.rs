//! The real test material of the repository (`tests/data/`, `models/`), embedded and decoded.
//!
//! # Layout
//! - Still images: the astronaut (NASA, public domain), the cameraman, a sheet of people, and
//!   the evaluation population ([`POPULATION`], `tests/data/faces/`).
//! - The carphone clip: 120 frames of a man talking (176×144), decoded at build time.
//! - onnxruntime reference numbers the golden tests compare against.
//! - The ONNX models, for tests that run the real networks.
//!
//! Everything is `include_bytes!`, so the same helpers work natively and in wasm32 tests.

/// A decoded, tightly packed RGBA8 image.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

impl Image {
    /// A copy of the region `[x, x + w) × [y, y + h)` (clamped to the image).
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Image {
        let (x1, y1) = ((x + w).min(self.width), (y + h).min(self.height));
        let (x, y) = (x.min(x1), y.min(y1));
        let mut rgba = Vec::with_capacity(((x1 - x) * (y1 - y) * 4) as usize);
        for row in y..y1 {
            let start = ((row * self.width + x) * 4) as usize;
            rgba.extend_from_slice(&self.rgba[start..start + ((x1 - x) * 4) as usize]);
        }
        Image { width: x1 - x, height: y1 - y, rgba }
    }

    /// The image mirrored left–right.
    pub fn mirrored(&self) -> Image {
        let mut rgba = Vec::with_capacity(self.rgba.len());
        for row in self.rgba.chunks_exact(self.width as usize * 4) {
            for px in row.chunks_exact(4).rev() {
                rgba.extend_from_slice(px);
            }
        }
        Image { width: self.width, height: self.height, rgba }
    }
}

fn decode_png(bytes: &[u8]) -> Image {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().expect("embedded PNG header");
    let mut buf = vec![0; reader.output_buffer_size().expect("embedded PNG size")];
    let info = reader.next_frame(&mut buf).expect("embedded PNG data");
    let rgba = match info.color_type {
        png::ColorType::Rgba => buf[..info.buffer_size()].to_vec(),
        png::ColorType::Rgb => {
            buf[..info.buffer_size()].chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect()
        }
        png::ColorType::Grayscale => buf[..info.buffer_size()].iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::GrayscaleAlpha => {
            buf[..info.buffer_size()].chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect()
        }
        other => panic!("unexpected PNG colour type {other:?}"),
    };
    Image { width: info.width, height: info.height, rgba }
}

fn decode_jpeg(bytes: &[u8]) -> Image {
    let mut decoder = jpeg_decoder::Decoder::new(bytes);
    let pixels = decoder.decode().expect("embedded JPEG data");
    let info = decoder.info().expect("embedded JPEG header");
    assert_eq!(info.pixel_format, jpeg_decoder::PixelFormat::RGB24);
    let rgba = pixels.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect();
    Image { width: info.width as u32, height: info.height as u32, rgba }
}

/// scikit-image's astronaut (Eileen Collins, NASA, public domain), 512×512.
pub fn astronaut() -> Image {
    decode_png(include_bytes!("../../../tests/data/astronaut.png"))
}

/// scikit-image's cameraman, 512×512 greyscale (as RGBA).
pub fn cameraman() -> Image {
    decode_png(include_bytes!("../../../tests/data/camera.png"))
}

/// A sheet of sample photos of people (vladmandic/human samples), 1280×1158.
pub fn people() -> Image {
    decode_jpeg(include_bytes!("../../../tests/data/people_samples.jpg"))
}

/// One photo of the evaluation population: its name, who it shows (photos of one person share
/// it) and the JPEG.
pub type PopulationPhoto = (&'static str, &'static str, &'static [u8]);

macro_rules! photo {
    ($name:literal, $person:literal) => {
        ($name, $person, include_bytes!(concat!("../../../tests/data/faces/", $name, ".jpg")) as &[u8])
    };
}

/// The wider evaluation population: 29 photos of 25 people from registry packages, each a
/// 384×384 head-and-shoulders crop (`tests/data/faces/PROVENANCE.md`).
pub const POPULATION: &[PopulationPhoto] = &[
    photo!("hopper", "hopper"),
    photo!("obama_1", "obama"),
    photo!("obama_2", "obama"),
    photo!("obama_3", "obama"),
    photo!("biden", "biden"),
    photo!("justin_shenk", "justin_shenk"),
    photo!("aksel_andersson", "aksel_andersson"),
    photo!("ew_dahlgren", "ew_dahlgren"),
    photo!("giunchedi", "giunchedi"),
    photo!("giunchedi_grey", "giunchedi"),
    photo!("faceapi_s1a", "faceapi_s1a"),
    photo!("faceapi_s1b", "faceapi_s1b"),
    // Judged by eye the same woman as s3b (and the embedder agrees: 0.80).
    photo!("faceapi_s1c", "faceapi_s3b"),
    photo!("faceapi_s3a", "faceapi_s3a"),
    photo!("faceapi_s3b", "faceapi_s3b"),
    photo!("faceapi_s3c", "faceapi_s3c"),
    photo!("faceapi_s4a", "faceapi_s4a"),
    photo!("faceapi_s4b", "faceapi_s4b"),
    photo!("faceapi_s4c", "faceapi_s4c"),
    photo!("faceapi_s4d", "faceapi_s4d"),
    photo!("faceapi_s5a", "faceapi_s5a"),
    photo!("faceapi_s5b", "faceapi_s5b"),
    photo!("faceapi_s5c", "faceapi_s5c"),
    photo!("faceapi_s5d", "faceapi_s5d"),
    photo!("faceapi_s5e", "faceapi_s5e"),
    photo!("faceapi_s6a", "faceapi_s6a"),
    photo!("faceapi_s6b", "faceapi_s6b"),
    photo!("faceapi_s6c", "faceapi_s6c"),
    photo!("faceapi_s6d", "faceapi_s6d"),
];

/// A photo of [`POPULATION`], decoded.
pub fn population_photo(photo: &PopulationPhoto) -> Image {
    decode_jpeg(photo.2)
}

pub const CARPHONE_WIDTH: u32 = 176;
pub const CARPHONE_HEIGHT: u32 = 144;
pub const CARPHONE_FPS: f32 = 30000.0 / 1001.0;

/// The 120 frames of the carphone clip (a man talking in a car).
pub fn carphone_frames() -> Vec<Image> {
    let raw: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/carphone.rgba"));
    raw.chunks_exact((CARPHONE_WIDTH * CARPHONE_HEIGHT * 4) as usize)
        .map(|f| Image { width: CARPHONE_WIDTH, height: CARPHONE_HEIGHT, rgba: f.to_vec() })
        .collect()
}

/// onnxruntime's per-frame inner-mouth open ratio (13–14 / 78–308) on the carphone clip.
pub fn carphone_reference_open_ratio() -> Vec<f32> {
    include_str!("../../../tests/data/carphone_mouth_ratio_ort.txt")
        .lines()
        .map(|l| l.trim().parse().expect("reference ratio"))
        .collect()
}

/// Pearson correlation of two series (over the shorter length).
pub fn pearson(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len()) as f32;
    let (ma, mb) = (a.iter().sum::<f32>() / n, b.iter().sum::<f32>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    sab / (saa * sbb).sqrt()
}

/// espeak-ng reading "3 7 2 9 5 1" in Mandarin (16-bit PCM WAV).
pub const DIGITS_372951_WAV: &[u8] = include_bytes!("../../../tests/data/digits_cmn_372951.wav");

/// The source ONNX models.
pub mod onnx {
    pub const DETECTOR: &[u8] = include_bytes!("../../../models/mp_face_detection_short.onnx");
    pub const MESH: &[u8] = include_bytes!("../../../models/mp_face_landmark.onnx");
    pub const EMBEDDER: &[u8] = include_bytes!("../../../models/expo_mobilefacenet.onnx");
    pub const ANTISPOOF: &[u8] = include_bytes!("../../../models/human_antispoof.onnx");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_decode_to_their_known_sizes() {
        let a = astronaut();
        assert_eq!((a.width, a.height, a.rgba.len()), (512, 512, 512 * 512 * 4));
        let c = cameraman();
        assert_eq!((c.width, c.height), (512, 512));
        assert!(c.rgba.chunks_exact(4).all(|p| p[0] == p[1] && p[1] == p[2]));
        let p = people();
        assert_eq!((p.width, p.height), (1280, 1158));
        assert_eq!(carphone_frames().len(), 120);
        assert_eq!(carphone_reference_open_ratio().len(), 120);
    }

    #[test]
    fn crop_and_mirror() {
        let a = astronaut();
        let c = a.crop(10, 20, 3, 2);
        assert_eq!((c.width, c.height), (3, 2));
        assert_eq!(&c.rgba[..4], &a.rgba[((20 * 512 + 10) * 4) as usize..][..4]);
        let m = c.mirrored();
        assert_eq!(&m.rgba[..4], &c.rgba[8..12]);
        assert_eq!(a.crop(510, 510, 10, 10).width, 2);
    }
}
