//! The edge's one error type, and the one place anything becomes an HTTP answer.

use worker::Response;

use wangban_attest::api::ErrorBody;
use wangban_verify::VerifyError;
use wangban_worker_shared::http::{BodyError, json};

/// Every way an edge route fails.
#[derive(Debug)]
#[non_exhaustive]
pub enum EdgeError {
    /// No such API route.
    NotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The body could not be read (too large, not JSON).
    Body(BodyError),
    /// A flow refused or a backend failed ([`VerifyError::answer`] says how to answer).
    Verify(VerifyError),
    /// A state-changing officers' request from another site's page (`Origin` is not ours), or
    /// not JSON.
    CrossSite,
    /// The core Worker could not be reached.
    CoreUnavailable,
    /// The runtime failed (bindings, secrets, settings).
    Internal(String),
}

impl From<VerifyError> for EdgeError {
    fn from(e: VerifyError) -> Self {
        EdgeError::Verify(e)
    }
}

impl From<BodyError> for EdgeError {
    fn from(e: BodyError) -> Self {
        EdgeError::Body(e)
    }
}

impl From<worker::Error> for EdgeError {
    fn from(e: worker::Error) -> Self {
        EdgeError::Internal(e.to_string())
    }
}

impl EdgeError {
    /// The HTTP answer: status, stable code, zh/en message, `Retry-After` when locked out.
    pub fn into_response(self) -> worker::Result<Response> {
        let plain = |status: u16, code: &str, zh: &str, en: &str| json(status, &ErrorBody::new(code, zh, en));
        match self {
            EdgeError::NotFound => plain(404, "not_found", "没有这个接口。", "No such API route."),
            EdgeError::MethodNotAllowed => {
                plain(405, "method_not_allowed", "该接口不支持此请求方式。", "This route does not accept that method.")
            }
            EdgeError::Body(e) => e.into_response(),
            EdgeError::Verify(e) => {
                match &e {
                    VerifyError::Attest { error, .. } => {
                        worker::console_log!("attestation refused: {} ({error})", error.code())
                    }
                    VerifyError::Liveness { verdict, .. } => {
                        let codes: Vec<String> = verdict.reasons.iter().map(|r| r.code()).collect();
                        worker::console_log!("liveness refused: {}", codes.join(","));
                    }
                    VerifyError::Backend(b) => worker::console_log!("backend failed: {b}"),
                    _ => {}
                }
                let answer = e.answer();
                let mut resp = json(answer.status, &answer.body)?;
                if let Some(s) = answer.retry_after_s {
                    resp.headers_mut().set("retry-after", &s.to_string())?;
                }
                Ok(resp)
            }
            EdgeError::CrossSite => plain(
                403,
                "cross_site_request",
                "请求来自其他网站，已拒绝。",
                "The request came from another site's page and was refused.",
            ),
            EdgeError::CoreUnavailable => plain(
                503,
                "service_unavailable",
                "系统暂时无法办理，请稍后再试。",
                "The service is temporarily unavailable; please try again later.",
            ),
            EdgeError::Internal(detail) => {
                worker::console_log!("edge internal error: {detail}");
                plain(500, "internal_error", "系统内部错误，请稍后再试。", "Internal error; please try again later.")
            }
        }
    }
}
