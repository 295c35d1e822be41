//! The trainer's path: what a trainer could not see before is shown, and what silently did
//! nothing is named. Each test pins one finding of the trainer's report as fixed.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;

use callsim::grade::grade;
use callsim::playtest::explore::explore;
use callsim::playtest::prove::prove;
use callsim::playtest::trial::{open_at, try_line};
use callsim::scenario::validate::validate;
use callsim::scenario::{Loaded, Problem, Scenario, load_str};
use callsim::sim::{Conversation, Source};
use callsim::understand::{Context, Lexicon, Move, Understander, Verdict};

fn callsim(args: &[&str]) -> (bool, String) {
    let bin = std::env::var("CALLSIM_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_callsim").to_string());
    let out = Command::new(bin).args(args).env("NO_COLOR", "1").output().expect("callsim runs");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.success(), text)
}

fn load(src: &str) -> Loaded {
    load_str("t.ron", src.to_string()).unwrap_or_else(|p| panic!("{p:?}"))
}

fn understander(sc: &Scenario) -> Arc<Understander> {
    Arc::new(Understander::new(&Lexicon::built_in(), Some(sc)))
}

/// A choice-shopping call with one misleading claim and one forbidden promise.
const SHOP: &str = r#"Scenario(
    id: "shop", title: "Shop", archetype: ChoiceShopping,
    facts: { "plan": "$12 a month", "contract_length": "12 months", "porting_time": "1 business day" },
    promises: (
        forbidden: [("price match", "we do not match rival prices")],
        misleading: [("their coverage is terrible", "we know nothing of their coverage")],
    ),
    rival: (name: "Volta", offer: "$10 a month"),
    start: "ask",
    nodes: {
        "ask": (
            say: ["Volta is cheaper. Why stay?"],
            good: "Hello, and thanks for calling. Volta is cheaper, that's true. Ours is $12 a month: what matters most to you?",
            next: [
                (when: Move(Mislead), goto: "misled"),
                (when: Move(OverPromise), goto: "doubt"),
                (when: Move(Question), goto: "done"),
                (when: Otherwise, goto: "ask"),
            ],
        ),
        "misled": (say: ["That's not true. Bye."], end: WentToRival),
        "doubt": (say: ["Really? Bye."], end: WentToRival),
        "done": (say: ["Fair enough, I'll stay."], end: Resolved),
    },
)"#;

fn said(sc: &Arc<Scenario>, lines: &[&str]) -> callsim::grade::Scorecard {
    let mut c = Conversation::new(sc.clone(), understander(sc), 1);
    for line in lines {
        let t = c.caller_speaking_until() + 1.0;
        c.say(line, Source::Typed, t);
    }
    let t = c.caller_speaking_until() + 1.0;
    c.say("Thanks for calling, goodbye.", Source::Typed, t);
    grade(sc, c.log())
}

#[test]
fn a_misleading_phrase_is_a_mislead_and_a_forbidden_one_an_over_promise_in_any_call() {
    let sc = Arc::new(load(SHOP).scenario);
    let u = understander(&sc);
    let mut conv = open_at(&sc, &u, None, 1).unwrap();
    let trial = try_line(&mut conv, &u, "Honestly, their coverage is terrible round here.");
    assert!(trial.understood.has(Move::Mislead), "{:?}", trial.understood.moves);
    assert_eq!((trial.taken, trial.next_node.as_deref()), (Some(1), Some("misled")));
    let card = said(&sc, &["Honestly, their coverage is terrible round here."]);
    assert_eq!(card.auto_fails.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["misleading-sale"]);

    let mut conv = open_at(&sc, &u, None, 1).unwrap();
    let trial = try_line(&mut conv, &u, "No problem, we can price match that for you.");
    assert!(trial.understood.has(Move::OverPromise) && !trial.understood.has(Move::Mislead));
    assert_eq!(trial.next_node.as_deref(), Some("doubt"));
    let card = said(&sc, &["No problem, we can price match that for you."]);
    assert_eq!(card.auto_fails.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), ["forbidden-promise"]);
}

