//! Cloudflare Access in front of the reviewer console: how officers sign in in production.
//!
//! Access authenticates officers at Cloudflare's edge (its policy decides who is an officer) and
//! forwards every request with a `Cf-Access-Jwt-Assertion` header, an RS256 JWT. The core Worker
//! verifies it all the same: a request that reached the Worker some other way carries no token
//! or a forged one. Checks: the signature, with the team's key named by `kid` (the JWKS published
//! at `https://<team>.cloudflareaccess.com/cdn-cgi/access/certs`); `aud` includes the
//! application's AUD tag; `iss` is the team domain; `nbf`/`exp` against the caller's clock.
//! Sans-IO: the shell fetches and caches the key set and passes the time.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::{BigUint, Pkcs1v15Sign, RsaPublicKey};
use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::error::DecisionError;

/// Clock difference tolerated between Cloudflare and the Worker.
const LEEWAY_S: u64 = 60;
/// DER `DigestInfo` prefix of a SHA-256 hash (RFC 8017 §9.2, note 1): what RS256 signs.
const SHA256_DIGEST_INFO: [u8; 19] =
    [0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

/// The team's signing keys, by key id.
#[derive(Clone, Debug)]
pub struct KeySet {
    keys: Vec<(String, RsaPublicKey)>,
}

#[derive(Deserialize)]
struct Jwk {
    kid: String,
    kty: String,
    n: String,
    e: String,
}

#[derive(Deserialize)]
struct Jwks {
    keys: Vec<Jwk>,
}

impl KeySet {
    /// Parses a JWKS document; keys that are not RSA are skipped.
    pub fn parse(json: &str) -> Result<Self, DecisionError> {
        let jwks: Jwks = serde_json::from_str(json).map_err(|_| DecisionError::AccessToken("unreadable key set"))?;
        let keys = jwks
            .keys
            .into_iter()
            .filter(|k| k.kty == "RSA")
            .map(|k| {
                let n = BigUint::from_bytes_be(&b64(&k.n)?);
                let e = BigUint::from_bytes_be(&b64(&k.e)?);
                let key = RsaPublicKey::new(n, e).map_err(|_| DecisionError::AccessToken("invalid RSA key"))?;
                Ok((k.kid, key))
            })
            .collect::<Result<Vec<_>, DecisionError>>()?;
        if keys.is_empty() {
            return Err(DecisionError::AccessToken("no RSA key in the key set"));
        }
        Ok(KeySet { keys })
    }

    /// Whether the set holds a key with id `kid`.
    pub fn has(&self, kid: &str) -> bool {
        self.keys.iter().any(|(k, _)| k == kid)
    }
}

/// The key id of the repository's public test key (`tests/data/access`): its private half is in
/// the repository, so anyone can mint tokens with it.
pub const TEST_KEY_ID: &str = "wangban-test-1";
/// The made-up team the local runs and tests use.
pub const TEST_ISSUER: &str = "https://wangban-test.cloudflareaccess.com";

/// Whether this deployment's Access settings are safe to use: the repository's test key or test
/// team only where a local run says so (`ALLOW_TEST_ACCESS_KEYS`), never because local
/// settings reached production.
pub fn usable(app: &AccessApp, keys: &KeySet, allow_test_keys: bool) -> Result<(), DecisionError> {
    if !allow_test_keys && (keys.has(TEST_KEY_ID) || app.issuer.trim_end_matches('/') == TEST_ISSUER) {
        return Err(DecisionError::AccessToken("the repository's test key or team is configured"));
    }
    Ok(())
}

/// Which Access application the console sits behind.
#[derive(Clone, Debug)]
pub struct AccessApp {
    /// `https://<team>.cloudflareaccess.com`
    pub issuer: String,
    /// The application's AUD tag.
    pub audience: String,
}

#[derive(Deserialize)]
struct Header {
    alg: String,
    kid: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize)]
struct Claims {
    aud: Audience,
    iss: String,
    exp: u64,
    #[serde(default)]
    nbf: Option<u64>,
    email: String,
}

