//! Bad input and files, as a tester tries them on the real binary: nothing lost, nothing
//! overwritten, nothing wrongly passed (issue 15). Each test names the defect it pins.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary under test; `CALLSIM_BIN` runs these tests against another build (the one before
/// a fix, to see each test fail there).
fn bin() -> String {
    std::env::var("CALLSIM_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_callsim").to_string())
}
const DOUBLE_CHARGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/irate-double-charge.ron");

fn callsim(args: &[&str]) -> Output {
    Command::new(bin()).args(args).output().unwrap()
}

fn callsim_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(bin()).args(args).current_dir(dir).output().unwrap()
}

/// `play` with `input` on a pipe, from `dir`.
fn play(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(bin())
        .arg("play")
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The call may end before all input is read: a closed pipe is not a test failure.
    let _ = child.stdin.take().unwrap().write_all(input);
    child.wait_with_output().unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn json_card(record: &Path) -> serde_json::Value {
    let o = callsim(&["grade", s(record), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    serde_json::from_str(&out(&o)).unwrap()
}

fn records_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir).map_or(Vec::new(), |d| d.map(|e| e.unwrap().path()).collect());
    v.sort();
    v
}

const OPENING: &[u8] = b"Hello, I'm so sorry, that sounds really frustrating.\n";

// 1. A typed line with invalid UTF-8 used to end the call as a hang-up and drop what followed.
#[test]
fn a_line_that_is_not_utf8_is_still_said_and_the_call_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("call.jsonl");
    let input = b"Hello, I'm so sorry\xff\xfe, that sounds really frustrating.\nSo you were charged twice. Which card was it?\n/escalate\n";
    let o = play(dir.path(), &[DOUBLE_CHARGE, "--seed", "7", "--record", s(&rec)], input);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("you: So you were charged twice. Which card was it?"), "{}", out(&o));
    assert!(out(&o).contains("call ended: Escalated"), "{}", out(&o));
    assert!(err(&o).contains("replaced with \u{fffd}"), "{}", err(&o));
    let card = json_card(&rec);
    assert_eq!(card["outcome"], "Escalated");
    assert_eq!(card["transcript"].as_array().unwrap().iter().filter(|l| l["who"] == "you").count(), 2);
}

// 2. A header-only record scored 100 PASS; a call killed mid-hold 74 PASS.
#[test]
fn an_unfinished_record_is_graded_as_interrupted_and_never_passes() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("call.jsonl");
    let input = b"Hello, I'm so sorry, that sounds really frustrating.\nSo you were charged twice for March. May I place you on hold for two minutes while I check?\n/hold\n/resume\nThank you for waiting, I have reversed the duplicate charge; the refund takes 3 to 5 business days.\n/end\n";
    let o = play(dir.path(), &[DOUBLE_CHARGE, "--seed", "7", "--record", s(&rec)], input);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = std::fs::read_to_string(&rec).unwrap();
    let lines: Vec<&str> = text.lines().collect();

    let header_only = dir.path().join("header.jsonl");
    std::fs::write(&header_only, format!("{}\n", lines[0])).unwrap();
    let card = json_card(&header_only);
    assert_eq!(card["passed"], false);
    assert!(card["interrupted"]["reason"].as_str().unwrap().contains("stopped before it ended"), "{card}");
    let o = callsim(&["grade", s(&header_only)]);
    assert!(out(&o).contains("→ INTERRUPTED") && out(&o).contains("partial debrief"), "{}", out(&o));

    let hold = lines.iter().position(|l| l.contains("\"HoldStarted\"")).unwrap();
    let mid_hold = dir.path().join("mid-hold.jsonl");
    std::fs::write(&mid_hold, lines[..=hold].join("\n") + "\n").unwrap();
    let card = json_card(&mid_hold);
    assert_eq!(card["passed"], false, "{card}");
    assert!(card["interrupted"].is_object(), "{card}");
    assert!(card["total"].as_u64().unwrap() > 0);
}

