//! The real local runtime: `wrangler dev` running the edge and core Workers together in workerd.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Result, npm_bin, root, wrangler_env};

/// A running `wrangler dev`; stopped (with workerd) when dropped.
pub struct Runtime {
    child: Child,
    pub url: String,
    pub log: PathBuf,
}

impl Runtime {
    /// Starts both Workers on 127.0.0.1 with state under `persist_to`, and waits until the edge
    /// answers. `port` 0 picks a free port.
    pub fn start(port: u16, persist_to: &Path, log: PathBuf) -> Result<Runtime> {
        let port = if port == 0 { free_port()? } else { port };
        let log_file = std::fs::File::create(&log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
        let mut cmd = Command::new(npm_bin("wrangler"));
        wrangler_env(&mut cmd)
            .args(["dev", "-c", "wrangler.toml", "-c", "worker/core/wrangler.toml"])
            .args(["--ip", "127.0.0.1", "--port", &port.to_string(), "--inspector-port", &free_port()?.to_string()])
            .args(["--show-interactive-dev-session=false", "--log-level", "log", "--persist-to"])
            .arg(persist_to)
            .current_dir(root())
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            // Own process group: Ctrl-C reaches xtask, which stops wrangler in order.
            .process_group(0);
        let child = cmd.spawn().map_err(|e| format!("cannot start wrangler: {e}"))?;
        let runtime = Runtime { child, url: format!("http://127.0.0.1:{port}"), log };
        runtime.wait_ready(Duration::from_secs(120))?;
        Ok(runtime)
    }

    fn wait_ready(&self, timeout: Duration) -> Result {
        let started = Instant::now();
        while started.elapsed() < timeout {
            if http_status(&self.url, "/").is_some_and(|s| s == 200) {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(300));
        }
        Err(format!("wrangler dev did not answer on {} within {timeout:?}; log:\n{}", self.url, tail(&self.log, 40)))
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for wrangler to exit on its own (dev mode: until Ctrl-C).
    pub fn wait(&mut self) -> Result {
        self.child.wait().map(drop).map_err(|e| e.to_string())
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        let pid = self.child.id() as i32;
        // SIGTERM to wrangler alone lets it shut workerd down; then make sure of the group.
        signal(pid, "TERM");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if matches!(self.child.try_wait(), Ok(Some(_))) {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        signal(-pid, "KILL");
        let _ = self.child.wait();
    }
}

fn signal(pid: i32, sig: &str) {
    let _ = Command::new("kill").arg(format!("-{sig}")).arg("--").arg(pid.to_string()).stderr(Stdio::null()).status();
}

fn free_port() -> Result<u16> {
    TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).map_err(|e| e.to_string())
}

/// A minimal HTTP/1.1 GET on loopback, so xtask needs no HTTP client crate.
pub fn http_status(base: &str, path: &str) -> Option<u16> {
    use std::io::Write;
    let addr = base.strip_prefix("http://")?;
    let mut stream = std::net::TcpStream::connect_timeout(&addr.parse().ok()?, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").ok()?;
    let mut line = String::new();
    BufReader::new(stream).read_line(&mut line).ok()?;
    line.split_whitespace().nth(1)?.parse().ok()
}

pub fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}
