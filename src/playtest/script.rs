//! Playtest scripts: a scripted trainee (timed lines and actions) and what the trainer expects.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::scenario::{Action, Outcome};
use crate::sim::Seconds;

/// Seconds after the caller finishes (or the previous step) that a step happens, by default.
pub const DEFAULT_WAIT: Seconds = 2.0;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(rename = "Playtest", deny_unknown_fields)]
pub struct Script {
    /// The scenario file, relative to this script (optional when given on the command line).
    #[serde(default)]
    pub scenario: Option<String>,
    #[serde(default)]
    pub seed: u64,
    pub steps: Vec<Step>,
    #[serde(default)]
    pub expect: Expect,
    /// A QA evaluator's verdict on the call, given before callsim graded it (calibration).
    #[serde(default)]
    pub expert: Option<Expert>,
}

/// How an experienced QA evaluator scored the call.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expert {
    pub score: u32,
    pub passed: bool,
    /// Critical items present ("refused-supervisor", "hung-up", "abuse", "misleading-sale",
    /// "forbidden-promise").
    #[serde(default)]
    pub critical: Vec<String>,
    #[serde(default)]
    pub reason: String,
}

/// One thing the trainee does. Exactly one of `say`, `wav`, `act`; or none, to let time pass.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// Seconds from the start of the call.
    #[serde(default, deserialize_with = "time")]
    pub at: Option<Seconds>,
    /// Seconds after the caller finished speaking (or after the previous step); default 2.
    #[serde(default, deserialize_with = "time")]
    pub wait: Option<Seconds>,
    #[serde(default)]
    pub say: Option<String>,
    /// A recording of the trainee speaking, relative to the script (needs the speech feature).
    #[serde(default)]
    pub wav: Option<String>,
    #[serde(default)]
    pub act: Option<Action>,
}

/// The longest time a step may name: no training call runs anywhere near four hours.
pub const MAX_TIME: Seconds = 4.0 * 3600.0;

/// A step time: a finite number of seconds from 0 to `MAX_TIME`. Checked while reading, so the
/// error carries the value's line and column.
fn time<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Seconds>, D::Error> {
    let t = Option::<Seconds>::deserialize(d)?;
    match t {
        Some(x) if !x.is_finite() => {
            Err(serde::de::Error::custom(format!("a step time must be a number of seconds, not {x}")))
        }
        Some(x) if !(0.0..=MAX_TIME).contains(&x) => Err(serde::de::Error::custom(format!(
            "a step time of {x} seconds is outside 0 to {MAX_TIME} (four hours); times are seconds, e.g. `wait: 3`"
        ))),
        _ => Ok(t),
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Expect {
    pub visits: Vec<String>,
    pub never_visits: Vec<String>,
    pub outcome: Option<Outcome>,
    /// Inclusive score band (min, max).
    pub score: Option<(u32, u32)>,
    pub passed: Option<bool>,
    /// Auto-fail ids that must be raised (e.g. "refused-supervisor").
    pub auto_fails: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScriptError {
    #[error("cannot read playtest script {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path}:{span}: {message}")]
    Parse { path: PathBuf, span: String, message: String },
}

impl Script {
    pub fn load(path: &Path) -> Result<Script, ScriptError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ScriptError::Read { path: path.to_path_buf(), source })?;
        crate::scenario::load::ron_options().from_str(&text).map_err(|e| ScriptError::Parse {
            path: path.to_path_buf(),
            span: e.span.start.to_string(),
            message: crate::scenario::load::plain_message(&e.code),
        })
    }
}
