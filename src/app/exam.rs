//! Certification in the window: the plans on offer, and the attempt under way. During an
//! attempt the trainer view, retries and the full debrief (with its model answers) are off; each
//! call shows only its score, and the last one signs the result.

use std::path::{Path, PathBuf};

use bevy::prelude::*;

use crate::results::exam::Exam;
use crate::results::plan::{self, LoadedPlan};
use crate::scenario::Loaded;
use crate::scenario::library::load_valid;

/// A plan file and what it holds (or why it cannot be used).
pub struct PlanEntry {
    pub path: PathBuf,
    pub ready: Result<(LoadedPlan, Vec<Loaded>), String>,
}

impl PlanEntry {
    pub fn title(&self) -> String {
        match &self.ready {
            Ok((p, _)) => format!("{} — {} calls; {}", p.plan.title, p.plan.calls.len(), p.plan.rule_text()),
            Err(_) => self.path.display().to_string(),
        }
    }
}

/// The certification plans in the plans folder (`assets/plans`).
#[derive(Resource, Default)]
pub struct Plans {
    pub entries: Vec<PlanEntry>,
}

impl Plans {
    pub fn load(dir: &Path) -> Plans {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(|e| e.ok())
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "ron"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        let entries = files
            .into_iter()
            .map(|path| {
                let ready = plan::load(&path).and_then(|lp| {
                    let scenarios = lp
                        .scenarios
                        .iter()
                        .map(|s| {
                            load_valid(s).map_err(|p| {
                                format!("{}: {}", s.display(), p.first().map(|p| p.to_string()).unwrap_or_default())
                            })
                        })
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok((lp, scenarios))
                });
                PlanEntry { path, ready }
            })
            .collect();
        Plans { entries }
    }
}

/// The attempt under way, and how the last call or the attempt went.
#[derive(Resource, Default)]
pub struct ExamRun {
    pub exam: Option<Exam>,
    /// "Call 2 of 5: 88 PASS — passed", or the attempt's result with the signed file.
    pub said: Vec<String>,
    /// The attempt is over (signed, or it could not be).
    pub done: bool,
}

impl ExamRun {
    /// An attempt is running: trainer view, retries and leaving are off.
    pub fn active(run: Option<&ExamRun>) -> bool {
        run.is_some_and(|r| r.exam.is_some())
    }
}
