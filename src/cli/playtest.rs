//! `callsim playtest`: a scripted trainee with expectations, or random exploration.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::show::{event_line, load_scenario};
use crate::grade::render::to_text;
use crate::playtest::{Script, explore::explore as explore_calls, run as run_script};
use crate::record::guard::may_write;
use crate::record::{Header, RecordWriter};
use crate::understand::{Lexicon, Understander};

/// The scenario a playtest script names in its `scenario:` (relative to the script), when the
/// file is a script that names one.
pub fn scenario_named_by(script: &Path) -> Option<PathBuf> {
    let s = Script::load(script).ok()?;
    let dir = script.parent().unwrap_or(Path::new("."));
    s.scenario.map(|rel| dir.join(rel))
}

/// `record`: where to write the session record, and whether it may replace a file.
pub fn run(scenario: &Path, script_path: &Path, record: Option<(PathBuf, bool)>, quiet: bool) -> u8 {
    if let Some((out, force)) = &record
        && let Err(e) = may_write(out, &[scenario, script_path], *force)
    {
        eprintln!("error: {e}");
        return 1;
    }
    let Some(loaded) = load_scenario(scenario) else { return 1 };
    let script = match Script::load(script_path) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let sc = Arc::new(loaded.scenario.clone());
    let understander = Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc)));
    let dir = script_path.parent().unwrap_or(Path::new("."));
    // Speech is loaded only for scripts that have spoken steps.
    let transcriber = if script.steps.iter().any(|s| s.wav.is_some()) {
        match crate::speech_transcriber(sc.speech_prompt()) {
            Ok(t) => Some(t),
            Err(e) => {
                eprintln!("error: this script has spoken (`wav`) steps, but {e}");
                return 1;
            }
        }
    } else {
        None
    };
    let result = run_script(sc.clone(), understander, &script, dir, transcriber.as_deref());
    if let Some((path, force)) = record {
        let header = Header::new(&sc.id, &loaded.path, loaded.source.inner(), script.seed);
        match RecordWriter::create(&path, &header, force).and_then(|mut w| w.append(&result.events)) {
            Ok(()) => println!("record written to {}", path.display()),
            Err(e) => eprintln!("warning: {e}"),
        }
    }
    if !quiet {
        println!("path: {}", result.path.join(" → "));
        println!("events:");
        for e in &result.events {
            if let Some(l) = event_line(e, &sc.customer.name) {
                println!("  {l}");
            }
        }
        println!("\n{}", to_text(&result.card));
    }
    let outcome = result.outcome.map_or("no ending (call still open)".into(), |o| format!("{o:?}"));
    println!("outcome: {outcome}; score {} ({})", result.card.total, result.card.verdict().to_lowercase());
    if result.failures.is_empty() {
        println!("expectations: all met");
        0
    } else {
        for f in &result.failures {
            println!("FAILED: {f}");
        }
        1
    }
}

pub fn explore(scenario: &Path, seed: u64, calls: usize) -> u8 {
    let Some(loaded) = load_scenario(scenario) else { return 1 };
    let ex = explore_calls(Arc::new(loaded.scenario.clone()), &Lexicon::built_in(), seed, calls);
    println!("explored {} calls ({} turns) of {} with seed {seed}", ex.calls, ex.turns, loaded.scenario.id);
    println!("node visits:");
    for (node, n) in &ex.visits {
        println!("  {node:<24} {n}");
    }
    println!("outcomes, by cause:");
    for (o, n) in &ex.outcomes {
        println!("  {o:<24} {n}");
        for ((_, cause), k) in ex.causes.iter().filter(|((outcome, _), _)| outcome == o) {
            println!("      {k:>5}  {cause}");
        }
    }
    if ex.unfinished > 0 {
        println!("calls still open after 30 turns: {}, going round:", ex.unfinished);
        let mut stuck: Vec<(&String, &usize)> = ex.stuck.iter().collect();
        stuck.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        for (cycle, k) in stuck.iter().take(5) {
            println!("      {k:>5}  {cycle}");
        }
    }
    for (node, n) in &ex.unmatched {
        println!("replies matching no branch at {node}: {n}");
    }
    if ex.never_reached.is_empty() && ex.endings_never_reached.is_empty() {
        println!("every node and ending was reached");
        0
    } else {
        for n in &ex.never_reached {
            println!("NEVER REACHED: node {n}");
        }
        for o in &ex.endings_never_reached {
            println!("NEVER REACHED: ending {o:?}");
        }
        1
    }
}
