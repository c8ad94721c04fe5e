//! The decision-core Worker. It has no public route: the edge Worker reaches it through a
//! service binding, and only it holds the registry.
//!
//! # Layout
//! - `lib.rs`: routing of the internal API (`/internal/v1/*`) and its typed errors.

use worker::{Context, Env, Method, Request, Response, Result, event};

use wangban_attest::api::{ErrorBody, Precheck, ServiceSummary};
use wangban_decision::{Catalogue, DecisionError, IdNumber};

const MAX_INTERNAL_BODY_BYTES: usize = 64 * 1024;

#[event(fetch)]
async fn fetch(mut req: Request, _env: Env, _ctx: Context) -> Result<Response> {
    let answer = match (req.method(), req.path().as_str()) {
        (Method::Post, "/internal/v1/precheck") => match read_json::<Precheck>(&mut req).await {
            Ok(body) => precheck(&body),
            Err(refusal) => Err(refusal),
        },
        _ => Err((404, ErrorBody::new("not_found", "没有这个接口。", "No such route."))),
    };
    match answer {
        Ok(summary) => Response::from_json(&summary),
        Err((status, body)) => Ok(Response::from_json(&body)?.with_status(status)),
    }
}

/// A refusal: HTTP status and the typed error body.
type Refusal = (u16, ErrorBody);

fn precheck(body: &Precheck) -> std::result::Result<ServiceSummary, Refusal> {
    let catalogue = Catalogue::builtin();
    let service = catalogue.service(&body.service).map_err(|e| decision_error(&e))?;
    IdNumber::parse(&body.id_number).map_err(|e| decision_error(&e))?;
    Ok(ServiceSummary {
        code: service.code.clone(),
        name_zh: service.name_zh.clone(),
        name_en: service.name_en.clone(),
    })
}

fn decision_error(e: &DecisionError) -> Refusal {
    let (status, zh, en) = match e {
        DecisionError::InvalidIdNumber(_) => {
            (422, "身份证号码不正确，请核对后重新输入。", "The identity number is not valid; please check it.")
        }
        DecisionError::UnknownService(_) => (404, "没有这项业务。", "No such service."),
        _ => (500, "系统内部错误。", "Internal error."),
    };
    (status, ErrorBody::new(e.code(), zh, en))
}

async fn read_json<T: serde::de::DeserializeOwned>(req: &mut Request) -> std::result::Result<T, Refusal> {
    let bad = || (400, ErrorBody::new("malformed_request", "提交的数据格式不正确。", "The request body is not valid."));
    let bytes = req.bytes().await.map_err(|_| bad())?;
    if bytes.len() > MAX_INTERNAL_BODY_BYTES {
        return Err((413, ErrorBody::new("payload_too_large", "提交的数据过大。", "The request body is too large.")));
    }
    serde_json::from_slice(&bytes).map_err(|_| bad())
}
