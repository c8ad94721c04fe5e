//! RGBA frames as the browser hands them over, and resampling them into model input tensors.
//!
//! Models see small crops (128² for detection, 192² for the mesh) of frames that can be 1280 px
//! wide. Plain bilinear sampling aliases badly at such ratios, so [`Sampler`] keeps a small
//! pyramid of 2×2 box-filtered levels (buffers reused across frames) and samples from the level
//! whose pixels are closest to the destination pixel size.

use crate::error::VisionError;
use crate::geometry::Affine;

/// The largest frame side accepted: beyond any camera a browser exposes, and it bounds memory.
pub const MAX_FRAME_SIDE: u32 = 8192;

/// A borrowed RGBA8 frame: `height` rows of `stride` bytes, the first `width * 4` of each used.
#[derive(Clone, Copy, Debug)]
pub struct FrameRef<'a> {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Bytes from the start of one row to the next (at least `width * 4`).
    pub stride: u32,
    /// The pixels, RGBA8, row after row.
    pub rgba: &'a [u8],
}

impl<'a> FrameRef<'a> {
    /// Validates the dimensions against the buffer; every later access is then in bounds.
    pub fn new(width: u32, height: u32, stride: u32, rgba: &'a [u8]) -> Result<Self, VisionError> {
        if width == 0 || height == 0 {
            return Err(VisionError::InvalidFrame("zero width or height"));
        }
        if width > MAX_FRAME_SIDE || height > MAX_FRAME_SIDE {
            return Err(VisionError::InvalidFrame("frame side above 8192 px"));
        }
        let row = width as usize * 4;
        if (stride as usize) < row {
            return Err(VisionError::InvalidFrame("stride shorter than a row of RGBA pixels"));
        }
        let needed = stride as usize * (height as usize - 1) + row;
        if rgba.len() < needed {
            return Err(VisionError::InvalidFrame("buffer shorter than height × stride"));
        }
        Ok(Self { width, height, stride, rgba })
    }

    /// A tightly packed frame (`stride = width * 4`).
    pub fn packed(width: u32, height: u32, rgba: &'a [u8]) -> Result<Self, VisionError> {
        Self::new(width, height, width.saturating_mul(4), rgba)
    }
}

/// One pyramid level, tightly packed RGBA.
#[derive(Default)]
struct Level {
    width: usize,
    height: usize,
    data: Vec<u8>,
}

/// How a sampled pixel becomes a model input value: `value = byte * scale + offset`.
#[derive(Clone, Copy, Debug)]
pub struct Normalization {
    /// Factor the byte is multiplied by.
    pub scale: f32,
    /// Added after scaling.
    pub offset: f32,
}

impl Normalization {
    /// `[0, 255] → [-1, 1]` (BlazeFace).
    pub const SIGNED_UNIT: Normalization = Normalization { scale: 1.0 / 127.5, offset: -1.0 };
    /// `[0, 255] → [0, 1]` (face mesh, anti-spoof).
    pub const UNIT: Normalization = Normalization { scale: 1.0 / 255.0, offset: 0.0 };
    /// `(x − 127.5) / 128` (MobileFaceNet).
    pub const CENTERED_128: Normalization = Normalization { scale: 1.0 / 128.0, offset: -127.5 / 128.0 };
}

/// Resamples frames into NHWC `f32` RGB tensors; owns the reusable pyramid buffers.
#[derive(Default)]
pub struct Sampler {
    levels: Vec<Level>,
    built_levels: usize,
}

impl Sampler {
    /// Forgets the pyramid of the previous frame; call once per new frame.
    pub fn start_frame(&mut self) {
        self.built_levels = 0;
    }

    /// Fills `out` (`size × size × 3`) with the frame region that `crop_to_frame` maps the
    /// `size × size` crop onto. Samples outside the frame read as black.
    pub fn sample_square(
        &mut self,
        frame: &FrameRef<'_>,
        crop_to_frame: &Affine,
        size: usize,
        norm: Normalization,
        out: &mut [f32],
    ) {
        debug_assert_eq!(out.len(), size * size * 3);
        let level = self.level_for(frame, crop_to_frame.scale());
        let (src, width, height, stride) = if level == 0 {
            (frame.rgba, frame.width as usize, frame.height as usize, frame.stride as usize)
        } else {
            let l = &self.levels[level - 1];
            (&l.data[..], l.width, l.height, l.width * 4)
        };
        // Level `k` pixel centres sit at frame coordinates (i + 0.5)·2^k.
        let inv = 1.0 / (1u32 << level) as f32;
        let m = crop_to_frame;
        let black = [0u8; 4];
        let px = |x: isize, y: isize| -> &[u8] {
            if x < 0 || y < 0 || x as usize >= width || y as usize >= height {
                &black
            } else {
                let i = y as usize * stride + x as usize * 4;
                &src[i..i + 4]
            }
        };
        for v in 0..size {
            let vc = v as f32 + 0.5;
            for u in 0..size {
                let uc = u as f32 + 0.5;
                let fx = (m.a * uc + m.b * vc + m.tx) * inv - 0.5;
                let fy = (m.c * uc + m.d * vc + m.ty) * inv - 0.5;
                let (x0, y0) = (fx.floor(), fy.floor());
                let (wx, wy) = (fx - x0, fy - y0);
                let (x0, y0) = (x0 as isize, y0 as isize);
                let (p00, p10, p01, p11) = (px(x0, y0), px(x0 + 1, y0), px(x0, y0 + 1), px(x0 + 1, y0 + 1));
                let o = (v * size + u) * 3;
                for ch in 0..3 {
                    let top = p00[ch] as f32 * (1.0 - wx) + p10[ch] as f32 * wx;
                    let bottom = p01[ch] as f32 * (1.0 - wx) + p11[ch] as f32 * wx;
                    out[o + ch] = (top * (1.0 - wy) + bottom * wy) * norm.scale + norm.offset;
                }
            }
        }
    }

