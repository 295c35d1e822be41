//! Calibration: the grader checked like a QA team, against calls an expert scored first.
//! Each call is played and graded; callsim's verdict is compared with the expert's.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::script::{Expert, Script};
use crate::understand::{Lexicon, Understander};

/// The targets a calibrated grader meets (contact-centre practice).
pub const PASS_AGREEMENT: f64 = 0.95;
pub const WITHIN_TEN: f64 = 0.85;
pub const SPEARMAN: f64 = 0.9;

#[derive(Debug, Clone)]
pub struct Call {
    pub path: PathBuf,
    pub expert: Expert,
    pub score: u32,
    pub passed: bool,
    pub critical: Vec<String>,
    pub outcome: String,
    /// Steps not played (the call went another way than written), in words.
    pub failures: Vec<String>,
}

impl Call {
    pub fn agrees(&self) -> bool {
        self.passed == self.expert.passed
    }
    pub fn within_ten(&self) -> bool {
        self.score.abs_diff(self.expert.score) <= 10
    }
    /// Critical items the expert marked that callsim did not raise.
    pub fn missed(&self) -> Vec<&String> {
        self.expert.critical.iter().filter(|c| !self.critical.contains(c)).collect()
    }
    /// Critical items callsim raised that the expert did not mark.
    pub fn wrongly_raised(&self) -> Vec<&String> {
        self.critical.iter().filter(|c| !self.expert.critical.contains(c)).collect()
    }
}

#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub calls: Vec<Call>,
}

impl Summary {
    pub fn pass_agreement(&self) -> f64 {
        share(self.calls.iter().filter(|c| c.agrees()).count(), self.calls.len())
    }
    pub fn within_ten(&self) -> f64 {
        share(self.calls.iter().filter(|c| c.within_ten()).count(), self.calls.len())
    }
    pub fn spearman(&self) -> f64 {
        let a: Vec<f64> = self.calls.iter().map(|c| c.expert.score as f64).collect();
        let b: Vec<f64> = self.calls.iter().map(|c| c.score as f64).collect();
        spearman(&a, &b)
    }
    pub fn mean_expert(&self) -> f64 {
        self.calls.iter().map(|c| c.expert.score as f64).sum::<f64>() / self.calls.len().max(1) as f64
    }
    pub fn mean_callsim(&self) -> f64 {
        self.calls.iter().map(|c| c.score as f64).sum::<f64>() / self.calls.len().max(1) as f64
    }
    /// Every critical-item call fails, and no call the expert passes is auto-failed.
    pub fn critical_ok(&self) -> bool {
        self.calls
            .iter()
            .all(|c| (c.expert.critical.is_empty() || !c.passed) && (!c.expert.passed || c.critical.is_empty()))
    }
    pub fn meets_targets(&self) -> bool {
        !self.calls.is_empty()
            && self.pass_agreement() >= PASS_AGREEMENT
            && self.within_ten() >= WITHIN_TEN
            && self.spearman() >= SPEARMAN
            && self.critical_ok()
    }
}

fn share(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// Ranks with ties averaged.
fn ranks(x: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..x.len()).collect();
    idx.sort_by(|&a, &b| x[a].total_cmp(&x[b]));
    let mut r = vec![0.0; x.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && x[idx[j + 1]] == x[idx[i]] {
            j += 1;
        }
        let avg = (i + j) as f64 / 2.0 + 1.0;
        for k in &idx[i..=j] {
            r[*k] = avg;
        }
        i = j + 1;
    }
    r
}

/// Spearman rank correlation (Pearson over the ranks, ties averaged); 0 when undefined.
pub fn spearman(a: &[f64], b: &[f64]) -> f64 {
    if a.len() != b.len() || a.len() < 2 {
        return 0.0;
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let cov: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - ma) * (y - mb)).sum();
    let va: f64 = ra.iter().map(|x| (x - ma).powi(2)).sum();
    let vb: f64 = rb.iter().map(|y| (y - mb).powi(2)).sum();
    if va == 0.0 || vb == 0.0 { 0.0 } else { cov / (va * vb).sqrt() }
}

/// Every `*.ron` under `dir` (recursively), in name order.
pub fn scripts(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "ron") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Plays and grades one labelled call.
pub fn calibrate_one(path: &Path) -> Result<Call, String> {
    let script = Script::load(path).map_err(|e| e.to_string())?;
    let expert = script.expert.clone().ok_or_else(|| format!("{}: no `expert` label", path.display()))?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let scenario_path =
        dir.join(script.scenario.as_deref().ok_or_else(|| format!("{}: no `scenario`", path.display()))?);
    let loaded = crate::scenario::library::load_valid(&scenario_path)
        .map_err(|_| format!("{}: its scenario {} does not load", path.display(), scenario_path.display()))?;
    let sc = Arc::new(loaded.scenario);
    let understander = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    let run = super::run(sc, understander, &script, dir, None);
    let mut critical: Vec<String> = run.card.auto_fails.iter().map(|a| a.id.clone()).collect();
    critical.dedup();
    Ok(Call {
        path: path.to_path_buf(),
        expert,
        score: run.card.total,
        passed: run.card.passed,
        critical,
        outcome: run.outcome.map_or("open".into(), |o| format!("{o:?}")),
        failures: run.failures.into_iter().filter(|f| f.contains("not played")).collect(),
    })
}

pub fn calibrate(dir: &Path) -> Result<Summary, String> {
    let paths = scripts(dir);
    if paths.is_empty() {
        return Err(format!("{}: no labelled calls (*.ron) found", dir.display()));
    }
    let calls = paths.iter().map(|p| calibrate_one(p)).collect::<Result<Vec<_>, _>>()?;
    Ok(Summary { calls })
}