#[test]
fn a_length_that_is_not_a_wait_is_checked_as_information_not_as_a_timeline() {
    let sc = load(SHOP).scenario;
    let u = understander(&sc);
    let read = |line: &str| u.understand(line, Context { customer_said: &[] });
    let right = read("The contract is 12 months.");
    assert_eq!(right.lengths.len(), 1);
    assert_eq!((right.lengths[0].fact.as_str(), right.lengths[0].verdict), ("contract_length", Verdict::Fits));
    assert!(right.checks.is_empty() && !right.has(Move::SetExpectation) && !right.has(Move::OverPromise));
    // A hyphenated length and years are read too.
    assert_eq!(read("It's a 12-month contract.").lengths[0].verdict, Verdict::Fits);
    assert_eq!(read("It's a one year contract.").lengths[0].verdict, Verdict::Fits);
    let wrong = read("The contract runs for 24 months.");
    assert_eq!(wrong.lengths[0].verdict, Verdict::Differs);
    assert!(!wrong.has(Move::OverPromise), "a wrong length is a wrong fact, not a promise");
    // "today" is when something happens, not a length: it stays a timeline.
    let today = read("I'll email you the contract today.");
    assert!(today.lengths.is_empty());

    let card = said(&Arc::new(sc.clone()), &["The contract runs for 24 months."]);
    let facts = card.criterion("facts-correct").unwrap();
    assert_eq!(facts.status, callsim::grade::Status::Missed);
    assert!(facts.evidence[0].note.contains("contract_length"), "{}", facts.evidence[0].note);
}

#[test]
fn a_timeline_is_held_against_the_wait_its_own_words_name_and_only_when_promised() {
    let src = r#"Scenario(id: "w", title: "W", archetype: Irate, start: "a",
        facts: {"assessor_wait": "5 business days", "callback_time": "within 24 hours", "visit_time": "2 business days"},
        nodes: {"a": (say: ["Hi."], end: Resolved)})"#;
    let sc = load(src).scenario;
    let u = understander(&sc);
    let read = |line: &str| u.understand(line, Context { customer_said: &[] });
    // The outsider's line: the call back is tomorrow; the assessor's date is what it brings.
    let call = read("I'll call you back by this time tomorrow with the assessor's date.");
    assert_eq!(
        call.checks.iter().map(|c| (c.fact.as_str(), c.verdict)).collect::<Vec<_>>(),
        [("callback_time", Verdict::Fits)]
    );
    assert!(!call.has(Move::OverPromise), "{:?}", call.moves);
    // What already happened is not a promise about the visit.
    let past = read("I know you took a day off work for the visit.");
    assert!(past.checks.is_empty() && !past.has(Move::OverPromise), "{:?} {:?}", past.checks, past.moves);
    let promised = read("The visit will be tomorrow.");
    assert_eq!(promised.checks[0].verdict, Verdict::TooFast);
}

#[test]
fn a_message_about_the_fact_has_its_own_time() {
    let src = r#"Scenario(id: "m", title: "M", archetype: Irate, start: "a",
        facts: {"refund_time": "3 to 5 business days", "callback_time": "within 24 hours"},
        nodes: {"a": (say: ["Hi."], end: Resolved)})"#;
    let sc = load(src).scenario;
    let u = understander(&sc);
    let read = |line: &str| u.understand(line, Context { customer_said: &[] });
    // The email confirming the refund comes today; the refund takes its 3 to 5 days.
    let line = read(
        "I've refunded it; it will be back on your card in 3 to 5 business days, and you'll get an email confirming the refund today.",
    );
    assert!(line.checks.iter().all(|c| c.verdict != Verdict::TooFast), "{:?}", line.checks);
    assert!(!line.has(Move::OverPromise) && line.has(Move::SetExpectation), "{:?}", line.moves);
    // The refund itself today is still too fast, and a call-back fact is about the call.
    assert!(read("Your refund will be back on your card today.").has(Move::OverPromise));
    let call = read("I'll call you back today with the refund confirmation.");
    assert_eq!(call.checks[0].fact, "callback_time");
}

#[test]
fn amounts_worked_out_from_the_facts_are_correct_and_made_up_ones_are_not() {
    let sc = Arc::new(load(SHOP).scenario);
    let ok = said(&sc, &["That's $144 for the whole year, $2 more than Volta each month."]);
    assert_eq!(ok.criterion("facts-correct").unwrap().status, callsim::grade::Status::Met);
    let made_up = said(&sc, &["That's $150 for the whole year."]);
    assert_eq!(made_up.criterion("facts-correct").unwrap().status, callsim::grade::Status::Missed);
}

