//! The face match: the keyframes' faces against each other (one person throughout) and against
//! the registry photo. [`Faces`] embeds keyframes (the face models in the core Worker);
//! [`MemoryFaces`] answers from a table.

use std::collections::HashMap;

use wangban_attest::Keyframe;
use wangban_liveness::verdict::keyframe_identity;

use crate::decide::FaceMatch;
use crate::error::DecisionError;
use crate::faults::Faults;

/// Cosine similarity (thousandths) at or above which a keyframe face matches the registry
/// photo; the one threshold the core, the lab and the tests use. Chosen where no stranger of the
/// evaluation population matched (`cargo xtask facematch`, docs/face-match.md).
pub const FACE_MATCH_MIN: i32 = 625;

/// Embeds the face in each keyframe.
#[allow(async_fn_in_trait, reason = "single-threaded wasm and tests: no Send bound wanted")]
pub trait Faces {
    /// One embedding per keyframe, in order; [`DecisionError::NoFaceInKeyframe`] if one shows
    /// no face, [`DecisionError::FacesUnavailable`] if the models cannot run.
    async fn embed(&self, keyframes: &[Keyframe]) -> Result<Vec<Vec<f32>>, DecisionError>;
}

/// Embeddings looked up by the keyframe's JPEG (tests), with [`Faults`] on `embed`.
#[derive(Default)]
pub struct MemoryFaces {
    /// Embedding per keyframe JPEG (base64, as sent).
    pub by_jpeg: HashMap<String, Vec<f32>>,
    /// Injected failures.
    pub faults: Faults,
}

impl Faces for MemoryFaces {
    async fn embed(&self, keyframes: &[Keyframe]) -> Result<Vec<Vec<f32>>, DecisionError> {
        self.faults.check("embed").map_err(DecisionError::FacesUnavailable)?;
        keyframes.iter().map(|k| self.by_jpeg.get(&k.jpeg).cloned().ok_or(DecisionError::NoFaceInKeyframe)).collect()
    }
}

/// Cosine similarity of two embeddings in thousandths; -1000 for mismatched or empty vectors.
pub fn similarity(a: &[f32], b: &[f32]) -> i32 {
    if a.len() != b.len() || a.is_empty() {
        return -1000;
    }
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let norm = |v: &[f32]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let denominator = norm(a) * norm(b);
    if denominator == 0.0 { -1000 } else { (dot / denominator * 1000.0).round() as i32 }
}

/// The match of the keyframes' embeddings with the photo on file (`None`: no usable photo).
/// The keyframes must show one person ([`keyframe_identity`], the rule the lab evaluates).
pub fn match_faces(keyframes: &[Vec<f32>], on_file: Option<&[f32]>) -> Result<FaceMatch, DecisionError> {
    if keyframes.is_empty() {
        return Err(DecisionError::NoFaceInKeyframe);
    }
    let lowest_between =
        keyframes.iter().enumerate().flat_map(|(i, a)| keyframes[i + 1..].iter().map(move |b| similarity(a, b))).min();
    if keyframe_identity(lowest_between).is_some() {
        return Err(DecisionError::FaceChanged);
    }
    let Some(photo) = on_file.filter(|p| p.iter().all(|x| x.is_finite()) && p.iter().any(|x| *x != 0.0)) else {
        return Ok(FaceMatch::NoPhoto);
    };
    let best = keyframes.iter().map(|k| similarity(k, photo)).max().unwrap_or(-1000);
    if best >= FACE_MATCH_MIN { Ok(FaceMatch::Match) } else { Err(DecisionError::FaceMismatch) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_person_throughout_and_like_the_photo() {
        let me = vec![1.0, 0.2, 0.0];
        let me_again = vec![0.95, 0.25, 0.05];
        let other = vec![0.0, 0.1, 1.0];
        assert_eq!(match_faces(&[me.clone(), me_again.clone()], Some(&me)), Ok(FaceMatch::Match));
        assert_eq!(match_faces(&[me.clone(), me_again.clone()], Some(&other)), Err(DecisionError::FaceMismatch));
        assert_eq!(match_faces(&[me.clone(), other.clone()], Some(&me)), Err(DecisionError::FaceChanged));
        assert_eq!(match_faces(std::slice::from_ref(&me), None), Ok(FaceMatch::NoPhoto));
        assert_eq!(
            match_faces(std::slice::from_ref(&me), Some(&[0.0, 0.0, 0.0])),
            Ok(FaceMatch::NoPhoto),
            "an empty photo"
        );
        assert_eq!(match_faces(&[], Some(&me)), Err(DecisionError::NoFaceInKeyframe));
        assert_eq!(similarity(&me, &me), 1000);
        // The threshold's edge: 0.60 to the photo does not match, 0.63 does.
        let photo = vec![1.0, 0.0];
        assert_eq!(match_faces(&[vec![0.6, 0.8]], Some(&photo)), Err(DecisionError::FaceMismatch));
        assert_eq!(match_faces(&[vec![0.63, 0.7766]], Some(&photo)), Ok(FaceMatch::Match));
        assert_eq!(similarity(&me, &[1.0]), -1000, "mismatched lengths never match");
    }
}
