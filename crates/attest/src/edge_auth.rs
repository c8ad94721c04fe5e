//! Edge → core authentication. The core has no public route, but a service binding is
//! configuration: any Worker of the account bound to `wangban-core` could post a verified
//! application with chosen crops. So the core answers only requests the edge signed with the
//! secret both hold (`EDGE_CORE_SECRET`): an HMAC over the method, the path and query, and the
//! time, in the [`HEADER`] header, fresh within [`MAX_SKEW_MS`].
//!
//! The body is not covered: a signed header could be replayed with another body on the same
//! route within the minute by whoever can read the binding's traffic, which is inside
//! Cloudflare (docs/threat-model.md).

use hmac::{KeyInit, Mac};
use sha2::Sha256;

/// The request header the edge sets and the core checks.
pub const HEADER: &str = "x-wangban-edge";
/// How far the edge's clock and the core's may disagree, and how long a header may be replayed.
pub const MAX_SKEW_MS: u64 = 60_000;

fn mac(secret: &str, method: &str, path: &str, at_ms: u64) -> String {
    let mut mac =
        <hmac::Hmac<Sha256> as KeyInit>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key length");
    mac.update(format!("wangban-edge-core\u{0}{at_ms}\u{0}{method}\u{0}{path}").as_bytes());
    crate::hex::encode(&mac.finalize().into_bytes())
}

/// The header's value for a request to `path` (with its query) at `now_ms`.
pub fn sign(secret: &str, method: &str, path: &str, now_ms: u64) -> String {
    format!("{now_ms}.{}", mac(secret, method, path, now_ms))
}

/// Whether `header` is the edge's signature of this request, made within [`MAX_SKEW_MS`].
pub fn verify(secret: &str, method: &str, path: &str, header: Option<&str>, now_ms: u64) -> bool {
    let Some((at, given)) = header.and_then(|h| h.split_once('.')) else {
        return false;
    };
    let Ok(at_ms) = at.parse::<u64>() else {
        return false;
    };
    if at_ms.abs_diff(now_ms) > MAX_SKEW_MS || secret.is_empty() {
        return false;
    }
    crate::digest::constant_time_eq(&mac(secret, method, path, at_ms), given)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "edge-core-secret";
    const NOW: u64 = 1_795_968_000_000;

    #[test]
    fn only_the_edges_fresh_signature_of_this_request_passes() {
        let header = sign(SECRET, "POST", "/internal/v1/cases", NOW);
        assert!(verify(SECRET, "POST", "/internal/v1/cases", Some(&header), NOW + 5_000));
        assert!(!verify(SECRET, "POST", "/internal/v1/cases", None, NOW), "no header");
        assert!(!verify("another-secret", "POST", "/internal/v1/cases", Some(&header), NOW), "another secret");
        assert!(!verify("", "POST", "/internal/v1/cases", Some(&sign("", "POST", "/internal/v1/cases", NOW)), NOW));
        assert!(!verify(SECRET, "POST", "/internal/v1/refusals", Some(&header), NOW), "another route");
        assert!(!verify(SECRET, "GET", "/internal/v1/cases", Some(&header), NOW), "another method");
        assert!(!verify(SECRET, "POST", "/internal/v1/cases", Some(&header), NOW + MAX_SKEW_MS + 1), "stale");
        let (at, mac) = header.split_once('.').unwrap();
        let moved = format!("{}.{mac}", at.parse::<u64>().unwrap() + 1);
        assert!(!verify(SECRET, "POST", "/internal/v1/cases", Some(&moved), NOW), "re-timed");
        assert!(!verify(SECRET, "POST", "/internal/v1/cases", Some("garbage"), NOW));
    }
}
