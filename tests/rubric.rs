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
    // The caller's last line plays out: a goodbye ends the call after its grace.
    if let Some(due) = c.next_deadline().filter(|_| c.is_closing()) {
        c.tick(due);
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

#[test]
fn answering_the_callers_other_question_first_is_not_a_brush_off_but_ignoring_the_request_twice_is() {
    let sc = scenario("", true);
    let first_the_question = [
        Some("The duplicate was taken on the 3rd of March."),
        Some("Of course, I'll get my supervisor for you right away."),
    ];
    let (card, _) = play(&sc, &first_the_question, 0.0);
    assert!(!card.auto_fails.iter().any(|a| a.id == "refused-supervisor"), "{:#?}", card.auto_fails);
    let twice = [Some("The duplicate was taken on the 3rd of March."), Some("The refund takes 3 to 5 business days.")];
    let (card, _) = play(&sc, &twice, 0.0);
    let fail = card.auto_fails.iter().find(|a| a.id == "refused-supervisor").expect("a brush-off");
    assert_eq!(fail.evidence.turn, Some(1));
}

#[test]
fn a_promise_taken_back_in_the_same_turn_costs_points_but_is_not_a_critical_item() {
    let sc = scenario("", false);
    let mut lines = GOOD_CALL.to_vec();
    lines[2] = Some(
        "I'll have it back on your card the same day. No, sorry, let me correct that: the refund takes 3 to 5 business days.",
    );
    let (card, _) = play(&sc, &lines, 0.0);
    assert!(card.auto_fails.is_empty(), "{:#?}", card.auto_fails);
    let over = card.criterion("no-over-promise").unwrap();
    assert_eq!(over.status, callsim::grade::Status::Missed);
    // Taken back before the promise, or with no true time after it, it stands.
    lines[2] = Some("No, sorry, let me correct that: I'll have it back on your card the same day.");
    let (card, _) = play(&sc, &lines, 0.0);
    assert!(card.auto_fails.iter().any(|a| a.id == "forbidden-promise"), "{:#?}", card.auto_fails);
}

#[test]
fn a_missed_key_point_costs_its_points_and_names_itself() {
    let key_points = r#"rubric: (key_points: [
        (title: "Offer the refund", when: Intent("offer_refund")),
        (title: "Mention the account number", when: Intent("offer_refund"), points: 7),
    ]),"#;
    let sc = scenario(key_points, false);
    let (met, _) = play(&sc, GOOD_CALL, 0.0);
    let without: Vec<Option<&str>> = GOOD_CALL
        .iter()
        .map(|l| l.map(|t| if t.contains("reversed") { "Thank you, I've fixed the duplicate charge." } else { t }))
        .collect();
    let (missed, _) = play(&sc, &without, 0.0);
    let kp: Vec<_> = missed.criteria.iter().filter(|c| c.id == "key-point").collect();
    assert_eq!(kp.len(), 2);
    assert_eq!(
        (kp[0].title.as_str(), kp[0].weight, kp[0].status),
        ("Offer the refund", 4, callsim::grade::Status::Missed)
    );
    assert_eq!(kp[1].weight, 7);
    assert!(kp[0].evidence.iter().any(|e| e.note == "never covered: Offer the refund"), "{:#?}", kp[0].evidence);
    // Points off: the two key points cost 4 + 7 of what the call lost.
    let lost = |card: &Scorecard| -> u32 {
        card.criteria.iter().filter(|c| c.status == callsim::grade::Status::Missed).map(|c| c.weight).sum()
    };
    let key_lost: u32 = kp.iter().map(|c| c.weight).sum();
    assert_eq!(key_lost, 11);
    assert_eq!(missed.total, 100 - lost(&missed), "{:#?}", missed.criteria);
    assert_eq!(met.total, 100 - lost(&met));
    assert!(met.criteria.iter().filter(|c| c.id == "key-point").all(|c| c.status == callsim::grade::Status::Met));
}

