//! Native evaluation harness for Wangban's liveness check.
//!
//! # Layout
//! - [`seed`]: the demo registry as SQL for D1, with registry-photo embeddings and officers.
//! - [`raster`]: pixel operations (sampling, remapping, polygons, noise, PNG, contact sheets).
//! - [`synth`]: the talking-face synthesizer: a still photo made to say digits.
//! - [`speech`]: espeak-ng Mandarin digits, voice tracks, envelopes, WAV.
//! - [`reading`]: a person reading a plan: timing, mouth shapes, frames, voice.
//! - [`clips`]: per-digit frames and voice for the browser tests' fake camera.
//! - [`faces`]: the identities the evaluation uses, cut from the repository's test images.
//! - [`facematch`]: false match and false non-match rates of the core's face match.
//! - [`pad`]: attack species, the evaluation loop and the ISO/IEC 30107-3 table.
//! - [`pipeline`]: frames → the real vision pipeline → observations, as the browser does it.
//! - [`readings`]: readings exported from a deployment, judged by the same flow.
//!
//! Native only; it loads the real models and shells out to espeak-ng.

pub mod clips;
pub mod facematch;
pub mod faces;
pub mod pad;
pub mod pipeline;
pub mod raster;
pub mod reading;
pub mod readings;
pub mod seed;
pub mod speech;
pub mod synth;
