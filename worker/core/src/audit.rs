//! The audit log as one Durable Object: appends are serialised there, so the hash chain has a
//! single order. Each append computes the next entry from the stored head; the head sequence is
//! kept apart from the entries so cutting entries off the end is detected too.

use serde::{Deserialize, Serialize};
use worker::{DurableObject, Env, Method, Request, Response, Result, State, durable_object};

use wangban_decision::audit::AuditEntry;

#[derive(Serialize, Deserialize)]
pub struct Append {
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub detail: String,
}

/// All entries and the head the log recorded, for verification.
#[derive(Serialize, Deserialize)]
pub struct Log {
    pub head: u64,
    pub entries: Vec<AuditEntry>,
}

#[durable_object]
pub struct AuditLog {
    state: State,
}

#[derive(Deserialize)]
struct Row {
    seq: i64,
    at_ms: i64,
    actor: String,
    action: String,
    subject: String,
    detail: String,
    prev: String,
    hash: String,
}

impl From<Row> for AuditEntry {
    fn from(r: Row) -> Self {
        AuditEntry {
            seq: r.seq as u64,
            at_ms: r.at_ms as u64,
            actor: r.actor,
            action: r.action,
            subject: r.subject,
            detail: r.detail,
            prev: r.prev,
            hash: r.hash,
        }
    }
}

impl AuditLog {
    fn init(&self) -> Result<()> {
        let sql = self.state.storage().sql();
        sql.exec(
            "CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, at_ms INTEGER, actor TEXT, action TEXT, subject TEXT, detail TEXT, prev TEXT, hash TEXT)",
            None,
        )?;
        sql.exec("CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER)", None)?;
        Ok(())
    }

    fn last(&self) -> Result<Option<AuditEntry>> {
        let rows: Vec<Row> =
            self.state.storage().sql().exec("SELECT * FROM entries ORDER BY seq DESC LIMIT 1", None)?.to_array()?;
        Ok(rows.into_iter().next().map(Into::into))
    }
}

impl DurableObject for AuditLog {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.init()?;
        let sql = self.state.storage().sql();
        if req.method() == Method::Post {
            let appends: Vec<Append> = req.json().await?;
            let mut last = self.last()?;
            for a in appends {
                let e = AuditEntry::next(
                    last.as_ref(),
                    worker::Date::now().as_millis(),
                    &a.actor,
                    &a.action,
                    &a.subject,
                    &a.detail,
                );
                sql.exec(
                    "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    vec![
                        (e.seq as i64).into(),
                        (e.at_ms as i64).into(),
                        e.actor.clone().into(),
                        e.action.clone().into(),
                        e.subject.clone().into(),
                        e.detail.clone().into(),
                        e.prev.clone().into(),
                        e.hash.clone().into(),
                    ],
                )?;
                sql.exec("INSERT OR REPLACE INTO head VALUES (1, ?)", vec![(e.seq as i64).into()])?;
                last = Some(e);
            }
            return Response::ok("appended");
        }
        #[derive(Deserialize)]
        struct Head {
            seq: i64,
        }
        let head: Vec<Head> = sql.exec("SELECT seq FROM head WHERE id = 1", None)?.to_array()?;
        let rows: Vec<Row> = sql.exec("SELECT * FROM entries ORDER BY seq", None)?.to_array()?;
        Response::from_json(&Log {
            head: head.first().map_or(0, |h| h.seq as u64),
            entries: rows.into_iter().map(Into::into).collect(),
        })
    }
}

/// Appends entries (in order) to the one audit log.
pub async fn append(env: &Env, entries: &[Append]) -> Result<()> {
    let stub = env.durable_object("AUDIT")?.id_from_name("audit")?.get_stub()?;
    let init = worker::RequestInit::new();
    let mut init = init;
    init.with_method(Method::Post)
        .with_body(Some(serde_json::to_string(entries).map_err(|e| worker::Error::RustError(e.to_string()))?.into()));
    let resp = stub.fetch_with_request(Request::new_with_init("https://audit/append", &init)?).await?;
    if resp.status_code() != 200 {
        return Err(worker::Error::RustError(format!("audit append answered {}", resp.status_code())));
    }
    Ok(())
}

pub async fn read(env: &Env) -> Result<Log> {
    let stub = env.durable_object("AUDIT")?.id_from_name("audit")?.get_stub()?;
    stub.fetch_with_str("https://audit/entries").await?.json().await
}
