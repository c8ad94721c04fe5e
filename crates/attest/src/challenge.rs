//! The challenge: what the server asks, signed so that only challenges it issued come back.

use serde::{Deserialize, Serialize};

use wangban_liveness::{ChallengePlan, Policy};

use crate::canonical;
use crate::error::AttestError;
use crate::hex;
use crate::keys::{PublicKey, SecretKey};

/// The challenge format this build issues and accepts.
pub const CHALLENGE_VERSION: u8 = 2;
/// docs/architecture.md: challenges live at most 3 minutes.
pub const CHALLENGE_TTL_MS: u64 = 3 * 60 * 1000;

/// Everything the client needs to answer, and the server needs to check the answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Challenge {
    /// Format version: [`CHALLENGE_VERSION`].
    pub version: u8,
    /// Which server key signed this (rotation: old keys keep verifying until retired).
    pub key_id: String,
    /// 16 random bytes, hex: the single-use ledger's key.
    pub session_id: String,
    /// 32 random bytes, hex: the seed of the digit plan.
    pub seed: String,
    /// Catalogue code of the service applied for.
    pub service: String,
    /// sha256 of the identity number, hex: binds the application to this challenge without
    /// putting the number itself in every signed blob.
    pub applicant: String,
    /// The browser's per-session Ed25519 key, hex.
    pub client_public_key: String,
    /// Whether a voice track is required.
    pub require_audio: bool,
    /// sha256 of the model manifest the client must run, hex.
    pub model_manifest: String,
    /// When it was issued, Unix milliseconds.
    pub issued_at_ms: u64,
    /// Unix milliseconds after which it is refused ([`CHALLENGE_TTL_MS`] after issue).
    pub expires_at_ms: u64,
}

impl Challenge {
    /// The digit plan both sides derive from the seed.
    pub fn plan(&self) -> Result<ChallengePlan, AttestError> {
        let seed: [u8; 32] = hex::decode(&self.seed)
            .and_then(|b| b.try_into().ok())
            .ok_or(AttestError::Malformed("challenge seed is not 32 bytes of hex".into()))?;
        Ok(ChallengePlan::from_seed(&seed))
    }

    /// The liveness policy the evidence is judged under.
    pub fn policy(&self) -> Policy {
        Policy { require_audio: self.require_audio }
    }

    /// The browser's session key; [`AttestError::BadClientKey`] if it is not a valid key.
    pub fn client_key(&self) -> Result<PublicKey, AttestError> {
        PublicKey::from_hex(&self.client_public_key).map_err(|_| AttestError::BadClientKey)
    }

    /// Refuses a challenge used after its expiry.
    pub fn check_fresh(&self, now_ms: u64) -> Result<(), AttestError> {
        if now_ms > self.expires_at_ms { Err(AttestError::ChallengeExpired) } else { Ok(()) }
    }

    /// Signs the canonical JSON of this challenge with the server's key.
    pub fn sign(self, key: &SecretKey) -> Result<SignedChallenge, AttestError> {
        let signature = hex::encode(&key.sign(&canonical::to_vec(&self)?));
        Ok(SignedChallenge { challenge: self, signature })
    }
}

/// A challenge with the server's signature over its canonical (RFC 8785) JSON.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignedChallenge {
    /// The challenge as issued.
    pub challenge: Challenge,
    /// The server's Ed25519 signature, hex.
    pub signature: String,
}

/// The server's verification keys by id.
#[derive(Clone, Debug, Default)]
pub struct Keyring {
    keys: Vec<(String, PublicKey)>,
}

impl Keyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `key` under `key_id`, replacing a key with the same id: the key added last (the
    /// current one, after the retired ones) wins, so a retired key can never shadow it.
    pub fn with(mut self, key_id: &str, key: PublicKey) -> Self {
        self.keys.retain(|(id, _)| id != key_id);
        self.keys.push((key_id.to_string(), key));
        self
    }

    /// Parses `id:hex,id:hex` (the form of the `*_RETIRED_KEYS` settings); an id named twice is
    /// refused, so a mistyped rotation fails at start-up instead of verifying with the wrong key.
    pub fn parse(list: &str) -> Result<Self, AttestError> {
        let mut ring = Keyring::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let (id, key) = entry.split_once(':').ok_or(AttestError::BadKey)?;
            if ring.get(id).is_some() {
                return Err(AttestError::Malformed(format!("key id {id} is named twice")));
            }
            ring = ring.with(id, PublicKey::from_hex(key)?);
        }
        Ok(ring)
    }

    /// Every key with its id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &PublicKey)> {
        self.keys.iter().map(|(id, k)| (id.as_str(), k))
    }

    /// The key with id `key_id`, if present.
    pub fn get(&self, key_id: &str) -> Option<&PublicKey> {
        self.keys.iter().find(|(id, _)| id == key_id).map(|(_, k)| k)
    }
}

impl SignedChallenge {
    /// Checks the server's signature with the key named in the challenge.
    pub fn verify(&self, keyring: &Keyring) -> Result<&Challenge, AttestError> {
        let key = keyring.get(&self.challenge.key_id).ok_or(AttestError::BadChallengeSignature)?;
        let signature = hex::decode(&self.signature).ok_or(AttestError::BadChallengeSignature)?;
        key.verify(&canonical::to_vec(&self.challenge)?, &signature).map_err(|_| AttestError::BadChallengeSignature)?;
        if self.challenge.version != CHALLENGE_VERSION {
            return Err(AttestError::Malformed(format!("challenge version {}", self.challenge.version)));
        }
        Ok(&self.challenge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> PublicKey {
        SecretKey::from_seed(&[n; 32]).public()
    }

    #[test]
    fn the_current_key_wins_over_a_retired_key_with_its_id() {
        let retired = Keyring::parse(&format!("k1:{}", hex::encode(&key(1).to_bytes()))).expect("parses");
        let ring = retired.with("k1", key(2));
        assert_eq!(ring.get("k1").map(|k| k.to_bytes()), Some(key(2).to_bytes()));
    }

    #[test]
    fn an_id_named_twice_is_refused() {
        let list = format!("a:{},a:{}", hex::encode(&key(1).to_bytes()), hex::encode(&key(2).to_bytes()));
        assert!(matches!(Keyring::parse(&list), Err(AttestError::Malformed(_))));
    }
}
