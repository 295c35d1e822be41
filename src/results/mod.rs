//! Results: who took which call and how it went, kept in a store (SQLite on the station, or a
//! lab's PostgreSQL), reported per trainee and cohort, signed for certification, exported to an
//! LMS as xAPI.

pub mod certificate;
pub mod exam;
pub mod plan;
pub mod recover;
pub mod report;
pub mod report_html;
pub mod station;
pub mod store;
pub mod xapi;

use serde::{Deserialize, Serialize};

use crate::grade::{Dimension, Scorecard};

/// The rubric the grader applies, frozen into every result so a certificate says what it was
/// graded by. Change it whenever a criterion, weight, cap or critical item changes.
pub const RUBRIC_VERSION: &str = "2026-12-02 points-off";

/// Practice (trainer view, hints, retries) or a certification test (none of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Mode {
    Practice,
    Test,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Test => "test",
        }
    }
}

/// Where a call is in its life: saved when it starts, so a crash leaves a trace to recover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CallStatus {
    InProgress,
    Finished,
    /// The program stopped before the call ended (a crash, a kill, a closed window).
    Interrupted,
}

impl CallStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::InProgress => "in_progress",
            CallStatus::Finished => "finished",
            CallStatus::Interrupted => "interrupted",
        }
    }
}

/// One call as the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CallResult {
    /// Unique over every station: random, made when the call starts.
    pub id: String,
    pub trainee: String,
    pub station: String,
    /// The process taking the call (to tell a crashed call from one still going).
    pub pid: u32,
    pub scenario_id: String,
    pub scenario_sha256: String,
    pub seed: u64,
    pub mode: Mode,
    pub status: CallStatus,
    /// RFC 3339, UTC.
    pub started_at: String,
    pub ended_at: Option<String>,
    pub rubric: String,
    /// The session record file, and its text once the call is over.
    pub record_path: String,
    pub record: Option<String>,
    pub scorecard: Option<Scorecard>,
    /// The certification attempt this call belongs to, if any.
    pub certification: Option<String>,
}

impl CallResult {
    /// A call that has just started.
    pub fn start(
        trainee: &str,
        scenario_id: &str,
        scenario_sha256: &str,
        seed: u64,
        mode: Mode,
        record_path: &str,
        certification: Option<String>,
    ) -> CallResult {
        CallResult {
            id: new_id(),
            trainee: trainee.to_string(),
            station: station::name(),
            pid: std::process::id(),
            scenario_id: scenario_id.to_string(),
            scenario_sha256: scenario_sha256.to_string(),
            seed,
            mode,
            status: CallStatus::InProgress,
            started_at: now(),
            ended_at: None,
            rubric: RUBRIC_VERSION.to_string(),
            record_path: record_path.to_string(),
            record: None,
            scorecard: None,
            certification,
        }
    }

    /// The call is over: its scorecard and record are kept. A call graded INTERRUPTED stays
    /// marked interrupted.
    pub fn finish(&mut self, card: Scorecard, record: Option<String>) {
        self.status = if card.interrupted.is_some() { CallStatus::Interrupted } else { CallStatus::Finished };
        self.ended_at = Some(now());
        self.scorecard = Some(card);
        self.record = record;
    }

    pub fn total(&self) -> Option<u32> {
        self.scorecard.as_ref().map(|c| c.total)
    }

    pub fn passed(&self) -> bool {
        self.status == CallStatus::Finished && self.scorecard.as_ref().is_some_and(|c| c.passed)
    }

    pub fn dimension(&self, d: Dimension) -> Option<u32> {
        self.scorecard.as_ref().map(|c| c.score(d))
    }

    /// PASS, FAIL, INTERRUPTED, or IN PROGRESS.
    pub fn verdict(&self) -> &'static str {
        match (&self.status, &self.scorecard) {
            (CallStatus::InProgress, _) => "IN PROGRESS",
            (CallStatus::Interrupted, _) | (_, None) => "INTERRUPTED",
            (CallStatus::Finished, Some(c)) => c.verdict(),
        }
    }
}

/// Now, RFC 3339 in UTC to the millisecond, always the same width (so it sorts as text).
pub fn now() -> String {
    let format =
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    time::OffsetDateTime::now_utc().format(&format).unwrap_or_default()
}

/// Seconds between two RFC 3339 times (0 when either does not parse).
pub fn seconds_between(from: &str, to: &str) -> f64 {
    use time::format_description::well_known::Rfc3339;
    match (time::OffsetDateTime::parse(from, &Rfc3339), time::OffsetDateTime::parse(to, &Rfc3339)) {
        (Ok(a), Ok(b)) => (b - a).as_seconds_f64().max(0.0),
        _ => 0.0,
    }
}

/// 128 random bits as hex.
pub fn new_id() -> String {
    let mut bytes = [0u8; 16];
    // The OS random source does not fail on the platforms callsim runs on; if it ever did, the
    // time and process id still make the id unique on this station.
    if getrandom::fill(&mut bytes).is_err() {
        let t = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        bytes[..8].copy_from_slice(&(t as u64).to_le_bytes());
        bytes[8..12].copy_from_slice(&std::process::id().to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