/// A scenario with every field that used to be accepted and do nothing.
const NO_OPS: &str = r#"Scenario(
    id: "n", title: "N", archetype: Irate,
    customer: (name: "C", voice: "dana"),
    facts: { "refund_time": "when it's done" },
    phrases: { Paraphrase: ["so you're saying"] },
    start: "a",
    nodes: {
        "a": (say: ["Hi."], next: [(when: Move(Greet), goto: "b"), (when: Otherwise, goto: "b")]),
        "b": (say: ["Bye."], end: Resolved, next: [(when: Otherwise, goto: "a")]),
    },
    rubric: (required: [(title: "Calm them", when: AngerBelow(0.2))]),
)"#;

#[test]
fn check_names_every_field_that_would_do_nothing() {
    let problems: Vec<Problem> = validate(&load(NO_OPS)).into_iter().filter(|p| p.code == "no-op").collect();
    let at: Vec<(usize, &str)> = problems.iter().map(|p| (p.line, p.message.split(':').next().unwrap())).collect();
    assert_eq!(
        at,
        [
            (3, "`customer.voice` is not used yet"),
            (
                4,
                "fact `refund_time` is named as a duration but \"when it's done\" is not one, so no stated time is checked against it"
            ),
            (5, "phrases for `Paraphrase` are ignored"),
            (9, "node `b` ends the call, so its `next` branches are never taken"),
            (11, "required step \"Calm them\" can never be met"),
        ],
        "{problems:#?}"
    );
}

#[test]
fn a_scenarios_own_phrases_make_the_move_with_the_learned_reader_too() {
    let src = SHOP.replace(r#"rival: (name"#, r#"phrases: { Acknowledge: ["fair shout"] }, rival: (name"#);
    let sc = load(&src).scenario;
    let u = understander(&sc);
    let read = u.understand("Fair shout.", Context { customer_said: &[] });
    assert!(read.has(Move::Acknowledge), "{:?}", read.moves);
}

#[test]
fn check_proves_the_model_answers_against_the_rubric_the_facts_and_the_endings() {
    let src = SHOP.replace(
        "Hello, and thanks for calling. Volta is cheaper, that's true. Ours is $12 a month: what matters most to you?",
        "Hello. Calm down. Ours is $15 a month, and the contract is 24 months.",
    );
    let loaded = load(&src);
    let found = prove(&loaded, &understander(&loaded.scenario));
    let codes: Vec<&str> = found.iter().map(|p| p.code).collect();
    for code in ["good-breaks-rubric", "good-wrong-amount", "good-wrong-duration"] {
        assert!(codes.contains(&code), "no {code} in {found:#?}");
    }
    let rude = found.iter().find(|p| p.code == "good-breaks-rubric").unwrap();
    assert!(rude.message.contains("Rude"), "{}", rude.message);
    // The clean original proves.
    let clean = load(SHOP);
    let clean_found = prove(&clean, &understander(&clean.scenario));
    assert!(clean_found.is_empty(), "{clean_found:#?}");
}

/// Model answers that go round: `a` asks and goes to `b`, whose answer asks and goes back.
const LOOP: &str = r#"Scenario(
    id: "l", title: "L", archetype: Demanding, start: "a",
    nodes: {
        "a": (say: ["I have a problem."], good: "Hello, thanks for calling. What happened?",
              next: [(when: Move(Question), goto: "b"), (when: Move(Close), end: Resolved), (when: Otherwise, goto: "a")]),
        "b": (say: ["It broke."], good: "When did it break?",
              next: [(when: Move(Question), goto: "a"), (when: Otherwise, goto: "b")]),
    },
)"#;

#[test]
fn check_says_when_following_the_model_answers_never_ends_the_call() {
    let loaded = load(LOOP);
    let found = prove(&loaded, &understander(&loaded.scenario));
    let path: Vec<&Problem> = found.iter().filter(|p| p.code == "good-path").collect();
    assert!(!path.is_empty(), "{found:#?}");
    assert!(path[0].message.contains("loop without ending: a → b → a"), "{}", path[0].message);
}

#[test]
fn explore_says_why_calls_ended_and_which_cycle_open_calls_went_round() {
    // A caller close to walking out, so the built-in trust limit comes into play.
    let sc = Arc::new(
        load(&SHOP.replace("archetype: ChoiceShopping,", "archetype: ChoiceShopping, customer: (mood: (trust: 0.2)),"))
            .scenario,
    );
    let ex = explore(sc, &Lexicon::built_in(), 3, 120);
    let causes: Vec<&str> = ex.causes.keys().map(|(_, c)| c.as_str()).collect();
    assert!(causes.iter().any(|c| c.starts_with("node `done` ends the call")), "{causes:?}");
    assert!(causes.iter().any(|c| c.starts_with("the built-in trust limit")), "{causes:?}");
    let total: usize = ex.causes.values().sum::<usize>() + ex.unfinished;
    assert_eq!(total, 120);
    if ex.unfinished > 0 {
        assert!(ex.stuck.keys().all(|k| k.contains("ask")), "{:?}", ex.stuck);
    }
}

