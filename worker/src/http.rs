//! JSON in, JSON out, and the edge's typed errors.

use serde::de::DeserializeOwned;
use worker::{Request, Response};

use wangban_attest::api::ErrorBody;

/// Every refusal of the edge, with its HTTP status and stable machine code.
#[derive(Debug)]
#[non_exhaustive]
pub enum ApiError {
    /// No such API route.
    NotFound,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// The body is larger than the route accepts.
    TooLarge,
    /// The body is not the JSON the route expects.
    MalformedJson(String),
    /// The core Worker refused; its answer is passed through as is.
    Upstream { status: u16, body: serde_json::Value },
    /// The core Worker could not be reached or answered nonsense.
    CoreUnavailable,
    /// Too many failed verifications for this identity number or address: cool down.
    LockedOut { retry_after_s: u64 },
    /// Anything else that went wrong inside the Worker.
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (u16, serde_json::Value) {
        let (status, body) = self.typed();
        (status, serde_json::to_value(body).unwrap_or_default())
    }

    fn typed(&self) -> (u16, ErrorBody) {
        let body = |code, zh, en| ErrorBody::new(code, zh, en);
        match self {
            ApiError::NotFound => (404, body("not_found", "没有这个接口。", "No such API route.")),
            ApiError::MethodNotAllowed => {
                (405, body("method_not_allowed", "该接口不支持此请求方式。", "This route does not accept that method."))
            }
            ApiError::TooLarge => {
                (413, body("payload_too_large", "提交的数据过大。", "The request body is too large."))
            }
            ApiError::MalformedJson(_) => (
                400,
                body("malformed_request", "提交的数据格式不正确。", "The request body is not valid for this route."),
            ),
            ApiError::Upstream { status, .. } => (*status, body("upstream", "", "")),
            ApiError::CoreUnavailable => (
                503,
                body(
                    "service_unavailable",
                    "系统暂时无法办理，请稍后再试。",
                    "The service is temporarily unavailable; please try again later.",
                ),
            ),
            ApiError::LockedOut { .. } => (
                429,
                body(
                    "too_many_attempts",
                    "核验失败次数过多，请稍后再试，或携带身份证到窗口办理。",
                    "Too many failed attempts: try again later, or bring your identity card to a service counter.",
                ),
            ),
            ApiError::Internal(_) => {
                (500, body("internal_error", "系统内部错误，请稍后再试。", "Internal error; please try again later."))
            }
        }
    }

    pub fn into_response(self) -> worker::Result<Response> {
        if let ApiError::MalformedJson(detail) | ApiError::Internal(detail) = &self {
            worker::console_log!("api error: {detail}");
        }
        let (status, body) = match &self {
            ApiError::Upstream { status, body } => (*status, body.clone()),
            other => other.parts(),
        };
        let mut resp = json(status, &body)?;
        if let ApiError::LockedOut { retry_after_s } = self {
            resp.headers_mut().set("retry-after", &retry_after_s.to_string())?;
        }
        Ok(resp)
    }
}

impl From<worker::Error> for ApiError {
    fn from(e: worker::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}

impl From<wangban_worker_shared::models::ModelError> for ApiError {
    fn from(e: wangban_worker_shared::models::ModelError) -> Self {
        ApiError::Internal(e.0)
    }
}

pub use wangban_worker_shared::http::json;

/// Reads a JSON body of at most `limit` bytes.
pub async fn read_json<T: DeserializeOwned>(req: &mut Request, limit: usize) -> Result<T, ApiError> {
    use wangban_worker_shared::http::BodyError;
    wangban_worker_shared::http::read_json(req, limit).await.map_err(|e| match e {
        BodyError::TooLarge => ApiError::TooLarge,
        BodyError::Malformed(m) => ApiError::MalformedJson(m),
    })
}
