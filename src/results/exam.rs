//! A certification attempt as it runs, for the terminal (`callsim certify`) and the window alike:
//! begun (attempts checked, saved as in progress), each call added as it is graded, then signed.

use std::path::PathBuf;

use super::certificate::{self, Certificate, CertifiedCall};
use super::plan::LoadedPlan;
use super::store::{Attempt, Store};
use super::{CallStatus, RUBRIC_VERSION, new_id, now, station};
use crate::grade::Scorecard;
use crate::record::sha256_hex;
use crate::scenario::Loaded;

pub struct Exam {
    pub plan: LoadedPlan,
    pub scenarios: Vec<Loaded>,
    pub attempt: Attempt,
    pub calls: Vec<CertifiedCall>,
    /// Which attempt this is (1-based), of the plan's `attempts`.
    pub number: usize,
}

/// How an attempt ended.
pub struct Outcome {
    pub passed: bool,
    pub summary: String,
    pub path: PathBuf,
}

impl Exam {
    /// Starts an attempt: refused when the trainee has used the plan's attempts (an interrupted
    /// one counts); saved as in progress, so a crash leaves it marked interrupted.
    pub fn begin(plan: LoadedPlan, scenarios: Vec<Loaded>, trainee: &str, store: &mut Store) -> Result<Exam, String> {
        let plan_sha256 = sha256_hex(plan.text.as_bytes());
        let used = store.attempts(Some(trainee), Some(&plan_sha256)).map_err(|e| e.to_string())?.len();
        if used >= plan.plan.attempts as usize {
            return Err(format!(
                "{trainee} has used {used} of {} attempts at \"{}\"; a trainer can allow more in the plan's `attempts`",
                plan.plan.attempts, plan.plan.title
            ));
        }
        let attempt = Attempt {
            id: new_id(),
            trainee: trainee.to_string(),
            station: station::name(),
            pid: std::process::id(),
            plan_title: plan.plan.title.clone(),
            plan_sha256,
            started_at: now(),
            ended_at: None,
            status: CallStatus::InProgress,
            passed: false,
            result_path: None,
            summary: plan.plan.rule_text(),
        };
        store.save_attempt(&attempt).map_err(|e| e.to_string())?;
        Ok(Exam { plan, scenarios, attempt, calls: Vec::new(), number: used + 1 })
    }

    /// The next call's index, or None when every call is done.
    pub fn next(&self) -> Option<usize> {
        (self.calls.len() < self.plan.plan.calls.len()).then_some(self.calls.len())
    }

    /// Adds the graded call: it passes with PASS at its pass mark or more.
    pub fn add(&mut self, card: &Scorecard, record: String) {
        let i = self.calls.len();
        let (pc, loaded) = (&self.plan.plan.calls[i], &self.scenarios[i]);
        let pass_mark = self.plan.plan.pass_mark(pc);
        let passed = card.verdict() == "PASS" && card.total >= pass_mark;
        self.calls.push(CertifiedCall {
            scenario_id: loaded.scenario.id.clone(),
            scenario_sha256: sha256_hex(loaded.source.inner().as_bytes()),
            scenario_text: loaded.source.inner().to_string(),
            seed: pc.seed,
            pass_mark,
            total: Some(card.total),
            verdict: card.verdict().to_string(),
            passed,
            critical_items: card.auto_fails.iter().map(|a| a.id.clone()).collect(),
            record_sha256: sha256_hex(record.as_bytes()),
            record,
        });
    }

    /// The last call added, as the trainee sees it: "Call 2 of 5: 88 PASS (needs 85) — passed".
    pub fn last_call_line(&self) -> String {
        let Some(c) = self.calls.last() else { return String::new() };
        format!(
            "Call {} of {}: {} {} (needs {}) — {}",
            self.calls.len(),
            self.plan.plan.calls.len(),
            c.total.map_or("-".into(), |t| t.to_string()),
            c.verdict,
            c.pass_mark,
            if c.passed { "passed" } else { "not passed" }
        )
    }

    /// Signs the result with the station's key, writes it (`output`, else `certificates/` beside
    /// the store) and saves the attempt as finished.
    pub fn finish(mut self, store: &mut Store, output: Option<PathBuf>) -> Result<Outcome, String> {
        let key = certificate::station_key(store.key_dir())?;
        let plan = &self.plan.plan;
        let n_passed = self.calls.iter().filter(|c| c.passed).count();
        let passed = n_passed >= plan.rule.pass;
        let summary = format!("{n_passed} of {} calls passed; the rule: {}", self.calls.len(), plan.rule_text());
        let cert = Certificate {
            format: certificate::FORMAT.into(),
            attempt: self.attempt.id.clone(),
            trainee: self.attempt.trainee.clone(),
            station: self.attempt.station.clone(),
            plan_title: plan.title.clone(),
            plan_sha256: self.attempt.plan_sha256.clone(),
            plan_text: self.plan.text.clone(),
            rule: plan.rule_text(),
            rule_pass: plan.rule.pass,
            rubric: RUBRIC_VERSION.into(),
            callsim: env!("CARGO_PKG_VERSION").into(),
            started_at: self.attempt.started_at.clone(),
            ended_at: now(),
            passed,
            summary: summary.clone(),
            calls: std::mem::take(&mut self.calls),
        };
        let path = output
            .unwrap_or_else(|| certificate::default_path(store.key_dir(), &self.attempt.trainee, &self.attempt.id));
        let written = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, certificate::sign(&cert, &key)));
        self.attempt.status = CallStatus::Finished;
        self.attempt.passed = passed;
        self.attempt.ended_at = Some(cert.ended_at.clone());
        self.attempt.summary = summary.clone();
        self.attempt.result_path = written.is_ok().then(|| path.display().to_string());
        store.save_attempt(&self.attempt).map_err(|e| e.to_string())?;
        written.map_err(|e| format!("cannot write the signed result {}: {e}", path.display()))?;
        Ok(Outcome { passed, summary, path })
    }

    /// Where this attempt's call records go: beside the signed results.
    pub fn record_path(&self, store: &Store, index: usize) -> PathBuf {
        store.key_dir().join("certificates").join("records").join(format!(
            "{}-{}-{}.jsonl",
            &self.attempt.id[..8],
            index + 1,
            self.scenarios[index].scenario.id
        ))
    }
}
