//! The Workers' own copy of the face models (keyframe re-checks at the edge, face match at the
//! core), loaded once per isolate from the same static assets the browser downloads, and checked
//! against their manifest.

use std::cell::RefCell;

use futures_util::FutureExt;
use futures_util::future::{LocalBoxFuture, Shared};
use worker::Env;

use wangban_attest::manifest::ModelManifest;
use wangban_vision::{ModelBytes, ModelSpec, Vision};

/// Why the models could not be made ready (an operations problem, never the client's).
#[derive(Debug)]
pub struct ModelError(pub String);

impl From<worker::Error> for ModelError {
    fn from(e: worker::Error) -> Self {
        ModelError(e.to_string())
    }
}

/// A load in flight, shared by every request that needs the models meanwhile.
type Loading = Shared<LocalBoxFuture<'static, Result<(), String>>>;

thread_local! {
    static MANIFEST: RefCell<Option<ModelManifest>> = const { RefCell::new(None) };
    static VISION: RefCell<Option<Vision>> = const { RefCell::new(None) };
    static LOADING: RefCell<Option<Loading>> = const { RefCell::new(None) };
}

async fn asset(env: &Env, path: &str) -> Result<Vec<u8>, ModelError> {
    let mut resp = env.assets("ASSETS")?.fetch(format!("https://assets.invalid{path}"), None).await?;
    if resp.status_code() != 200 {
        return Err(ModelError(format!("asset {path}: HTTP {}", resp.status_code())));
    }
    Ok(resp.bytes().await?)
}

/// sha256 of `models/manifest.json`: the pin every challenge carries.
pub async fn manifest_sha256(env: &Env) -> Result<String, ModelError> {
    if let Some(hash) = MANIFEST.with(|m| m.borrow().as_ref().map(|m| m.sha256().to_string())) {
        return Ok(hash);
    }
    let manifest =
        ModelManifest::parse(&asset(env, "/models/manifest.json").await?).map_err(|e| ModelError(e.to_string()))?;
    let hash = manifest.sha256().to_string();
    MANIFEST.with(|m| *m.borrow_mut() = Some(manifest));
    Ok(hash)
}

async fn model(env: &Env, spec: ModelSpec) -> Result<Vec<u8>, ModelError> {
    manifest_sha256(env).await?;
    let file = spec.nnef_file();
    let bytes = asset(env, &format!("/models/{file}")).await?;
    let checked = MANIFEST.with(|m| m.borrow().as_ref().map(|m| m.check(&file, &bytes)));
    match checked {
        Some(Ok(())) => Ok(bytes),
        _ => Err(ModelError(format!("{file} does not match its manifest hash"))),
    }
}

async fn load(env: Env, with_embedder: bool) -> Result<(), String> {
    let started = crate::cpu_ms();
    let detector = model(&env, ModelSpec::DETECTOR).await.map_err(|e| e.0)?;
    let mesh = model(&env, ModelSpec::MESH).await.map_err(|e| e.0)?;
    let embedder = if with_embedder { Some(model(&env, ModelSpec::EMBEDDER).await.map_err(|e| e.0)?) } else { None };
    let bytes = ModelBytes { detector: &detector, mesh: &mesh, embedder: embedder.as_deref(), antispoof: None };
    let vision = Vision::from_nnef(bytes).map_err(|e| e.to_string())?;
    VISION.with(|v| *v.borrow_mut() = Some(vision));
    worker::console_log!("models loaded in {:.0} ms", crate::cpu_ms() - started);
    Ok(())
}

/// Loads the models once per isolate: requests that arrive while a load is in flight wait for
/// that load instead of fetching and compiling the models again (a failed load is tried again
/// by the next request).
async fn loaded(env: &Env, with_embedder: bool) -> Result<(), ModelError> {
    if VISION.with(|v| v.borrow().is_some()) {
        return Ok(());
    }
    let loading = LOADING.with(|l| {
        l.borrow_mut().get_or_insert_with(|| load(env.clone(), with_embedder).boxed_local().shared()).clone()
    });
    let outcome = loading.await;
    LOADING.with(|l| *l.borrow_mut() = None);
    outcome.map_err(ModelError)
}

/// Runs `f` with the loaded models (loading them on first use; the embedder only when
/// `with_embedder`, which the core's face match needs and the edge does not).
pub async fn with_vision<T>(env: &Env, with_embedder: bool, f: impl FnOnce(&mut Vision) -> T) -> Result<T, ModelError> {
    loaded(env, with_embedder).await?;
    VISION.with(|v| match v.borrow_mut().as_mut() {
        Some(vision) => Ok(f(vision)),
        None => Err(ModelError("models not loaded".into())),
    })
}
