//! BlazeFace short-range decoding: SSD anchors, box/keypoint regression, weighted NMS.
//!
//! Mirrors MediaPipe's `face_detection_short_range` graph: 896 fixed-size anchors (16² × 2 at
//! stride 8, 8² × 6 at stride 16), sigmoid scores above 0.5, then weighted non-maximum suppression
//! at IoU 0.3, where overlapping candidates are averaged by score rather than dropped. Every face
//! found is reported; a second face is evidence for the liveness check, never noise to discard.

use serde::{Deserialize, Serialize};

use crate::geometry::{Point, Rect};

/// Side in pixels of the detector's square input.
pub const DETECTOR_INPUT: usize = 128;
const ANCHOR_COUNT: usize = 896;
const MIN_SCORE: f32 = 0.5;
const SUPPRESSION_IOU: f32 = 0.3;
/// Raw logits are clipped like MediaPipe's `score_clipping_thresh` before the sigmoid.
const SCORE_CLIP: f32 = 100.0;

/// The six BlazeFace keypoints, in the order the model emits them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(usize)]
pub enum Keypoint {
    /// The person's right eye (on the image's left for a camera facing them).
    RightEye = 0,
    /// The person's left eye.
    LeftEye = 1,
    /// Tip of the nose.
    NoseTip = 2,
    /// Centre of the mouth.
    Mouth = 3,
    /// The person's right ear tragion.
    RightEar = 4,
    /// The person's left ear tragion.
    LeftEar = 5,
}

/// One detected face in frame pixel coordinates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Detection {
    /// Detection confidence (sigmoid of the model's logit), in `[0.5, 1]`.
    pub score: f32,
    /// The face's bounding box.
    pub bbox: Rect,
    /// The six keypoints, indexed by [`Keypoint`].
    pub keypoints: [Point; 6],
}

impl Detection {
    /// The position of keypoint `k`.
    pub fn keypoint(&self, k: Keypoint) -> Point {
        self.keypoints[k as usize]
    }
}

/// Anchor centres in normalised input coordinates.
pub(crate) fn anchors() -> Vec<Point> {
    let mut out = Vec::with_capacity(ANCHOR_COUNT);
    for (grid, per_cell) in [(16usize, 2usize), (8, 6)] {
        for y in 0..grid {
            for x in 0..grid {
                let c = Point::new((x as f32 + 0.5) / grid as f32, (y as f32 + 0.5) / grid as f32);
                out.extend(std::iter::repeat_n(c, per_cell));
            }
        }
    }
    out
}

/// Decodes raw model outputs (`regressors` 896×16, `scores` 896) into every candidate above the
/// score threshold, in the normalised `[0, 1]²` coordinates of the model input, strongest first.
/// [`weighted_nms`] turns them into one detection per face.
pub(crate) fn candidates(anchors: &[Point], regressors: &[f32], scores: &[f32]) -> Vec<Detection> {
    let size = DETECTOR_INPUT as f32;
    let mut candidates: Vec<Detection> = anchors
        .iter()
        .zip(regressors.chunks_exact(16))
        .zip(scores)
        .filter_map(|((anchor, r), &logit)| {
            let score = sigmoid(logit.clamp(-SCORE_CLIP, SCORE_CLIP));
            if score.is_nan() || score < MIN_SCORE {
                return None;
            }
            let (cx, cy) = (anchor.x + r[0] / size, anchor.y + r[1] / size);
            let (w, h) = (r[2] / size, r[3] / size);
            let mut keypoints = [Point::default(); 6];
            for (k, kp) in keypoints.iter_mut().enumerate() {
                *kp = Point::new(anchor.x + r[4 + 2 * k] / size, anchor.y + r[5 + 2 * k] / size);
            }
            let bbox = Rect { x0: cx - w / 2.0, y0: cy - h / 2.0, x1: cx + w / 2.0, y1: cy + h / 2.0 };
            let finite = [bbox.x0, bbox.y0, bbox.x1, bbox.y1].iter().all(|v| v.is_finite());
            (finite && w > 0.0 && h > 0.0).then_some(Detection { score, bbox, keypoints })
        })
        .collect();
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    candidates
}

