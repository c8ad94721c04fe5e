//! Per-frame measurements derived from the mesh: mouth shape, head pose, and image quality.
//!
//! Mouth measurements are divided by the inter-ocular distance (3-D, between the eye centres) so
//! they do not change when the resident moves closer or turns slightly.

use serde::{Deserialize, Serialize};

use crate::mesh::{Landmark, idx};

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
}

/// Head orientation in degrees: yaw > 0 turned to the image's right, pitch > 0 chin up,
/// roll > 0 clockwise in the image.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Pose {
    pub yaw: f32,
    pub pitch: f32,
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

pub fn inter_ocular(lm: &[Landmark]) -> f32 {
    let right = lm[idx::RIGHT_EYE_OUTER].midpoint(&lm[idx::RIGHT_EYE_INNER]);
    let left = lm[idx::LEFT_EYE_OUTER].midpoint(&lm[idx::LEFT_EYE_INNER]);
    right.distance3(&left)
}

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
    }
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
    Pose {
        yaw: n[0].atan2(-n[2]).to_degrees(),
        pitch: (-n[1]).atan2(-n[2]).to_degrees(),
        roll: x[1].atan2(x[0]).to_degrees(),
    }
}

/// Brightness and sharpness of an NHWC RGB crop with values in `[0, 1]`.
pub fn image_quality(rgb: &[f32], size: usize) -> ImageQuality {
    let luma = |i: usize| 0.299 * rgb[i * 3] + 0.587 * rgb[i * 3 + 1] + 0.114 * rgb[i * 3 + 2];
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
