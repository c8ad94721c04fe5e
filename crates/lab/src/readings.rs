//! Readings exported from a deployment — a consented pilot's submissions as the edge received
//! them, each with a reviewer's label — judged by the very flow the edge runs, so the error rates
//! of real residents can be measured the day a city tries it, not only on synthesized faces.
//!
//! One JSON file per reading ([`Exported`]). The challenge's signature is checked with the
//! deployment's challenge keys; the model manifest is the one the challenge pinned (the lab
//! must run those models: the committed ones). The face match against the registry photo stays
//! with the deployment (the lab holds no registry): here only one person throughout the reading
//! is checked.

use std::path::Path;

use wangban_attest::Keyring;
use wangban_attest::api::SubmitCase;
use wangban_vision::Vision;

use crate::pad::{Judged, Received, judge_body};

/// One exported reading: what `GET /api/v1/review/pilot` exports (its entries' `reading`).
pub use wangban_attest::api::ExportedReading as Exported;

/// Writes `reading` to `dir/name.json`.
pub fn export(dir: &Path, name: &str, reading: &Exported) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let path = dir.join(format!("{name}.json"));
    let bytes = serde_json::to_vec(reading).map_err(|e| e.to_string())?;
    std::fs::write(&path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every reading in `dir`'s `*.json` files, by name: a file is one reading (named by the file),
/// or a page of the pilot export saved as is (`{"entries": [{"seq", "reading"}, …]}`, each
/// named `<file>-<seq>`).
pub fn load(dir: &Path) -> Result<Vec<(String, Exported)>, String> {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for path in names {
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let value: serde_json::Value =
            serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        if value.get("entries").is_some() {
            let page: wangban_attest::api::PilotPage =
                serde_json::from_value(value).map_err(|e| format!("{}: {e}", path.display()))?;
            out.extend(page.entries.into_iter().map(|e| (format!("{name}-{}", e.seq), e.reading)));
        } else {
            out.push((name, serde_json::from_value(value).map_err(|e| format!("{}: {e}", path.display()))?));
        }
    }
    Ok(out)
}

/// Judges one exported reading with the edge's flow and the core's continuity check.
pub fn judge(vision: &mut Vision, name: &str, reading: &Exported, keyring: &Keyring) -> Result<Judged, String> {
    let body = serde_json::to_vec(&reading.submission).map_err(|e| e.to_string())?;
    let manifest = SubmitCase::decode(&body)
        .map(|s| s.attestation.signed.challenge.challenge.model_manifest)
        .map_err(|e| format!("{name}: {e}"))?;
    let pick = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let at = Received { now_ms: reading.received_at_ms, pick, manifest: &manifest };
    judge_body(vision, &body, keyring, &at, None, false).map_err(|e| format!("{name}: {e}"))
}

/// Per label: readings, accepted, and the rate (BPCER for `bona_fide`, APCER otherwise).
pub fn table(results: &[(String, Judged)]) -> String {
    let mut labels: Vec<&str> = results.iter().map(|(l, _)| l.as_str()).collect();
    labels.sort_unstable();
    labels.dedup();
    let mut out = String::from("| label | readings | accepted | rate |\n|---|---|---|---|\n");
    for label in labels {
        let of: Vec<&Judged> = results.iter().filter(|(l, _)| l == label).map(|(_, j)| j).collect();
        let accepted = of.iter().filter(|j| j.verdict.passed && j.core.is_none()).count();
        let n = of.len();
        let rate = match label {
            "bona_fide" => format!("BPCER {:.1} %", (n - accepted) as f64 * 100.0 / n as f64),
            _ => format!("APCER {:.1} %", accepted as f64 * 100.0 / n as f64),
        };
        out.push_str(&format!("| {label} | {n} | {accepted} | {rate} |\n"));
    }
    out
}
