//! The SQLite backend: one file, write-ahead logged so a killed process leaves it intact and
//! several processes on the station can write at once (each waits its turn).

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, TransactionBehavior, params_from_iter};

use super::{Db, Value};

pub struct Sqlite {
    conn: Connection,
}

impl Sqlite {
    pub fn open(path: &Path) -> Result<Sqlite, String> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| format!("cannot create its folder: {e}"))?;
        }
        let conn = Connection::open(path).map_err(|e| e.to_string())?;
        // Another station process may be writing: wait for it rather than fail.
        conn.busy_timeout(Duration::from_secs(30)).map_err(|e| e.to_string())?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(|e| e.to_string())?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(|e| e.to_string())?;
        Ok(Sqlite { conn })
    }
}

/// `$n` (the shared statements' placeholders) as SQLite's `?n`.
fn local(sql: &str) -> String {
    sql.replace('$', "?")
}

fn bind(params: &[Value]) -> Vec<rusqlite::types::Value> {
    params
        .iter()
        .map(|v| match v {
            Value::Text(Some(s)) => rusqlite::types::Value::Text(s.clone()),
            Value::Int(Some(i)) => rusqlite::types::Value::Integer(*i),
            Value::Text(None) | Value::Int(None) => rusqlite::types::Value::Null,
        })
        .collect()
}

impl Db for Sqlite {
    fn batch(&mut self, statements: &[(&str, Vec<Value>)]) -> Result<(), String> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| e.to_string())?;
        for (sql, params) in statements {
            tx.execute(&local(sql), params_from_iter(bind(params))).map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())
    }

    fn texts(&mut self, sql: &str, params: &[Value]) -> Result<Vec<String>, String> {
        let mut stmt = self.conn.prepare(&local(sql)).map_err(|e| e.to_string())?;
        let rows =
            stmt.query_map(params_from_iter(bind(params)), |r| r.get::<_, String>(0)).map_err(|e| e.to_string())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|e| e.to_string())
    }

    fn migrate(&mut self, migrations: &[(i64, &str)]) -> Result<(), String> {
        // IMMEDIATE takes the write lock first, so two processes opening a new store do not
        // both apply the same migration.
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate).map_err(|e| e.to_string())?;
        tx.execute_batch(super::schema::VERSIONS).map_err(|e| e.to_string())?;
        let have: i64 = tx
            .query_row("SELECT COALESCE(MAX(version), 0) FROM schema_version", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        for (version, sql) in migrations.iter().filter(|(v, _)| *v > have) {
            tx.execute_batch(sql).map_err(|e| format!("migration {version}: {e}"))?;
            tx.execute(
                "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
                rusqlite::params![version, crate::results::now()],
            )
            .map_err(|e| e.to_string())?;
        }
        tx.commit().map_err(|e| e.to_string())
    }
}
