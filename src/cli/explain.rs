//! `callsim explain`: what the understanding finds in a line, and why.

use std::path::PathBuf;

use super::show::print_problems;
use crate::scenario::library::load_valid;
use crate::understand::{Context, Lexicon, Understander};

pub fn run(text: &str, caller: Option<String>, scenario: Option<PathBuf>, lexicon: Option<PathBuf>, json: bool) -> u8 {
    let lex = match lexicon {
        Some(p) => match Lexicon::from_file(&p) {
            Ok(l) => l,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        },
        None => Lexicon::built_in(),
    };
    let loaded = match scenario.map(|p| load_valid(&p)).transpose() {
        Ok(l) => l,
        Err(problems) => {
            print_problems(&problems);
            return 1;
        }
    };
    let sc = loaded.as_ref().map(|l| &l.scenario);
    let understander = Understander::new(&lex, sc);
    let caller: Vec<String> = caller.into_iter().collect();
    let u = understander.understand(text, Context { customer_said: &caller });
    if json {
        println!("{}", serde_json::to_string_pretty(&u).unwrap_or_default());
        return 0;
    }
    print_understanding(&u);
    if let Some(reader) = understander.reader()
        && let Some(v) = reader.vector(text)
    {
        let reading = reader.read_vector(v.clone());
        let mut near: Vec<(crate::understand::Move, f32)> = reading.scores.clone();
        near.sort_by(|a, b| b.1.total_cmp(&a.1));
        let top: Vec<String> = near.iter().take(5).map(|(m, p)| format!("{m} {p:.2}")).collect();
        println!("scores  {}", top.join(", "));
        for n in reader.nearest(&v, 3) {
            println!("nearest {:.2} [{}] \"{}\"", n.similarity, n.moves, n.text);
        }
    }
    0
}

/// Everything found in a line, one finding a line, each with what fired it.
pub fn print_understanding(u: &crate::understand::Understanding) {
    println!("reader: {}", u.reader);
    if u.moves.is_empty() && u.intents.is_empty() {
        println!("no moves found");
    }
    for m in &u.moves {
        println!("move    {:<17} \"{}\"  ← {}", m.mv.to_string(), m.trigger, m.rule);
    }
    for i in &u.intents {
        println!("intent  {:<17} \"{}\"  ← phrase \"{}\"", i.intent, i.trigger, i.phrase);
    }
    for t in &u.timelines {
        println!("timeline \"{}\" = {:.1} to {:.1} hours", t.text, t.min_hours, t.max_hours);
    }
    for c in &u.checks {
        println!("check   \"{}\" against {} ({}): {:?}", c.stated.text, c.fact, c.truth, c.verdict);
    }
    for c in &u.lengths {
        println!("length  \"{}\" against {} ({}): {:?}", c.stated.text, c.fact, c.truth, c.verdict);
    }
    for f in &u.misleading {
        println!("misleading \"{}\": {}", f.trigger, f.reason);
    }
    for f in &u.forbidden {
        println!("forbidden \"{}\": {}", f.trigger, f.reason);
    }
    for a in &u.amounts {
        println!("amount  {a}");
    }
    for n in &u.notes {
        println!("note    {n}");
    }
    for d in &u.disagreements {
        let lexicon = d.phrase.as_deref().unwrap_or("no lexicon phrase");
        println!(
            "differ  {:<17} learned {:.2} (threshold {:.2}) vs lexicon: {lexicon} → {}",
            d.mv.to_string(),
            d.score,
            d.threshold,
            if d.kept { "kept" } else { "not counted" }
        );
    }
}

/// `callsim eval`: the understanding's scores on labelled lines, the training and the test
/// part apart (or the files given).
pub fn eval(files: &[std::path::PathBuf], scenarios: &std::path::Path, lexicon_only: bool, show_errors: bool) -> u8 {
    use crate::understand::eval::{evaluate_by_scenario, load};
    let defaults =
        [std::path::PathBuf::from("tests/data/corpus/train"), std::path::PathBuf::from("tests/data/corpus/test")];
    let files = if files.is_empty() { &defaults[..] } else { files };
    let mut summary = Vec::new();
    for file in files {
        let examples = match load(file) {
            Ok(x) => x,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        };
        let report = match evaluate_by_scenario(&examples, scenarios, lexicon_only) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        };
        println!("== {} ({} lines, {} reader)", file.display(), report.examples, report.reader);
        println!("{:<18} {:>9} {:>7} {:>6}   tp  fp  fn", "move", "precision", "recall", "F1");
        for (mv, s) in &report.per_move {
            let critical = if crate::understand::settle::CRITICAL.contains(mv) { " *" } else { "" };
            let [precision, recall, f1] = s.shown();
            println!(
                "{:<18} {precision:>9} {recall:>7} {f1:>6}  {:>3} {:>3} {:>3}{critical}",
                mv.to_string(),
                s.tp,
                s.fp,
                s.fn_
            );
        }
        let exact = report.examples - report.errors.len();
        let accuracy = exact as f64 / report.examples.max(1) as f64;
        let critical = report.min_critical_precision().map_or("— (none found)".to_string(), |p| format!("{p:.3}"));
        println!(
            "{} lines, {exact} exactly right: exact-line accuracy {accuracy:.3}; macro-F1 {:.3}; lowest critical precision {critical}  (* critical)\n",
            report.examples,
            report.macro_f1(),
        );
        summary.push(format!(
            "{:<32} accuracy {accuracy:.3}  macro-F1 {:.3}  critical precision ≥ {critical}",
            file.display().to_string(),
            report.macro_f1(),
        ));
        if show_errors {
            for (src, line, text, want, got) in &report.errors {
                let fmt = |s: &std::collections::BTreeSet<crate::understand::Move>| {
                    s.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(",")
                };
                println!("{src}:{line}: {text:?}\n    expected [{}] found [{}]", fmt(want), fmt(got));
            }
        }
    }
    for line in summary {
        println!("{line}");
    }
    0
}

/// `callsim eval-intents`: intents by meaning against the words alone, on each file.
pub fn eval_intents(files: &[PathBuf], scenarios: &std::path::Path) -> u8 {
    use crate::understand::intent_eval::{load, measure, score};
    use crate::understand::intents::MEANING_THRESHOLD;
    let defaults = [PathBuf::from("tests/data/intents/tune.tsv"), PathBuf::from("tests/data/intents/test.tsv")];
    let files = if files.is_empty() { &defaults[..] } else { files };
    for file in files {
        let scored = match load(file).and_then(|l| score(&l, scenarios)) {
            Ok(s) => s,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        };
        println!("== {} ({} lines)", file.display(), scored.len());
        println!("{:<22} {:>8} {:>9} {:>7}", "reading", "exact", "precision", "recall");
        let (a, p, r) = measure(&scored, None);
        println!("{:<22} {a:>8.3} {p:>9.3} {r:>7.3}", "words alone");
        for step in 4..=14 {
            let t = step as f32 * 0.05;
            let (a, p, r) = measure(&scored, Some(t));
            let mark = if (t - MEANING_THRESHOLD).abs() < 1e-3 { "  ← in use" } else { "" };
            println!("{:<22} {a:>8.3} {p:>9.3} {r:>7.3}{mark}", format!("+ meaning ≥ {t:.2}"));
        }
    }
    0
}
