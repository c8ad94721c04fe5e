//! Local secrets: `.dev.vars` files wrangler dev reads, created once with fresh random keys
//! (never committed), and the public half of the challenge key that the client build pins.

use std::path::PathBuf;

use crate::util::{Result, root, write};

/// The local stand-in for the Access application in front of the reviewer console (the
/// workerd tests sign officer tokens for it).
const ACCESS_TEST_ISSUER: &str = "https://wangban-test.cloudflareaccess.com";
const ACCESS_TEST_AUD: &str = "wangban-local-review";

pub struct DevSecrets {
    /// `key_id:public_hex` of the challenge-signing key, for the client's pinned keyring.
    pub challenge_keys: String,
}

fn random_hex() -> Result<String> {
    let mut bytes = [0u8; 32];
    let mut f = std::fs::File::open("/dev/urandom").map_err(|e| e.to_string())?;
    std::io::Read::read_exact(&mut f, &mut bytes).map_err(|e| e.to_string())?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Reads each name from a `.dev.vars` file, adding the missing ones: with the given value, or
/// a fresh random key for `None`.
fn ensure(path: PathBuf, names: &[(&str, Option<String>)]) -> Result<Vec<String>> {
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let mut lines: Vec<String> = existing.lines().map(String::from).collect();
    let mut values = Vec::new();
    for (name, given) in names {
        let found = lines.iter().find_map(|l| l.strip_prefix(&format!("{name}=")).map(|v| v.trim().to_string()));
        let value = match found {
            Some(v) => v,
            None => {
                let v = match given {
                    Some(v) => v.clone(),
                    None => random_hex()?,
                };
                lines.push(format!("{name}={v}"));
                v
            }
        };
        values.push(value);
    }
    let text = lines.join("\n") + "\n";
    if text != existing {
        write(&path, text)?;
    }
    Ok(values)
}

/// Sets `name` to `value` in a `.dev.vars` file, whatever it was.
fn pin(path: PathBuf, name: &str, value: &str) -> Result {
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let line = format!("{name}={value}");
    let mut lines: Vec<String> = existing
        .lines()
        .map(|l| if l.starts_with(&format!("{name}=")) { line.clone() } else { l.to_string() })
        .collect();
    if !lines.contains(&line) {
        lines.push(line);
    }
    let text = lines.join("\n") + "\n";
    if text != existing {
        write(&path, text)?;
    }
    Ok(())
}

pub fn ensure_dev_secrets() -> Result<DevSecrets> {
    let edge = ensure(
        root().join(".dev.vars"),
        &[
            ("CHALLENGE_SIGNING_KEY", None),
            ("EDGE_CORE_SECRET", None),
            // Local runs keep consented readings for the lab, as a pilot would.
            ("PILOT", Some("true".into())),
        ],
    )?;
    // Cloudflare Access, locally: the repository's public test key (tests/data/access).
    let jwks = std::fs::read_to_string(root().join("tests/data/access/test-jwks.json")).map_err(|e| e.to_string())?;
    ensure(
        root().join("worker/core/.dev.vars"),
        &[
            ("CERT_SIGNING_KEY", None),
            ("CORE_SECRET", None),
            ("ACCESS_ISSUER", Some(ACCESS_TEST_ISSUER.into())),
            ("ACCESS_AUD", Some(ACCESS_TEST_AUD.into())),
            ("ACCESS_JWKS", Some(format!("'{}'", jwks.trim()))),
            // Local runs only: the demo officers' accounts beside Access, and its test key.
            ("ALLOW_LOCAL_SIGN_IN", Some("true".into())),
            ("ALLOW_TEST_ACCESS_KEYS", Some("true".into())),
            ("PILOT", Some("true".into())),
        ],
    )?;
    // The same value as the edge's, always: the core answers only requests the edge signed.
    pin(root().join("worker/core/.dev.vars"), "EDGE_CORE_SECRET", &edge[1])?;
    let seed: [u8; 32] = (0..32)
        .map(|i| u8::from_str_radix(&edge[0][2 * i..2 * i + 2], 16))
        .collect::<std::result::Result<Vec<u8>, _>>()
        .map_err(|e| e.to_string())?
        .try_into()
        .map_err(|_| "CHALLENGE_SIGNING_KEY is not 32 bytes".to_string())?;
    let public = ed25519_dalek::SigningKey::from_bytes(&seed).verifying_key().to_bytes();
    Ok(DevSecrets { challenge_keys: format!("dev:{}", public.iter().map(|b| format!("{b:02x}")).collect::<String>()) })
}