// 3. Replays replaced earlier records; --record could replace the scenario; grade -o its input.
#[test]
fn no_command_writes_over_an_earlier_record_a_scenario_or_its_own_input() {
    let dir = tempfile::tempdir().unwrap();
    for _ in 0..2 {
        let o = play(dir.path(), &[DOUBLE_CHARGE, "--seed", "7"], b"/escalate\n");
        assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    }
    let records = records_in(&dir.path().join("records"));
    assert_eq!(records.len(), 2, "{records:?}");
    let name = records[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(name.starts_with("irate-double-charge-7-20") && name.ends_with(".jsonl"), "{name}");

    let scenario = dir.path().join("copy.ron");
    std::fs::copy(DOUBLE_CHARGE, &scenario).unwrap();
    let before = std::fs::read(&scenario).unwrap();
    let o = play(dir.path(), &[s(&scenario), "--record", s(&scenario), "--force"], b"/escalate\n");
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(err(&o).contains("own input"), "{}", err(&o));
    assert_eq!(std::fs::read(&scenario).unwrap(), before, "the scenario is untouched");

    let rec = &records[0];
    let kept = std::fs::read(rec).unwrap();
    let o = callsim(&["grade", s(rec), "-o", s(rec), "--force"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("own input"), "{}", err(&o));
    let o = play(dir.path(), &[DOUBLE_CHARGE, "--record", s(rec)], b"/escalate\n");
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("already exists") && err(&o).contains("--force"), "{}", err(&o));
    assert_eq!(std::fs::read(rec).unwrap(), kept, "the record is untouched");

    let html = dir.path().join("debrief.html");
    assert_eq!(callsim(&["grade", s(rec), "-o", s(&html)]).status.code(), Some(0));
    assert_eq!(callsim(&["grade", s(rec), "-o", s(&html)]).status.code(), Some(1), "no silent overwrite");
    assert_eq!(callsim(&["grade", s(rec), "-o", s(&html), "--force"]).status.code(), Some(0));
}

// 4. End of input counted as hanging up on the caller (an auto-fail).
#[test]
fn end_of_input_is_leaving_the_call_not_hanging_up() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("call.jsonl");
    let o = play(dir.path(), &[DOUBLE_CHARGE, "--seed", "7", "--record", s(&rec)], OPENING);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("you left the call"), "{}", out(&o));
    assert!(!out(&o).contains("AgentHungUp"), "{}", out(&o));
    let text = std::fs::read_to_string(&rec).unwrap();
    assert!(text.contains("\"kind\":\"TraineeLeft\""), "{text}");
    assert!(!text.contains("CallEnded"), "{text}");
    let card = json_card(&rec);
    assert!(card["auto_fails"].as_array().unwrap().is_empty(), "{card}");
    assert!(card["interrupted"]["reason"].as_str().unwrap().contains("you left the call"), "{card}");
    assert!(!out(&callsim(&["grade", s(&rec)])).to_lowercase().contains("hung up"));
}

// 5. After the call ended in the terminal, caller lines were still printed (a hang-up's goodbye
// came after "call ended").
#[test]
fn nothing_the_caller_says_is_printed_after_the_call_ends() {
    let dir = tempfile::tempdir().unwrap();
    let input = b"You're being ridiculous, calm down.\nWhatever, calm down.\nShut up, calm down, are you deaf?\n";
    let o = play(dir.path(), &[DOUBLE_CHARGE, "--seed", "7"], input);
    let text = out(&o);
    let ended = text.find("call ended: CustomerHungUp").unwrap_or_else(|| panic!("{text}"));
    let goodbye =
        text.find("Dana Whitfield: That's it. I'm done with this. Goodbye.").unwrap_or_else(|| panic!("{text}"));
    assert!(goodbye < ended, "the caller's last words come before the end:\n{text}");
    let after = &text[ended..text.find("Scorecard:").unwrap()];
    assert!(!after.contains("Dana Whitfield:"), "caller lines after the end:\n{after}");
}

