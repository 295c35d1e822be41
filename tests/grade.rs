//! Grading: each criterion has a call that triggers it and one that does not, and the critical
//! items fail a call whatever its score.

use std::sync::Arc;

use callsim::grade::{Scorecard, Status, grade};
use callsim::scenario::{Action, Scenario, load_str};
use callsim::sim::{Conversation, Source};
use callsim::understand::{Lexicon, Understander};

/// A patient caller who keeps talking whatever is said, so each criterion can be isolated.
fn scenario(mood: &str, supervisor: bool) -> Arc<Scenario> {
    let src = format!(
        r#"Scenario(
    id: "g", title: "G", archetype: Irate, customer: (name: "C", mood: {mood}), start: "talk",
    facts: {{ "refund_time": "3 to 5 business days", "amount": "$49.99" }},
    promises: (forbidden: [("same day", "refunds take 3 to 5 business days")]),
    nodes: {{
        "talk": (
            say: ["I was charged twice. My account number is 4471."],
            requests_escalation: {supervisor},
            good: "I'm sorry. So you were charged twice: let me fix that.",
            next: [(when: Move(Close), goto: "bye"), (when: Otherwise, goto: "talk")],
        ),
        "bye": (say: ["Bye."], end: Resolved),
    }},
)"#
    );
    Arc::new(load_str("g.ron", src).unwrap().scenario)
}

