//! Every validation rule, each on a small bad scenario: the message, the code and line:col.
//! (Positions were worked out by hand from the fixture text, not by the library.)

use callsim::scenario::validate::{validate, validate_library};
use callsim::scenario::{Problem, Severity, load_str};

const BASE: &str = r#"Scenario(
    id: "t",
    title: "T",
    archetype: Irate,
    customer: (name: "C"),
    start: "a",
    nodes: {
        "a": (
            say: ["Hi."],
            next: [
                (when: Move(Greet), goto: "b"),
                (when: Otherwise, end: Resolved),
            ],
        ),
        "b": (say: ["Bye."], end: Resolved),
    },
)
"#;

fn problems(src: &str) -> Vec<Problem> {
    match load_str("t.ron", src.to_string()) {
        Ok(loaded) => validate(&loaded),
        Err(problems) => problems,
    }
}

fn only(src: &str, code: &str) -> Problem {
    let found: Vec<Problem> = problems(src).into_iter().filter(|p| p.code == code).collect();
    assert_eq!(found.len(), 1, "expected one `{code}` problem, got {found:?}");
    found.into_iter().next().unwrap()
}

#[test]
fn the_base_fixture_is_clean() {
    assert!(problems(BASE).is_empty(), "{:?}", problems(BASE));
}

