//! JSON in and out, and the error body every route answers with.

use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Request, Response};

use wangban_attest::api::ErrorBody;

/// A JSON response that no cache keeps (case data, challenges, errors).
pub fn json<T: Serialize>(status: u16, value: &T) -> worker::Result<Response> {
    let mut resp = Response::from_json(value)?.with_status(status);
    resp.headers_mut().set("cache-control", "no-store")?;
    Ok(resp)
}

/// Why a body could not be read.
#[derive(Debug)]
#[non_exhaustive]
pub enum BodyError {
    /// Larger than the route accepts.
    TooLarge,
    /// Not the JSON the route expects.
    Malformed(String),
}

impl BodyError {
    /// The HTTP answer.
    pub fn into_response(self) -> worker::Result<Response> {
        let error = |status: u16, code: &str, zh: &str, en: &str| json(status, &ErrorBody::new(code, zh, en));
        match self {
            BodyError::TooLarge => {
                error(413, "payload_too_large", "提交的数据过大。", "The request body is too large.")
            }
            BodyError::Malformed(_) => error(
                400,
                "malformed_request",
                "提交的数据格式不正确。",
                "The request body is not valid for this route.",
            ),
        }
    }
}

/// Reads a body of at most `limit` bytes (checked before and after reading).
pub async fn read_bytes(req: &mut Request, limit: usize) -> Result<Vec<u8>, BodyError> {
    let declared = req.headers().get("content-length").ok().flatten().and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge);
    }
    let bytes = req.bytes().await.map_err(|e| BodyError::Malformed(e.to_string()))?;
    if bytes.len() > limit {
        return Err(BodyError::TooLarge);
    }
    Ok(bytes)
}

/// Reads a JSON body of at most `limit` bytes.
pub async fn read_json<T: DeserializeOwned>(req: &mut Request, limit: usize) -> Result<T, BodyError> {
    let bytes = read_bytes(req, limit).await?;
    serde_json::from_slice(&bytes).map_err(|e| BodyError::Malformed(e.to_string()))
}