enum Step {
    Say(&'static str),
    /// Say it while the caller is still talking.
    Cut(&'static str),
    Act(Action),
    Wait(f64),
}
use Step::*;

fn call_with(sc: Arc<Scenario>, steps: &[Step]) -> Scorecard {
    let mut c = Conversation::new(sc.clone(), Arc::new(Understander::lexicon_only(&Lexicon::built_in(), Some(&sc))), 1);
    let mut t = 0.0_f64;
    for step in steps {
        t = t.max(if c.on_hold() { t } else { c.caller_speaking_until() }) + 1.0;
        match step {
            Say(text) => {
                c.say(text, Source::Typed, t);
            }
            Cut(text) => {
                t = c.caller_speaking_until() - 1.0;
                c.say(text, Source::Typed, t);
            }
            Act(a) => {
                c.act(*a, t);
            }
            Wait(s) => {
                t += s;
                c.tick(t);
            }
        }
    }
    // A caller who is hanging up finishes their goodbye.
    if c.is_closing() && c.outcome().is_none() {
        c.tick(c.caller_speaking_until());
    }
    grade(&sc, c.log())
}

fn call(steps: &[Step]) -> Scorecard {
    call_with(scenario("(anger: 0.3, trust: 0.5, patience: 1.0)", false), steps)
}

fn status(card: &Scorecard, id: &str) -> Status {
    card.criterion(id).unwrap_or_else(|| panic!("no criterion {id}")).status
}

fn check(id: &str, met: &[Step], missed: &[Step]) {
    let good = call(met);
    assert_eq!(status(&good, id), Status::Met, "{id} should be met: {:#?}", good.criterion(id));
    let bad = call(missed);
    let c = bad.criterion(id).unwrap();
    assert_eq!(c.status, Status::Missed, "{id} should be missed: {c:#?}");
    assert!(
        !c.evidence.is_empty()
            || id == "paraphrase"
            || id == "next-steps"
            || id == "concrete-timeline"
            || id == "gives-information"
            || id == "apology-where-due",
        "{id} missed without evidence"
    );
    assert!(!c.tip.is_empty());
}

#[test]
fn listening_criteria() {
    check("no-interruption", &[Say("I understand.")], &[Cut("I understand.")]);
    // Naming the feeling is asked of a caller who is upset; a calm caller has none to name.
    let upset = || scenario("(anger: 0.6, trust: 0.5, patience: 1.0)", false);
    let named = call_with(upset(), &[Say("I can see why you're upset.")]);
    assert_eq!(status(&named, "acknowledge-early"), Status::Met);
    let not_named = call_with(upset(), &[Say("Okay."), Say("Right."), Say("I understand.")]);
    let c = not_named.criterion("acknowledge-early").unwrap();
    assert_eq!((c.status, c.evidence.len()), (Status::Missed, 2));
    assert_eq!(status(&call(&[Say("Okay."), Say("Right.")]), "acknowledge-early"), Status::NotApplicable);
    check("paraphrase", &[Say("So you were charged twice.")], &[Say("Okay.")]);
    check(
        "ask-before-solving",
        &[Say("When did this happen?"), Say("I can offer a refund.")],
        &[Say("I can offer a refund.")],
    );
    check("no-asking-again", &[Say("Which card was it?")], &[Say("What is your account number?")]);
}

#[test]
fn expectation_criteria() {
    // Owed once the call is about a wait: here the trainee's own vague "soon" makes it one.
    check("concrete-timeline", &[Say("I will call you back within 2 hours.")], &[Say("I will look into it soon.")]);
    assert_eq!(status(&call(&[Say("I will look into it.")]), "concrete-timeline"), Status::NotApplicable);
    check("no-over-promise", &[Say("I will do my best.")], &[Say("I guarantee it will be fixed.")]);
    check(
        "timeline-matches-facts",
        &[Say("The refund takes 3 to 5 business days.")],
        &[Say("The refund will be there by tomorrow.")],
    );
    check("next-steps", &[Say("You will receive a confirmation email.")], &[Say("Okay, it will be sorted soon.")]);
    check(
        "hold-ask-first",
        &[Say("May I put you on hold for two minutes?"), Act(Action::Hold), Act(Action::Resume)],
        &[Act(Action::Hold), Act(Action::Resume)],
    );
    check(
        "hold-check-in",
        &[Say("May I put you on hold?"), Act(Action::Hold), Wait(100.0), Act(Action::Resume)],
        &[Say("May I put you on hold?"), Act(Action::Hold), Wait(150.0), Act(Action::Resume)],
    );
    check(
        "hold-thanks",
        &[Act(Action::Hold), Act(Action::Resume), Say("Thank you for waiting.")],
        &[Act(Action::Hold), Act(Action::Resume), Say("So.")],
    );
    check("specific-callback", &[Say("I will call you back within 2 hours.")], &[Say("I will call you back later.")]);
    assert_eq!(status(&call(&[Say("Okay.")]), "hold-ask-first"), Status::NotApplicable);
}

#[test]
fn escalation_criteria() {
    let asks = || scenario("(anger: 0.3, trust: 0.5, patience: 1.0)", true);
    let refused = call_with(asks(), &[Say("No, you can't speak to a supervisor.")]);
    assert_eq!(status(&refused, "never-refuse-supervisor"), Status::Missed);
    let honoured = call_with(asks(), &[Say("Of course, I will get my supervisor for you now."), Act(Action::Escalate)]);
    assert_eq!(status(&honoured, "never-refuse-supervisor"), Status::Met);
    assert_eq!(status(&honoured, "no-needless-escalation"), Status::Met);
    assert_eq!(status(&honoured, "explain-transfer"), Status::Met);
    assert_eq!(status(&call(&[Act(Action::Escalate)]), "no-needless-escalation"), Status::Missed);
    assert_eq!(status(&call(&[Act(Action::Escalate)]), "explain-transfer"), Status::Missed);

    let at_limit = || scenario("(anger: 0.9, trust: 0.5, patience: 1.0)", false);
    let offered = call_with(at_limit(), &[Say("I'm sorry. Would you like to speak to my supervisor?")]);
    assert_eq!(status(&offered, "offer-escalation-at-limit"), Status::Met);
    assert_eq!(status(&call_with(at_limit(), &[Say("I'm sorry.")]), "offer-escalation-at-limit"), Status::Missed);

    let angry = call_with(scenario("(anger: 0.6, trust: 0.5, patience: 1.0)", false), &[Act(Action::EndCall)]);
    assert_eq!(status(&angry, "no-ending-on-angry-caller"), Status::Missed);
    assert_eq!(status(&call(&[Act(Action::EndCall)]), "no-ending-on-angry-caller"), Status::Met);
    let kept = call(&[Say("Is there anything else I can help with? Goodbye."), Act(Action::EndCall)]);
    assert_eq!(status(&kept, "kept-the-caller"), Status::Met);
    let lost = call_with(at_limit(), &[Say("Shut up.")]);
    assert_eq!(lost.outcome, Some(callsim::scenario::Outcome::CustomerHungUp));
    assert_eq!(status(&lost, "kept-the-caller"), Status::Missed);
}

#[test]
fn courtesy_criteria() {
    check("no-rude", &[Say("I understand.")], &[Say("That's a stupid question.")]);
    check("no-dismiss-blame", &[Say("I understand.")], &[Say("That is our policy.")]);
    check("no-rude", &[Say("I understand.")], &[Say("Calm down.")]);
    check("apology-where-due", &[Say("I'm sorry about that.")], &[Say("Okay.")]);
    check("greeting", &[Say("Good morning, thank you for calling.")], &[Say("Yes?")]);
    check(
        "close",
        &[Say("Okay."), Say("Is there anything else I can help with? Have a good day."), Act(Action::EndCall)],
        &[Say("Okay."), Act(Action::Escalate)],
    );
}

#[test]
fn accuracy_criteria() {
    check("facts-correct", &[Say("It was $49.99.")], &[Say("It was $59.99.")]);
    check("no-misleading-claims", &[Say("I understand.")], &[Say("Our price never goes up.")]);
    check("gives-information", &[Say("I can see that the payment went through twice.")], &[Say("Okay.")]);
}

#[test]
fn refusing_a_supervisor_request_is_an_auto_fail() {
    let card = call_with(
        scenario("(anger: 0.3, trust: 0.5, patience: 1.0)", true),
        &[Say("There is no supervisor, you will have to deal with me.")],
    );
    assert!(card.auto_fails.iter().any(|a| a.id == "refused-supervisor"));
    assert!(!card.passed);
}

#[test]
fn hanging_up_on_the_caller_abuse_and_misleading_claims_are_auto_fails() {
    let hung_up =
        call(&[Say("Good morning. I'm sorry, I understand. So you were charged twice."), Act(Action::EndCall)]);
    assert_eq!(hung_up.auto_fails[0].id, "hung-up");
    assert_eq!(call(&[Say("You idiot.")]).auto_fails[0].id, "abuse");
    let misled = call(&[Say("Their offer has hidden fees.")]);
    assert_eq!(misled.auto_fails[0].id, "misleading-sale");
    assert_eq!(misled.auto_fails[0].evidence.turn, Some(1));
}

#[test]
fn a_good_score_with_an_auto_fail_still_fails() {
    let card = call(&[
        Say("Good morning, thank you for calling. I'm sorry, I understand how frustrating this is."),
        Say("So you were charged twice. When did you notice it?"),
        Say("I can see that the payment went through twice. The refund takes 3 to 5 business days."),
        Say("You will receive a confirmation email. Is there anything else I can help with? You idiot."),
    ]);
    assert!(card.total >= card.pass_mark, "score {}", card.total);
    assert!(!card.passed);
}

#[test]
fn evidence_names_the_turn_the_words_and_what_good_looks_like() {
    let card = call(&[Say("Okay."), Say("That is our policy.")]);
    let c = card.criterion("no-dismiss-blame").unwrap();
    let e = &c.evidence[0];
    assert_eq!((e.turn, e.words.as_str()), (Some(2), "That is our policy."));
    assert_eq!(e.note, "Dismiss: \"that is our policy\"");
    assert_eq!(e.good.as_deref(), Some("I'm sorry. So you were charged twice: let me fix that."));
}

#[test]
fn weights_and_pass_mark_come_from_the_scenario() {
    // Escalation never came up in this call: its misses cost nothing.
    let card = call(&[Say("Okay.")]);
    let weights: Vec<u32> = card.dimensions.iter().map(|d| d.weight).collect();
    assert_eq!(weights, [25, 25, 0, 15, 15]);
    assert_eq!(card.pass_mark, 70);
    // Points off: 100 less the points of every criterion missed (at the default weights, each
    // counts as written).
    let lost: u32 = card.criteria.iter().filter(|c| c.status == Status::Missed).map(|c| c.weight).sum();
    assert_eq!(card.total, 100u32.saturating_sub(lost));
    // When it comes up, it counts with the scenario's weight.
    let card = call(&[Say("Would you like me to get my supervisor for you?")]);
    let weights: Vec<u32> = card.dimensions.iter().map(|d| d.weight).collect();
    assert_eq!(weights, [25, 25, 20, 15, 15]);
}
