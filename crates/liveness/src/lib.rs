//! Sans-IO liveness for Wangban: did a live person read *these* digits *now*?
//!
//! # Layout
//! - [`plan`]: the challenge plan (digits, cadence) derived identically by browser and server
//!   from the server's seed, and the mouth-shape class (viseme) of each Mandarin digit.
//!
//! Pure Rust, no model runtime: it consumes per-frame observations produced by
//! `wangban-vision`, so the Worker can recompute a verdict from evidence without trusting the
//! browser's.

pub mod plan;

pub use plan::{ChallengePlan, Prompt, Viseme};
