//! `cargo xtask setup`: every tool the project needs, installed only when missing or at the wrong
//! version, so a warm machine skips straight through and a fresh one ends up complete.

use std::process::Command;

use crate::util::{Result, npm_bin, output, read, root, run, sha256_hex, step, write};

/// Debian packages: the browser and its driver for tests, ffmpeg for clips, espeak-ng for speech,
/// and a CJK font so screenshots of the zh-CN pages show text rather than empty boxes.
const APT_PACKAGES: &[&str] = &["chromium", "chromium-driver", "ffmpeg", "espeak-ng", "fonts-wqy-microhei"];
/// wrangler 4.86 is the last release that runs on Node 20 (engines: >=20.3.0).
const MIN_NODE: (u32, u32) = (20, 3);

pub fn setup() -> Result {
    rust_target()?;
    apt_packages()?;
    node()?;
    npm_tools()?;
    wasm_bindgen_cli()?;
    step("setup complete");
    Ok(())
}

fn rust_target() -> Result {
    let installed = output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if installed.lines().any(|l| l.trim() == "wasm32-unknown-unknown") {
        return Ok(());
    }
    step("installing the wasm32-unknown-unknown target");
    run(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))
}

fn apt_packages() -> Result {
    let missing: Vec<&str> = APT_PACKAGES
        .iter()
        .copied()
        .filter(|p| {
            output(Command::new("dpkg-query").args(["-W", "-f=${Status}", p]))
                .is_none_or(|s| s.trim() != "install ok installed")
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    step(&format!("installing Debian packages: {}", missing.join(" ")));
    let root_user = output(Command::new("id").arg("-u")).is_some_and(|s| s.trim() == "0");
    let apt = |args: &[&str]| {
        let mut cmd = if root_user { Command::new("apt-get") } else { Command::new("sudo") };
        if !root_user {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update"]))?;
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(&missing);
    run(&mut install).map_err(|e| format!("{e}\n(apt-get needs root or sudo)"))
}

fn node() -> Result {
    let version = output(Command::new("node").arg("--version"))
        .ok_or("Node.js not found: install Node.js >= 20.3 (wrangler needs it)")?;
    let mut parts = version.trim().trim_start_matches('v').split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor) = (parts.next().unwrap_or(0), parts.next().unwrap_or(0));
    if (major, minor) < MIN_NODE {
        return Err(format!("Node.js {} is too old: wrangler 4.86 needs >= 20.3", version.trim()));
    }
    Ok(())
}

/// `npm ci` when `node_modules` does not match `package-lock.json`.
fn npm_tools() -> Result {
    let lock = read(&root().join("package-lock.json"))?;
    let stamp_path = root().join("node_modules/.wangban-lock-sha256");
    let wanted = sha256_hex(&lock);
    let tools_present = ["wrangler", "wasm-opt", "workerd"].iter().all(|t| npm_bin(t).exists());
    if tools_present && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == wanted) {
        return Ok(());
    }
    step("installing npm tools (npm ci)");
    run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]))?;
    write(&stamp_path, wanted)
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
pub fn locked_wasm_bindgen_version() -> Result<String> {
    let lock = String::from_utf8_lossy(&read(&root().join("Cargo.lock"))?).into_owned();
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \""))
        {
            return Ok(v.trim_end_matches('"').to_string());
        }
    }
    Err("wasm-bindgen not found in Cargo.lock".into())
}

fn wasm_bindgen_cli() -> Result {
    let wanted = locked_wasm_bindgen_version()?;
    let installed = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    let runner = output(Command::new("wasm-bindgen-test-runner").arg("--version")).unwrap_or_default();
    if installed.split_whitespace().nth(1) == Some(&wanted) && runner.contains(&wanted) {
        return Ok(());
    }
    step(&format!("installing wasm-bindgen-cli {wanted} (matches Cargo.lock; takes a while)"));
    // Not --locked: the CLI's own lockfile pins a crate the index no longer resolves.
    run(crate::util::cargo().args(["install", &format!("wasm-bindgen-cli@{wanted}")]))
}
