//! Scoring the understanding against a labelled set: per-move precision, recall and F1.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Context, Move, Understander};

/// One labelled utterance.
#[derive(Debug, Clone)]
pub struct Example {
    pub line: usize,
    pub text: String,
    pub moves: BTreeSet<Move>,
    pub caller: Option<String>,
    /// The scenario whose facts the line is judged against (None: the double-charge call).
    pub scenario: Option<String>,
    /// The file it came from (its writer), for splitting and for messages.
    pub source: String,
}

/// Every `*.tsv` under `path` (or `path` itself), in name order.
pub fn load(path: &Path) -> Result<Vec<Example>, String> {
    let mut files: Vec<PathBuf> = if path.is_dir() {
        let entries = std::fs::read_dir(path).map_err(|e| format!("{}: {e}", path.display()))?;
        entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "tsv")).collect()
    } else {
        vec![path.to_path_buf()]
    };
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let mut examples = parse(&text).map_err(|e| format!("{}: {e}", f.display()))?;
        for ex in &mut examples {
            ex.source = name.clone();
        }
        out.extend(examples);
    }
    if out.is_empty() {
        return Err(format!("{}: no labelled lines", path.display()));
    }
    Ok(out)
}

/// Reads `moves<TAB>text[<TAB>caller[<TAB>scenario]]` lines; `#` starts a comment, `-` means
/// no move (also in the caller column).
pub fn parse(tsv: &str) -> Result<Vec<Example>, String> {
    let mut out = Vec::new();
    for (i, line) in tsv.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut cols = line.split('\t');
        let (labels, text) = (cols.next().unwrap_or(""), cols.next().unwrap_or("").trim());
        if text.is_empty() {
            return Err(format!("line {}: expected `moves<TAB>text`", i + 1));
        }
        let mut moves = BTreeSet::new();
        for name in labels.split(',').map(str::trim).filter(|n| !n.is_empty() && *n != "-") {
            moves.insert(Move::from_name(name).ok_or_else(|| format!("line {}: unknown move `{name}`", i + 1))?);
        }
        let caller = cols.next().map(str::trim).filter(|c| !c.is_empty() && *c != "-").map(str::to_string);
        let scenario = cols.next().map(str::trim).filter(|c| !c.is_empty() && *c != "-").map(str::to_string);
        out.push(Example { line: i + 1, text: text.to_string(), moves, caller, scenario, source: String::new() });
    }
    Ok(out)
}

#[derive(Debug, Clone, Default)]
pub struct MoveScore {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl MoveScore {
    /// Precision, recall and F1 as printed: "—" where there are no samples to count.
    pub fn shown(&self) -> [String; 3] {
        let show = |a: usize, b: usize| if b == 0 { "—".to_string() } else { format!("{:.3}", a as f64 / b as f64) };
        let f1 = if self.tp + self.fp + self.fn_ == 0 { "—".to_string() } else { format!("{:.3}", self.f1()) };
        [show(self.tp, self.tp + self.fp), show(self.tp, self.tp + self.fn_), f1]
    }

    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 { 0.0 } else { 2.0 * p * r / (p + r) }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

/// A line not read exactly: (file, line number, text, expected moves, moves found).
pub type Miss = (String, usize, String, BTreeSet<Move>, BTreeSet<Move>);

#[derive(Debug, Clone)]
pub struct Report {
    pub examples: usize,
    pub per_move: Vec<(Move, MoveScore)>,
    /// (file, line, text, expected, found) for every example not understood exactly.
    pub errors: Vec<Miss>,
    /// "learned" or "lexicon".
    pub reader: String,
}

impl Report {
    /// Mean F1 over the moves that occur in the labels or the predictions.
    pub fn macro_f1(&self) -> f64 {
        let used: Vec<&MoveScore> = self.per_move.iter().map(|(_, s)| s).filter(|s| s.tp + s.fp + s.fn_ > 0).collect();
        used.iter().map(|s| s.f1()).sum::<f64>() / used.len().max(1) as f64
    }

    /// The lowest precision over the critical moves (those whose false alarms fail a call) that
    /// were found at least once; None when none was (a precision from zero samples is no figure).
    pub fn min_critical_precision(&self) -> Option<f64> {
        self.per_move
            .iter()
            .filter(|(m, s)| super::settle::CRITICAL.contains(m) && s.tp + s.fp > 0)
            .map(|(_, s)| s.precision())
            .reduce(f64::min)
    }

    pub fn accuracy(&self) -> f64 {
        (self.examples - self.errors.len()) as f64 / self.examples.max(1) as f64
    }
}

/// Scores every example with an understander for its scenario (`DIR/<id>.ron`; the double-charge
/// call when a line names none).
pub fn evaluate_by_scenario(examples: &[Example], scenarios: &Path, lexicon_only: bool) -> Result<Report, String> {
    use std::collections::BTreeMap;
    let mut by: BTreeMap<String, Vec<Example>> = BTreeMap::new();
    for ex in examples {
        by.entry(ex.scenario.clone().unwrap_or_else(|| "irate-double-charge".into())).or_default().push(ex.clone());
    }
    let mut total = Report {
        examples: 0,
        per_move: Move::ALL.iter().map(|m| (*m, MoveScore::default())).collect(),
        errors: Vec::new(),
        reader: String::new(),
    };
    for (id, exs) in by {
        let path = scenarios.join(format!("{id}.ron"));
        let loaded = crate::scenario::library::load_valid(&path)
            .map_err(|_| format!("{}: the scenario of {} labelled lines does not load", path.display(), exs.len()))?;
        let lexicon = super::Lexicon::built_in();
        let u = if lexicon_only {
            Understander::lexicon_only(&lexicon, Some(&loaded.scenario))
        } else {
            Understander::new(&lexicon, Some(&loaded.scenario))
        };
        let r = evaluate(&u, &exs);
        total.examples += r.examples;
        for ((_, a), (_, b)) in total.per_move.iter_mut().zip(r.per_move) {
            a.tp += b.tp;
            a.fp += b.fp;
            a.fn_ += b.fn_;
        }
        total.errors.extend(r.errors);
        total.reader = r.reader;
    }
    total.errors.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
    Ok(total)
}

pub fn evaluate(understander: &Understander, examples: &[Example]) -> Report {
    let mut per_move: Vec<(Move, MoveScore)> = Move::ALL.iter().map(|m| (*m, MoveScore::default())).collect();
    let mut errors = Vec::new();
    let reader = if understander.reader().is_some() { "learned" } else { "lexicon" };
    for ex in examples {
        let caller: Vec<String> = ex.caller.iter().cloned().collect();
        let found: BTreeSet<Move> =
            understander.understand(&ex.text, Context { customer_said: &caller }).moves.iter().map(|h| h.mv).collect();
        for (mv, score) in &mut per_move {
            match (ex.moves.contains(mv), found.contains(mv)) {
                (true, true) => score.tp += 1,
                (false, true) => score.fp += 1,
                (true, false) => score.fn_ += 1,
                (false, false) => {}
            }
        }
        if found != ex.moves {
            errors.push((ex.source.clone(), ex.line, ex.text.clone(), ex.moves.clone(), found));
        }
    }
    Report { examples: examples.len(), per_move, errors, reader: reader.into() }
}
