//! `cargo xtask bench <what>`: benchmarks that print numbers.
//!
//! - `sizes`: the Workers' upload size from `wrangler deploy --dry-run` (gzip, as Cloudflare
//!   counts it) and what the browser downloads (client wasm and models: raw, gzip, brotli).
//! - `vision`: criterion per stage natively, then the browser bench page in headless Chromium
//!   (tract wasm vs onnxruntime-web on the same input tensors, same page, same run).
//! - `profile`: the same page under Chromium's sampling profiler, with a client build that keeps
//!   its function names: the share of wasm time per function (tract kernels by name).
//! - `decision`: criterion decisions per second on the demo registry.
//! - `submissions`: real submissions per second through both Workers in workerd (the load
//!   generator `wangban-load`), once undisturbed and once with the runtime restarted while they
//!   are in flight; every application must end with exactly one case.

use std::path::Path;
use std::process::Command;

use crate::util::{Result, cargo, npm_bin, read, root, run, step, wrangler_env};

pub fn bench(what: &str) -> Result {
    match what {
        "sizes" => sizes(),
        "vision" => vision(),
        "profile" => profile(),
        "decision" => run(cargo().args(["bench", "-p", "wangban-decision", "--bench", "decide"])),
        "submissions" => submissions(),
        _ => Err("usage: cargo xtask bench sizes|vision|profile|decision|submissions".into()),
    }
}

/// Compressed sizes with Node's zlib (gzip level 9, brotli quality 11): no extra tool needed.
fn compressed_sizes(path: &Path) -> Result<(usize, usize)> {
    let script = "const z=require('zlib'),b=require('fs').readFileSync(process.argv[1]);\
        process.stdout.write(z.gzipSync(b,{level:9}).length+' '+z.brotliCompressSync(b).length)";
    let out = Command::new("node").args(["-e", script]).arg(path).output().map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let mut it =
        text.split_whitespace().map(|n| n.parse::<usize>().map_err(|e| format!("size of {}: {e}", path.display())));
    Ok((it.next().ok_or("no gzip size")??, it.next().ok_or("no brotli size")??))
}

fn kib(n: usize) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

fn row(name: &str, path: &Path) -> Result<(usize, usize, usize)> {
    let raw = read(path)?.len();
    let (gz, br) = compressed_sizes(path)?;
    println!("| {name} | {} | {} | {} |", kib(raw), kib(gz), kib(br));
    Ok((raw, gz, br))
}

fn sizes() -> Result {
    crate::build::build()?;
    download_sizes()?;
    worker_sizes()
}

/// The client wasm and the models it needs, as the browser downloads them.
fn download_sizes() -> Result {
    println!("\n## What the browser downloads for the face check\n\n| file | raw | gzip | brotli |\n|---|---|---|---|");
    let pkg = root().join("www/pkg");
    let models = root().join("www/models");
    let mut total = (0, 0, 0);
    for (name, path) in [
        ("client wasm (opt-level z, wasm-opt -Oz)", pkg.join("wangban_client_bg.wasm")),
        ("client JS glue", pkg.join("wangban_client.js")),
        ("detector (NNEF)", models.join("detector.nnef.tar")),
        ("mesh (NNEF)", models.join("mesh.nnef.tar")),
    ] {
        let r = row(name, &path)?;
        total = (total.0 + r.0, total.1 + r.1, total.2 + r.2);
    }
    println!("| **total** | {} | {} | {} |", kib(total.0), kib(total.1), kib(total.2));
    Ok(())
}

fn worker_sizes() -> Result {
    println!("\n## Worker upload size (`wrangler deploy --dry-run`)\n");
    for (name, config) in [("edge", "wrangler.toml"), ("core", "worker/core/wrangler.toml")] {
        let outdir = root().join("target/dry-run").join(name);
        let out = wrangler_env(&mut Command::new(npm_bin("wrangler")))
            .args(["deploy", "--dry-run", "-c", config, "--outdir"])
            .arg(&outdir)
            .current_dir(root())
            .output()
            .map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
        let upload =
            text.lines().find(|l| l.contains("Total Upload")).unwrap_or("(no Total Upload line)").trim().to_string();
        println!("- {name} Worker: {upload}");
        if !out.status.success() {
            return Err(format!("wrangler deploy --dry-run failed for {name}:\n{text}"));
        }
    }
    Ok(())
}

fn vision() -> Result {
    step("criterion: vision stages, native");
    run(cargo().args(["bench", "-p", "wangban-vision", "--bench", "stages"]))?;
    crate::build::build()?;
    step("browser bench: tract wasm vs onnxruntime-web in headless Chromium");
    run(Command::new("node").arg(root().join("tests/bench/vision.mjs")))?;
    download_sizes()
}

fn profile() -> Result {
    crate::build::build()?;
    step("browser profile: client wasm self time per function in headless Chromium");
    let pkg = "target/wasm-profile/pkg";
    crate::build::client_bindings_with_names(&root().join(pkg))?;
    run(Command::new("node").arg(root().join("tests/bench/profile.mjs")).arg(pkg))
}

