//! Shared by the edge and the core Worker.
//!
//! # Layout
//! - [`http`]: JSON responses (never cached), bounded body reading, typed error bodies.
//! - [`models`]: the face models, fetched once per isolate from the static assets and checked
//!   against the hashes in their manifest (the same manifest every challenge pins).
//! - [`cpu_ms`]: the clock the Workers report their CPU with.

pub mod http;
pub mod models;

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `performance.now()`. In workerd run locally it advances during computation (in
    /// production only on I/O), so the difference across a computation without I/O is the CPU
    /// it cost; deployed, Cloudflare's CPU-time metrics say the same.
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    pub fn cpu_ms() -> f64;
}
