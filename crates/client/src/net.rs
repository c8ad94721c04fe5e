//! Fetching bytes and JSON from the edge Worker.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Request, RequestInit, Response};

use wangban_attest::api::ErrorBody;

/// A failed call, as the page shows it: the server's typed error body (`error`, and for
/// refused verifications `outcome` and `guidance`), or a network failure.
#[derive(Debug, serde::Serialize)]
pub struct CallError {
    pub status: u16,
    #[serde(flatten)]
    pub body: serde_json::Map<String, serde_json::Value>,
}

impl CallError {
    fn network(detail: &str) -> Self {
        web_sys::console::warn_1(&format!("network error: {detail}").into());
        let body = ErrorBody::new(
            "network_error",
            "网络连接失败，请检查网络后重试。",
            "Network error; check your connection and try again.",
        );
        CallError {
            status: 0,
            body: serde_json::to_value(body).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default(),
        }
    }
}

async fn fetch(request: &Request) -> Result<Response, CallError> {
    let window = web_sys::window().ok_or_else(|| CallError::network("no window"))?;
    let resp =
        JsFuture::from(window.fetch_with_request(request)).await.map_err(|e| CallError::network(&format!("{e:?}")))?;
    Ok(resp.unchecked_into())
}

async fn body_bytes(resp: &Response) -> Result<Vec<u8>, CallError> {
    let buf = JsFuture::from(resp.array_buffer().map_err(|e| CallError::network(&format!("{e:?}")))?)
        .await
        .map_err(|e| CallError::network(&format!("{e:?}")))?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// GETs a static file (a model) as bytes.
pub async fn get_bytes(url: &str) -> Result<Vec<u8>, CallError> {
    let request = Request::new_with_str(url).map_err(|e| CallError::network(&format!("{e:?}")))?;
    let resp = fetch(&request).await?;
    if !resp.ok() {
        return Err(CallError::network(&format!("{url}: HTTP {}", resp.status())));
    }
    body_bytes(&resp).await
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// The browser's Compression Streams API (web-sys has it behind an unstable flag only).
    type CompressionStream;
    #[wasm_bindgen(constructor)]
    fn new(format: &str) -> CompressionStream;
}

/// `payload` compressed by the browser's own zlib ("deflate"): the reading's crops travel as
/// base64 inside the JSON, which deflate takes back to about their binary size.
async fn deflate(payload: &str) -> Result<js_sys::Uint8Array, JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(payload));
    let blob = web_sys::Blob::new_with_str_sequence(&parts)?;
    let pair: web_sys::ReadableWritablePair = CompressionStream::new("deflate").unchecked_into();
    let compressed = blob.stream().pipe_through(&pair);
    let resp = Response::new_with_opt_readable_stream(Some(&compressed))?;
    Ok(js_sys::Uint8Array::new(&JsFuture::from(resp.array_buffer()?).await?))
}

/// POSTs JSON and decodes the JSON answer, or the typed error body.
pub async fn post_json<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, CallError> {
    post(url, body, false).await
}

/// [`post_json`] with the body deflated (`application/zlib`; the edge inflates it within the
/// same limit): for the submission, whose size residents on slow links feel.
pub async fn post_json_deflated<B: Serialize, T: DeserializeOwned>(url: &str, body: &B) -> Result<T, CallError> {
    post(url, body, true).await
}

async fn post<B: Serialize, T: DeserializeOwned>(url: &str, body: &B, deflated: bool) -> Result<T, CallError> {
    let payload = serde_json::to_string(body).map_err(|e| CallError::network(&e.to_string()))?;
    let init = RequestInit::new();
    init.set_method("POST");
    let content_type = if deflated {
        let deflated = deflate(&payload).await.map_err(|e| CallError::network(&format!("deflate: {e:?}")))?;
        init.set_body(&deflated.into());
        "application/zlib"
    } else {
        init.set_body(&JsValue::from_str(&payload));
        "application/json"
    };
    let request = Request::new_with_str_and_init(url, &init).map_err(|e| CallError::network(&format!("{e:?}")))?;
    request.headers().set("content-type", content_type).map_err(|e| CallError::network(&format!("{e:?}")))?;
    let resp = fetch(&request).await?;
    let status = resp.status();
    let bytes = body_bytes(&resp).await?;
    if resp.ok() {
        serde_json::from_slice(&bytes).map_err(|e| CallError::network(&e.to_string()))
    } else {
        match serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&bytes) {
            Ok(body) if body.contains_key("error") => Err(CallError { status, body }),
            _ => Err(CallError::network(&format!("{url}: HTTP {status} without an error body"))),
        }
    }
}
