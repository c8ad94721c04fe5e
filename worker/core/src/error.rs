//! The core Worker's one error type, and the one place it becomes an HTTP answer.

use worker::Response;

use wangban_attest::api::{ErrorBody, ErrorDetail, Refusal};
use wangban_decision::DecisionError;
use wangban_worker_shared::http::{BodyError, json};

/// Every way a core route fails.
#[derive(Debug)]
#[non_exhaustive]
pub enum CoreError {
    /// No such internal route.
    NotFound,
    /// Not signed in as an officer.
    Unauthorized,
    /// The body could not be read as the route's JSON.
    Body(BodyError),
    /// The decision core refused or a backend failed.
    Decision(DecisionError),
    /// The runtime failed (bindings, secrets, storage calls).
    Internal(String),
}

impl From<DecisionError> for CoreError {
    fn from(e: DecisionError) -> Self {
        CoreError::Decision(e)
    }
}

impl From<BodyError> for CoreError {
    fn from(e: BodyError) -> Self {
        CoreError::Body(e)
    }
}

impl From<worker::Error> for CoreError {
    fn from(e: worker::Error) -> Self {
        CoreError::Internal(e.to_string())
    }
}

impl CoreError {
    /// The HTTP answer: status, stable code, zh/en message (and what to do next for a face
    /// the core refused).
    pub fn into_response(self) -> worker::Result<Response> {
        let plain = |status: u16, code: &str, zh: &str, en: &str| json(status, &ErrorBody::new(code, zh, en));
        match self {
            CoreError::NotFound => plain(404, "not_found", "没有这个接口。", "No such route."),
            CoreError::Unauthorized => {
                plain(401, "unauthorized", "请先以审核民警身份登录。", "Sign in as a reviewing officer first.")
            }
            CoreError::Body(e) => e.into_response(),
            CoreError::Decision(e) => {
                if matches!(e, DecisionError::StoreUnavailable(_) | DecisionError::AuditUnavailable(_)) {
                    worker::console_log!("core error: {e}");
                }
                let (zh, en) = e.messages();
                if let DecisionError::TooManySignIns { retry_after_s } = e {
                    let mut resp = plain(429, e.code(), zh, en)?;
                    resp.headers_mut().set("retry-after", &retry_after_s.to_string())?;
                    return Ok(resp);
                }
                match e.next_step() {
                    Some((outcome, guidance)) => json(
                        e.http_status(),
                        &Refusal {
                            error: ErrorDetail { code: e.code().into(), message_zh: zh.into(), message_en: en.into() },
                            outcome: outcome.into(),
                            guidance,
                        },
                    ),
                    None => plain(e.http_status(), e.code(), zh, en),
                }
            }
            CoreError::Internal(detail) => {
                worker::console_log!("core internal error: {detail}");
                plain(500, "internal_error", "系统内部错误，请稍后再试。", "Internal error; please try again later.")
            }
        }
    }
}