fn b64(text: &str) -> Result<Vec<u8>, DecisionError> {
    URL_SAFE_NO_PAD.decode(text).map_err(|_| DecisionError::AccessToken("not base64url"))
}

/// The key id a token names (to refresh the key set when Cloudflare rotates its keys).
pub fn key_id(token: &str) -> Result<String, DecisionError> {
    let header = token.split('.').next().ok_or(DecisionError::AccessToken("not a JWT"))?;
    let header: Header =
        serde_json::from_slice(&b64(header)?).map_err(|_| DecisionError::AccessToken("unreadable header"))?;
    Ok(header.kid)
}

/// Verifies `token` for `app` at `now_s` (Unix seconds); returns the officer's e-mail address.
pub fn verify(token: &str, app: &AccessApp, keys: &KeySet, now_s: u64) -> Result<String, DecisionError> {
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(signature), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(DecisionError::AccessToken("not a JWT"));
    };
    let head: Header =
        serde_json::from_slice(&b64(header)?).map_err(|_| DecisionError::AccessToken("unreadable header"))?;
    if head.alg != "RS256" {
        return Err(DecisionError::AccessToken("algorithm is not RS256"));
    }
    let key = keys
        .keys
        .iter()
        .find(|(kid, _)| *kid == head.kid)
        .map(|(_, k)| k)
        .ok_or(DecisionError::AccessToken("unknown signing key"))?;
    let signed = Sha256::digest(format!("{header}.{payload}").as_bytes());
    let padding = Pkcs1v15Sign { hash_len: Some(32), prefix: SHA256_DIGEST_INFO.into() };
    key.verify(padding, &signed, &b64(signature)?).map_err(|_| DecisionError::AccessToken("bad signature"))?;
    let claims: Claims =
        serde_json::from_slice(&b64(payload)?).map_err(|_| DecisionError::AccessToken("unreadable claims"))?;
    let audience_ok = match &claims.aud {
        Audience::One(a) => *a == app.audience,
        Audience::Many(all) => all.contains(&app.audience),
    };
    if !audience_ok {
        return Err(DecisionError::AccessToken("issued for another application"));
    }
    if claims.iss.trim_end_matches('/') != app.issuer.trim_end_matches('/') {
        return Err(DecisionError::AccessToken("issued by another team"));
    }
    if claims.exp + LEEWAY_S <= now_s {
        return Err(DecisionError::AccessToken("expired"));
    }
    if claims.nbf.is_some_and(|nbf| nbf > now_s + LEEWAY_S) {
        return Err(DecisionError::AccessToken("not valid yet"));
    }
    if claims.email.is_empty() {
        return Err(DecisionError::AccessToken("no e-mail address"));
    }
    Ok(claims.email)
}

