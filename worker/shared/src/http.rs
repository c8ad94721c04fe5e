//! JSON in and out, and the error body every route answers with.

use serde::Serialize;
use serde::de::DeserializeOwned;
use worker::{Request, Response};

use wangban_attest::api::ErrorBody;

/// A JSON response that no cache keeps (case data, challenges, errors), with the headers that
/// keep a browser from sniffing it as a page or framing it (the pages' own are `www/_headers`).
pub fn json<T: Serialize>(status: u16, value: &T) -> worker::Result<Response> {
    let mut resp = Response::from_json(value)?.with_status(status);
    let headers = resp.headers_mut();
    headers.set("cache-control", "no-store")?;
    headers.set("x-content-type-options", "nosniff")?;
    headers.set("referrer-policy", "no-referrer")?;
    headers.set("content-security-policy", "default-src 'none'; frame-ancestors 'none'")?;
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

/// What of a body past its limit is still read (and dropped) so that the answer comes after the
/// request has ended: an answer given mid-upload breaks the connection for the sender, and, in
/// the local runtime, for the next request too. Past this, reading stops.
const DRAIN_BYTES: usize = 8 * 1024 * 1024;

/// Reads a body of at most `limit` bytes: refused up front if its declared length is larger,
/// and as it streams in otherwise (a chunked body declares none). No more than the limit and one
/// chunk is ever held; the rest is read and dropped up to [`DRAIN_BYTES`], then abandoned.
pub async fn read_bytes(req: &mut Request, limit: usize) -> Result<Vec<u8>, BodyError> {
    use futures_util::StreamExt;
    let declared = req.headers().get("content-length").ok().flatten().and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return Err(BodyError::TooLarge);
    }
    let Ok(mut stream) = req.stream() else {
        return Ok(Vec::new()); // no body
    };
    let mut bytes = Vec::with_capacity(declared.unwrap_or(0));
    let mut dropped = 0usize;
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| BodyError::Malformed(e.to_string()))?;
        if dropped > 0 || bytes.len() + chunk.len() > limit {
            dropped += chunk.len();
            if dropped > DRAIN_BYTES {
                break;
            }
        } else {
            bytes.extend_from_slice(&chunk);
        }
    }
    if dropped > 0 {
        return Err(BodyError::TooLarge);
    }
    Ok(bytes)
}

/// Reads a JSON body of at most `limit` bytes.
pub async fn read_json<T: DeserializeOwned>(req: &mut Request, limit: usize) -> Result<T, BodyError> {
    let bytes = read_bytes(req, limit).await?;
    serde_json::from_slice(&bytes).map_err(|e| BodyError::Malformed(e.to_string()))
}