    /// Chooses (building if needed) the pyramid level whose pixel is at most as large as one
    /// destination pixel.
    fn level_for(&mut self, frame: &FrameRef<'_>, scale: f32) -> usize {
        let mut wanted = 0;
        while scale >= (2u32 << wanted) as f32 && wanted < 8 {
            wanted += 1;
        }
        while self.built_levels < wanted {
            let next = self.built_levels + 1;
            if !self.build_level(frame, next) {
                break;
            }
        }
        wanted.min(self.built_levels)
    }

    /// 2×2 box filter of level `k - 1` into level `k`; false when the level would be empty.
    fn build_level(&mut self, frame: &FrameRef<'_>, k: usize) -> bool {
        if self.levels.len() < k {
            self.levels.resize_with(k, Level::default);
        }
        let (before, rest) = self.levels.split_at_mut(k - 1);
        let (src, sw, sh, sstride) = if k == 1 {
            (frame.rgba, frame.width as usize, frame.height as usize, frame.stride as usize)
        } else {
            let l = &before[k - 2];
            (&l.data[..], l.width, l.height, l.width * 4)
        };
        let (w, h) = (sw / 2, sh / 2);
        if w == 0 || h == 0 {
            return false;
        }
        let dst = &mut rest[0];
        dst.width = w;
        dst.height = h;
        dst.data.resize(w * h * 4, 0);
        for y in 0..h {
            let r0 = &src[2 * y * sstride..];
            let r1 = &src[(2 * y + 1) * sstride..];
            let out = &mut dst.data[y * w * 4..(y + 1) * w * 4];
            for x in 0..w {
                for ch in 0..4 {
                    let i = 8 * x + ch;
                    let sum = r0[i] as u16 + r0[i + 4] as u16 + r1[i] as u16 + r1[i + 4] as u16;
                    out[4 * x + ch] = ((sum + 2) / 4) as u8;
                }
            }
        }
        self.built_levels = k;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{Point, RotatedSquare};

    #[test]
    fn rejects_bad_dimensions() {
        let buf = vec![0u8; 24];
        assert!(FrameRef::packed(0, 1, &buf).is_err());
        assert!(FrameRef::packed(2, 2, &buf[..15]).is_err());
        assert!(FrameRef::new(2, 2, 7, &buf).is_err());
        assert!(FrameRef::packed(9000, 1, &buf).is_err());
        assert!(FrameRef::packed(2, 2, &buf).is_ok());
        // The last row may be short of the stride.
        assert!(FrameRef::new(2, 2, 12, &buf[..20]).is_ok());
    }

    #[test]
    fn identity_crop_reproduces_pixels() {
        let rgba: Vec<u8> = (0..4 * 4 * 4).map(|i| (i * 3) as u8).collect();
        let frame = FrameRef::packed(4, 4, &rgba).unwrap();
        let crop = RotatedSquare { center: Point::new(2.0, 2.0), side: 4.0, angle: 0.0 };
        let mut out = vec![0.0; 4 * 4 * 3];
        let mut s = Sampler::default();
        s.start_frame();
        s.sample_square(&frame, &crop.crop_to_frame(4), 4, Normalization { scale: 1.0, offset: 0.0 }, &mut out);
        for y in 0..4 {
            for x in 0..4 {
                for ch in 0..3 {
                    assert_eq!(out[(y * 4 + x) * 3 + ch], rgba[(y * 4 + x) * 4 + ch] as f32);
                }
            }
        }
    }

    #[test]
    fn downscale_averages_instead_of_aliasing() {
        // A one-pixel checkerboard shrunk 8× must come out mid-grey, not black or white.
        let (w, h) = (64u32, 64u32);
        let rgba: Vec<u8> = (0..w * h)
            .flat_map(|i| {
                let v = if (i % w + i / w) % 2 == 0 { 255 } else { 0 };
                [v, v, v, 255]
            })
            .collect();
        let frame = FrameRef::packed(w, h, &rgba).unwrap();
        let crop = RotatedSquare { center: Point::new(32.0, 32.0), side: 64.0, angle: 0.0 };
        let mut out = vec![0.0; 8 * 8 * 3];
        let mut s = Sampler::default();
        s.start_frame();
        s.sample_square(&frame, &crop.crop_to_frame(8), 8, Normalization::UNIT, &mut out);
        assert!(out.iter().all(|v| (v - 0.5).abs() < 0.01), "{out:?}");
    }

    #[test]
    fn outside_reads_black() {
        let rgba = vec![255u8; 4 * 4 * 4];
        let frame = FrameRef::packed(4, 4, &rgba).unwrap();
        let crop = RotatedSquare { center: Point::new(100.0, 100.0), side: 4.0, angle: 0.0 };
        let mut out = vec![1.0; 4 * 4 * 3];
        let mut s = Sampler::default();
        s.start_frame();
        s.sample_square(&frame, &crop.crop_to_frame(4), 4, Normalization::UNIT, &mut out);
        assert!(out.iter().all(|v| *v == 0.0));
    }
}