/// MediaPipe's WEIGHTED suppression: each cluster around the strongest remaining box becomes
/// one detection whose box and keypoints are the score-weighted mean of the cluster.
pub(crate) fn weighted_nms(mut remaining: Vec<Detection>) -> Vec<Detection> {
    let mut kept = Vec::new();
    while !remaining.is_empty() {
        let top = remaining[0].clone();
        let (cluster, rest): (Vec<_>, Vec<_>) = remaining
            .into_iter()
            .partition(|d| d.bbox.intersection_over_union(&top.bbox) > SUPPRESSION_IOU || *d == top);
        remaining = rest;
        let total: f32 = cluster.iter().map(|d| d.score).sum();
        let mut merged = Detection { score: top.score, bbox: Rect::default(), keypoints: [Point::default(); 6] };
        for d in &cluster {
            let w = d.score / total;
            merged.bbox.x0 += d.bbox.x0 * w;
            merged.bbox.y0 += d.bbox.y0 * w;
            merged.bbox.x1 += d.bbox.x1 * w;
            merged.bbox.y1 += d.bbox.y1 * w;
            for (m, k) in merged.keypoints.iter_mut().zip(&d.keypoints) {
                m.x += k.x * w;
                m.y += k.y * w;
            }
        }
        kept.push(merged);
    }
    kept
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchor_layout_matches_mediapipe() {
        let a = anchors();
        assert_eq!(a.len(), ANCHOR_COUNT);
        assert_eq!(a[0], Point::new(0.5 / 16.0, 0.5 / 16.0));
        assert_eq!(a[1], a[0]);
        assert_eq!(a[512], Point::new(0.5 / 8.0, 0.5 / 8.0));
        assert_eq!(a[895], Point::new(7.5 / 8.0, 7.5 / 8.0));
    }

    fn raw_face(cx: f32, cy: f32, w: f32, anchor: Point) -> [f32; 16] {
        let mut r = [0.0; 16];
        r[0] = (cx - anchor.x) * 128.0;
        r[1] = (cy - anchor.y) * 128.0;
        r[2] = w * 128.0;
        r[3] = w * 128.0;
        r
    }

    #[test]
    fn overlapping_candidates_merge_and_separate_faces_stay() {
        let a = anchors();
        let mut regs = vec![0.0; ANCHOR_COUNT * 16];
        let mut scores = vec![-10.0; ANCHOR_COUNT];
        // Two anchors vote for nearly the same face on the left, one for a face on the right.
        for (i, cx, logit) in [(100usize, 0.30, 3.0), (101, 0.32, 1.0), (700, 0.75, 2.0)] {
            regs[i * 16..i * 16 + 16].copy_from_slice(&raw_face(cx, 0.5, 0.2, a[i]));
            scores[i] = logit;
        }
        let dets = weighted_nms(candidates(&a, &regs, &scores));
        assert_eq!(dets.len(), 2, "{dets:?}");
        assert!((dets[0].score - sigmoid(3.0)).abs() < 1e-6);
        let (w0, w1) = (sigmoid(3.0), sigmoid(1.0));
        let expected_cx = (0.30 * w0 + 0.32 * w1) / (w0 + w1);
        assert!((dets[0].bbox.center().x - expected_cx).abs() < 1e-5);
        assert!((dets[1].bbox.center().x - 0.75).abs() < 1e-5);
    }

    #[test]
    fn nan_and_degenerate_outputs_are_ignored() {
        let a = anchors();
        let mut regs = vec![f32::NAN; ANCHOR_COUNT * 16];
        let mut scores = vec![f32::NAN; ANCHOR_COUNT];
        scores[3] = 50.0;
        assert!(candidates(&a, &regs, &scores).is_empty());
        regs[3 * 16..3 * 16 + 16].copy_from_slice(&[0.0; 16]);
        assert!(candidates(&a, &regs, &scores).is_empty(), "zero-size box must be dropped");
    }
}
