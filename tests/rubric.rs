//! The rubric a QA team grades by: critical items fail the call, major misses cap it below the
//! pass mark, and an ended call takes no more actions.

use std::sync::Arc;

use callsim::grade::{Scorecard, grade};
use callsim::scenario::{Action, Outcome, Scenario, load_str};
use callsim::sim::{Conversation, Source};
use callsim::understand::{Lexicon, Understander};

fn scenario(extra: &str, supervisor: bool) -> Arc<Scenario> {
    let src = format!(
        r#"Scenario(
    id: "r", title: "R", archetype: Irate, customer: (name: "C", mood: (anger: 0.3, trust: 0.5, patience: 1.0)), start: "talk",
    facts: {{ "refund_time": "3 to 5 business days", "amount": "$49.99" }},
    promises: (forbidden: [("same day", "refunds take 3 to 5 business days")]),
    intents: {{ "offer_refund": ["refund", "money back"] }},
    nodes: {{
        "talk": (
            say: ["I was charged twice and I want it sorted."],
            requests_escalation: {supervisor},
            next: [(when: Move(Close), goto: "bye"), (when: Otherwise, goto: "talk")],
        ),
        "bye": (say: ["Bye."], end: Resolved),
    }},
    {extra}
)"#
    );
    Arc::new(load_str("r.ron", src).unwrap().scenario)
}

/// Lines said 1 s after the caller finishes; `None` presses Hold, waits `hold` seconds, resumes.
fn play(sc: &Arc<Scenario>, lines: &[Option<&str>], hold: f64) -> (Scorecard, Option<Outcome>) {
    let mut c = Conversation::new(sc.clone(), Arc::new(Understander::new(&Lexicon::built_in(), Some(sc))), 1);
    let mut t = 0.0_f64;
    for line in lines {
        t = t.max(c.caller_speaking_until()) + 1.0;
        match line {
            Some(text) => {
                c.say(text, Source::Typed, t);
            }
            None => {
                c.act(Action::Hold, t);
                t += hold;
                c.act(Action::Resume, t);
            }
        }
    }
    (grade(sc, c.log()), c.outcome())
}

const GOOD_CALL: &[Option<&str>] = &[
    Some("Hello, I'm so sorry, being charged twice is really frustrating."),
    Some("So you were charged twice. Could you tell me which month it was?"),
    Some("Thank you. I've reversed the duplicate charge, and the refund takes 3 to 5 business days."),
    Some("Is there anything else I can help you with? Thanks for calling, goodbye."),
];

#[test]
fn a_forbidden_promise_fails_a_call_in_any_scenario() {
    let sc = scenario("", false);
    let mut lines = GOOD_CALL.to_vec();
    lines.insert(2, Some("I'll have the refund back on your card the same day."));
    let (card, _) = play(&sc, &lines, 0.0);
    assert!(card.auto_fails.iter().any(|a| a.id == "forbidden-promise"), "{:#?}", card.auto_fails);
    assert!(!card.passed);
}

#[test]
fn a_silent_hold_past_two_minutes_caps_the_call_below_the_pass_mark() {
    let sc = scenario("", false);
    let mut lines = GOOD_CALL.to_vec();
    lines.insert(2, Some("May I place you on hold for two minutes while I check?"));
    lines.insert(3, None);
    let (short, _) = play(&sc, &lines, 90.0);
    let (long, _) = play(&sc, &lines, 170.0);
    assert!(short.caps.is_empty(), "{:#?}", short.caps);
    let cap = long.caps.iter().find(|c| c.id == "silent-hold").expect("a silent-hold cap");
    assert_eq!(cap.limit, 60);
    assert!(long.total <= 60 && !long.passed, "total {}", long.total);
}

#[test]
fn a_required_step_never_taken_caps_the_call() {
    let sc = scenario(r#"rubric: (required: [(title: "Offer the refund", when: Intent("offer_refund"))]),"#, false);
    let (with, _) = play(&sc, GOOD_CALL, 0.0);
    assert!(with.caps.is_empty(), "{:#?}", with.caps);
    let without: Vec<Option<&str>> = GOOD_CALL
        .iter()
        .map(|l| l.map(|t| if t.contains("reversed") { "Thank you, I've fixed the duplicate charge." } else { t }))
        .collect();
    let (card, _) = play(&sc, &without, 0.0);
    assert!(
        card.caps.iter().any(|c| c.id == "required-step" && c.title.contains("Offer the refund")),
        "{:#?}",
        card.caps
    );
    assert!(card.total <= 60);
}

#[test]
fn brushing_off_a_supervisor_request_is_refusing_it() {
    let sc = scenario("", true);
    let (card, _) = play(&sc, &[Some("Let's not worry about that, what's your account number?")], 0.0);
    assert!(card.auto_fails.iter().any(|a| a.id == "refused-supervisor"), "{:#?}", card.auto_fails);
    let (card, _) = play(&sc, &[Some("Of course, I'll get my supervisor for you right away.")], 0.0);
    assert!(!card.auto_fails.iter().any(|a| a.id == "refused-supervisor"), "{:#?}", card.auto_fails);
}

#[test]
fn pressing_escalate_after_the_caller_hangs_up_does_not_make_the_call_escalated() {
    let sc = Arc::new(
        load_str(
            "h.ron",
            r#"Scenario(id: "h", title: "H", archetype: Irate, customer: (name: "C"), start: "gone",
            nodes: { "gone": (say: ["That's it, I'm hanging up. Goodbye."], end: CustomerHungUp) })"#
                .to_string(),
        )
        .unwrap()
        .scenario,
    );
    let mut c = Conversation::new(sc.clone(), Arc::new(Understander::new(&Lexicon::built_in(), Some(&sc))), 1);
    let t = c.caller_speaking_until() + 1.0;
    c.act(Action::Escalate, t);
    c.act(Action::Escalate, t + 1.0);
    assert_eq!(c.outcome(), Some(Outcome::CustomerHungUp));
    assert!(c.is_over());
}
