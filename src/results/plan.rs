//! A certification plan (RON): which calls, with which fixed seeds, time limits and pass marks,
//! the rule that passes the assessment, and how many attempts a trainee has.
//!
//! ```ron
//! (
//!     title: "Billing desk certification",
//!     calls: [
//!         (scenario: "../scenarios/irate-double-charge.ron", seed: 4182, time_limit: 600),
//!         (scenario: "../scenarios/irate-outage.ron", seed: 77, time_limit: 600, pass_mark: 80),
//!     ],
//!     rule: (pass: 2, at: 85),
//!     attempts: 2,
//! )
//! ```

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanCall {
    /// The scenario file, relative to the plan.
    pub scenario: PathBuf,
    /// Fixed: every trainee gets the same caller.
    pub seed: u64,
    /// Seconds the call may take; past it the call ends and cannot pass.
    #[serde(default)]
    pub time_limit: Option<u32>,
    /// This call's pass mark (default: the rule's `at`).
    #[serde(default)]
    pub pass_mark: Option<u32>,
}

/// Passed when at least `pass` calls pass, each at `at` points or more with no critical item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub pass: usize,
    pub at: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    pub title: String,
    pub calls: Vec<PlanCall>,
    pub rule: Rule,
    /// Attempts a trainee has at this plan (an interrupted attempt counts).
    #[serde(default = "one")]
    pub attempts: u32,
}

fn one() -> u32 {
    1
}

impl Plan {
    pub fn pass_mark(&self, call: &PlanCall) -> u32 {
        call.pass_mark.unwrap_or(self.rule.at)
    }

    /// "pass 4 of 5 calls at 85 or more".
    pub fn rule_text(&self) -> String {
        format!(
            "pass {} of {} calls at {} or more, with no critical item",
            self.rule.pass,
            self.calls.len(),
            self.rule.at
        )
    }
}

/// A plan read from its file, with its text (hashed into the result) and its scenarios' paths.
#[derive(Debug, Clone)]
pub struct LoadedPlan {
    pub path: PathBuf,
    pub text: String,
    pub plan: Plan,
    /// Each call's scenario, resolved against the plan's folder.
    pub scenarios: Vec<PathBuf>,
}

/// Reads a plan: a syntax or shape error says `file:line:col`, what is wrong and a hint.
pub fn load(path: &Path) -> Result<LoadedPlan, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: cannot read the plan: {e}", path.display()))?;
    let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let plan: Plan = options.from_str(&text).map_err(|e| {
        format!(
            "{}:{}:{}: {}\n  hint: a plan is (title: \"…\", calls: [(scenario: \"file.ron\", seed: N, time_limit: SECONDS), …], rule: (pass: N, at: POINTS), attempts: N)",
            path.display(),
            e.span.start.line,
            e.span.start.col,
            e.code
        )
    })?;
    let here = |problem: &str, hint: &str| format!("{}: {problem}\n  hint: {hint}", path.display());
    if plan.calls.is_empty() {
        return Err(here("the plan has no calls", "list at least one call under `calls`"));
    }
    if plan.rule.pass == 0 || plan.rule.pass > plan.calls.len() {
        return Err(here(
            &format!("the rule asks for {} passed calls but the plan has {}", plan.rule.pass, plan.calls.len()),
            "`rule: (pass: N, …)` needs 1 ≤ N ≤ the number of calls",
        ));
    }
    if plan.rule.at > 100 || plan.calls.iter().any(|c| c.pass_mark.is_some_and(|p| p > 100)) {
        return Err(here("a pass mark is above 100", "scores run from 0 to 100"));
    }
    if plan.attempts == 0 {
        return Err(here("`attempts: 0` lets nobody take the plan", "give 1 or more"));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let scenarios: Vec<PathBuf> = plan.calls.iter().map(|c| dir.join(&c.scenario)).collect();
    if let Some((c, p)) = plan.calls.iter().zip(&scenarios).find(|(_, p)| !p.is_file()) {
        return Err(here(
            &format!("the scenario {} is not found (looked at {})", c.scenario.display(), p.display()),
            "scenario paths are relative to the plan's folder",
        ));
    }
    Ok(LoadedPlan { path: path.to_path_buf(), text, plan, scenarios })
}