/// Signs a token as Access would, with an RSA key in PKCS#8 PEM: for tests and local tools
/// (the `access-signing` feature), never used by the Workers.
#[cfg(any(test, feature = "access-signing"))]
pub fn sign(
    private_key_pem: &str,
    header: &serde_json::Value,
    claims: &serde_json::Value,
) -> Result<String, DecisionError> {
    use rsa::pkcs8::DecodePrivateKey;
    let key = rsa::RsaPrivateKey::from_pkcs8_pem(private_key_pem)
        .map_err(|_| DecisionError::AccessToken("unreadable private key"))?;
    let enc = |v: &serde_json::Value| URL_SAFE_NO_PAD.encode(v.to_string());
    let signing_input = format!("{}.{}", enc(header), enc(claims));
    let padding = Pkcs1v15Sign { hash_len: Some(32), prefix: SHA256_DIGEST_INFO.into() };
    let signature = key
        .sign(padding, &Sha256::digest(signing_input.as_bytes()))
        .map_err(|_| DecisionError::AccessToken("signing failed"))?;
    Ok(format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: u64 = 1_795_000_000;

    fn app() -> AccessApp {
        AccessApp { issuer: "https://wangban-test.cloudflareaccess.com".into(), audience: "aud-review".into() }
    }

    fn keys() -> KeySet {
        KeySet::parse(include_str!("../../../tests/data/access/test-jwks.json")).unwrap()
    }

    fn token(header: &serde_json::Value, claims: &serde_json::Value) -> String {
        sign(include_str!("../../../tests/data/access/test-key.pem"), header, claims).unwrap()
    }

    fn header() -> serde_json::Value {
        serde_json::json!({ "alg": "RS256", "kid": "wangban-test-1", "typ": "JWT" })
    }

    fn claims() -> serde_json::Value {
        serde_json::json!({
            "aud": ["aud-review"], "iss": "https://wangban-test.cloudflareaccess.com",
            "exp": NOW + 600, "iat": NOW - 10, "nbf": NOW - 10, "email": "officer03@gat.example.gov.cn",
        })
    }

    fn with(field: &str, value: serde_json::Value) -> serde_json::Value {
        let mut c = claims();
        c[field] = value;
        c
    }

    #[test]
    fn a_valid_token_names_the_officer() {
        let email = verify(&token(&header(), &claims()), &app(), &keys(), NOW).unwrap();
        assert_eq!(email, "officer03@gat.example.gov.cn");
        assert_eq!(key_id(&token(&header(), &claims())).unwrap(), "wangban-test-1");
    }

    #[test]
    fn every_failed_check_is_refused() {
        let refused = |t: &str, now: u64| verify(t, &app(), &keys(), now).unwrap_err();
        let good = token(&header(), &claims());
        let cases = [
            (token(&header(), &with("aud", "another-app".into())), NOW, "issued for another application"),
            (token(&header(), &with("iss", "https://evil.cloudflareaccess.com".into())), NOW, "issued by another team"),
            (good.clone(), NOW + 600 + LEEWAY_S, "expired"),
            (token(&header(), &with("nbf", (NOW + 3600).into())), NOW, "not valid yet"),
            (token(&serde_json::json!({ "alg": "RS256", "kid": "other" }), &claims()), NOW, "unknown signing key"),
            (
                token(&serde_json::json!({ "alg": "HS256", "kid": "wangban-test-1" }), &claims()),
                NOW,
                "algorithm is not RS256",
            ),
            ("a.b".into(), NOW, "not a JWT"),
        ];
        for (t, now, why) in cases {
            assert_eq!(refused(&t, now), DecisionError::AccessToken(why), "{why}");
        }
        // Claims swapped under a valid signature: the signature no longer covers them.
        let mut parts: Vec<String> = good.split('.').map(String::from).collect();
        parts[1] = URL_SAFE_NO_PAD.encode(with("email", "attacker@example.com".into()).to_string());
        assert_eq!(refused(&parts.join("."), NOW), DecisionError::AccessToken("bad signature"));
        assert_eq!(refused(&good, NOW + 10_000).code(), "access_token_invalid");
    }

    /// L10: the repository's test key (its private half is public) or test team is refused
    /// unless the run is explicitly local.
    #[test]
    fn the_test_key_is_refused_unless_the_run_is_local() {
        let real = AccessApp { issuer: "https://city-police.cloudflareaccess.com".into(), audience: "aud".into() };
        assert!(usable(&real, &keys(), false).is_err(), "the test key with a real team");
        assert!(usable(&app(), &keys(), false).is_err());
        assert!(usable(&app(), &keys(), true).is_ok(), "a local run");
        let other = KeySet { keys: keys().keys.into_iter().map(|(_, k)| ("team-key-1".to_string(), k)).collect() };
        assert!(usable(&real, &other, false).is_ok(), "a team's own key");
        assert!(usable(&app(), &other, false).is_err(), "the test team with any key");
    }

    #[test]
    fn key_sets_without_rsa_keys_are_refused() {
        assert!(KeySet::parse(r#"{"keys":[]}"#).is_err());
        assert!(KeySet::parse("not json").is_err());
        assert!(keys().has("wangban-test-1") && !keys().has("x"));
    }
}
