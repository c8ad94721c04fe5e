//! `cargo xtask build`: models, the client wasm and both Workers, without wasm-pack or
//! worker-build (both download binaries, which this machine cannot).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::util::{Result, WASM_ONLY, cargo, native_bin, npm_bin, read, root, run, sha256_hex, step, write};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
/// The client's browser tests (`crates/client/tests/browser.rs`).
const CLIENT_TESTS: &str = "browser";
/// The browser client is built with the size-first `browser` profile (Cargo.toml).
const CLIENT_PROFILE: &str = "browser";
/// The features rustc enables on wasm32 (and SIMD, see .cargo/config.toml): wasm-opt must accept
/// them and must not emit anything newer than browsers and workerd run.
const WASM_FEATURES: &[&str] = &[
    "mutable-globals",
    "sign-ext",
    "nontrapping-float-to-int",
    "bulk-memory",
    "multivalue",
    "reference-types",
    "exception-handling",
    "simd",
];

/// Where the NNEF models and their manifest are written (served to the browser from here).
pub fn models_dir() -> PathBuf {
    root().join("www/models")
}

pub fn build() -> Result {
    let secrets = crate::secrets::ensure_dev_secrets()?;
    models()?;
    wasm(&secrets.challenge_keys)?;
    client_bindings()?;
    worker_bundle("wangban_worker", "edge")?;
    worker_bundle("wangban_worker_core", "core")
}

/// ONNX (source of truth, `models/`) → NNEF (runtime format, `www/models/`) + manifest.
pub fn models() -> Result {
    step("converting models to NNEF");
    let out = models_dir();
    run(Command::new(native_bin("wangban-models")?).arg(root().join("models")).arg(&out))?;
    write_manifest(&out)
}

/// `manifest.json`: every runtime model file with its sha256 and the ONNX it came from. The
/// attestation pins the hash of this file, so a client running other weights is refused.
fn write_manifest(dir: &Path) -> Result {
    let mut entries = Vec::new();
    for (name, nnef, onnx) in [
        ("detector", "detector.nnef.tar", "mp_face_detection_short.onnx"),
        ("mesh", "mesh.nnef.tar", "mp_face_landmark.onnx"),
        ("embedder", "embedder.nnef.tar", "expo_mobilefacenet.onnx"),
        ("antispoof", "antispoof.nnef.tar", "human_antispoof.onnx"),
    ] {
        entries.push(serde_json::json!({
            "name": name,
            "file": nnef,
            "sha256": sha256_hex(&read(&dir.join(nnef))?),
            "source": onnx,
            "source_sha256": sha256_hex(&read(&root().join("models").join(onnx))?),
        }));
    }
    let manifest =
        serde_json::to_string_pretty(&serde_json::json!({ "models": entries })).map_err(|e| e.to_string())?;
    write(&dir.join("manifest.json"), manifest + "\n")
}

/// `challenge_keys` (`id:publichex,…`) is compiled into the client: the keys it accepts
/// challenges from.
pub fn wasm(challenge_keys: &str) -> Result {
    step("building wasm32 crates (edge Worker, core Worker; client for size)");
    run(wasm32_release(cargo().arg("build").arg("--lib")))?;
    run(cargo()
        .args(["build", "--profile", CLIENT_PROFILE, "--target", WASM_TARGET, "-p", "wangban-client"])
        .env("WANGBAN_CHALLENGE_KEYS", challenge_keys))
}

/// Selects every wasm32 crate, release, with the client's browser tests, on `cmd`. The Workers'
/// build and the client's browser tests select the same crates and targets, so cargo resolves one
/// feature set and compiles tract for wasm32 once (see `util::native`).
pub fn wasm32_release(cmd: &mut Command) -> &mut Command {
    cmd.args(["--release", "--target", WASM_TARGET, "--test", CLIENT_TESTS]);
    for c in WASM_ONLY {
        cmd.args(["-p", c]);
    }
    cmd
}

fn wasm_artifact(crate_name: &str, profile: &str) -> PathBuf {
    root().join("target").join(WASM_TARGET).join(profile).join(format!("{crate_name}.wasm"))
}