// 7. A record graded against another scenario only warned; grading from another folder failed.
#[test]
fn grade_refuses_a_different_scenario_and_finds_the_right_one_from_any_folder() {
    let lab = tempfile::tempdir().unwrap();
    std::fs::create_dir(lab.path().join("scenarios")).unwrap();
    std::fs::copy(DOUBLE_CHARGE, lab.path().join("scenarios/double.ron")).unwrap();
    let o =
        play(lab.path(), &["scenarios/double.ron", "--seed", "7", "--record", "records/call.jsonl"], b"/escalate\n");
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    let elsewhere = tempfile::tempdir().unwrap();
    let rec = lab.path().join("records/call.jsonl");
    let o = callsim_in(elsewhere.path(), &["grade", s(&rec)]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("Outcome: Escalated"), "{}", out(&o));

    // The lab folder copied elsewhere (the absolute path gone): found beside the record.
    let moved = elsewhere.path().join("lab");
    std::fs::create_dir_all(moved.join("records")).unwrap();
    std::fs::create_dir_all(moved.join("scenarios")).unwrap();
    std::fs::copy(&rec, moved.join("records/call.jsonl")).unwrap();
    std::fs::copy(lab.path().join("scenarios/double.ron"), moved.join("scenarios/double.ron")).unwrap();
    drop(lab);
    let o = callsim_in(elsewhere.path(), &["grade", "lab/records/call.jsonl"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));

    let other = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/irate-outage.ron");
    let o = callsim(&["grade", s(&moved.join("records/call.jsonl")), "--scenario", other]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(
        err(&o).contains("scenario `irate-double-charge`") && err(&o).contains("scenario `irate-outage`"),
        "{}",
        err(&o)
    );
}

// 8. A whole but invalid last line was reported as "incomplete (the program stopped mid-turn)".
#[test]
fn a_complete_but_invalid_last_line_is_named_with_its_line_number() {
    let dir = tempfile::tempdir().unwrap();
    let rec = dir.path().join("call.jsonl");
    play(dir.path(), &[DOUBLE_CHARGE, "--seed", "7", "--record", s(&rec)], b"/escalate\n");
    let mut text = std::fs::read_to_string(&rec).unwrap();
    let n = text.lines().count() + 1;
    text.push_str("{\"t\":3.0,\"kind\":\"Teleported\"}\n");
    std::fs::write(&rec, &text).unwrap();
    let o = callsim(&["grade", s(&rec)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        err(&o).contains(&format!("call.jsonl:{n}: not a callsim record line: unknown variant `Teleported`")),
        "{}",
        err(&o)
    );
    assert!(!err(&o).contains("incomplete"), "{}", err(&o));

    // A last line cut short (no newline: the program stopped while writing) is still forgiven.
    std::fs::write(&rec, text.trim_end().trim_end_matches('}')).unwrap();
    let o = callsim(&["grade", s(&rec)]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(err(&o).contains("incomplete"), "{}", err(&o));
}

const LOOPING: &str = r#"Scenario(
    id: "loops",
    title: "Loops",
    archetype: Irate,
    start: "a",
    nodes: {
        "a": (say: ["Hi."], next: [(when: Move(Greet), goto: "b"), (when: Otherwise, goto: "a")]),
        "b": (say: ["Again."], next: [(when: Otherwise, goto: "a")]),
    },
)
"#;

// 9. A scenario with no reachable ending passed with a warning; `customer` was not optional.
#[test]
fn check_refuses_a_call_that_can_never_end_and_customer_may_be_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let looping = dir.path().join("loops.ron");
    std::fs::write(&looping, LOOPING).unwrap();
    let o = callsim(&["check", s(&looping)]);
    assert_eq!(o.status.code(), Some(1), "{}{}", out(&o), err(&o));
    assert!(err(&o).contains("loops.ron:5:12") && err(&o).contains("no ending can be reached from `a`"), "{}", err(&o));

    let ends = dir.path().join("ends.ron");
    std::fs::write(&ends, LOOPING.replace("goto: \"a\")]),\n    },", "end: Resolved)]),\n    },")).unwrap();
    let o = callsim(&["check", s(&ends)]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
}

// 10. `graph` merged nodes named `a-b`, `a_b` and `a b` into one DOT id.
#[test]
fn graph_keeps_nodes_with_similar_names_apart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("names.ron");
    let src = r#"Scenario(
    id: "names", title: "Names", archetype: Irate, start: "a-b",
    nodes: {
        "a-b": (say: ["One."], next: [(when: Move(Greet), goto: "a_b"), (when: Otherwise, end: Resolved)]),
        "a_b": (say: ["Two."], next: [(when: Move(Greet), goto: "a b"), (when: Otherwise, end: Resolved)]),
        "a b": (say: ["Three."], next: [(when: Otherwise, goto: "start")]),
        "start": (say: ["Four."], end: Resolved),
    },
)"#;
    std::fs::write(&path, src).unwrap();
    let dot = out(&callsim(&["graph", s(&path)]));
    let ids: std::collections::BTreeSet<&str> = dot
        .lines()
        .filter(|l| l.contains("[label=") && !l.contains("->"))
        .map(|l| l.trim().split(" [").next().unwrap())
        .collect();
    assert_eq!(ids.len(), 4 + 1, "four nodes, one ending: {dot}");
    assert!(dot.contains("\"node a b\" -> \"node start\""), "{dot}");
    let mermaid = out(&callsim(&["graph", s(&path), "--format", "mermaid"]));
    assert_eq!(mermaid.matches("[\"a").count(), 3, "{mermaid}");
    assert!(mermaid.contains("n1 -->|\"Greet\"| n2"), "a-b (n1) to a_b (n2), ids in name order: {mermaid}");
}

