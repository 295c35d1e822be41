//! The PostgreSQL backend: the lab's stations share one server. Same schema as SQLite;
//! migrations run under an advisory lock so stations starting together apply each once.

use postgres::types::ToSql;
use postgres::{Client, NoTls};

use super::{Db, Value};

pub struct Postgres {
    client: Client,
}

/// Any number the lab picks; held only while migrating.
const MIGRATION_LOCK: i64 = 0x0063_616c_6c73_696d;

impl Postgres {
    pub fn connect(url: &str) -> Result<Postgres, String> {
        // Lab networks are trusted here; a server reached over an open network wants TLS
        // (sslmode) and a postgres-native-tls connector, which this build does not include.
        let client = Client::connect(url, NoTls).map_err(|e| format!("cannot connect: {}", pg(e)))?;
        Ok(Postgres { client })
    }
}

/// The server's own message (postgres::Error's Display is only "db error").
fn pg(e: postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => e.to_string(),
    }
}

fn bind(params: &[Value]) -> Vec<Box<dyn ToSql + Sync>> {
    params
        .iter()
        .map(|v| -> Box<dyn ToSql + Sync> {
            match v {
                Value::Text(s) => Box::new(s.clone()),
                Value::Int(i) => Box::new(*i),
            }
        })
        .collect()
}

fn refs(b: &[Box<dyn ToSql + Sync>]) -> Vec<&(dyn ToSql + Sync)> {
    b.iter().map(|p| p.as_ref()).collect()
}

impl Db for Postgres {
    fn batch(&mut self, statements: &[(&str, Vec<Value>)]) -> Result<(), String> {
        let mut tx = self.client.transaction().map_err(pg)?;
        for (sql, params) in statements {
            let b = bind(params);
            tx.execute(*sql, &refs(&b)).map_err(pg)?;
        }
        tx.commit().map_err(pg)
    }

    fn texts(&mut self, sql: &str, params: &[Value]) -> Result<Vec<String>, String> {
        let b = bind(params);
        let rows = self.client.query(sql, &refs(&b)).map_err(pg)?;
        rows.iter().map(|r| r.try_get::<_, String>(0).map_err(pg)).collect()
    }

    fn migrate(&mut self, migrations: &[(i64, &str)]) -> Result<(), String> {
        let mut tx = self.client.transaction().map_err(pg)?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK]).map_err(pg)?;
        tx.batch_execute(super::schema::VERSIONS).map_err(pg)?;
        let have: i64 = tx
            .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])
            .and_then(|r| r.try_get(0))
            .map_err(pg)?;
        for (version, sql) in migrations.iter().filter(|(v, _)| *v > have) {
            tx.batch_execute(sql).map_err(|e| format!("migration {version}: {}", pg(e)))?;
            tx.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                &[version, &crate::results::now()],
            )
            .map_err(pg)?;
        }
        tx.commit().map_err(pg)
    }
}
