//! `callsim explain`: what the understanding finds in a line, and why.

use std::path::PathBuf;

use super::show::{load_scenario, print_problems};
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
    for f in &u.forbidden {
        println!("forbidden \"{}\": {}", f.trigger, f.reason);
    }
    for a in &u.amounts {
        println!("amount  {a}");
    }
    0
}

/// `callsim eval`: the understanding's scores on a labelled set.
pub fn eval(file: &std::path::Path, scenario: &std::path::Path, show_errors: bool) -> u8 {
    use crate::understand::eval::{evaluate, parse};
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", file.display());
            return 1;
        }
    };
    let examples = match parse(&text) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {}: {e}", file.display());
            return 1;
        }
    };
    let Some(loaded) = load_scenario(scenario) else { return 1 };
    let report = evaluate(&Understander::new(&Lexicon::built_in(), Some(&loaded.scenario)), &examples);
    println!("{:<18} {:>9} {:>7} {:>6}   tp  fp  fn", "move", "precision", "recall", "F1");
    for (mv, s) in &report.per_move {
        println!(
            "{:<18} {:>9.3} {:>7.3} {:>6.3}  {:>3} {:>3} {:>3}",
            mv.to_string(),
            s.precision(),
            s.recall(),
            s.f1(),
            s.tp,
            s.fp,
            s.fn_
        );
    }
    let exact = report.examples - report.errors.len();
    println!("\n{} utterances, {exact} understood exactly; macro-F1 {:.3}", report.examples, report.macro_f1());
    if show_errors {
        for (line, text, want, got) in &report.errors {
            let fmt = |s: &std::collections::BTreeSet<crate::understand::Move>| {
                s.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(",")
            };
            println!("line {line}: {text:?}\n    expected [{}] found [{}]", fmt(want), fmt(got));
        }
    }
    0
}
