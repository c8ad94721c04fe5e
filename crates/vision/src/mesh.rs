//! The 468-point face mesh: which crop it sees, and mapping its output back to the frame.
//!
//! Like MediaPipe, the crop is a square 1.5× the face, rotated so the eye line is level. From a
//! detection the eye line comes from the two eye keypoints; while tracking it comes from the
//! previous frame's eye-corner landmarks (33 and 263), and the box from all landmarks.

use serde::{Deserialize, Serialize};

use crate::detect::{Detection, Keypoint};
use crate::geometry::{Affine, Point, RotatedSquare};

/// Side in pixels of the mesh model's square input crop.
pub const MESH_INPUT: usize = 192;
/// Landmarks the mesh model emits per face.
pub const LANDMARK_COUNT: usize = 468;
/// MediaPipe's crop: 1.5 × the detection box.
const CROP_SCALE: f32 = 1.5;
/// While tracking, the crop is placed from points the jaw and lips do not move (eyes, cheek
/// contour): a crop that followed the mouth would feed its motion back into the next crop.
/// Measured against detection crops (astronaut, carphone clip, sample photos): side ≈ 3.3–3.7 ×
/// the inter-ocular distance, centre ≈ 0.6 × IOD below the eye line and, across the face, midway
/// between the cheek contour points — not the eyes' midpoint, which a turned head moves towards
/// its far side (0.4 IOD off the detection's centre at 29° of yaw).
const TRACKING_SIDE_PER_IOD: f32 = 3.45;
const TRACKING_CENTER_BELOW_EYES_PER_IOD: f32 = 0.6;

/// Mesh indices this crate reads (MediaPipe canonical face mesh numbering).
pub mod idx {
    /// Upper lip, inner edge, on the centre line.
    pub const UPPER_LIP_INNER: usize = 13;
    /// Lower lip, inner edge, on the centre line.
    pub const LOWER_LIP_INNER: usize = 14;
    /// Upper lip, outer edge, on the centre line.
    pub const UPPER_LIP_OUTER: usize = 0;
    /// Lower lip, outer edge, on the centre line.
    pub const LOWER_LIP_OUTER: usize = 17;
    /// The person's right mouth corner (outer lip contour).
    pub const MOUTH_CORNER_RIGHT: usize = 61;
    /// The person's left mouth corner (outer lip contour).
    pub const MOUTH_CORNER_LEFT: usize = 291;
    /// The person's right corner of the inner lip contour.
    pub const INNER_CORNER_RIGHT: usize = 78;
    /// The person's left corner of the inner lip contour.
    pub const INNER_CORNER_LEFT: usize = 308;
    /// The person's right eye, outer corner.
    pub const RIGHT_EYE_OUTER: usize = 33;
    /// The person's right eye, inner corner.
    pub const RIGHT_EYE_INNER: usize = 133;
    /// The person's left eye, inner corner.
    pub const LEFT_EYE_INNER: usize = 362;
    /// The person's left eye, outer corner.
    pub const LEFT_EYE_OUTER: usize = 263;
    /// Tip of the nose.
    pub const NOSE_TIP: usize = 1;
    /// Top of the forehead, on the centre line.
    pub const FOREHEAD: usize = 10;
    /// Bottom of the chin, on the centre line.
    pub const CHIN: usize = 152;
    /// The person's right cheek, on the face contour.
    pub const RIGHT_CHEEK: usize = 234;
    /// The person's left cheek, on the face contour.
    pub const LEFT_CHEEK: usize = 454;
}

/// A landmark in frame pixels; `z` is depth in the same pixel scale (smaller = nearer).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Landmark {
    /// Horizontal position, frame pixels.
    pub x: f32,
    /// Vertical position, frame pixels (down is positive).
    pub y: f32,
    /// Depth, in the same pixel scale as `x` and `y` (smaller = nearer the camera).
    pub z: f32,
}

impl Landmark {
    /// The landmark projected onto the image plane.
    pub fn xy(&self) -> Point {
        Point::new(self.x, self.y)
    }

    /// Euclidean distance to `o` in 3-D, in pixels.
    pub fn distance3(&self, o: &Landmark) -> f32 {
        ((self.x - o.x).powi(2) + (self.y - o.y).powi(2) + (self.z - o.z).powi(2)).sqrt()
    }

    /// The point halfway between this landmark and `o`, in 3-D.
    pub fn midpoint(&self, o: &Landmark) -> Landmark {
        Landmark { x: (self.x + o.x) * 0.5, y: (self.y + o.y) * 0.5, z: (self.z + o.z) * 0.5 }
    }
}