#[test]
fn try_shows_the_branch_taken_and_what_every_other_branch_needed() {
    let line = "Hi Priya, thanks for calling. I can't match a cash bonus, but our account costs nothing, while theirs is $5 a month: that's $60 a year back with us.";
    let (ok, before) = callsim(&["try", "tests/data/authoring/bank-before.ron", "--node", "bonus", line]);
    assert!(ok, "{before}");
    assert!(before.contains("3. otherwise"), "{before}");
    assert!(before.lines().any(|l| l.contains("3. otherwise") && l.ends_with("→ TAKEN")), "{before}");
    assert!(before.contains("no phrase of intent `fee_saving` (such as \"free account\", \"no fee\")"), "{before}");
    let (_, after) = callsim(&["try", "tests/data/authoring/bank-after.ron", "--node", "bonus", line]);
    assert!(after.lines().any(|l| l.contains("2. intent fee_saving") && l.ends_with("→ TAKEN")), "{after}");
    assert!(after.contains("next    node `tempted`"), "{after}");

    let (_, check_before) = callsim(&["check", "tests/data/authoring/bank-before.ron"]);
    assert!(check_before.contains("warning[good-misses-branch]"), "{check_before}");
    let (ok, check_after) = callsim(&["check", "tests/data/authoring/bank-after.ron"]);
    assert!(ok && check_after.contains("0 error(s), 0 warning(s)"), "{check_after}");
}

#[test]
fn try_without_a_line_is_a_prompt_that_follows_the_call() {
    use std::io::Write;
    let bin = std::env::var("CALLSIM_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_callsim").to_string());
    let mut child = Command::new(bin)
        .args(["try", "tests/data/authoring/bank-after.ron"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"We have no fee at all.\n/start\nThat's a great bonus.\n").unwrap();
    let out = String::from_utf8(child.wait_with_output().unwrap().stdout).unwrap();
    assert!(out.contains("next    node `tempted`"), "{out}");
    assert!(out.contains("next    node `leaving`"), "{out}");
}

#[test]
fn playtest_takes_a_script_alone_when_it_names_its_scenario() {
    let (ok, out) = callsim(&["playtest", "scenarios/playtests/irate-double-charge/strong.ron", "-q"]);
    assert!(ok, "{out}");
    assert!(out.contains("expectations: all met"), "{out}");
    let (ok, out) = callsim(&["playtest", "scenarios/irate-double-charge.ron"]);
    assert!(!ok && out.contains("playtest needs a SCRIPT"), "{out}");
}

#[test]
fn curly_quotes_are_named_and_a_missing_comma_is_reported_where_it_is_missing() {
    let curly = load_str("c.ron", "Scenario(\n    id: “x”,\n)".into()).unwrap_err();
    assert_eq!((curly[0].code, curly[0].line, curly[0].col), ("curly-quotes", 2, 9));
    assert!(curly[0].message.contains("curly quotes (“)"), "{}", curly[0].message);

    let comma = load_str("c.ron", "Scenario(\n    id: \"x\"   // the id\n    title: \"T\",\n)".into()).unwrap_err();
    assert_eq!((comma[0].code, comma[0].line, comma[0].col), ("missing-comma", 2, 12), "{:?}", comma[0]);
    let in_list = load_str("c.ron", "Scenario(\n    id: \"x\",\n    title: \"T\",\n    archetype: Irate,\n    start: \"a\",\n    nodes: {\"a\": (say: [\"One.\" \"Two.\"], end: Resolved)},\n)".into()).unwrap_err();
    assert_eq!((in_list[0].code, in_list[0].line, in_list[0].col), ("missing-comma", 6, 31), "{:?}", in_list[0]);
}

#[test]
fn every_bundled_scenario_proves_against_itself() {
    for entry in std::fs::read_dir("scenarios").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "ron") {
            let loaded = callsim::scenario::load_file(Path::new(&path)).unwrap();
            let found = prove(&loaded, &understander(&loaded.scenario));
            assert!(found.is_empty(), "{}: {found:#?}", path.display());
        }
    }
}
