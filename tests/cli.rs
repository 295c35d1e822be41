//! The `callsim` binary as a trainer and a trainee use it: exit codes, output, files.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn callsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callsim")).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_passes_on_the_bundled_library_with_a_summary_line_each() {
    let o = callsim(&["check", "scenarios"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("irate-double-charge") && out.contains("irate ") && out.contains("3 endings"), "{out}");
    assert!(out.ends_with("6 scenario file(s) checked: 0 error(s), 0 warning(s)\n"), "{out}");
}

#[test]
fn check_exits_1_with_file_line_col_on_a_broken_scenario_and_2_on_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let text = std::fs::read_to_string("scenarios/irate-double-charge.ron").unwrap().replacen(
        "goto: \"calmer\"",
        "goto: \"calmr\"",
        1,
    );
    std::fs::write(&bad, text).unwrap();
    let o = callsim(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("bad.ron:44:"), "{err}");
    assert!(err.contains("`goto` names node `calmr`, which does not exist"), "{err}");
    assert!(err.contains("did you mean `calmer`?"), "{err}");
    assert_eq!(callsim(&["check", "no/such/dir"]).status.code(), Some(2));
    assert_eq!(callsim(&["check", "--bogus"]).status.code(), Some(2));
}

#[test]
fn graph_prints_dot_and_mermaid_with_conditions_and_endings() {
    let o = callsim(&["graph", "scenarios/irate-double-charge.ron"]);
    assert_eq!(o.status.code(), Some(0));
    let dot = stdout(&o);
    assert!(dot.starts_with("digraph \"irate-double-charge\""));
    assert!(dot.contains("\"node vent\" -> \"node calmer\" [label=\"Acknowledge or Apologize\"]"), "{dot}");
    assert!(dot.contains("\"ending Escalated\" [label=\"Escalated\", shape=doublecircle"), "{dot}");
    let o = callsim(&["graph", "scenarios/irate-double-charge.ron", "--format", "mermaid"]);
    let mermaid = stdout(&o);
    // Mermaid ids are numbered in name order; the labels carry the names.
    let id = |name: &str| {
        mermaid
            .lines()
            .find(|l| l.ends_with(&format!("[\"{name}\"]")))
            .unwrap()
            .trim()
            .split('[')
            .next()
            .unwrap()
            .to_string()
    };
    assert!(mermaid.contains(&format!("{} -->|\"[Escalate]\"| end_Escalated", id("supervisor"))), "{mermaid}");
}

#[test]
fn graphviz_renders_every_bundled_graph() {
    // CI installs Graphviz; on a machine without it this test says so and checks nothing more.
    if Command::new("dot").arg("-V").output().is_err() {
        assert!(std::env::var("CI").is_err(), "Graphviz `dot` must be installed in CI");
        eprintln!("skipping: Graphviz not installed");
        return;
    }
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "ron") {
            continue;
        }
        let dot = stdout(&callsim(&["graph", path.to_str().unwrap()]));
        let mut child = Command::new("dot").arg("-Tsvg").stdin(Stdio::piped()).stdout(Stdio::piped()).spawn().unwrap();
        child.stdin.take().unwrap().write_all(dot.as_bytes()).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("<svg"), "{}", path.display());
    }
}

#[test]
fn play_reads_a_pipe_saves_a_record_and_prints_the_scorecard() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("call.jsonl");
    let mut child = Command::new(env!("CARGO_BIN_EXE_callsim"))
        .args(["play", "scenarios/irate-double-charge.ron", "--seed", "7", "--record", record.to_str().unwrap()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Hello, I'm so sorry, that sounds really frustrating.\nSo you were charged twice. Which card was it?\n/escalate\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("Dana Whitfield: This is the third time I'm calling about this!"), "{out}");
    assert!(out.contains("call ended: Escalated"), "{out}");
    assert!(out.contains("Scorecard: Charged twice and furious"), "{out}");

    let graded = callsim(&["grade", record.to_str().unwrap(), "--format", "json"]);
    assert_eq!(graded.status.code(), Some(0), "{}", stderr(&graded));
    let card: serde_json::Value = serde_json::from_str(&stdout(&graded)).unwrap();
    assert_eq!(card["outcome"], "Escalated");
    let html = dir.path().join("debrief.html");
    let o = callsim(&["grade", record.to_str().unwrap(), "--format", "html", "-o", html.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    let page = std::fs::read_to_string(html).unwrap();
    assert!(page.contains("<svg") && page.contains("id=\"turn-1\""));
}

#[test]
fn playtest_exits_1_when_an_expectation_fails() {
    let ok = callsim(&["playtest", "scenarios/irate-outage.ron", "scenarios/playtests/irate-outage/strong.ron", "-q"]);
    assert_eq!(ok.status.code(), Some(0), "{}", stdout(&ok));
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("wrong.ron");
    std::fs::write(&script, r#"Playtest(steps: [(say: "Hmm.")], expect: (outcome: Resolved, visits: ["satisfied"]))"#)
        .unwrap();
    let o = callsim(&["playtest", "scenarios/irate-outage.ron", script.to_str().unwrap(), "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("FAILED: expected to visit node `satisfied`"), "{out}");
    assert!(out.contains("FAILED: expected outcome Resolved, got no ending (call still open)"), "{out}");
    assert_eq!(callsim(&["playtest", "scenarios/irate-outage.ron"]).status.code(), Some(2));
}

#[test]
fn playtest_explore_reports_what_it_reached() {
    let o = callsim(&["playtest", "--explore", "scenarios/irate-double-charge.ron", "--calls", "200"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("every node and ending was reached"));
}

#[test]
fn explain_shows_the_score_or_phrase_behind_each_move_and_where_the_readers_differ() {
    let o = callsim(&["explain", "I can't transfer you, but I can offer a refund within 3 to 5 business days."]);
    let out = stdout(&o);
    assert!(out.contains("reader: learned"), "{out}");
    assert!(out.contains("move    SetExpectation") && out.contains("← learned reader 0."), "{out}");
    // The lexicon reads a refusal in "can't transfer you"; the learned reader does not: both shown.
    assert!(
        out.contains("differ  RefuseEscalation") && out.contains("negated OfferEscalation phrase \"can transfer you\""),
        "{out}"
    );
    assert!(out.contains("timeline \"within 3 to 5 business days\""), "{out}");
    assert_eq!(out.matches("\nnearest ").count(), 3, "{out}");
    let o = callsim(&["explain", "--json", "Thank you for holding."]);
    let u: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(u["moves"][0]["move"], "ThankForWaiting");
}