#[test]
fn a_scenario_that_weighs_a_dimension_more_makes_its_misses_cost_more() {
    let kp = r#"key_points: [(title: "Offer the refund", when: Intent("offer_refund"))]"#;
    let default = scenario(&format!("rubric: ({kp}),"), false);
    let heavy = scenario(
        &format!(
            "rubric: (weights: (listening: 25, expectations: 25, escalation: 20, courtesy: 0, accuracy: 30), {kp}),"
        ),
        false,
    );
    let lines = [Some("Hello, I'm so sorry, being charged twice is really frustrating.")];
    let (d, _) = play(&default, &lines, 0.0);
    let (h, _) = play(&heavy, &lines, 0.0);
    let kp_cost = |card: &Scorecard, per_point: f64| {
        card.criteria.iter().filter(|c| c.id == "key-point").map(|c| f64::from(c.weight) * per_point).sum::<f64>()
    };
    assert_eq!(kp_cost(&d, 1.0), 4.0);
    // Accuracy at 30 instead of 15: the key point's 4 points cost 8.
    let lost = |card: &Scorecard, scale: [f64; 5]| -> f64 {
        card.criteria
            .iter()
            .filter(|c| c.status == callsim::grade::Status::Missed)
            .map(|c| {
                f64::from(c.weight)
                    * scale[callsim::grade::Dimension::ALL.iter().position(|x| *x == c.dimension).unwrap()]
            })
            .sum()
    };
    assert_eq!(h.total, (100.0 - lost(&h, [1.0, 1.0, 1.0, 0.0, 2.0])).round() as u32);
    assert_eq!(d.total, (100.0 - lost(&d, [1.0; 5])).round() as u32);
    assert!(h.total < d.total, "{} vs {}", h.total, d.total);
}

fn status(card: &Scorecard, id: &str) -> callsim::grade::Status {
    card.criteria.iter().find(|c| c.id == id).unwrap_or_else(|| panic!("no criterion {id}")).status
}

/// A one-node call whose caller says `line` until the trainee closes.
fn caller_saying(line: &str, archetype: &str) -> Arc<Scenario> {
    let src = format!(
        r#"Scenario(
    id: "w", title: "W", archetype: {archetype}, customer: (name: "C", mood: (anger: 0.2, trust: 0.5, patience: 1.0)), start: "talk",
    facts: {{ "refund_time": "3 to 5 business days" }},
    nodes: {{
        "talk": (say: ["{line}"], next: [(when: Move(Close), goto: "bye"), (when: Otherwise, goto: "talk")]),
        "bye": (say: ["Bye."], end: Resolved),
    }},
)"#
    );
    Arc::new(load_str("w.ron", src).unwrap().scenario)
}

#[test]
fn a_timeline_is_owed_only_once_the_call_is_about_a_wait() {
    use callsim::grade::Status::{Met, Missed, NotApplicable};
    let close = Some("Is there anything else I can help with? Thanks for calling, bye.");
    let compare = [Some("Hello, our plan includes insurance and theirs does not."), close];
    // Weighing two deals, never asking how long: no timeline owed, nothing lost for it.
    let (shopping, _) = play(&caller_saying("Which deal is better for me?", "ChoiceShopping"), &compare, 0.0);
    assert_eq!(status(&shopping, "concrete-timeline"), NotApplicable);
    assert_eq!(status(&shopping, "next-steps"), NotApplicable);
    // The same answer to a caller who asks how long misses both.
    let (asked, _) = play(&caller_saying("How long does the refund take?", "ChoiceShopping"), &compare, 0.0);
    assert_eq!(status(&asked, "concrete-timeline"), Missed);
    assert_eq!(status(&asked, "next-steps"), Missed);
    assert!(asked.total < shopping.total, "{} vs {}", asked.total, shopping.total);
    // A timeline given unasked still counts.
    let told = [Some("Hello, the refund takes 3 to 5 business days."), close];
    let (given, _) = play(&caller_saying("Which deal is better for me?", "ChoiceShopping"), &told, 0.0);
    assert_eq!(status(&given, "concrete-timeline"), Met);
}

