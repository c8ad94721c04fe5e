//! `wangban-audit [--head N] <page.json | ->...`: checks an audit-log export offline.
//!
//! The export is the pages of `GET /api/v1/review/audit?after=…&limit=…` (`{"head": N,
//! "entries": [...], "next_after": …}`), saved by an auditor from `after=0` until `next_after`
//! is absent, given in order; their entries are checked as one chain against the last page's
//! head. Every entry is re-hashed and every link followed, independently of the server
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
            eprintln!("wangban-audit: {e}\nusage: wangban-audit [--head N] <page.json | ->...");
            ExitCode::from(2)
        }
    }
}

fn run(args: Vec<String>) -> Result<bool, String> {
    let (head, paths) = match args.as_slice() {
        [flag, n, paths @ ..] if flag == "--head" => {
            (Some(n.parse::<u64>().map_err(|_| format!("bad head {n}"))?), paths)
        }
        paths => (None, paths),
    };
    if paths.is_empty() {
        return Err("expected the export's pages".into());
    }
    let mut entries = Vec::new();
    let mut last_head = 0;
    for path in paths {
        let mut text = String::new();
        if path == "-" {
            std::io::stdin().read_to_string(&mut text).map_err(|e| format!("stdin: {e}"))?;
        } else {
            text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
        }
        let page: Export = serde_json::from_str(&text).map_err(|e| format!("{path}: not an audit page: {e}"))?;
        last_head = page.head;
        entries.extend(page.entries);
    }
    match verify(&entries, head.unwrap_or(last_head)) {
        Ok(()) => {
            let last = entries.last().map_or("-", |e| e.hash.as_str());
            println!("intact: {} entries, last hash {last}", entries.len());
            Ok(true)
        }
        Err(e) => {
            println!("BROKEN: {e}");
            Ok(false)
        }
    }
}
