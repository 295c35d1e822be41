//! The results store: one schema, two real backends. SQLite (embedded, the default, one file on
//! the station) and PostgreSQL (one server for a lab of stations). The domain code here is written
//! once over the small [`Db`] trait each backend implements.

mod postgres;
mod schema;
mod sqlite;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{CallResult, CallStatus};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("results store {place}: {message}")]
    Db { place: String, message: String },
    #[error("results store {place}: a saved result does not read back ({message}); was it written by a newer callsim?")]
    Corrupt { place: String, message: String },
}

/// A value bound to a statement's `$n` placeholder.
#[derive(Debug, Clone)]
pub enum Value {
    Text(Option<String>),
    Int(Option<i64>),
}

fn text(s: impl Into<String>) -> Value {
    Value::Text(Some(s.into()))
}

fn opt_text(s: Option<&str>) -> Value {
    Value::Text(s.map(str::to_string))
}

fn int(i: i64) -> Value {
    Value::Int(Some(i))
}

/// What a backend does: statements in one transaction, one text column read back, the schema
/// brought up to date under a lock other processes respect.
pub(crate) trait Db: Send {
    fn batch(&mut self, statements: &[(&str, Vec<Value>)]) -> Result<(), String>;
    fn texts(&mut self, sql: &str, params: &[Value]) -> Result<Vec<String>, String>;
    fn migrate(&mut self, migrations: &[(i64, &str)]) -> Result<(), String>;
}

/// A certification attempt: saved when it starts, so a crash leaves it marked interrupted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Attempt {
    pub id: String,
    pub trainee: String,
    pub station: String,
    pub pid: u32,
    pub plan_title: String,
    pub plan_sha256: String,
    pub started_at: String,
    pub ended_at: Option<String>,
    pub status: CallStatus,
    pub passed: bool,
    /// The signed result file.
    pub result_path: Option<String>,
    /// One line: how many calls passed, the rule.
    pub summary: String,
}

/// Which calls a report is about.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub trainee: Option<String>,
    pub scenario: Option<String>,
    /// RFC 3339 or a date (`2026-12-01`): calls started at or after it.
    pub since: Option<String>,
    /// Only calls in this state (recovery looks for those left in progress).
    pub status: Option<CallStatus>,
}

pub struct Store {
    db: Box<dyn Db>,
    place: String,
    key_dir: PathBuf,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.place)
    }
}

/// The store named by `--store`, else `$CALLSIM_STORE`, else `results.sqlite3` in the station's
/// folder. `postgres://…` (or `postgresql://…`) is a PostgreSQL server; anything else a SQLite file.
pub fn open(spec: Option<&str>) -> Result<Store, StoreError> {
    let spec = spec
        .map(str::to_string)
        .or_else(|| std::env::var("CALLSIM_STORE").ok().filter(|s| !s.trim().is_empty()))
        .unwrap_or_else(|| super::station::home().join("results.sqlite3").display().to_string());
    if spec.starts_with("postgres://") || spec.starts_with("postgresql://") {
        let place = redact(&spec);
        let db =
            postgres::Postgres::connect(&spec).map_err(|message| StoreError::Db { place: place.clone(), message })?;
        Store::new(Box::new(db), place, super::station::home())
    } else {
        let path = PathBuf::from(&spec);
        let place = path.display().to_string();
        let db = sqlite::Sqlite::open(&path).map_err(|message| StoreError::Db { place: place.clone(), message })?;
        let key_dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new(".")).to_path_buf();
        Store::new(Box::new(db), place, key_dir)
    }
}

/// A connection string without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!("{}{user}:…@{}", &url[..s + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

impl Store {
    fn new(mut db: Box<dyn Db>, place: String, key_dir: PathBuf) -> Result<Store, StoreError> {
        db.migrate(schema::MIGRATIONS).map_err(|message| StoreError::Db { place: place.clone(), message })?;
        Ok(Store { db, place, key_dir })
    }

    /// Where the store is (a file, or the server without its password).
    pub fn place(&self) -> &str {
        &self.place
    }

    /// Where the station's signing key lives: beside a SQLite store, in the station's folder for
    /// a server.
    pub fn key_dir(&self) -> &Path {
        &self.key_dir
    }

    fn err(&self, message: String) -> StoreError {
        StoreError::Db { place: self.place.clone(), message }
    }

