//! Text a person reads, pinned: a diagnostic as the trainer sees it, and a debrief scorecard.

use std::path::Path;
use std::sync::Arc;

use callsim::grade::render::to_text;
use callsim::playtest::{Script, run};
use callsim::scenario::library::load_valid;
use callsim::scenario::{load_str, validate::validate};
use callsim::understand::{Lexicon, Understander};
use miette::{GraphicalReportHandler, GraphicalTheme};

/// A diagnostic as the trainer's terminal shows it, without colour.
fn render(problem: &callsim::scenario::Problem) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, problem)
        .unwrap();
    out
}

#[test]
fn a_dangling_goto_diagnostic_shows_file_line_col_source_and_hint() {
    let text = std::fs::read_to_string("scenarios/irate-double-charge.ron").unwrap().replacen(
        "goto: \"calmer\"",
        "goto: \"calmr\"",
        1,
    );
    let loaded = load_str("scenarios/irate-double-charge.ron", text).unwrap();
    let problem = validate(&loaded).into_iter().next().unwrap();
    insta::assert_snapshot!(render(&problem));
}

#[test]
fn an_unknown_move_diagnostic_suggests_the_nearest() {
    let text = std::fs::read_to_string("scenarios/irate-outage.ron").unwrap().replacen(
        "Move(Acknowledge)",
        "Move(Acknowlege)",
        1,
    );
    let problems = load_str("scenarios/irate-outage.ron", text).unwrap_err();
    insta::assert_snapshot!(render(&problems[0]));
}

#[test]
fn the_weak_double_charge_call_scorecard() {
    let sc = Arc::new(load_valid(Path::new("scenarios/irate-double-charge.ron")).unwrap().scenario);
    let script = Script::load(Path::new("scenarios/playtests/irate-double-charge/weak.ron")).unwrap();
    let und = Arc::new(Understander::lexicon_only(&Lexicon::built_in(), Some(&sc)));
    let r = run(sc, und, &script, Path::new("."), None);
    insta::assert_snapshot!(to_text(&r.card));
}
