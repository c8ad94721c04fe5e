//! Per-frame measurements derived from the mesh: mouth shape, head pose, and image quality.
//!
//! Mouth measurements are divided by the inter-ocular distance (3-D, between the eye centres) so
//! they do not change when the resident moves closer or turns slightly.

use serde::{Deserialize, Serialize};

use crate::geometry::Point;
use crate::mesh::{Landmark, idx};

/// The mouth's shape in one frame, as scale-free ratios.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MouthFeatures {
    /// Inner-lip gap (13–14) / inter-ocular distance.
    pub opening: f32,
    /// Mouth-corner distance (61–291) / inter-ocular distance.
    pub width: f32,
    /// Outer lip height (0–17) / mouth width: high for rounded lips (五, 六), low for spread (一, 七).
    pub roundness: f32,
    /// How far the lip centres stand in front of the mouth corners, / inter-ocular distance.
    pub protrusion: f32,
    /// Inner-lip gap / inner-corner distance (13–14 / 78–308): the onnxruntime reference's ratio.
    pub open_ratio: f32,
    /// Height of the dark mouth cavity on the lips' centre line / inter-ocular distance, read
    /// from the pixels (see [`aperture`]); 0 for a closed mouth.
    pub aperture: f32,
}

/// Head orientation in degrees: yaw > 0 turned to the image's right, pitch > 0 chin up,
/// roll > 0 clockwise in the image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pose {
    /// Degrees, > 0 turned to the image's right.
    pub yaw: f32,
    /// Degrees, > 0 chin up.
    pub pitch: f32,
    /// Degrees, > 0 clockwise in the image.
    pub roll: f32,
}

/// What the guidance needs to know about the picture of the face.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImageQuality {
    /// Mean luma of the face crop, 0 (black) to 1 (white).
    pub brightness: f32,
    /// Variance of the Laplacian of the face crop's luma (0–1 scale ×1000): low means blurred.
    pub sharpness: f32,
}

/// The 3-D distance between the eye centres (each the midpoint of its two corners), in landmark
/// pixels.
pub fn inter_ocular(lm: &[Landmark]) -> f32 {
    let right = lm[idx::RIGHT_EYE_OUTER].midpoint(&lm[idx::RIGHT_EYE_INNER]);
    let left = lm[idx::LEFT_EYE_OUTER].midpoint(&lm[idx::LEFT_EYE_INNER]);
    right.distance3(&left)
}

/// The mouth features measured on the mesh; `aperture` is left 0, as it needs the pixels
/// ([`aperture`]).
pub fn mouth(lm: &[Landmark]) -> MouthFeatures {
    let iod = inter_ocular(lm).max(f32::EPSILON);
    let gap = lm[idx::UPPER_LIP_INNER].distance3(&lm[idx::LOWER_LIP_INNER]);
    let width = lm[idx::MOUTH_CORNER_RIGHT].distance3(&lm[idx::MOUTH_CORNER_LEFT]);
    let height = lm[idx::UPPER_LIP_OUTER].distance3(&lm[idx::LOWER_LIP_OUTER]);
    let inner_width = lm[idx::INNER_CORNER_RIGHT].xy().distance(lm[idx::INNER_CORNER_LEFT].xy());
    let inner_gap = lm[idx::UPPER_LIP_INNER].xy().distance(lm[idx::LOWER_LIP_INNER].xy());
    let corners_z = (lm[idx::MOUTH_CORNER_RIGHT].z + lm[idx::MOUTH_CORNER_LEFT].z) * 0.5;
    let centre_z = (lm[idx::UPPER_LIP_OUTER].z + lm[idx::LOWER_LIP_OUTER].z) * 0.5;
    MouthFeatures {
        opening: gap / iod,
        width: width / iod,
        roundness: height / width.max(f32::EPSILON),
        protrusion: (corners_z - centre_z) / iod,
        open_ratio: inner_gap / inner_width.max(f32::EPSILON),
        aperture: 0.0,
    }
}

/// A sample counts as mouth cavity when its luma is below this fraction of the upper lip's.
const CAVITY_DARKNESS: f32 = 0.55;
/// The cavity is scanned in steps of this fraction of the inter-ocular distance, each sample
/// the mean of three points across the centre line this far apart.
const APERTURE_STEP: f32 = 0.01;
const APERTURE_SPAN: f32 = 0.06;