/// The Workers' own timing of each accepted verification, from the workerd log of a test run:
/// the edge logs `verification cpu: checks X ms, pixels re-derived Y ms, body Z bytes`, the core
/// `core cpu: N crops embedded in X ms`.
pub fn verification_cpu(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let (mut checks, mut judge, mut bytes, mut per_crop) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().filter_map(|l| l.split("verification cpu: checks ").nth(1)) {
        let numbers: Vec<f64> = line.split([' ', ',']).filter_map(|w| w.parse::<f64>().ok()).collect();
        if let [c, j, b, ..] = numbers[..] {
            checks.push(c);
            judge.push(j);
            bytes.push(b / 1024.0);
        }
        if let [_, j, _, crops, ..] = numbers[..] {
            per_crop.push(j / crops.max(1.0));
        }
    }
    // The core logs `core cpu: N crops embedded in X ms` for each face match.
    let mut core: Vec<f64> = text
        .lines()
        .filter_map(|l| l.split(" crops embedded in ").nth(1))
        .filter_map(|rest| rest.split(' ').next()?.parse().ok())
        .collect();
    if checks.is_empty() {
        return "no verification timings in the workerd log".into();
    }
    let at = |v: &mut Vec<f64>, q: f64| {
        if v.is_empty() {
            return f64::NAN;
        }
        v.sort_by(f64::total_cmp);
        v[((v.len() - 1) as f64 * q).round() as usize]
    };
    let mut edge: Vec<f64> = checks.iter().zip(&judge).map(|(c, j)| c + j).collect();
    format!(
        "verification CPU in workerd over {} accepted attestations: edge median {:.0} ms, p90 {:.0} ms \
         (checks median {:.1} ms; pixels re-derived, every crop meshed and every scene detected, median \
         {:.0} ms, p90 {:.0} ms, median {:.1} ms a crop); core face match median {:.0} ms, p90 {:.0} ms over {} matches; upload \
         median {:.0} KiB, p90 {:.0} KiB",
        checks.len(),
        at(&mut edge, 0.5),
        at(&mut edge, 0.9),
        at(&mut checks, 0.5),
        at(&mut judge, 0.5),
        at(&mut judge, 0.9),
        at(&mut per_crop, 0.5),
        at(&mut core, 0.5),
        at(&mut core, 0.9),
        core.len(),
        at(&mut bytes, 0.5),
        at(&mut bytes, 0.9),
    )
}

/// Applications per run: each needs a rendered reading, and all must be prepared within the
/// challenge lifetime (3 minutes).
const LOAD_APPLICATIONS: &str = "20";
const LOAD_CONCURRENCY: &str = "4";
const SEQUENTIAL_APPLICATIONS: &str = "8";

fn submissions() -> Result {
    crate::build::build()?;
    let load = crate::util::native_bin("wangban-load")?;
    let state = root().join("target/bench-state");
    let _ = std::fs::remove_dir_all(&state);
    std::fs::create_dir_all(&state).map_err(|e| e.to_string())?;
    crate::build::seed(&state)?;
    // One at a time first: the local clock is wall time, so concurrent verifications on two
    // cores would count each other's work as CPU (docs/benchmarks.md).
    step("submissions one at a time: each verification's CPU alone");
    let sequential_log = root().join("target/bench-wrangler-sequential.log");
    let runtime = crate::runtime::Runtime::start(0, &state, sequential_log.clone())?;
    run(Command::new(&load).args([SEQUENTIAL_APPLICATIONS, "1"]).env("WANGBAN_URL", &runtime.url))?;
    println!("{}", verification_cpu(&sequential_log));
    drop(runtime);

    let log = root().join("target/bench-wrangler.log");
    let runtime = crate::runtime::Runtime::start(0, &state, log.clone())?;
    step("submissions through workerd, undisturbed");
    run(Command::new(&load).args([LOAD_APPLICATIONS, LOAD_CONCURRENCY]).env("WANGBAN_URL", &runtime.url))?;
    println!("{}", verification_cpu(&log));

    step("submissions through workerd, the runtime restarted while they are in flight");
    let mut generator = Command::new(&load)
        .args([LOAD_APPLICATIONS, LOAD_CONCURRENCY])
        .env("WANGBAN_URL", &runtime.url)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let stdout = generator.stdout.take().ok_or("no generator output")?;
    let mut lines = std::io::BufRead::lines(std::io::BufReader::new(stdout));
    for line in lines.by_ref() {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        if line == "fire" {
            break;
        }
    }
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let port: u16 = runtime.url.rsplit(':').next().and_then(|p| p.parse().ok()).ok_or("runtime port")?;
    println!("restarting the runtime (wrangler dev, both Workers) now");
    drop(runtime);
    let _runtime = crate::runtime::Runtime::start(port, &state, root().join("target/bench-wrangler-restarted.log"))?;
    println!("runtime back");
    for line in lines {
        println!("{}", line.map_err(|e| e.to_string())?);
    }
    let status = generator.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("applications were lost, duplicated or refused across the restart".into());
    }
    Ok(())
}
