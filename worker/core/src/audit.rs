//! The audit log as one Durable Object: appends are serialised there, so the hash chain has a
//! single order. Each append computes the next entry from the stored head; the head sequence is
//! kept apart from the entries so cutting entries off the end is detected too. A record with a
//! key the log already holds is skipped, so a retried flush never duplicates an entry.

use serde::Deserialize;
use worker::{DurableObject, Env, Method, Request, Response, Result, State, durable_object};

use wangban_decision::DecisionError;
use wangban_decision::audit::{AuditEntry, AuditLog as AppendLog, AuditRecord, Page, PageQuery};

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

/// An append as the Worker sends it to the object.
#[derive(serde::Serialize, Deserialize)]
struct Append {
    at_ms: u64,
    records: Vec<AuditRecord>,
}

impl AuditLog {
    fn init(&self) -> Result<()> {
        let sql = self.state.storage().sql();
        sql.exec(
            "CREATE TABLE IF NOT EXISTS entries (seq INTEGER PRIMARY KEY, at_ms INTEGER, actor TEXT, action TEXT, subject TEXT, detail TEXT, prev TEXT, hash TEXT)",
            None,
        )?;
        sql.exec("CREATE TABLE IF NOT EXISTS head (id INTEGER PRIMARY KEY CHECK (id = 1), seq INTEGER)", None)?;
        sql.exec("CREATE TABLE IF NOT EXISTS keys (key TEXT PRIMARY KEY, seq INTEGER)", None)?;
        Ok(())
    }

    fn last(&self) -> Result<Option<AuditEntry>> {
        let rows: Vec<Row> =
            self.state.storage().sql().exec("SELECT * FROM entries ORDER BY seq DESC LIMIT 1", None)?.to_array()?;
        Ok(rows.into_iter().next().map(Into::into))
    }

    fn has_key(&self, key: &str) -> Result<bool> {
        #[derive(Deserialize)]
        struct Seq {
            #[allow(dead_code, reason = "only its presence matters")]
            seq: i64,
        }
        let rows: Vec<Seq> =
            self.state.storage().sql().exec("SELECT seq FROM keys WHERE key = ?", vec![key.into()])?.to_array()?;
        Ok(!rows.is_empty())
    }

    fn append(&self, append: Append) -> Result<()> {
        let sql = self.state.storage().sql();
        let mut last = self.last()?;
        for r in append.records {
            if let Some(key) = &r.key
                && self.has_key(key)?
            {
                continue;
            }
            let e = AuditEntry::next(last.as_ref(), append.at_ms, &r.actor, &r.action, &r.subject, &r.detail);
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
            if let Some(key) = r.key {
                sql.exec("INSERT INTO keys VALUES (?, ?)", vec![key.into(), (e.seq as i64).into()])?;
            }
            sql.exec("INSERT OR REPLACE INTO head VALUES (1, ?)", vec![(e.seq as i64).into()])?;
            last = Some(e);
        }
        Ok(())
    }
}

impl DurableObject for AuditLog {
    fn new(state: State, _env: Env) -> Self {
        Self { state }
    }

    async fn fetch(&self, mut req: Request) -> Result<Response> {
        self.init()?;
        if req.method() == Method::Post {
            // One request runs at a time and the appends above make no outside call, so the
            // whole batch is written atomically.
            self.append(req.json().await?)?;
            return Response::ok("appended");
        }
        #[derive(Deserialize)]
        struct Head {
            seq: i64,
        }
        // The Worker checked the query; a page is one bounded read (L11).
        let query =
            PageQuery::parse(req.url()?.query().unwrap_or("")).map_err(|e| worker::Error::RustError(e.to_string()))?;
        let sql = self.state.storage().sql();
        let head: Vec<Head> = sql.exec("SELECT seq FROM head WHERE id = 1", None)?.to_array()?;
        // The anchor (the entry `after`) and the page after it.
        let rows: Vec<Row> = sql
            .exec(
                "SELECT * FROM entries WHERE seq >= ? ORDER BY seq LIMIT ?",
                vec![(query.after as i64).into(), ((query.limit + 1) as i64).into()],
            )?
            .to_array()?;
        let mut entries: Vec<AuditEntry> = rows.into_iter().map(Into::into).collect();
        let anchor = match entries.first() {
            Some(first) if query.after > 0 && first.seq == query.after => Some(entries.remove(0)),
            _ => None,
        };
        entries.truncate(query.limit as usize);
        Response::from_json(&Page::of(head.first().map_or(0, |h| h.seq as u64), query, anchor, entries))
    }
}

/// The one audit log, reached from the Worker.
pub struct DoAuditLog {
    pub env: Env,
}

fn unavailable(e: impl std::fmt::Display) -> DecisionError {
    DecisionError::AuditUnavailable(e.to_string())
}

fn stub(env: &Env) -> Result<worker::Stub> {
    env.durable_object("AUDIT")?.id_from_name("audit")?.get_stub()
}

impl AppendLog for DoAuditLog {
    async fn append(&self, records: &[AuditRecord], now_ms: u64) -> std::result::Result<(), DecisionError> {
        let body = serde_json::to_string(&Append { at_ms: now_ms, records: records.to_vec() }).map_err(unavailable)?;
        let mut init = worker::RequestInit::new();
        init.with_method(Method::Post).with_body(Some(body.into()));
        let request = Request::new_with_init("https://audit/append", &init).map_err(unavailable)?;
        let resp = stub(&self.env).map_err(unavailable)?.fetch_with_request(request).await.map_err(unavailable)?;
        if resp.status_code() != 200 {
            return Err(unavailable(format!("audit append answered {}", resp.status_code())));
        }
        Ok(())
    }
}

/// One page of the log with its recorded head and the page's check.
pub async fn read(env: &Env, query: PageQuery) -> Result<Page> {
    let url = format!("https://audit/entries?after={}&limit={}", query.after, query.limit);
    stub(env)?.fetch_with_str(&url).await?.json().await
}
