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

pub mod conformance;
pub mod observation;
pub mod plan;
pub mod verdict;

pub use observation::{AudioEnvelope, FaceSample, FrameObservation};
pub use plan::{ChallengePlan, Prompt, Viseme};
pub use verdict::{DigitScore, Judgement, Policy, Reason, Verdict, assess};
