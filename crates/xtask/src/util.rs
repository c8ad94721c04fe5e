//! Running commands, with their output streamed and their failures explained.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives in `crates/xtask`).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root exists")
}

pub fn step(what: &str) {
    eprintln!("\x1b[1;34m==>\x1b[0m {what}");
}

/// Runs a command in the workspace root, inheriting stdio; fails with the command line.
pub fn run(cmd: &mut Command) -> Result {
    let shown = format!("{cmd:?}");
    let started = Instant::now();
    let status = cmd.current_dir(root()).status().map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        eprintln!("    ({:.1}s)", started.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// Runs a command and returns its stdout, or `None` if it cannot start or fails.
pub fn output(cmd: &mut Command) -> Option<String> {
    let out = cmd.current_dir(root()).stderr(Stdio::null()).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// The crates that only exist as wasm32 (Workers, browser shell).
pub const WASM_ONLY: &[&str] = &["wangban-client", "wangban-worker", "wangban-worker-core", "wangban-worker-shared"];

/// Selects every native package on `cmd`. Every native build selects the same packages (and with
/// the tests, so with the same dev-dependencies): cargo resolves features per selection, and a
/// crate selected alone (`cargo run -p …`) resolves others (rsa turns on lazy_static's
/// `spin_no_std` under tract-data, idna smallvec's `const_generics`), which rebuilds all of tract.
pub fn native(cmd: &mut Command) -> &mut Command {
    cmd.arg("--workspace");
    for c in WASM_ONLY {
        cmd.args(["--exclude", c]);
    }
    cmd
}

/// A native binary of the workspace (release), built with the native selection the first time
/// it is asked for in this run.
pub fn native_bin(name: &str) -> Result<PathBuf> {
    static BUILT: std::sync::OnceLock<std::result::Result<(), String>> = std::sync::OnceLock::new();
    BUILT
        .get_or_init(|| {
            step("building the native workspace (binaries and tests, release)");
            run(native(cargo().args(["build", "--release", "--bins", "--tests"])))
        })
        .clone()?;
    Ok(root().join("target/release").join(name))
}

/// A tool installed by `npm ci` into `node_modules/.bin`.
pub fn npm_bin(name: &str) -> PathBuf {
    root().join("node_modules/.bin").join(name)
}

/// Environment for wrangler and Miniflare: no telemetry, no network lookups, state in the repo.
pub fn wrangler_env(cmd: &mut Command) -> &mut Command {
    let root = root();
    cmd.env("WRANGLER_SEND_METRICS", "false")
        .env("CLOUDFLARE_CF_FETCH_ENABLED", "false")
        .env("WRANGLER_LOG_PATH", root.join(".wrangler/logs"))
        .env("XDG_CONFIG_HOME", root.join(".config"))
        .env("XDG_CACHE_HOME", root.join(".cache"))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(path, contents).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

pub fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
