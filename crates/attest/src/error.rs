//! The crate's one error enum, [`AttestError`], with HTTP statuses, stable machine codes and zh/en
//! messages.

/// Everything attestation parsing and verification can refuse, in the order the edge checks.
/// No input makes this crate panic. Each variant has an HTTP status, a stable machine code and
/// a message in both languages ([`AttestError::http_status`], [`AttestError::code`],
/// [`AttestError::messages`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AttestError {
    /// The body exceeds the size limit.
    #[error("attestation too large")]
    TooLarge,
    /// The body is not a well-formed attestation (JSON, hex, base64, bounds).
    #[error("malformed attestation: {0}")]
    Malformed(String),
    /// A key is not 32 bytes of a valid Ed25519 point.
    #[error("malformed public key")]
    BadKey,
    /// The challenge was not signed by a current server key.
    #[error("challenge signature does not verify")]
    BadChallengeSignature,
    /// The challenge is past its expiry.
    #[error("challenge expired")]
    ChallengeExpired,
    /// The challenge was already answered once.
    #[error("challenge already used")]
    Replayed,
    /// The client key in the challenge is not a valid key.
    #[error("bad client key")]
    BadClientKey,
    /// The evidence was not signed by the key the challenge was issued to.
    #[error("client signature does not verify")]
    BadClientSignature,
    /// The client ran other models than the ones this server pins.
    #[error("model manifest mismatch")]
    ModelMismatch,
    /// A signature (generic) does not verify.
    #[error("signature does not verify")]
    BadSignature,
    /// The pixels the server re-analysed do not show what the client claims, or are not the
    /// ones it signed: suspected tampering.
    #[error("the evidence does not match the observations: {0}")]
    EvidenceMismatch(String),
}

impl AttestError {
    /// The HTTP status the edge answers with.
    pub fn http_status(&self) -> u16 {
        match self {
            AttestError::TooLarge => 413,
            AttestError::Malformed(_) | AttestError::BadKey => 400,
            AttestError::BadChallengeSignature
            | AttestError::ChallengeExpired
            | AttestError::BadClientKey
            | AttestError::BadClientSignature
            | AttestError::BadSignature => 401,
            AttestError::Replayed => 409,
            AttestError::ModelMismatch | AttestError::EvidenceMismatch(_) => 422,
        }
    }

    /// The stable machine code of the error body.
    pub fn code(&self) -> &'static str {
        match self {
            AttestError::TooLarge => "payload_too_large",
            AttestError::Malformed(_) => "malformed_request",
            AttestError::BadKey => "bad_key",
            AttestError::BadChallengeSignature => "bad_challenge_signature",
            AttestError::ChallengeExpired => "challenge_expired",
            AttestError::Replayed => "challenge_replayed",
            AttestError::BadClientKey => "bad_client_key",
            AttestError::BadClientSignature => "bad_client_signature",
            AttestError::ModelMismatch => "model_mismatch",
            AttestError::BadSignature => "bad_signature",
            AttestError::EvidenceMismatch(_) => "evidence_mismatch",
        }
    }

    /// `(zh, en)` for the resident.
    pub fn messages(&self) -> (&'static str, &'static str) {
        match self {
            AttestError::TooLarge => ("提交的数据过大。", "The submission is too large."),
            AttestError::Malformed(_) | AttestError::BadKey => (
                "提交的数据格式不正确，请刷新页面后重试。",
                "The submission is malformed; reload the page and try again.",
            ),
            AttestError::ChallengeExpired => {
                ("核验已超时，请重新开始。", "The verification took too long; please start again.")
            }
            AttestError::Replayed => {
                ("这次核验已经提交过，请重新开始。", "This verification was already submitted; please start again.")
            }
            AttestError::ModelMismatch => {
                ("页面版本已更新，请刷新后重试。", "The page has been updated; reload it and try again.")
            }
            AttestError::EvidenceMismatch(_) => {
                ("核验未通过，请重新开始。", "The verification did not succeed; please start again.")
            }
            AttestError::BadChallengeSignature
            | AttestError::BadClientKey
            | AttestError::BadClientSignature
            | AttestError::BadSignature => {
                ("核验数据无效，请重新开始。", "The verification data is not valid; please start again.")
            }
        }
    }
}
