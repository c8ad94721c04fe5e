//! `wangban-audit [--head N] <export.json | ->`: checks an audit-log export offline.
//!
//! The export is the body of `GET /api/v1/review/audit` (`{"head": N, "entries": [...]}`), saved
//! by an auditor. Every entry is re-hashed and every link followed, independently of the server
//! that produced it. `--head N` checks against a head recorded elsewhere (a printed daily
//! report, another system), so a server that truncated its log *and* its head is caught too.
//! Exit status: 0 intact, 1 broken, 2 unusable input.

use std::io::Read;
use std::process::ExitCode;

use serde::Deserialize;
use wangban_decision::audit::{AuditEntry, verify};

#[derive(Deserialize)]
struct Export {
    head: u64,
    entries: Vec<AuditEntry>,
}

fn main() -> ExitCode {
    match run(std::env::args().skip(1).collect()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("wangban-audit: {e}\nusage: wangban-audit [--head N] <export.json | ->");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<bool, String> {
    let (head, path) = match args.as_slice() {
        [flag, n, path] if flag == "--head" => (Some(n.parse::<u64>().map_err(|_| format!("bad head {n}"))?), path),
        [path] => (None, path),
        _ => return Err("expected one export file".into()),
    };
    let mut text = String::new();
    if path == "-" {
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("stdin: {e}"))?;
    } else {
        text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    }
    let export: Export = serde_json::from_str(&text).map_err(|e| format!("not an audit export: {e}"))?;
    match verify(&export.entries, head.unwrap_or(export.head)) {
        Ok(()) => {
            let last = export.entries.last().map_or("-", |e| e.hash.as_str());
            println!("intact: {} entries, last hash {last}", export.entries.len());
            Ok(true)
        }
        Err(e) => {
            println!("BROKEN: {e}");
            Ok(false)
        }
    }
}