    /// Saves a call: inserted the first time, replaced by its id after (a call is stored once).
    pub fn save_call(&mut self, call: &CallResult) -> Result<(), StoreError> {
        let body = serde_json::to_string(call).map_err(|e| self.err(e.to_string()))?;
        let card = call.scorecard.as_ref();
        let dim = |d| Value::Int(call.dimension(d).map(i64::from));
        let params = vec![
            text(&call.id),
            text(&call.trainee),
            text(&call.station),
            int(i64::from(call.pid)),
            text(&call.scenario_id),
            text(&call.scenario_sha256),
            int(call.seed as i64),
            text(call.mode.as_str()),
            text(call.status.as_str()),
            text(&call.started_at),
            opt_text(call.ended_at.as_deref()),
            Value::Int(call.total().map(i64::from)),
            int(i64::from(call.passed())),
            text(call.verdict()),
            Value::Text(card.and_then(|c| c.outcome).map(|o| format!("{o:?}"))),
            dim(crate::grade::Dimension::Listening),
            dim(crate::grade::Dimension::Expectations),
            dim(crate::grade::Dimension::Escalation),
            dim(crate::grade::Dimension::Courtesy),
            dim(crate::grade::Dimension::Accuracy),
            Value::Text(card.map(|c| c.auto_fails.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(","))),
            text(&call.rubric),
            text(&call.record_path),
            opt_text(call.certification.as_deref()),
            text(body),
        ];
        let mut statements = vec![(schema::UPSERT_CALL, params), (schema::DELETE_CRITERIA, vec![text(&call.id)])];
        // A scenario's key points share one id, so a criterion's place in the card is its key.
        for (i, c) in card.map(|c| c.criteria.as_slice()).unwrap_or_default().iter().enumerate() {
            statements.push((
                schema::INSERT_CRITERION,
                vec![
                    text(&call.id),
                    int(i as i64),
                    text(&c.id),
                    text(format!("{:?}", c.dimension)),
                    text(format!("{:?}", c.status)),
                    int(i64::from(c.weight)),
                ],
            ));
        }
        self.db.batch(&statements).map_err(|m| self.err(m))
    }

    /// The calls the filter picks, oldest first.
    pub fn calls(&mut self, filter: &Filter) -> Result<Vec<CallResult>, StoreError> {
        let mut sql = String::from("SELECT body FROM calls WHERE 1 = 1");
        let mut params = Vec::new();
        let mut add = |column: &str, op: &str, value: String, params: &mut Vec<Value>| {
            params.push(text(value));
            sql.push_str(&format!(" AND {column} {op} ${}", params.len()));
        };
        if let Some(t) = &filter.trainee {
            add("trainee", "=", t.clone(), &mut params);
        }
        if let Some(s) = &filter.scenario {
            add("scenario_id", "=", s.clone(), &mut params);
        }
        if let Some(s) = &filter.since {
            add("started_at", ">=", s.clone(), &mut params);
        }
        if let Some(s) = filter.status {
            add("status", "=", s.as_str().to_string(), &mut params);
        }
        sql.push_str(" ORDER BY started_at, id");
        self.bodies(&sql, &params)
    }

    /// The `body` column of each row, read back as what was saved.
    fn bodies<T: serde::de::DeserializeOwned>(&mut self, sql: &str, params: &[Value]) -> Result<Vec<T>, StoreError> {
        let rows = self.db.texts(sql, params).map_err(|m| self.err(m))?;
        rows.iter()
            .map(|b| {
                serde_json::from_str(b)
                    .map_err(|e| StoreError::Corrupt { place: self.place.clone(), message: e.to_string() })
            })
            .collect()
    }

    pub fn save_attempt(&mut self, a: &Attempt) -> Result<(), StoreError> {
        let body = serde_json::to_string(a).map_err(|e| self.err(e.to_string()))?;
        let params = vec![
            text(&a.id),
            text(&a.trainee),
            text(&a.station),
            text(&a.plan_title),
            text(&a.plan_sha256),
            text(a.status.as_str()),
            text(&a.started_at),
            int(i64::from(a.passed)),
            text(body),
        ];
        self.db.batch(&[(schema::UPSERT_ATTEMPT, params)]).map_err(|m| self.err(m))
    }

    /// Certification attempts, oldest first: a trainee's (all when `None`), on one plan when given.
    pub fn attempts(&mut self, trainee: Option<&str>, plan_sha256: Option<&str>) -> Result<Vec<Attempt>, StoreError> {
        self.bodies(
            "SELECT body FROM attempts WHERE (CAST($1 AS TEXT) IS NULL OR trainee = $1) AND (CAST($2 AS TEXT) IS NULL OR plan_sha256 = $2) ORDER BY started_at, id",
            &[opt_text(trainee), opt_text(plan_sha256)],
        )
    }

    /// Attempts still marked in progress (a running one, or one a crash left).
    pub fn open_attempts(&mut self) -> Result<Vec<Attempt>, StoreError> {
        self.bodies(
            "SELECT body FROM attempts WHERE status = $1 ORDER BY started_at, id",
            &[text(CallStatus::InProgress.as_str())],
        )
    }
}