// 11. `eval` printed precision and recall 1.000 from zero samples.
#[test]
fn eval_shows_no_figure_from_zero_samples_and_refuses_an_empty_file() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.tsv");
    std::fs::write(&empty, "# nothing here\n").unwrap();
    let o = callsim(&["eval", s(&empty), "--lexicon-only"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("no labelled lines"), "{}", err(&o));

    let one = dir.path().join("one.tsv");
    std::fs::write(&one, "Greet\tHello, thanks for calling.\n").unwrap();
    let o = callsim(&["eval", s(&one), "--lexicon-only"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    let row = |name: &str| text.lines().find(|l| l.starts_with(&format!("{name} "))).unwrap().to_string();
    assert!(row("Greet").contains("    1   0   0"), "{text}");
    assert!(row("Rude").contains("—       —      —    0   0   0"), "{}", row("Rude"));
    assert!(!row("Rude").contains("1.000"), "{}", row("Rude"));
    assert!(text.contains("lowest critical precision — (none found)"), "{text}");
}

// 12. `playtest --explore --record X` wrote nothing, silently.
#[test]
fn explore_with_record_is_refused_with_a_message() {
    let o = callsim(&["playtest", "--explore", DOUBLE_CHARGE, "--record", "x.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("cannot be used with"), "{}", err(&o));
}

// 13. Scripts accepted `wait: 1e300`, `at: NaN`, `wait: inf`.
#[test]
fn playtest_scripts_refuse_non_finite_and_absurd_times_with_file_line_col() {
    let dir = tempfile::tempdir().unwrap();
    for (value, what) in
        [("wait: 1e300", "outside 0 to"), ("at: NaN", "not NaN"), ("wait: inf", "not inf"), ("at: -5", "outside 0 to")]
    {
        let script = dir.path().join("times.ron");
        std::fs::write(
            &script,
            format!(
                "Playtest(\n    steps: [\n        (say: \"Hello.\"),\n        ({value}, say: \"Hi.\"),\n    ],\n)\n"
            ),
        )
        .unwrap();
        let o = callsim(&["playtest", DOUBLE_CHARGE, s(&script), "-q"]);
        assert_eq!(o.status.code(), Some(1), "{value}: {}", out(&o));
        assert!(err(&o).contains("times.ron:4:") && err(&o).contains(what), "{value}: {}", err(&o));
    }
}

// 16. Diagnostics echoed whole 500 KB lines, suggested a crate, called a symlink loop missing,
// and sent control characters to the terminal raw.
#[test]
fn diagnostics_cut_long_lines_speak_plainly_and_escape_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let long = dir.path().join("long.ron");
    let text = std::fs::read_to_string(DOUBLE_CHARGE).unwrap();
    let huge = format!("    brief: \"{}\", bogus: 1,\n", "x".repeat(500_000));
    std::fs::write(&long, text.replacen("    brief:", &format!("{huge}    brieff:"), 1)).unwrap();
    let o = callsim(&["check", s(&long)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("unknown field `bogus`"), "{}", &err(&o)[..err(&o).len().min(2000)]);
    assert!(o.stderr.len() < 4_000, "{} bytes of diagnostics", o.stderr.len());

    let deep = dir.path().join("deep.ron");
    let nested = format!("{}Move(Greet){}", "Not(".repeat(300), ")".repeat(300));
    std::fs::write(&deep, text.replacen("when: Otherwise", &format!("when: {nested}"), 1)).unwrap();
    let o = callsim(&["check", s(&deep)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("nested more than 128 levels"), "{}", err(&o));
    assert!(!err(&o).contains("serde_stacker") && !err(&o).contains("recursion_limit"), "{}", err(&o));

    #[cfg(unix)]
    {
        let looped = dir.path().join("loop.ron");
        std::os::unix::fs::symlink(&looped, &looped).unwrap();
        let o = callsim(&["check", s(&looped)]);
        assert_eq!(o.status.code(), Some(2));
        assert!(err(&o).contains("symbolic link that cannot be followed"), "{}", err(&o));
        assert!(!err(&o).contains("does not exist"), "{}", err(&o));
    }

    let control = dir.path().join("control.ron");
    std::fs::write(&control, text.replacen("    brief:", "    bri\u{1b}[2Jef:", 1)).unwrap();
    let o = callsim(&["check", s(&control)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!o.stderr.contains(&0x1b), "raw escape in: {}", err(&o));
    assert!(err(&o).contains("\\u{1b}[2J"), "{}", err(&o));
}

// Any bytes on `play`'s standard input: no panic, and a record that is saved and grades.
mod any_input {
    use super::*;
    use proptest::prelude::*;

    /// Lines a trainee might type, commands, and raw bytes, mixed.
    fn input() -> impl Strategy<Value = Vec<u8>> {
        let line = prop_oneof![
            Just(b"Hello, I'm so sorry about that.\n".to_vec()),
            Just(b"/hold\n".to_vec()),
            Just(b"/resume\n".to_vec()),
            Just(b"/escalate\n".to_vec()),
            Just(b"/end\n".to_vec()),
            Just(b"\n".to_vec()),
            proptest::collection::vec(any::<u8>(), 0..200),
        ];
        proptest::collection::vec(line, 0..8).prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]
        #[test]
        fn any_bytes_end_with_a_saved_gradeable_record(bytes in input()) {
            let dir = tempfile::tempdir().unwrap();
            let rec = dir.path().join("call.jsonl");
            let o = play(dir.path(), &[DOUBLE_CHARGE, "--seed", "3", "--record", s(&rec)], &bytes);
            prop_assert_eq!(o.status.code(), Some(0), "{}", err(&o));
            prop_assert!(!err(&o).contains("panicked"), "{}", err(&o));
            let record = callsim::record::read(&rec).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(!record.truncated);
            let sc = callsim::scenario::library::load_valid(Path::new(DOUBLE_CHARGE)).unwrap().scenario;
            let card = callsim::grade::grade(&sc, &record.events);
            // Ended by the call or by leaving it: either way the record says how.
            prop_assert!(card.outcome.is_some() || card.interrupted.is_some());
        }
    }
}
