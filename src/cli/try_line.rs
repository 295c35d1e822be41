//! `callsim try`: a trainer's line tried at a node. Which branch it takes and why, what the
//! reader found, the mood change, and the near misses. With no line, a prompt that walks the call.

use std::io::{BufRead, Write};
use std::path::Path;
use std::sync::Arc;

use super::explain::print_understanding;
use super::show::load_scenario;
use crate::playtest::trial::{Trial, open_at, try_line};
use crate::sim::Conversation;
use crate::understand::{Lexicon, Understander};

const SEED: u64 = 1;

pub fn run(scenario: &Path, node: Option<String>, line: Option<String>, json: bool) -> u8 {
    let Some(loaded) = load_scenario(scenario) else { return 1 };
    let sc = Arc::new(loaded.scenario);
    let understander = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    let mut conv = match open_at(&sc, &understander, node.as_deref(), SEED) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return super::USAGE;
        }
    };
    if let Some(line) = line {
        let trial = try_line(&mut conv, &understander, &line);
        if json {
            println!("{}", serde_json::to_string_pretty(&trial).unwrap_or_default());
        } else {
            print_trial(&trial, &sc.customer.name);
        }
        return 0;
    }
    interactive(&sc, &understander, conv)
}

/// Reads lines and tries each at the current node, following the call where it goes.
fn interactive(sc: &Arc<crate::scenario::Scenario>, understander: &Arc<Understander>, mut conv: Conversation) -> u8 {
    println!("Trying lines on {} — type a line; /node NAME to jump, /start to begin again, /quit.", sc.id);
    print_caller(&conv, &sc.customer.name);
    let stdin = std::io::stdin();
    loop {
        print!("{} > ", conv.node());
        let _ = std::io::stdout().flush();
        let mut buf = Vec::new();
        match stdin.lock().read_until(b'\n', &mut buf) {
            Ok(0) | Err(_) => return 0,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&buf).trim().to_string();
        let jump = |node: Option<&str>| open_at(sc, understander, node, SEED);
        let next = match line.as_str() {
            "" => continue,
            "/quit" | "/q" => return 0,
            "/start" => jump(None),
            l if l.starts_with("/node") => jump(Some(l.trim_start_matches("/node").trim())),
            _ => {
                if conv.is_over() {
                    println!("(the call has ended; /start or /node NAME to try again)");
                    continue;
                }
                let trial = try_line(&mut conv, understander, &line);
                print_trial(&trial, &sc.customer.name);
                continue;
            }
        };
        match next {
            Ok(c) => {
                conv = c;
                print_caller(&conv, &sc.customer.name);
            }
            Err(e) => println!("{e}"),
        }
    }
}

fn print_caller(conv: &Conversation, name: &str) {
    for e in conv.log() {
        if let crate::sim::Event::CustomerSays { line, .. } = &e.event {
            println!("{name}: {line}");
        }
    }
}

pub fn print_trial(t: &Trial, caller: &str) {
    println!("at node `{}`: \"{}\"", t.node, t.line);
    print_understanding(&t.understood);
    println!("branches of `{}`, in order (the first that holds is taken):", t.node);
    for b in &t.branches {
        let mark = if Some(b.number) == t.taken {
            "→ TAKEN"
        } else if b.holds && t.taken.is_some_and(|n| n < b.number) {
            "  holds, but an earlier branch wins"
        } else if b.holds {
            "  holds"
        } else {
            "  no"
        };
        println!("  {}. {:<40} {:<18} {mark}", b.number, b.condition, b.to);
        for m in &b.missing {
            println!("       {m}");
        }
    }
    if let Some(r) = &t.reaction {
        println!("a {r} answered the line before the node's branches");
    }
    if t.taken.is_none() && t.reaction.is_none() && t.ended.is_none() {
        println!("no branch took the line: the caller nudges and stays at `{}`", t.node);
    }
    for b in t.near_misses() {
        let how = if b.holds { "held, but an earlier branch comes first".to_string() } else { b.missing.join("; ") };
        println!("near miss: branch {} ({} {}): {how}", b.number, b.condition, b.to);
    }
    for (cause, m) in &t.mood_changes {
        println!("mood    anger {:.2} trust {:.2} patience {:.2}  ({cause})", m.anger, m.trust, m.patience);
    }
    if t.mood_changes.is_empty() {
        println!("mood    unchanged");
    }
    if let Some(n) = &t.next_node {
        println!("next    node `{n}`");
    }
    if let Some(o) = t.ended {
        println!("ends    {o:?}");
    }
    for l in &t.caller {
        println!("{caller}: {l}");
    }
}
