//! `callsim explain`: what the understanding finds in a line, and why.

use std::path::PathBuf;

use super::show::print_problems;
use crate::scenario::library::load_valid;
use crate::understand::{Context, Lexicon, Understander};

pub fn run(text: &str, scenario: Option<PathBuf>, lexicon: Option<PathBuf>, json: bool) -> u8 {
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
    let u = understander.understand(text, Context::default());
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