#[test]
fn missing_start_node_is_an_error_at_the_start_value() {
    let src = BASE.replacen("start: \"a\"", "start: \"zz\"", 1);
    let p = only(&src, "missing-start");
    assert_eq!(p.message, "start node `zz` does not exist");
    assert_eq!(p.at(), "6:12");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn dangling_goto_points_at_the_goto_value() {
    let src = BASE.replacen("goto: \"b\"", "goto: \"c\"", 1);
    let p = only(&src, "dangling-goto");
    assert_eq!(p.message, "`goto` names node `c`, which does not exist");
    assert_eq!(p.at(), "11:43");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn unreachable_node_is_a_warning_at_its_name() {
    let src = BASE.replacen(
        "        \"b\": (say",
        "        \"orphan\": (say: [\"x\"], end: Resolved),\n        \"b\": (say",
        1,
    );
    let p = only(&src, "unreachable");
    assert_eq!(p.message, "node `orphan` can never be reached from `a`");
    assert_eq!(p.at(), "15:9");
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn node_with_no_way_out_is_an_error() {
    let src = BASE.replacen("\"b\": (say: [\"Bye.\"], end: Resolved)", "\"b\": (say: [\"Bye.\"])", 1);
    let p = only(&src, "dead-end");
    assert_eq!(p.message, "node `b` has no way out: no `next` branches and no `end`");
    assert_eq!(p.at(), "15:9");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn intent_used_but_not_defined_is_an_error() {
    let src = BASE.replacen("when: Move(Greet)", "when: Intent(\"refundd\")", 1);
    let p = only(&src, "unknown-intent");
    assert_eq!(p.message, "intent `refundd` is used but not defined");
    assert_eq!(p.at(), "11:31");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn starting_mood_outside_0_to_1_is_an_error() {
    let src = BASE.replacen("customer: (name: \"C\")", "customer: (name: \"C\", mood: (anger: 1.5))", 1);
    let p = only(&src, "mood-range");
    assert_eq!(p.message, "starting anger 1.5 is outside 0..=1");
    assert_eq!(p.at(), "5:41");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn branch_mood_change_outside_range_is_an_error() {
    let src = BASE.replacen("goto: \"b\")", "goto: \"b\", mood: (trust: -2.0))", 1);
    let p = only(&src, "mood-range");
    assert_eq!(p.message, "trust change -2 is outside -1..=1");
    assert_eq!(p.at(), "11:62");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn weights_not_summing_to_100_is_an_error() {
    let src = BASE.replacen(
        "    start: \"a\",",
        "    rubric: (weights: (listening: 50, expectations: 30)),\n    start: \"a\",",
        1,
    );
    let p = only(&src, "weights-sum");
    assert_eq!(p.message, "rubric weights add up to 80, not 100");
    assert_eq!(p.at(), "6:23");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn pass_mark_above_100_is_an_error() {
    let src = BASE.replacen("    start: \"a\",", "    rubric: (pass: 120),\n    start: \"a\",", 1);
    let p = only(&src, "pass-range");
    assert_eq!(p.message, "pass mark 120 is outside 0..=100");
    assert_eq!(p.at(), "6:20");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn empty_line_list_is_an_error() {
    let src = BASE.replacen("say: [\"Hi.\"]", "say: []", 1);
    let p = only(&src, "empty-lines");
    assert_eq!(p.message, "this say has no lines");
    assert_eq!(p.at(), "9:18");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn reaction_that_can_never_fire_is_a_warning() {
    let src = BASE.replacen(
        "    start: \"a\",",
        "    reactions: [(when: AngerAtLeast(1.5), say: [\"x\"])],\n    start: \"a\",",
        1,
    );
    let p = only(&src, "never-fires");
    assert_eq!(p.message, "this condition can never hold: mood never goes above 1, and this needs 1.5");
    assert_eq!(p.at(), "6:24");
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn otherwise_in_a_reaction_never_fires() {
    let src =
        BASE.replacen("    start: \"a\",", "    reactions: [(when: Otherwise, say: [\"x\"])],\n    start: \"a\",", 1);
    let p = only(&src, "never-fires");
    assert_eq!(p.message, "`Otherwise` only has meaning in a node's branch list; this reaction never fires");
    assert_eq!(p.at(), "6:24");
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn branch_list_without_fallback_is_a_warning() {
    let src = BASE.replacen("                (when: Otherwise, end: Resolved),\n", "", 1);
    let p = only(&src, "no-fallback");
    assert_eq!(p.message, "node `a` has no `Otherwise` branch");
    assert_eq!(p.at(), "10:19");
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn branch_after_otherwise_is_a_warning() {
    let src = BASE.replacen(
        "                (when: Otherwise, end: Resolved),\n",
        "                (when: Otherwise, end: Resolved),\n                (when: Move(Rude), end: CustomerHungUp),\n",
        1,
    );
    let p = only(&src, "after-otherwise");
    assert_eq!(p.message, "this branch comes after `Otherwise` and can never be taken");
    assert_eq!(p.at(), "13:17");
    assert_eq!(p.severity, Severity::Warning);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn branch_with_goto_and_end_is_an_error() {
    let src = BASE.replacen("goto: \"b\")", "goto: \"b\", end: Resolved)", 1);
    let p = only(&src, "two-targets");
    assert_eq!(p.message, "this branch has both `goto` and `end`");
    assert_eq!(p.at(), "11:17");
    assert_eq!(p.severity, Severity::Error);
    assert!(p.hint.is_some(), "every problem carries a hint");
}

#[test]
fn unknown_move_is_rejected_with_a_did_you_mean() {
    let src = BASE.replacen("Move(Greet)", "Move(Greett)", 1);
    let p = only(&src, "unknown-variant");
    assert_eq!(p.message, "unknown variant `Greett` of `Move`");
    assert!(p.hint.as_deref().unwrap().starts_with("did you mean `Greet`?"), "{:?}", p.hint);
    assert_eq!(p.line, 11);
}

#[test]
fn unknown_field_is_rejected_with_a_did_you_mean() {
    let src = BASE.replacen("title:", "tittle:", 1);
    let p = only(&src, "unknown-field");
    assert_eq!(p.message, "unknown field `tittle` in `Scenario`");
    assert!(p.hint.as_deref().unwrap().starts_with("did you mean `title`?"), "{:?}", p.hint);
    assert_eq!(p.line, 3);
}

#[test]
fn missing_comma_is_reported_where_it_is_missing_with_a_hint() {
    let src = BASE.replacen("title: \"T\",", "title: \"T\"", 1);
    let p = only(&src, "missing-comma");
    // After `title: "T"` on line 3, not at `archetype` on line 4 where RON noticed it.
    assert_eq!((p.line, p.col), (3, 15));
    assert!(p.hint.as_deref().unwrap().contains("separated by commas"), "{:?}", p.hint);
}

#[test]
fn missing_required_field_names_it() {
    let src = BASE.replacen("    title: \"T\",\n", "", 1);
    let p = only(&src, "missing-field");
    assert_eq!(p.message, "missing field `title` in `Scenario`");
}

#[test]
fn every_problem_is_reported_at_once_errors_and_warnings_apart() {
    let src = BASE
        .replacen("goto: \"b\"", "goto: \"c\"", 1)
        .replacen("start: \"a\"", "start: \"a\",\n    rubric: (pass: 150)", 1)
        .replacen("        \"b\": (say", "        \"orphan\": (say: [\"x\"], end: Resolved),\n        \"b\": (say", 1);
    let all = problems(&src);
    let codes: Vec<&str> = all.iter().map(|p| p.code).collect();
    assert!(
        codes.contains(&"dangling-goto") && codes.contains(&"pass-range") && codes.contains(&"unreachable"),
        "{codes:?}"
    );
    let errors = all.iter().filter(|p| p.is_error()).count();
    let warnings = all.len() - errors;
    assert_eq!((errors, warnings), (2, 2), "{codes:?}");
}

#[test]
fn duplicate_ids_in_a_library_are_an_error_on_the_second_file() {
    let a = load_str("a.ron", BASE.to_string()).unwrap();
    let b = load_str("b.ron", BASE.to_string()).unwrap();
    let problems = validate_library(&[a, b]);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, "duplicate-id");
    assert_eq!(problems[0].file, "b.ron");
    assert_eq!(problems[0].message, "scenario id `t` is used twice");
    assert_eq!(problems[0].at(), "2:9");
}
