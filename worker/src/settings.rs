//! The edge's settings from its environment (not secrets).

use worker::Env;

/// Whether challenges demand a voice track (`REQUIRE_AUDIO`, default true).
pub fn require_audio(env: &Env) -> bool {
    env.var("REQUIRE_AUDIO").map(|v| v.to_string() != "false").unwrap_or(true)
}