fn wasm_opt(file: &Path, level: &str) -> Result {
    let mut cmd = Command::new(npm_bin("wasm-opt"));
    cmd.arg(file).arg("-o").arg(file).arg(level);
    for f in WASM_FEATURES {
        cmd.arg(format!("--enable-{f}"));
    }
    run(&mut cmd)
}

/// The browser's ES module + wasm in `www/pkg/`.
pub fn client_bindings() -> Result {
    step("wasm-bindgen + wasm-opt: client");
    let out = root().join("www/pkg");
    client_bindings_with_names(&out)?;
    let wasm = out.join("wangban_client_bg.wasm");
    // wasm-opt takes minutes on 2 cores: reuse its output while its input is unchanged.
    let cached = root().join("target/wasm-opt-cache").join(format!("{}.wasm", &sha256_hex(&read(&wasm)?)[..24]));
    if cached.exists() {
        return std::fs::copy(&cached, &wasm).map(drop).map_err(|e| e.to_string());
    }
    wasm_opt(&wasm, "-Oz")?;
    write(&cached, read(&wasm)?)
}

/// The client's bindings in `out` as built, function names kept and no wasm-opt: for profiling
/// (the code is the size profile's; wasm-opt -Oz changes it little but drops the names).
pub fn client_bindings_with_names(out: &Path) -> Result {
    run(Command::new("wasm-bindgen")
        .arg(wasm_artifact("wangban_client", CLIENT_PROFILE))
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(out))
}

/// A Worker's entry module: wasm-bindgen's module output, the shim, and the Durable Object
/// classes the crate exports.
fn worker_bundle(crate_name: &str, out_name: &str) -> Result {
    step(&format!("wasm-bindgen + shim: {out_name} Worker"));
    let out = root().join("build").join(out_name);
    run(Command::new("wasm-bindgen")
        .arg(wasm_artifact(crate_name, "release"))
        .args(["--target", "module", "--out-name", "index", "--no-typescript"])
        .args(["--experimental-reset-state-function", "--force-enable-abort-handler", "--out-dir"])
        .arg(&out))?;
    let index_path = out.join("index.js");
    // wrangler's bundler understands a plain wasm import, not the source-phase form.
    let index = String::from_utf8_lossy(&read(&index_path)?).replace("import source ", "import ");
    write(&index_path, &index)?;
    let mut shim = include_str!("worker_shim.mjs").to_string();
    for class in exported_classes(&index) {
        shim.push_str(&format!("export const {class} = new Proxy(exports.{class}, classProxyHooks);\n"));
    }
    write(&out.join("shim.mjs"), shim)
}

fn exported_classes(index_js: &str) -> Vec<&str> {
    index_js
        .lines()
        .filter_map(|l| l.strip_prefix("export class "))
        .filter_map(|rest| rest.split([' ', '{']).next())
        .filter(|name| !name.is_empty())
        .collect()
}

/// The demo registry (synthetic residents, registry-photo embeddings, officers) into the local
/// D1 database under `persist_to`, unless this exact SQL was loaded there already.
pub fn seed(persist_to: &Path) -> Result {
    let sql_path = root().join("build/registry.sql");
    run(Command::new(native_bin("wangban-lab")?).arg("seed").arg(&sql_path))?;
    let stamp = persist_to.join(format!(".seeded-{}", &sha256_hex(&read(&sql_path)?)[..16]));
    if stamp.exists() {
        return Ok(());
    }
    step("loading the demo registry into local D1");
    let mut cmd = Command::new(npm_bin("wrangler"));
    crate::util::wrangler_env(&mut cmd)
        .args([
            "d1",
            "execute",
            "wangban-registry",
            "--local",
            "--yes",
            "-c",
            "worker/core/wrangler.toml",
            "--persist-to",
        ])
        .arg(persist_to)
        .arg("--file")
        .arg(&sql_path)
        .stdout(std::process::Stdio::null());
    run(&mut cmd)?;
    write(&stamp, "")
}
