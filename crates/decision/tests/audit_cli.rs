//! The offline audit checker on exports like the reviewer API's: intact, edited, truncated
//! (with the head recorded elsewhere), and unusable input.

use std::process::Command;

use wangban_decision::audit::AuditEntry;

fn export(n: u64) -> serde_json::Value {
    let mut entries: Vec<AuditEntry> = Vec::new();
    for i in 0..n {
        entries.push(AuditEntry::next(entries.last(), 1_000 + i, "core", "decision", &format!("case{i}"), "issued"));
    }
    serde_json::json!({ "head": n, "intact": true, "entries": entries })
}

fn check(args: &[&str], export: &serde_json::Value) -> (i32, String) {
    static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("wangban-audit-{}-{n}.json", std::process::id()));
    std::fs::write(&path, export.to_string()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_wangban-audit")).args(args).arg(&path).output().unwrap();
    let _ = std::fs::remove_file(&path);
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).to_string())
}

#[test]
fn intact_export() {
    let (code, out) = check(&[], &export(6));
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("intact: 6 entries"), "{out}");
}

#[test]
fn edited_entry() {
    let mut e = export(6);
    e["entries"][3]["detail"] = "rejected".into();
    let (code, out) = check(&[], &e);
    assert_eq!((code, out.trim()), (1, "BROKEN: entry 4 was edited"));
}

#[test]
fn truncated_log_and_head_caught_by_the_recorded_head() {
    let mut e = export(6);
    e["entries"].as_array_mut().unwrap().truncate(4);
    e["head"] = 4.into();
    assert_eq!(check(&[], &e).0, 0, "consistent with itself");
    let (code, out) = check(&["--head", "6"], &e);
    assert_eq!((code, out.trim()), (1, "BROKEN: the log ends at 4, the recorded head is 6"));
}

#[test]
fn unusable_input() {
    assert_eq!(check(&[], &serde_json::json!({ "entries": 3 })).0, 2);
    assert_eq!(check(&["--head", "x"], &export(1)).0, 2);
}

/// L11: an export is the API's pages; given in order they are one chain, and a page missing
/// from the middle is caught.
#[test]
fn pages_are_checked_as_one_chain() {
    let all = export(7);
    let entries = all["entries"].as_array().unwrap();
    let page = |range: std::ops::Range<usize>, next: Option<u64>| serde_json::json!({ "head": 7, "after": range.start, "intact": true, "entries": entries[range].to_vec(), "next_after": next });
    let dir = std::env::temp_dir().join(format!("wangban-audit-pages-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pages = [page(0..3, Some(3)), page(3..6, Some(6)), page(6..7, None)];
    let paths: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let path = dir.join(format!("page{i}.json"));
            std::fs::write(&path, p.to_string()).unwrap();
            path.to_string_lossy().to_string()
        })
        .collect();
    let run = |paths: &[&String]| {
        let out = Command::new(env!("CARGO_BIN_EXE_wangban-audit")).args(paths).output().unwrap();
        (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let (code, out) = run(&paths.iter().collect::<Vec<_>>());
    assert_eq!(code, 0, "{out}");
    assert!(out.starts_with("intact: 7 entries"), "{out}");
    let (code, out) = run(&[&paths[0], &paths[2]]);
    assert_eq!((code, out.as_str()), (1, "BROKEN: the chain is broken before entry 7 (deleted or reordered entries)"));
    let _ = std::fs::remove_dir_all(&dir);
}
