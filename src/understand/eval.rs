//! Scoring the understanding against a labelled set: per-move precision, recall and F1.

use std::collections::BTreeSet;

use super::{Context, Move, Understander};

/// One labelled utterance.
#[derive(Debug, Clone)]
pub struct Example {
    pub line: usize,
    pub text: String,
    pub moves: BTreeSet<Move>,
    pub caller: Option<String>,
}

/// Reads `moves<TAB>text[<TAB>caller]` lines; `#` starts a comment, `-` means no move.
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
        let caller = cols.next().map(str::trim).filter(|c| !c.is_empty()).map(str::to_string);
        out.push(Example { line: i + 1, text: text.to_string(), moves, caller });
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

#[derive(Debug, Clone)]
pub struct Report {
    pub examples: usize,
    pub per_move: Vec<(Move, MoveScore)>,
    /// (line, text, expected, found) for every example not understood exactly.
    pub errors: Vec<(usize, String, BTreeSet<Move>, BTreeSet<Move>)>,
}

impl Report {
    /// Mean F1 over the moves that occur in the labels or the predictions.
    pub fn macro_f1(&self) -> f64 {
        let used: Vec<&MoveScore> = self.per_move.iter().map(|(_, s)| s).filter(|s| s.tp + s.fp + s.fn_ > 0).collect();
        used.iter().map(|s| s.f1()).sum::<f64>() / used.len().max(1) as f64
    }
}

pub fn evaluate(understander: &Understander, examples: &[Example]) -> Report {
    let mut per_move: Vec<(Move, MoveScore)> = Move::ALL.iter().map(|m| (*m, MoveScore::default())).collect();
    let mut errors = Vec::new();
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
            errors.push((ex.line, ex.text.clone(), ex.moves.clone(), found));
        }
    }
    Report { examples: examples.len(), per_move, errors }
}