#[test]
fn a_caller_who_must_ask_when_a_second_time_costs_the_timeline_when_first_asked() {
    use callsim::grade::Status::{Met, Missed};
    let src = r#"Scenario(
    id: "p", title: "P", archetype: Irate, customer: (name: "C", mood: (anger: 0.2, trust: 0.5, patience: 1.0)), start: "talk",
    facts: { "refund_time": "3 to 5 business days" },
    nodes: {
        "talk": (say: ["When do I get my money back?"], next: [
            (when: Move(Close), goto: "bye"),
            (when: Move(SetExpectation), goto: "told"),
            (when: Move(RequestHold), goto: "hold_ok"),
            (when: Otherwise, goto: "talk"),
        ]),
        "hold_ok": (say: ["Fine."], next: [(when: Move(Close), goto: "bye"), (when: Move(SetExpectation), goto: "told"), (when: Otherwise, goto: "talk")]),
        "told": (say: ["Okay, thanks."], next: [(when: Move(Close), goto: "bye"), (when: Otherwise, goto: "told")]),
        "bye": (say: ["Bye."], end: Resolved),
    },
)"#;
    let sc = Arc::new(load_str("p.ron", src.to_string()).unwrap().scenario);
    let close = Some("Is there anything else I can help with? Thanks for calling, bye.");
    let timeline = Some("The refund will take 3 to 5 business days.");
    let (pulled, _) = play(&sc, &[Some("Hello, we'll look at getting that back to you."), timeline, close], 0.0);
    assert_eq!(status(&pulled, "timeline-when-first-asked"), Missed, "{:#?}", pulled.transcript);
    let miss = pulled.criteria.iter().find(|c| c.id == "timeline-when-first-asked").unwrap();
    assert_eq!(miss.evidence[0].note, "the caller had to ask a second time when");
    let (straight, _) = play(&sc, &[timeline, close], 0.0);
    assert_eq!(status(&straight, "timeline-when-first-asked"), Met, "{:#?}", straight.transcript);
    // A hold to find out is an answer: the ask after it is not a second ask.
    let (held, _) =
        play(&sc, &[Some("May I put you on hold for a minute while I check?"), None, timeline, close], 60.0);
    assert_eq!(status(&held, "timeline-when-first-asked"), Met, "{:#?}", held.transcript);
}

#[test]
fn the_stock_opener_is_not_asking_before_solving() {
    use callsim::grade::Status::{Met, Missed};
    let sc = caller_saying("I was charged twice.", "Irate");
    let refund = Some("I can offer you a refund or a credit on your account.");
    let (stock, _) = play(&sc, &[Some("Thanks for calling billing, how can I help you today?"), refund], 0.0);
    assert_eq!(status(&stock, "ask-before-solving"), Missed);
    let (asked, _) = play(&sc, &[Some("Which month was the charge on?"), refund], 0.0);
    assert_eq!(status(&asked, "ask-before-solving"), Met);
}

#[test]
fn a_caller_calmed_back_from_the_limit_and_helped_needs_no_offer_of_a_senior() {
    use callsim::grade::Status::{Met, Missed};
    let src = r#"Scenario(
    id: "l", title: "L", archetype: Irate, customer: (name: "C", mood: (anger: 0.9, trust: 0.3, patience: 1.0)), start: "talk",
    facts: { "refund_time": "3 to 5 business days" },
    nodes: {
        "talk": (say: ["This is a disgrace!"], next: [
            (when: Move(Close), goto: "bye"),
            (when: Move(Apologize), goto: "talk", mood: (anger: -0.4)),
            (when: Otherwise, goto: "talk"),
        ]),
        "bye": (say: ["Bye."], end: Resolved),
    },
)"#;
    let sc = Arc::new(load_str("l.ron", src.to_string()).unwrap().scenario);
    let close = Some("Is there anything else I can help with? Thanks for calling, bye.");
    let (calmed, _) = play(&sc, &[Some("Hello, I'm so sorry, that's awful."), close], 0.0);
    let offer = |card: &Scorecard| card.criteria.iter().find(|c| c.id == "offer-escalation-at-limit").unwrap().clone();
    assert_eq!(offer(&calmed).status, Met, "{:#?}", calmed.transcript);
    assert_eq!(offer(&calmed).evidence[0].note, "brought the caller back from the limit and resolved the call");
    // Still at the limit when the call ends: the offer was owed.
    let (left_angry, _) = play(&sc, &[Some("Hello, let me look at that."), close], 0.0);
    assert_eq!(offer(&left_angry).status, Missed);
}
