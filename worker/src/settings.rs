//! The edge's settings from its environment (not secrets).

use worker::Env;

/// A pilot evaluation runs (`PILOT = "true"`): consented readings go to the core to be kept.
pub fn pilot(env: &Env) -> bool {
    env.var("PILOT").is_ok_and(|v| v.to_string() == "true")
}

/// Whether challenges demand a voice track (`REQUIRE_AUDIO`, default true).
pub fn require_audio(env: &Env) -> bool {
    env.var("REQUIRE_AUDIO").map(|v| v.to_string() != "false").unwrap_or(true)
}
