//! Shared by the speech test files: whether the speech model and the tools a test needs are here.
#![allow(dead_code)] // each test file uses what it needs

use std::path::PathBuf;
use std::process::Command;

/// The speech model, when it and every tool in `tools` (run with `--version`) are present; None
/// to skip. In CI (`CI` set) a missing one fails the test: set-up (`bash .ci/setup`) provides them.
pub fn speech_ready(tools: &[&str]) -> Option<PathBuf> {
    let model = callsim::speech::find_model(None).ok();
    let missing: Vec<&str> =
        tools.iter().copied().filter(|t| Command::new(t).arg("--version").output().is_err()).collect();
    if model.is_none() || !missing.is_empty() {
        let what = if model.is_none() { "the speech model".to_string() } else { missing.join(", ") };
        assert!(std::env::var("CI").is_err(), "CI must have {what} (bash .ci/setup)");
        eprintln!("skipping: {what} missing; run `bash .ci/setup`");
        return None;
    }
    model
}

/// A fresh, empty PostgreSQL database for one test (dropped with the guard), on the server
/// `bash .ci/setup` starts: `$CALLSIM_TEST_POSTGRES` (default the `callsim` role on loopback).
/// None to skip when there is no server; in CI a missing server fails the test.
pub fn postgres_db() -> Option<PgDb> {
    let admin = std::env::var("CALLSIM_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://callsim:callsim@127.0.0.1:5432/callsim".to_string());
    let mut client = match postgres::Client::connect(&admin, postgres::NoTls) {
        Ok(c) => c,
        Err(e) => {
            assert!(std::env::var("CI").is_err(), "CI must have PostgreSQL at {admin} (bash .ci/setup): {e}");
            eprintln!("skipping: no PostgreSQL at {admin} ({e}); run `bash .ci/setup`");
            return None;
        }
    };
    let name = format!("callsim_t_{}", callsim::results::new_id());
    client.batch_execute(&format!("CREATE DATABASE {name}")).expect("the callsim role may create databases");
    let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b).to_string();
    Some(PgDb { admin, url: format!("{base}/{name}"), name })
}

pub struct PgDb {
    admin: String,
    pub url: String,
    name: String,
}

impl Drop for PgDb {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name));
        }
    }
}
