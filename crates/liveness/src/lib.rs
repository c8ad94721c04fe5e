//! Sans-IO liveness for Wangban: did a live person read *these* digits *now*?
//!
//! # Layout
//! - [`conformance`]: a fixed stream whose verdict must be identical on every platform.
//! - [`plan`]: the challenge plan (digits, cadence) derived identically by browser and server
//!   from the server's seed, and the mouth-shape class (viseme) of each Mandarin digit.
//! - [`observation`]: per-frame measurements and the voice envelope, in integer units so that
//!   they travel and compare exactly.
//! - [`verdict`]: the checks and their machine-readable reasons.
//!
//! Pure Rust, no model runtime: it consumes observations produced by `wangban-vision`, so the
//! Worker can recompute a verdict from evidence without trusting the browser's.
//!
//! # Example
//! The plan both sides derive from the server's seed, and the verdict on a reading of it:
//! ```
//! use wangban_liveness::{Policy, assess, conformance};
//!
//! let (plan, frames, _voice) = conformance::stream();
//! assert!((4..=6).contains(&plan.digits().len()));
//! let verdict = assess(&plan, &frames, None, Policy { require_audio: false });
//! assert!(verdict.passed, "{:?}", verdict.reasons);
//! let still: Vec<_> = frames
//!     .iter()
//!     .map(|f| {
//!         let face = f.face.clone().map(|s| wangban_liveness::FaceSample { opening: 40, aperture: 0, ..s });
//!         wangban_liveness::FrameObservation { face, ..f.clone() }
//!     })
//!     .collect();
//! assert!(!assess(&plan, &still, None, Policy { require_audio: false }).passed, "a still mouth is refused");
//! ```

pub mod conformance;
pub mod observation;
pub mod plan;
pub mod verdict;

pub use observation::{AudioEnvelope, FaceSample, FrameObservation};
pub use plan::{ChallengePlan, Prompt, Viseme};
pub use verdict::{DigitScore, Judgement, Policy, Reason, Verdict, assess};