/// How far the mouth is open, read from the pixels: the longest dark run on the line from the
/// upper inner lip (13) down to halfway between the lower outer lip (17) and the chin, divided
/// by the inter-ocular distance. `rgb` is a `size × size` NHWC crop in `[0, 1]` and `lm` the
/// landmarks in that crop's pixels.
///
/// The mesh's lip gap is the primary measure, but on a wide-open mouth of a turned face it
/// puts the lower lip in the middle of the cavity (a 三 then measures less open than a 零); the
/// cavity itself stays dark below it. On real footage the two agree (see the carphone test).
pub fn aperture(rgb: &[f32], size: usize, lm: &[Landmark]) -> f32 {
    let iod = inter_ocular(lm);
    if size == 0 || rgb.len() < size * size * 3 || iod.is_nan() || iod <= 1.0 {
        return 0.0;
    }
    let luma = |p: Point| {
        let clamp = |v: f32| (v - 0.5).clamp(0.0, (size - 1) as f32);
        let (fx, fy) = (clamp(p.x), clamp(p.y));
        let (x0, y0) = (fx.floor() as usize, fy.floor() as usize);
        let (x1, y1) = ((x0 + 1).min(size - 1), (y0 + 1).min(size - 1));
        let (wx, wy) = (fx - x0 as f32, fy - y0 as f32);
        let at = |x: usize, y: usize| luma_of(rgb, y * size + x);
        (at(x0, y0) * (1.0 - wx) + at(x1, y0) * wx) * (1.0 - wy) + (at(x0, y1) * (1.0 - wx) + at(x1, y1) * wx) * wy
    };
    let lerp = |a: Point, b: Point, t: f32| Point::new(a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t);
    let (upper_outer, upper_inner) = (lm[idx::UPPER_LIP_OUTER].xy(), lm[idx::UPPER_LIP_INNER].xy());
    let lip = [0.3, 0.5, 0.7].iter().map(|t| luma(lerp(upper_outer, upper_inner, *t))).sum::<f32>() / 3.0;
    let end = lm[idx::LOWER_LIP_OUTER].xy().midpoint(lm[idx::CHIN].xy());
    let (right, left) = (lm[idx::MOUTH_CORNER_RIGHT].xy(), lm[idx::MOUTH_CORNER_LEFT].xy());
    let across = right.distance(left).max(f32::EPSILON);
    let side = Point::new(
        (left.x - right.x) / across * APERTURE_SPAN * iod,
        (left.y - right.y) / across * APERTURE_SPAN * iod,
    );
    let length = upper_inner.distance(end);
    let steps = (length / (APERTURE_STEP * iod)).ceil().min(1000.0) as usize;
    let (mut longest, mut run) = (0usize, 0usize);
    for k in 0..=steps {
        let c = lerp(upper_inner, end, k as f32 / steps.max(1) as f32);
        let across_line = [Point::new(c.x - side.x, c.y - side.y), c, Point::new(c.x + side.x, c.y + side.y)];
        let dark = across_line.iter().map(|p| luma(*p)).sum::<f32>() / 3.0 < CAVITY_DARKNESS * lip;
        run = if dark { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    longest as f32 * length / steps.max(1) as f32 / iod
}

/// The luma (BT.601) of pixel `i` of an NHWC RGB crop.
fn luma_of(rgb: &[f32], i: usize) -> f32 {
    0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2]
}

/// Head pose from an orthonormal face frame built on the mesh (eye line, forehead–chin axis).
pub fn pose(lm: &[Landmark]) -> Pose {
    let sub = |a: &Landmark, b: &Landmark| [a.x - b.x, a.y - b.y, a.z - b.z];
    let norm = |v: [f32; 3]| {
        let n = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(f32::EPSILON);
        [v[0] / n, v[1] / n, v[2] / n]
    };
    let dot = |a: [f32; 3], b: [f32; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let right = lm[idx::RIGHT_EYE_OUTER].midpoint(&lm[idx::RIGHT_EYE_INNER]);
    let left = lm[idx::LEFT_EYE_OUTER].midpoint(&lm[idx::LEFT_EYE_INNER]);
    let x = norm(sub(&left, &right));
    let down = sub(&lm[idx::CHIN], &lm[idx::FOREHEAD]);
    let d = dot(down, x);
    let y = norm([down[0] - d * x[0], down[1] - d * x[1], down[2] - d * x[2]]);
    // Face normal y × x points from the face towards the camera (negative z is nearer).
    let n = [y[1] * x[2] - y[2] * x[1], y[2] * x[0] - y[0] * x[2], y[0] * x[1] - y[1] * x[0]];
    Pose { yaw: n[0].atan2(-n[2]).to_degrees(), pitch: (-n[1]).atan2(-n[2]).to_degrees(), roll: roll(lm) }
}

/// Mirror pairs of the mesh (the person's right point, then the left) spread over the face: eye
/// corners, brows, cheeks, nose wings, jaw.
const MIRROR_PAIRS: [(usize, usize); 8] =
    [(33, 263), (133, 362), (70, 300), (105, 334), (234, 454), (93, 323), (129, 358), (172, 397)];

/// The head's tilt in the image plane, degrees: the direction of the pairs' right-to-left
/// vectors summed. Eight pairs instead of the eye corners alone, so a small or compressed face's
/// landmark jitter moves it less (the splice check reads its frame-to-frame changes).
fn roll(lm: &[Landmark]) -> f32 {
    let (dx, dy) = MIRROR_PAIRS
        .iter()
        .fold((0.0f32, 0.0f32), |(dx, dy), &(r, l)| (dx + lm[l].x - lm[r].x, dy + lm[l].y - lm[r].y));
    dy.atan2(dx).to_degrees()
}

/// Brightness and sharpness of an NHWC RGB crop with values in `[0, 1]`.
pub fn image_quality(rgb: &[f32], size: usize) -> ImageQuality {
    let luma = |i: usize| luma_of(rgb, i);
    let pixels = size * size;
    let brightness = if pixels == 0 { 0.0 } else { (0..pixels).map(luma).sum::<f32>() / pixels as f32 };
    let (mut sum, mut sum_sq, mut count) = (0.0f32, 0.0f32, 0.0f32);
    for y in 1..size.saturating_sub(1) {
        for x in 1..size - 1 {
            let i = y * size + x;
            let lap = luma(i - 1) + luma(i + 1) + luma(i - size) + luma(i + size) - 4.0 * luma(i);
            sum += lap;
            sum_sq += lap * lap;
            count += 1.0;
        }
    }
    let sharpness = if count > 0.0 { (sum_sq / count - (sum / count).powi(2)) * 1000.0 } else { 0.0 };
    ImageQuality { brightness, sharpness }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A flat frontal "face": eyes at y = 0, mouth at y = 60, everything at z = 0.
    fn frontal() -> Vec<Landmark> {
        let mut lm = vec![Landmark::default(); crate::mesh::LANDMARK_COUNT];
        let mut set = |i: usize, x: f32, y: f32| lm[i] = Landmark { x, y, z: 0.0 };
        set(idx::RIGHT_EYE_OUTER, -40.0, 0.0);
        set(idx::RIGHT_EYE_INNER, -20.0, 0.0);
        set(idx::LEFT_EYE_INNER, 20.0, 0.0);
        set(idx::LEFT_EYE_OUTER, 40.0, 0.0);
        set(idx::FOREHEAD, 0.0, -50.0);
        set(idx::CHIN, 0.0, 100.0);
        set(idx::MOUTH_CORNER_RIGHT, -25.0, 60.0);
        set(idx::MOUTH_CORNER_LEFT, 25.0, 60.0);
        set(idx::INNER_CORNER_RIGHT, -20.0, 60.0);
        set(idx::INNER_CORNER_LEFT, 20.0, 60.0);
        set(idx::UPPER_LIP_OUTER, 0.0, 52.0);
        set(idx::LOWER_LIP_OUTER, 0.0, 70.0);
        set(idx::UPPER_LIP_INNER, 0.0, 58.0);
        set(idx::LOWER_LIP_INNER, 0.0, 64.0);
        lm
    }

    #[test]
    fn mouth_features_are_normalised_by_eye_distance() {
        let lm = frontal();
        let m = mouth(&lm);
        assert!((inter_ocular(&lm) - 60.0).abs() < 1e-4);
        assert!((m.opening - 0.1).abs() < 1e-5);
        assert!((m.width - 50.0 / 60.0).abs() < 1e-5);
        assert!((m.roundness - 18.0 / 50.0).abs() < 1e-5);
        assert!((m.open_ratio - 6.0 / 40.0).abs() < 1e-5);
        assert_eq!(m.protrusion, 0.0);
        // Twice the size, same features.
        let big: Vec<Landmark> = lm.iter().map(|p| Landmark { x: p.x * 2.0, y: p.y * 2.0, z: 0.0 }).collect();
        assert!((mouth(&big).opening - m.opening).abs() < 1e-5);
    }

    /// The frontal face moved into a 200² crop of skin with lips, and a dark cavity from the
    /// upper inner lip `cavity` pixels down.
    fn crop_with_cavity(cavity: f32) -> (Vec<f32>, Vec<Landmark>) {
        let lm: Vec<Landmark> = frontal().iter().map(|p| Landmark { x: p.x + 100.0, y: p.y + 20.0, z: 0.0 }).collect();
        let size = 200;
        let mut rgb = vec![0.0; size * size * 3];
        for y in 0..size {
            for x in 0..size {
                let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
                let lips = (75.0..125.0).contains(&fx) && (72.0..90.0).contains(&fy);
                let open = (85.0..115.0).contains(&fx) && (78.0..78.0 + cavity).contains(&fy);
                let luma = if open {
                    0.05
                } else if lips {
                    0.45
                } else {
                    0.7
                };
                rgb[(y * size + x) * 3..][..3].fill(luma);
            }
        }
        (rgb, lm)
    }

    #[test]
    fn aperture_is_the_dark_cavity_below_the_upper_lip() {
        for (cavity, want) in [(0.0, 0.0), (6.0, 0.1), (25.0, 25.0 / 60.0)] {
            let (rgb, lm) = crop_with_cavity(cavity);
            let got = aperture(&rgb, 200, &lm);
            assert!((got - want).abs() < 0.02, "cavity {cavity} px: aperture {got}, want {want}");
        }
        // The mesh's lip gap stays 6 px whatever the pixels show; the aperture does not.
        assert!((mouth(&crop_with_cavity(25.0).1).opening - 0.1).abs() < 1e-5);
        assert_eq!(aperture(&[], 200, &frontal()), 0.0, "no pixels");
    }

    #[test]
    fn pose_of_a_frontal_and_a_rolled_face() {
        let lm = frontal();
        let p = pose(&lm);
        assert!(p.yaw.abs() < 1e-3 && p.pitch.abs() < 1e-3 && p.roll.abs() < 1e-3, "{p:?}");
        let (s, c) = 10f32.to_radians().sin_cos();
        let rolled: Vec<Landmark> =
            lm.iter().map(|q| Landmark { x: q.x * c - q.y * s, y: q.x * s + q.y * c, z: 0.0 }).collect();
        assert!((pose(&rolled).roll - 10.0).abs() < 1e-3);
        // Turning the head: the left eye moves away (z grows), the right comes nearer.
        let turned: Vec<Landmark> = lm
            .iter()
            .map(|q| {
                let (s, c) = 20f32.to_radians().sin_cos();
                Landmark { x: q.x * c, y: q.y, z: q.x * s }
            })
            .collect();
        assert!((pose(&turned).yaw - 20.0).abs() < 1e-2, "{:?}", pose(&turned));
    }

    #[test]
    fn quality_sees_darkness_and_blur() {
        let size = 16;
        let flat = vec![0.1; size * size * 3];
        let q = image_quality(&flat, size);
        assert!((q.brightness - 0.1).abs() < 1e-5 && q.sharpness.abs() < 1e-6);
        let stripes: Vec<f32> = (0..size * size).flat_map(|i| [(i % 2) as f32; 3]).collect();
        assert!(image_quality(&stripes, size).sharpness > 1000.0);
        assert_eq!(image_quality(&[], 0).sharpness, 0.0);
    }
}
