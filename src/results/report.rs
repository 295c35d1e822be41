//! Cohort reports: per trainee (attempts, best and last score, trend), per scenario, per
//! dimension, and the criteria the cohort misses most, with the lines they were missed on.

use std::collections::BTreeMap;
use std::fmt::Write;

use serde::Serialize;

use super::{CallResult, CallStatus};
use crate::grade::{Dimension, Status};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TraineeRow {
    pub trainee: String,
    pub attempts: usize,
    pub passed: usize,
    pub interrupted: usize,
    pub best: Option<u32>,
    pub last: Option<u32>,
    /// Points per attempt: the least-squares slope of the scored calls in order (None below 2).
    pub trend: Option<f64>,
    /// Mean score per dimension, in `Dimension::ALL` order.
    pub dimensions: Vec<Option<f64>>,
    /// Totals of the scored calls in order (the chart's line).
    pub scores: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScenarioRow {
    pub scenario: String,
    pub attempts: usize,
    pub passed: usize,
    pub mean: Option<f64>,
    pub best: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    pub trainee: String,
    pub scenario: String,
    pub words: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WeakCriterion {
    pub id: String,
    pub title: String,
    pub dimension: Dimension,
    pub missed: usize,
    /// Calls where it applied (met or missed).
    pub applied: usize,
    pub examples: Vec<Example>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub calls: usize,
    pub trainees: Vec<TraineeRow>,
    pub scenarios: Vec<ScenarioRow>,
    /// Mean score per dimension over every scored call.
    pub dimensions: Vec<(Dimension, Option<f64>)>,
    pub weakest: Vec<WeakCriterion>,
}

/// How many weak criteria a report lists, and example lines for each.
const WEAKEST: usize = 8;
const EXAMPLES: usize = 3;

/// A call whose score means something: it ended and was graded.
fn scored(c: &CallResult) -> Option<&crate::grade::Scorecard> {
    c.scorecard.as_ref().filter(|_| c.status == CallStatus::Finished)
}

fn mean(xs: &[u32]) -> Option<f64> {
    (!xs.is_empty()).then(|| xs.iter().map(|&x| f64::from(x)).sum::<f64>() / xs.len() as f64)
}

/// Least-squares slope of ys over 0, 1, 2, …
fn slope(ys: &[u32]) -> Option<f64> {
    if ys.len() < 2 {
        return None;
    }
    let n = ys.len() as f64;
    let mx = (n - 1.0) / 2.0;
    let my = ys.iter().map(|&y| f64::from(y)).sum::<f64>() / n;
    let (mut num, mut den) = (0.0, 0.0);
    for (i, &y) in ys.iter().enumerate() {
        num += (i as f64 - mx) * (f64::from(y) - my);
        den += (i as f64 - mx).powi(2);
    }
    Some(num / den)
}

/// The report on these calls (oldest first, as the store returns them).
pub fn build(calls: &[CallResult]) -> Report {
    let mut by_trainee: BTreeMap<&str, Vec<&CallResult>> = BTreeMap::new();
    let mut by_scenario: BTreeMap<&str, Vec<&CallResult>> = BTreeMap::new();
    for c in calls.iter().filter(|c| c.status != CallStatus::InProgress) {
        by_trainee.entry(&c.trainee).or_default().push(c);
        by_scenario.entry(&c.scenario_id).or_default().push(c);
    }
    let trainees = by_trainee
        .iter()
        .map(|(t, cs)| {
            let scores: Vec<u32> = cs.iter().filter_map(|c| scored(c)).map(|s| s.total).collect();
            TraineeRow {
                trainee: t.to_string(),
                attempts: cs.len(),
                passed: cs.iter().filter(|c| c.passed()).count(),
                interrupted: cs.iter().filter(|c| c.status == CallStatus::Interrupted).count(),
                best: scores.iter().copied().max(),
                last: scores.last().copied(),
                trend: slope(&scores),
                dimensions: Dimension::ALL
                    .iter()
                    .map(|&d| mean(&cs.iter().filter_map(|c| scored(c)).map(|s| s.score(d)).collect::<Vec<_>>()))
                    .collect(),
                scores,
            }
        })
        .collect();
    let scenarios = by_scenario
        .iter()
        .map(|(s, cs)| {
            let scores: Vec<u32> = cs.iter().filter_map(|c| scored(c)).map(|s| s.total).collect();
            ScenarioRow {
                scenario: s.to_string(),
                attempts: cs.len(),
                passed: cs.iter().filter(|c| c.passed()).count(),
                mean: mean(&scores),
                best: scores.iter().copied().max(),
            }
        })
        .collect();
    let cards: Vec<(&CallResult, &crate::grade::Scorecard)> =
        calls.iter().filter_map(|c| scored(c).map(|s| (c, s))).collect();
    let dimensions =
        Dimension::ALL.iter().map(|&d| (d, mean(&cards.iter().map(|(_, s)| s.score(d)).collect::<Vec<_>>()))).collect();
    Report { calls: by_trainee.values().map(Vec::len).sum(), trainees, scenarios, dimensions, weakest: weakest(&cards) }
}

fn weakest(cards: &[(&CallResult, &crate::grade::Scorecard)]) -> Vec<WeakCriterion> {
    // By id and title: a scenario's key points share one id and differ by title.
    let mut by_id: BTreeMap<(&str, &str), WeakCriterion> = BTreeMap::new();
    for (call, card) in cards {
        for c in card.criteria.iter().filter(|c| c.status != Status::NotApplicable) {
            let w = by_id.entry((&c.id, &c.title)).or_insert_with(|| WeakCriterion {
                id: c.id.clone(),
                title: c.title.clone(),
                dimension: c.dimension,
                missed: 0,
                applied: 0,
                examples: Vec::new(),
            });
            w.applied += 1;
            if c.status == Status::Missed {
                w.missed += 1;
                if w.examples.len() < EXAMPLES
                    // A line the trainee said, not "[whole call]" or a button.
                    && let Some(e) = c.evidence.iter().find(|e| e.turn.is_some() && !e.words.starts_with('['))
                {
                    w.examples.push(Example {
                        trainee: call.trainee.clone(),
                        scenario: call.scenario_id.clone(),
                        words: e.words.clone(),
                    });
                }
            }
        }
    }
    let mut out: Vec<WeakCriterion> = by_id.into_values().filter(|w| w.missed > 0).collect();
    // Most often missed where it applied first; ties by how many calls, then id (stable output).
    out.sort_by(|a, b| {
        let ra = a.missed as f64 / a.applied as f64;
        let rb = b.missed as f64 / b.applied as f64;
        rb.total_cmp(&ra).then(b.missed.cmp(&a.missed)).then(a.id.cmp(&b.id))
    });
    out.truncate(WEAKEST);
    out
}

fn num(x: Option<u32>) -> String {
    x.map_or("-".into(), |v| v.to_string())
}

fn dec(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{v:.1}"))
}

fn signed(x: Option<f64>) -> String {
    x.map_or("-".into(), |v| format!("{v:+.1}"))
}

pub fn to_text(r: &Report) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} calls, {} trainees, {} scenarios\n", r.calls, r.trainees.len(), r.scenarios.len());
    let _ = writeln!(s, "Trainees");
    let _ = writeln!(
        s,
        "  {:<20} {:>8} {:>6} {:>5} {:>5} {:>7}   {}",
        "trainee",
        "attempts",
        "passed",
        "best",
        "last",
        "trend",
        Dimension::ALL.map(|d| format!("{:>5}", &d.title()[..5])).join(" ")
    );
    for t in &r.trainees {
        let _ = writeln!(
            s,
            "  {:<20} {:>8} {:>6} {:>5} {:>5} {:>7}   {}",
            t.trainee,
            t.attempts,
            t.passed,
            num(t.best),
            num(t.last),
            signed(t.trend),
            t.dimensions.iter().map(|d| format!("{:>5}", dec(*d))).collect::<Vec<_>>().join(" ")
        );
    }
    let _ = writeln!(s, "\nScenarios");
    let _ = writeln!(s, "  {:<28} {:>8} {:>6} {:>6} {:>5}", "scenario", "attempts", "passed", "mean", "best");
    for c in &r.scenarios {
        let _ =
            writeln!(s, "  {:<28} {:>8} {:>6} {:>6} {:>5}", c.scenario, c.attempts, c.passed, dec(c.mean), num(c.best));
    }
    let _ = writeln!(s, "\nDimensions (mean over the cohort)");
    for (d, m) in &r.dimensions {
        let _ = writeln!(s, "  {:<22} {:>6}", d.title(), dec(*m));
    }
    let _ = writeln!(s, "\nMost missed criteria");
    for w in &r.weakest {
        let _ =
            writeln!(s, "  {:<34} missed in {} of {} calls ({})", w.title, w.missed, w.applied, w.dimension.title());
        for e in &w.examples {
            let _ = writeln!(s, "      {} on {}: \"{}\"", e.trainee, e.scenario, e.words);
        }
    }
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

/// Sections (trainees, scenarios, dimensions, criteria), each with its own header row, a blank
/// line between: what a spreadsheet opens.
pub fn to_csv(r: &Report) -> String {
    let mut s = String::new();
    let dims = Dimension::ALL.map(|d| format!("{d:?}").to_lowercase()).join(",");
    let _ = writeln!(s, "trainee,attempts,passed,interrupted,best,last,trend,{dims}");
    for t in &r.trainees {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{},{},{}",
            csv_field(&t.trainee),
            t.attempts,
            t.passed,
            t.interrupted,
            t.best.map_or(String::new(), |v| v.to_string()),
            t.last.map_or(String::new(), |v| v.to_string()),
            t.trend.map_or(String::new(), |v| format!("{v:.2}")),
            t.dimensions.iter().map(|d| d.map_or(String::new(), |v| format!("{v:.1}"))).collect::<Vec<_>>().join(",")
        );
    }
    let _ = writeln!(s, "\nscenario,attempts,passed,mean,best");
    for c in &r.scenarios {
        let _ = writeln!(
            s,
            "{},{},{},{},{}",
            csv_field(&c.scenario),
            c.attempts,
            c.passed,
            c.mean.map_or(String::new(), |v| format!("{v:.1}")),
            c.best.map_or(String::new(), |v| v.to_string())
        );
    }
    let _ = writeln!(s, "\ndimension,mean");
    for (d, m) in &r.dimensions {
        let _ = writeln!(s, "{},{}", d.title(), m.map_or(String::new(), |v| format!("{v:.1}")));
    }
    let _ = writeln!(s, "\ncriterion,title,dimension,missed,applied,example");
    for w in &r.weakest {
        let _ = writeln!(
            s,
            "{},{},{},{},{},{}",
            w.id,
            csv_field(&w.title),
            w.dimension.title(),
            w.missed,
            w.applied,
            csv_field(w.examples.first().map_or("", |e| e.words.as_str()))
        );
    }
    s
}

pub fn to_json(r: &Report) -> String {
    serde_json::to_string_pretty(r).unwrap_or_default() + "\n"
}