/// The mesh crop for a fresh detection.
pub fn crop_from_detection(d: &Detection) -> RotatedSquare {
    let (r, l) = (d.keypoint(Keypoint::RightEye), d.keypoint(Keypoint::LeftEye));
    let side = d.bbox.width().max(d.bbox.height()) * CROP_SCALE;
    RotatedSquare { center: d.bbox.center(), side, angle: (l.y - r.y).atan2(l.x - r.x) }
}

/// The mesh crop for the next frame, from this frame's eyes and cheek contour.
pub fn crop_from_landmarks(lm: &[Landmark]) -> RotatedSquare {
    let right = lm[idx::RIGHT_EYE_OUTER].midpoint(&lm[idx::RIGHT_EYE_INNER]);
    let left = lm[idx::LEFT_EYE_OUTER].midpoint(&lm[idx::LEFT_EYE_INNER]);
    let angle = (left.y - right.y).atan2(left.x - right.x);
    let iod = right.distance3(&left);
    let eyes = right.midpoint(&left);
    let cheeks = lm[idx::RIGHT_CHEEK].midpoint(&lm[idx::LEFT_CHEEK]);
    let (sin, cos) = angle.sin_cos();
    let across = (cheeks.x - eyes.x) * cos + (cheeks.y - eyes.y) * sin;
    let below = iod * TRACKING_CENTER_BELOW_EYES_PER_IOD;
    RotatedSquare {
        center: Point::new(eyes.x + across * cos - below * sin, eyes.y + across * sin + below * cos),
        side: iod * TRACKING_SIDE_PER_IOD,
        angle,
    }
}

/// Maps raw mesh output (468 × xyz in crop pixels) to frame landmarks.
pub fn landmarks_to_frame(raw: &[f32], crop_to_frame: &Affine, out: &mut Vec<Landmark>) {
    out.clear();
    let z_scale = crop_to_frame.scale();
    out.extend(raw.chunks_exact(3).map(|p| {
        let q = crop_to_frame.apply(Point::new(p[0], p[1]));
        Landmark { x: q.x, y: q.y, z: p[2] * z_scale }
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::Rect;

    #[test]
    fn detection_crop_is_level_with_the_eyes() {
        let mut kps = [Point::default(); 6];
        kps[0] = Point::new(10.0, 10.0);
        kps[1] = Point::new(20.0, 20.0);
        let d = Detection { score: 0.9, bbox: Rect { x0: 0.0, y0: 0.0, x1: 40.0, y1: 20.0 }, keypoints: kps };
        let c = crop_from_detection(&d);
        assert!((c.angle - std::f32::consts::FRAC_PI_4).abs() < 1e-6);
        assert_eq!(c.side, 60.0);
        assert_eq!(c.center, Point::new(20.0, 10.0));
    }

    #[test]
    fn tracking_crop_hangs_below_the_eyes_midway_between_the_cheeks() {
        let mut lm = vec![Landmark::default(); LANDMARK_COUNT];
        let (sin, cos) = 0.2f32.sin_cos();
        let on_eye_line = |along: f32, below: f32| Landmark {
            x: 100.0 + along * cos - below * sin,
            y: 100.0 + along * sin + below * cos,
            z: 0.0,
        };
        // Eye centres 40 px apart on a line tilted by 0.2 rad around (100, 100); the head is
        // turned, so the cheek contour's midpoint is 8 px across from the eyes' and a little lower.
        for (i, along) in [
            (idx::RIGHT_EYE_OUTER, -30.0),
            (idx::RIGHT_EYE_INNER, -10.0),
            (idx::LEFT_EYE_INNER, 10.0),
            (idx::LEFT_EYE_OUTER, 30.0),
        ] {
            lm[i] = on_eye_line(along, 0.0);
        }
        lm[idx::RIGHT_CHEEK] = on_eye_line(-42.0, 15.0);
        lm[idx::LEFT_CHEEK] = on_eye_line(58.0, 15.0);
        lm[idx::CHIN] = Landmark { x: 0.0, y: 500.0, z: 0.0 };
        let c = crop_from_landmarks(&lm);
        assert!((c.angle - 0.2).abs() < 1e-5);
        assert!((c.side - 40.0 * TRACKING_SIDE_PER_IOD).abs() < 1e-3);
        let expected = on_eye_line(8.0, 40.0 * TRACKING_CENTER_BELOW_EYES_PER_IOD).xy();
        assert!(c.center.distance(expected) < 1e-3, "{c:?}");
    }
}
