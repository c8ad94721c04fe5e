//! What the verification can refuse or fail with, and the one place it becomes an answer.

use wangban_attest::AttestError;
use wangban_attest::api::{ErrorBody, ErrorDetail, Guidance, Refusal};
use wangban_liveness::{Reason, Verdict};

/// A backend (Durable Object, model assets, the core) failed: an operations problem, never the
/// client's; nothing was decided.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("backend failed: {0}")]
pub struct BackendError(pub String);

/// Everything the edge's flows refuse, in the order they check. Each becomes an HTTP answer
/// through [`VerifyError::answer`]; no input makes a flow panic.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum VerifyError {
    /// The body is not a submission (size, JSON, bounds), or a signature, expiry, single use,
    /// manifest or keyframe check failed. `locked`: this failure locked the subject.
    #[error("{error}")]
    Attest {
        /// What failed.
        error: AttestError,
        /// Whether this failure locked the identity number or address.
        locked: bool,
    },
    /// The server's own verdict refused the reading.
    #[error("liveness refused: {:?}", verdict.reasons)]
    Liveness {
        /// The verdict, with its reasons and how each digit was read.
        verdict: Verdict,
        /// Whether this failure locked the identity number or address.
        locked: bool,
    },
    /// Too many failed verifications for this identity number or address: cool down.
    #[error("locked out for {retry_after_s} s")]
    LockedOut {
        /// Seconds until the next attempt is allowed.
        retry_after_s: u64,
    },
    /// The session request names an invalid client key.
    #[error("bad client key")]
    BadClientKey,
    /// The application's name or reason is not bounded plain text (the field at fault).
    #[error("invalid application: {0}")]
    InvalidApplication(&'static str),
    /// The core refused (its own typed body, passed through).
    #[error("the core refused with {status}")]
    Core {
        /// The core's HTTP status.
        status: u16,
        /// The core's body, passed through as is.
        body: serde_json::Value,
    },
    /// A backend failed.
    #[error(transparent)]
    Backend(#[from] BackendError),
}

impl VerifyError {
    /// The same refusal, saying whether the failure it counted locked the subject (only the
    /// refusals of a verification carry that; others are returned as they are).
    pub fn locking(self, locked: bool) -> Self {
        match self {
            VerifyError::Attest { error, .. } => VerifyError::Attest { error, locked },
            VerifyError::Liveness { verdict, .. } => VerifyError::Liveness { verdict, locked },
            other => other,
        }
    }
}

impl From<AttestError> for VerifyError {
    fn from(error: AttestError) -> Self {
        VerifyError::Attest { error, locked: false }
    }
}

/// An answer: HTTP status, the body, and a `Retry-After` if any.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The JSON body ([`ErrorBody`] or [`Refusal`]).
    pub body: serde_json::Value,
    /// Seconds for a `Retry-After` header.
    pub retry_after_s: Option<u64>,
}

fn detail(code: &str, zh: &str, en: &str) -> ErrorDetail {
    ErrorDetail { code: code.into(), message_zh: zh.into(), message_en: en.into() }
}

fn to_value<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

impl VerifyError {
    /// The stable machine code.
    pub fn code(&self) -> &str {
        match self {
            VerifyError::Attest { error, .. } => error.code(),
            VerifyError::Liveness { .. } => "liveness_failed",
            VerifyError::LockedOut { .. } => "too_many_attempts",
            VerifyError::BadClientKey => "malformed_request",
            VerifyError::InvalidApplication(_) => "invalid_application",
            VerifyError::Core { body, .. } => {
                body.pointer("/error/code").and_then(|c| c.as_str()).unwrap_or("upstream")
            }
            VerifyError::Backend(_) => "service_unavailable",
        }
    }

    /// The HTTP answer: refusals of a verification say what to do next (`retry` with guidance,
    /// or `refer` once locked); other errors are the plain error body.
    pub fn answer(&self) -> Answer {
        let refusal = |status: u16, error: ErrorDetail, locked: bool, guidance: Guidance| Answer {
            status,
            body: to_value(&Refusal { error, outcome: if locked { "refer" } else { "retry" }.into(), guidance }),
            retry_after_s: None,
        };
        let plain = |status: u16, code: &str, zh: &str, en: &str| Answer {
            status,
            body: to_value(&ErrorBody::new(code, zh, en)),
            retry_after_s: None,
        };
        match self {
            VerifyError::Attest { error, locked } => {
                let (zh, en) = error.messages();
                refusal(error.http_status(), detail(error.code(), zh, en), *locked, Guidance::StartAgain)
            }
            VerifyError::Liveness { verdict, locked } => refusal(
                422,
                detail("liveness_failed", "人脸核验未通过。", "The face check did not pass."),
                *locked,
                guidance(&verdict.reasons),
            ),
            VerifyError::LockedOut { retry_after_s } => Answer {
                retry_after_s: Some(*retry_after_s),
                ..plain(
                    429,
                    "too_many_attempts",
                    "核验失败次数过多，请稍后再试，或携带身份证到窗口办理。",
                    "Too many failed attempts: try again later, or bring your identity card to a service counter.",
                )
            },
            VerifyError::BadClientKey => plain(
                400,
                "malformed_request",
                "提交的数据格式不正确。",
                "The request body is not valid for this route.",
            ),
            VerifyError::InvalidApplication(_) => plain(
                422,
                "invalid_application",
                "姓名或申请事由格式不正确（姓名最多32个字，事由最多200个字，不含特殊符号）。",
                "The name or reason is not valid (name at most 32 characters, reason at most 200, plain text).",
            ),
            VerifyError::Core { status, body } => Answer { status: *status, body: body.clone(), retry_after_s: None },
            VerifyError::Backend(_) => plain(
                503,
                "service_unavailable",
                "系统暂时无法办理，请稍后再试。",
                "The service is temporarily unavailable; please try again later.",
            ),
        }
    }
}

/// What the page should tell the resident, from the most telling reason.
pub fn guidance(reasons: &[Reason]) -> Guidance {
    let has = |r: fn(&Reason) -> bool| reasons.iter().any(r);
    if has(|r| matches!(r, Reason::TwoFaces)) {
        Guidance::OnlyOnePerson
    } else if has(|r| matches!(r, Reason::NoFace | Reason::FaceLost | Reason::FaceChanged)) {
        Guidance::StayInFrame
    } else if has(|r| matches!(r, Reason::FaceTurned)) {
        Guidance::FaceTheScreen
    } else if has(|r| matches!(r, Reason::TooDark)) {
        Guidance::MoreLight
    } else if has(|r| matches!(r, Reason::TooFewFrames)) {
        Guidance::KeepPageOpen
    } else if has(|r| matches!(r, Reason::AudioMissing)) {
        Guidance::AllowMicrophone
    } else if has(|r| matches!(r, Reason::MouthStill)) {
        Guidance::ReadAloud
    } else {
        Guidance::ReadDigitsAsShown
    }
}
