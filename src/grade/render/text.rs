//! The scorecard as a terminal table.

use std::fmt::Write;

use crate::grade::{Scorecard, Status};

fn bar(score: u32) -> String {
    let filled = (score as usize + 5) / 10;
    format!("{}{}", "█".repeat(filled), "░".repeat(10 - filled.min(10)))
}

pub fn to_text(card: &Scorecard) -> String {
    let mut s = String::new();
    let verdict = card.verdict();
    let outcome = card.outcome.map_or("call not finished".to_string(), |o| format!("{o:?}"));
    let _ = writeln!(s, "Scorecard: {} ({})", card.title, card.scenario_id);
    let _ = writeln!(s, "Outcome: {outcome}");
    if let Some(i) = &card.interrupted {
        let _ = writeln!(
            s,
            "Interrupted at {:.0} s: {}. This is a partial debrief of the call so far; an interrupted call never passes.",
            i.t, i.reason
        );
    }
    let _ = writeln!(s);
    let _ = writeln!(s, "  {:<22} {:>5}  {:<10}  weight", "dimension", "score", "");
    for d in &card.dimensions {
        let _ = writeln!(s, "  {:<22} {:>5}  {}  {:>4}", d.dimension.title(), d.score, bar(d.score), d.weight);
    }
    let _ = writeln!(s, "  {:<22} {:>5}  pass mark {}  → {verdict}", "TOTAL", card.total, card.pass_mark);
    if !card.auto_fails.is_empty() {
        let _ = writeln!(s, "\nAuto-fail (fails the call whatever the score):");
        for a in &card.auto_fails {
            let turn = a.evidence.turn.map_or(String::new(), |t| format!("turn {t}, "));
            let _ = writeln!(s, "  ✗ {} — {turn}\"{}\": {}", a.title, a.evidence.words, a.evidence.note);
        }
    }
    if !card.caps.is_empty() {
        let _ = writeln!(s, "\nCapped below the pass mark (a major miss, whatever the criteria add up to):");
        for c in &card.caps {
            let turn = c.evidence.turn.map_or(String::new(), |t| format!("turn {t}, "));
            let _ = writeln!(s, "  ✗ {} — at most {}: {turn}{}", c.title, c.limit, c.evidence.note);
        }
    }
    for dim in crate::grade::Dimension::ALL {
        let _ = writeln!(s, "\n{}", dim.title());
        for c in card.criteria.iter().filter(|c| c.dimension == dim) {
            let mark = match c.status {
                Status::Met => "✓",
                Status::Missed => "✗",
                Status::NotApplicable => "·",
            };
            let _ = writeln!(s, "  {mark} {}", c.title);
            if c.status == Status::NotApplicable {
                continue;
            }
            for e in c.evidence.iter().take(3) {
                let at = e.turn.map_or(format!("{:>5.1}s", e.t), |t| format!("turn {t}"));
                let _ = writeln!(s, "      {at}: \"{}\" — {}", e.words, e.note);
                if c.status == Status::Missed
                    && let Some(good) = &e.good
                {
                    let _ = writeln!(s, "      what good looks like: \"{good}\"");
                }
            }
            if c.status == Status::Missed {
                let _ = writeln!(s, "      tip: {}", c.tip);
            }
        }
    }
    s
}
