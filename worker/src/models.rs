//! The edge's own copy of the face models, for re-checking keyframes, loaded once per isolate
//! from the same static assets the browser downloads, and checked against their manifest.

use std::cell::RefCell;

use serde::Deserialize;
use worker::Env;

use wangban_attest::digest::sha256_hex;
use wangban_vision::{ModelBytes, ModelSpec, Vision};

use crate::http::ApiError;

#[derive(Deserialize)]
struct Manifest {
    models: Vec<ManifestEntry>,
}

#[derive(Deserialize)]
struct ManifestEntry {
    file: String,
    sha256: String,
}

thread_local! {
    static MANIFEST: RefCell<Option<(String, Vec<u8>)>> = const { RefCell::new(None) };
    static VISION: RefCell<Option<Vision>> = const { RefCell::new(None) };
}

async fn asset(env: &Env, path: &str) -> Result<Vec<u8>, ApiError> {
    let mut resp = env.assets("ASSETS")?.fetch(format!("https://assets.invalid{path}"), None).await?;
    if resp.status_code() != 200 {
        return Err(ApiError::Internal(format!("asset {path}: HTTP {}", resp.status_code())));
    }
    Ok(resp.bytes().await?)
}

/// sha256 of `models/manifest.json`: the pin every challenge carries.
pub async fn manifest_sha256(env: &Env) -> Result<String, ApiError> {
    if let Some(hash) = MANIFEST.with(|m| m.borrow().as_ref().map(|(h, _)| h.clone())) {
        return Ok(hash);
    }
    let bytes = asset(env, "/models/manifest.json").await?;
    let hash = sha256_hex(&bytes);
    MANIFEST.with(|m| *m.borrow_mut() = Some((hash.clone(), bytes)));
    Ok(hash)
}

async fn model(env: &Env, spec: ModelSpec) -> Result<Vec<u8>, ApiError> {
    manifest_sha256(env).await?;
    let manifest: Manifest = MANIFEST
        .with(|m| m.borrow().as_ref().map(|(_, b)| serde_json::from_slice(b)))
        .ok_or_else(|| ApiError::Internal("manifest not loaded".into()))?
        .map_err(|e| ApiError::Internal(format!("manifest: {e}")))?;
    let file = spec.nnef_file();
    let pinned = manifest
        .models
        .iter()
        .find(|m| m.file == file)
        .ok_or_else(|| ApiError::Internal(format!("{file} not in manifest")))?;
    let bytes = asset(env, &format!("/models/{file}")).await?;
    if sha256_hex(&bytes) != pinned.sha256 {
        return Err(ApiError::Internal(format!("{file} does not match its manifest hash")));
    }
    Ok(bytes)
}

/// Runs `f` with the loaded models (loading them on first use).
pub async fn with_vision<T>(env: &Env, f: impl FnOnce(&mut Vision) -> T) -> Result<T, ApiError> {
    if VISION.with(|v| v.borrow().is_none()) {
        let detector = model(env, ModelSpec::DETECTOR).await?;
        let mesh = model(env, ModelSpec::MESH).await?;
        let vision =
            Vision::from_nnef(ModelBytes { detector: &detector, mesh: &mesh, embedder: None, antispoof: None })
                .map_err(|e| ApiError::Internal(e.to_string()))?;
        VISION.with(|v| *v.borrow_mut() = Some(vision));
    }
    VISION.with(|v| match v.borrow_mut().as_mut() {
        Some(vision) => Ok(f(vision)),
        None => Err(ApiError::Internal("models not loaded".into())),
    })
}
