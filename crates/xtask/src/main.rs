//! `cargo xtask <command>`: the project's automation, in Rust so it runs wherever cargo does.
//!
//! # Layout
//! - [`setup`]: installs what is missing (wasm32 target, wasm-bindgen-cli at the locked version,
//!   Debian's Chromium/chromedriver/ffmpeg/espeak-ng, npm tools), checking versions first.
//! - [`build`]: ONNX → NNEF models + manifest, the wasm32 crates, wasm-bindgen, wasm-opt, Worker shims.
//! - [`runtime`]: `wrangler dev` with both Workers in real local workerd.
//! - [`bench`]: sizes, the browser vision bench, decisions/s and submissions/s through workerd.
//! - [`fixtures`]: the clips Chromium's fake camera plays.
//! - `main.rs`: the commands.

mod bench;
mod build;
mod fixtures;
mod runtime;
mod secrets;
mod setup;
mod util;

use std::process::{Command, ExitCode};
use std::time::Instant;

use util::{Result, WASM_ONLY, cargo, native, native_bin, root, run, step};

const USAGE: &str = "usage: cargo xtask <command>

  setup      install missing tools (idempotent)
  dev        setup, build, run both Workers in local workerd and print the URL (Ctrl-C stops)
  test       setup, lint, build, then all tests: native, wasm in Chromium, Workers in workerd, end-to-end
  build      models, client wasm and Workers
  fixtures   generate the fake-camera clips under target/fixtures
  lint       cargo fmt --check and clippy (native and wasm32) with -D warnings
  pad        the liveness PAD evaluation table (APCER per attack species, BPCER, per identity)
  facematch  the face match's false match and non-match rates by threshold (docs/face-match.md)
             [--quick] [--seeds <from>..<to>] [--bona-fide-only] [--injections-only]
  bench      sizes | vision | decision | submissions: benchmarks that print numbers";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("setup") => setup::setup(),
        Some("dev") => dev(),
        Some("test") => test(),
        Some("build") => setup::setup().and_then(|_| build::build()),
        Some("fixtures") => fixtures::generate().map(drop),
        Some("lint") => lint(),
        Some("bench") => setup::setup().and_then(|_| bench::bench(args.get(1).map_or("", String::as_str))),
        Some(lab @ ("pad" | "facematch")) => {
            setup::setup().and_then(|_| run(Command::new(native_bin("wangban-lab")?).arg(lab).args(&args[1..])))
        }
        _ => {
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\x1b[1;31merror:\x1b[0m {e}");
            ExitCode::FAILURE
        }
    }
}

fn dev() -> Result {
    setup::setup()?;
    build::build()?;
    let state = root().join(".wrangler/dev-state");
    std::fs::create_dir_all(&state).map_err(|e| e.to_string())?;
    build::seed(&state)?;
    let mut runtime = runtime::Runtime::start(8787, &state, root().join(".wrangler/dev.log"))?;
    let pid = runtime.pid();
    ctrlc::set_handler(move || {
        let _ = Command::new("kill").arg("-TERM").arg(pid.to_string()).status();
    })
    .map_err(|e| e.to_string())?;
    println!("\nWangban is running at {}/  (log: {}; Ctrl-C stops)\n", runtime.url, runtime.log.display());
    runtime.wait()
}

fn test() -> Result {
    let started = Instant::now();
    setup::setup()?;
    lint()?;
    let fixtures = fixtures::generate()?;
    let mut stages: Vec<&str> = vec!["lint"];

    step("native tests (all sans-IO crates, real models)");
    // Natively: everything but the wasm-only shells; the attestation tests need the runtime and
    // are not run by default (tests/attestation/Cargo.toml).
    run(native(cargo().args(["test", "--release"])))?;
    stages.push("native");

    build::build()?;

    step("wasm tests of the client in headless Chromium (wasm-bindgen-test)");
    run(build::wasm32_release(cargo().arg("test"))
        .env("CHROMEDRIVER", "/usr/bin/chromedriver")
        .env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", root().join("tests/webdriver.json"))
        .env("WASM_BINDGEN_TEST_TIMEOUT", "300"))?;
    step("bench page check: tract wasm and onnxruntime-web agree on the same tensors");
    run(Command::new("node").arg(root().join("tests/bench/vision.mjs")).arg("--check"))?;
    stages.push("wasm (Chromium)");

    let state = root().join("target/test-state");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&state).map_err(|e| e.to_string())?;
    build::seed(&state)?;
    step("starting both Workers in workerd (wrangler dev)");
    let runtime = runtime::Runtime::start(0, &state, root().join("target/test-wrangler.log"))?;

    step("Worker API tests against workerd");
    let node_test = |dir: &str| {
        let mut cmd = Command::new("node");
        cmd.args(["--test", "--test-concurrency=1"])
            .arg(root().join(dir))
            .env("WANGBAN_URL", &runtime.url)
            .env("WANGBAN_FIXTURES", &fixtures)
            .env("WANGBAN_OUTPUT", root().join("tests/output"));
        cmd
    };
    let with_log = |e: String| format!("{e}\nworkerd log tail:\n{}", runtime::tail(&runtime.log, 30));
    run(&mut node_test("tests/api")).map_err(with_log)?;
    run(native(cargo().args(["test", "--release", "--test", "attestation"]))
        .args(["--", "--test-threads=1"])
        .env("WANGBAN_URL", &runtime.url)
        .env("WANGBAN_STATE", &state)
        .env("WANGBAN_LOG", &runtime.log))
    .map_err(with_log)?;
    stages.push("workers (workerd)");
    println!("{}", bench::verification_cpu(&runtime.log));

    step("end-to-end tests: Chromium with a fake camera against workerd");
    run(&mut node_test("tests/e2e")).map_err(with_log)?;
    stages.push("end-to-end (Chromium + workerd)");
    drop(runtime);

    println!(
        "\nxtask test result: ok. {} stages passed ({}) in {:.0}s",
        stages.len(),
        stages.join(", "),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The sans-IO cores build for both targets; clippy checks them on both.
const CORES: &[&str] =
    &["wangban-vision", "wangban-kernels", "wangban-liveness", "wangban-attest", "wangban-verify", "wangban-decision"];

fn lint() -> Result {
    step("cargo fmt --check");
    run(cargo().args(["fmt", "--all", "--check"]))?;
    // The client's browser tests embed the NNEF models, which the build converts from ONNX.
    build::models()?;
    step("clippy (native)");
    run(native(cargo().args(["clippy", "--release", "--all-targets"])).args(["--", "-D", "warnings"]))?;
    step("clippy (wasm32)");
    let mut wasm = cargo();
    wasm.args(["clippy", "--release", "--target", "wasm32-unknown-unknown", "--all-targets"]);
    for c in WASM_ONLY.iter().chain(CORES) {
        wasm.args(["-p", c]);
    }
    run(wasm.args(["--", "-D", "warnings"]))
}
