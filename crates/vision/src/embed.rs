//! Face alignment for the embedder and the anti-spoof classifier, and embedding similarity.
//!
//! MobileFaceNet was trained on ArcFace-aligned 112×112 faces, so the crop is the similarity
//! transform that best places the eye centres, nose tip and mouth corners on the ArcFace template.

use crate::geometry::{Affine, Point};
use crate::mesh::{Landmark, idx};

/// Side in pixels of the aligned face crop the embedder sees (ArcFace's 112×112).
pub const EMBED_INPUT: usize = 112;
/// Values in one face embedding.
pub const EMBEDDING_DIM: usize = 192;

/// ArcFace's five reference points in a 112×112 crop: image-left eye, image-right eye, nose tip,
/// image-left mouth corner, image-right mouth corner.
const ARCFACE_TEMPLATE: [Point; 5] = [
    Point::new(38.2946, 51.6963),
    Point::new(73.5318, 51.5014),
    Point::new(56.0252, 71.7366),
    Point::new(41.5493, 92.3655),
    Point::new(70.7299, 92.2041),
];

/// The five alignment points of a mesh, in the template's order.
fn alignment_points(lm: &[Landmark]) -> [Point; 5] {
    [
        lm[idx::RIGHT_EYE_OUTER].midpoint(&lm[idx::RIGHT_EYE_INNER]).xy(),
        lm[idx::LEFT_EYE_OUTER].midpoint(&lm[idx::LEFT_EYE_INNER]).xy(),
        lm[idx::NOSE_TIP].xy(),
        lm[idx::MOUTH_CORNER_RIGHT].xy(),
        lm[idx::MOUTH_CORNER_LEFT].xy(),
    ]
}

/// The map from an aligned `size × size` crop to the frame, with the template scaled to `size`.
pub fn aligned_crop(lm: &[Landmark], size: usize) -> Option<Affine> {
    let k = size as f32 / EMBED_INPUT as f32;
    let template = ARCFACE_TEMPLATE.map(|p| Point::new(p.x * k, p.y * k));
    Affine::similarity(&template, &alignment_points(lm))
}

/// A unit-length face embedding.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Embedding(pub Vec<f32>);

impl Embedding {
    /// Normalises a raw model output; `None` for an all-zero or non-finite vector.
    pub fn from_raw(raw: &[f32]) -> Option<Self> {
        let norm = raw.iter().map(|v| v * v).sum::<f32>().sqrt();
        (norm.is_finite() && norm > 0.0).then(|| Embedding(raw.iter().map(|v| v / norm).collect()))
    }

    /// Cosine similarity in `[-1, 1]`; 0 when the dimensions differ.
    pub fn cosine(&self, other: &Embedding) -> f32 {
        if self.0.len() != other.0.len() {
            return 0.0;
        }
        self.0.iter().zip(&other.0).map(|(a, b)| a * b).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_unit_vectors() {
        let a = Embedding::from_raw(&[3.0, 4.0]).unwrap();
        let b = Embedding::from_raw(&[-4.0, 3.0]).unwrap();
        assert!((a.cosine(&a) - 1.0).abs() < 1e-6);
        assert!(a.cosine(&b).abs() < 1e-6);
        assert!(Embedding::from_raw(&[0.0, 0.0]).is_none());
        assert!(Embedding::from_raw(&[f32::NAN]).is_none());
        assert_eq!(a.cosine(&Embedding(vec![1.0])), 0.0);
    }
}
