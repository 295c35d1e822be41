//! The store's schema and statements, one text for both backends (SQLite reads `$n` as `?n`).
//! Numbers are BIGINT and flags 0/1 so the same Rust types bind on both.

/// Applied in order, each once; a store records the versions it has.
pub const MIGRATIONS: &[(i64, &str)] = &[(
    1,
    "CREATE TABLE calls (
            id TEXT PRIMARY KEY,
            trainee TEXT NOT NULL,
            station TEXT NOT NULL,
            pid BIGINT NOT NULL,
            scenario_id TEXT NOT NULL,
            scenario_sha256 TEXT NOT NULL,
            seed BIGINT NOT NULL,
            mode TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            total BIGINT,
            passed BIGINT NOT NULL,
            verdict TEXT NOT NULL,
            outcome TEXT,
            listening BIGINT,
            expectations BIGINT,
            escalation BIGINT,
            courtesy BIGINT,
            accuracy BIGINT,
            critical_items TEXT,
            rubric TEXT NOT NULL,
            record_path TEXT NOT NULL,
            certification TEXT,
            body TEXT NOT NULL
        );
        CREATE INDEX calls_trainee ON calls (trainee, started_at);
        CREATE INDEX calls_scenario ON calls (scenario_id, started_at);
        CREATE TABLE criteria (
            call_id TEXT NOT NULL REFERENCES calls (id),
            position BIGINT NOT NULL,
            criterion TEXT NOT NULL,
            dimension TEXT NOT NULL,
            status TEXT NOT NULL,
            weight BIGINT NOT NULL,
            PRIMARY KEY (call_id, position)
        );
        CREATE TABLE attempts (
            id TEXT PRIMARY KEY,
            trainee TEXT NOT NULL,
            station TEXT NOT NULL,
            plan_title TEXT NOT NULL,
            plan_sha256 TEXT NOT NULL,
            status TEXT NOT NULL,
            started_at TEXT NOT NULL,
            passed BIGINT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX attempts_trainee ON attempts (trainee, plan_sha256);",
)];

pub const UPSERT_CALL: &str = "INSERT INTO calls (id, trainee, station, pid, scenario_id, scenario_sha256, seed, mode,
        status, started_at, ended_at, total, passed, verdict, outcome, listening, expectations, escalation,
        courtesy, accuracy, critical_items, rubric, record_path, certification, body)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
        $22, $23, $24, $25)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, ended_at = excluded.ended_at,
        total = excluded.total, passed = excluded.passed, verdict = excluded.verdict,
        outcome = excluded.outcome, listening = excluded.listening, expectations = excluded.expectations,
        escalation = excluded.escalation, courtesy = excluded.courtesy, accuracy = excluded.accuracy,
        critical_items = excluded.critical_items, body = excluded.body";

pub const DELETE_CRITERIA: &str = "DELETE FROM criteria WHERE call_id = $1";

pub const INSERT_CRITERION: &str =
    "INSERT INTO criteria (call_id, position, criterion, dimension, status, weight) VALUES ($1, $2, $3, $4, $5, $6)";

pub const UPSERT_ATTEMPT: &str = "INSERT INTO attempts (id, trainee, station, plan_title, plan_sha256, status,
        started_at, passed, body)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
    ON CONFLICT (id) DO UPDATE SET status = excluded.status, passed = excluded.passed, body = excluded.body";

/// The table of applied versions (created before any migration).
pub const VERSIONS: &str =
    "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)";
