//! Pixel operations the synthesizer needs: sampling, resizing, pasting, filling, noise, PNG.

use wangban_testdata::Image;
use wangban_vision::Point;

/// Bilinear sample of channel values at continuous coordinates (pixel centres at +0.5);
/// outside the image the nearest edge pixel is used.
pub fn sample(img: &Image, x: f32, y: f32) -> [f32; 4] {
    let fx = (x - 0.5).clamp(0.0, img.width as f32 - 1.0);
    let fy = (y - 0.5).clamp(0.0, img.height as f32 - 1.0);
    let (x0, y0) = (fx.floor() as u32, fy.floor() as u32);
    let (x1, y1) = ((x0 + 1).min(img.width - 1), (y0 + 1).min(img.height - 1));
    let (wx, wy) = (fx - x0 as f32, fy - y0 as f32);
    let px = |x: u32, y: u32| {
        let i = ((y * img.width + x) * 4) as usize;
        [img.rgba[i] as f32, img.rgba[i + 1] as f32, img.rgba[i + 2] as f32, img.rgba[i + 3] as f32]
    };
    let (a, b, c, d) = (px(x0, y0), px(x1, y0), px(x0, y1), px(x1, y1));
    let mut out = [0.0; 4];
    for ch in 0..4 {
        let top = a[ch] * (1.0 - wx) + b[ch] * wx;
        let bottom = c[ch] * (1.0 - wx) + d[ch] * wx;
        out[ch] = top * (1.0 - wy) + bottom * wy;
    }
    out
}

pub fn put(img: &mut Image, x: u32, y: u32, px: [f32; 4]) {
    let i = ((y * img.width + x) * 4) as usize;
    for (dst, v) in img.rgba[i..i + 4].iter_mut().zip(px) {
        *dst = v.round().clamp(0.0, 255.0) as u8;
    }
}

/// Resamples `img` to `width × height` (bilinear; for upscaling thumbnails).
pub fn resize(img: &Image, width: u32, height: u32) -> Image {
    let mut out = Image { width, height, rgba: vec![0; (width * height * 4) as usize] };
    let (sx, sy) = (img.width as f32 / width as f32, img.height as f32 / height as f32);
    for y in 0..height {
        for x in 0..width {
            put(&mut out, x, y, sample(img, (x as f32 + 0.5) * sx, (y as f32 + 0.5) * sy));
        }
    }
    out
}

/// `src_at(dst_point)` gives, for every destination pixel centre, where to read in `src`.
pub fn remap(src: &Image, src_at: impl Fn(Point) -> Point) -> Image {
    let mut out = Image { width: src.width, height: src.height, rgba: vec![0; src.rgba.len()] };
    for y in 0..src.height {
        for x in 0..src.width {
            let p = src_at(Point::new(x as f32 + 0.5, y as f32 + 0.5));
            put(&mut out, x, y, sample(src, p.x, p.y));
        }
    }
    out
}

/// Copies `patch` into `img` with its top-left corner at `(x, y)`, clipped.
pub fn paste(img: &mut Image, patch: &Image, x: u32, y: u32) {
    for py in 0..patch.height.min(img.height.saturating_sub(y)) {
        for px in 0..patch.width.min(img.width.saturating_sub(x)) {
            let s = ((py * patch.width + px) * 4) as usize;
            let d = (((y + py) * img.width + x + px) * 4) as usize;
            img.rgba[d..d + 4].copy_from_slice(&patch.rgba[s..s + 4]);
        }
    }
}

/// Winding-number test: is `p` inside the closed polygon?
pub fn inside_polygon(poly: &[Point], p: Point) -> bool {
    let mut inside = false;
    let mut j = poly.len().wrapping_sub(1);
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[j]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    inside
}

/// Distance from `p` to the polygon's outline.
pub fn distance_to_outline(poly: &[Point], p: Point) -> f32 {
    let mut best = f32::MAX;
    for i in 0..poly.len() {
        let (a, b) = (poly[i], poly[(i + 1) % poly.len()]);
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let len2 = (dx * dx + dy * dy).max(f32::EPSILON);
        let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0);
        best = best.min(p.distance(Point::new(a.x + t * dx, a.y + t * dy)));
    }
    best
}

/// Adds camera-like noise (±`amplitude` levels), deterministic in `seed`.
pub fn add_noise(img: &mut Image, amplitude: i32, seed: u64) {
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    for (i, v) in img.rgba.iter_mut().enumerate() {
        if i % 4 == 3 {
            continue;
        }
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let n = (state % (2 * amplitude as u64 + 1)) as i32 - amplitude;
        *v = (*v as i32 + n).clamp(0, 255) as u8;
    }
}

/// Encodes RGBA as PNG (for looking at frames and contact sheets).
pub fn png(img: &Image) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, img.width, img.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header into memory");
    writer.write_image_data(&img.rgba).expect("PNG data into memory");
    drop(writer);
    out
}

/// Tiles `frames` into a grid `columns` wide, each scaled to `cell` pixels wide.
pub fn contact_sheet(frames: &[Image], columns: u32, cell: u32) -> Image {
    let (fw, fh) = frames.first().map_or((1, 1), |f| (f.width, f.height));
    let cell_h = cell * fh / fw;
    let rows = (frames.len() as u32).div_ceil(columns);
    let mut sheet = Image {
        width: cell * columns,
        height: cell_h * rows.max(1),
        rgba: vec![255; (cell * columns * cell_h * rows.max(1) * 4) as usize],
    };
    for (i, f) in frames.iter().enumerate() {
        let small = resize(f, cell, cell_h);
        paste(&mut sheet, &small, (i as u32 % columns) * cell, (i as u32 / columns) * cell_h);
    }
    sheet
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polygon_tests() {
        let square = [Point::new(0.0, 0.0), Point::new(10.0, 0.0), Point::new(10.0, 10.0), Point::new(0.0, 10.0)];
        assert!(inside_polygon(&square, Point::new(5.0, 5.0)));
        assert!(!inside_polygon(&square, Point::new(15.0, 5.0)));
        assert!((distance_to_outline(&square, Point::new(5.0, 4.0)) - 4.0).abs() < 1e-5);
    }

    #[test]
    fn resize_keeps_flat_colour_and_noise_is_bounded() {
        let img = Image { width: 4, height: 4, rgba: [10u8, 20, 30, 255].repeat(16) };
        let big = resize(&img, 9, 7);
        assert!(big.rgba.chunks_exact(4).all(|p| p == [10, 20, 30, 255]));
        let mut noisy = big.clone();
        add_noise(&mut noisy, 2, 1);
        assert!(noisy.rgba.iter().zip(&big.rgba).all(|(a, b)| (*a as i32 - *b as i32).abs() <= 2));
        assert_ne!(noisy, big);
    }
}
