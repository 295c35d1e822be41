//! Understanding with the phrase lexicon (the reader when the encoder is absent): every built-in
//! move, negation, timelines and paraphrase against the caller's words.

use callsim::scenario::load_str;
use callsim::understand::{Context, Lexicon, Move, Understander, Understanding, Verdict};

const SCENARIO: &str = r#"Scenario(
    id: "u", title: "U", archetype: Irate, customer: (name: "C"), start: "a",
    facts: { "refund_time": "3 to 5 business days", "amount": "$49.99" },
    promises: (allowed: ["refund"], forbidden: [("same day", "refunds take 3 to 5 business days")]),
    intents: { "offer_refund": ["refund", "money back"] },
    nodes: { "a": (say: ["Hi."], end: Resolved) },
)"#;

fn understander() -> Understander {
    let loaded = load_str("u.ron", SCENARIO.to_string()).unwrap();
    Understander::lexicon_only(&Lexicon::built_in(), Some(&loaded.scenario))
}

fn u(text: &str) -> Understanding {
    understander().understand(text, Context::default())
}

fn moves(text: &str) -> Vec<Move> {
    u(text).moves.iter().map(|h| h.mv).collect()
}

#[test]
fn each_built_in_move_is_recognised() {
    let cases: &[(&str, Move)] = &[
        ("Good morning, thank you for calling.", Move::Greet),
        ("I can see why you're upset, that must be frustrating.", Move::Acknowledge),
        ("I'm really sorry about this.", Move::Apologize),
        ("Could you tell me when this started?", Move::Question),
        ("I can see that the payment went through twice.", Move::ProvideInfo),
        ("You will receive a confirmation email with a reference number.", Move::SetExpectation),
        ("I guarantee this will never happen again.", Move::OverPromise),
        ("May I put you on hold for two minutes?", Move::RequestHold),
        ("Are you still there? I'm still checking.", Move::CheckIn),
        ("Thank you for holding.", Move::ThankForWaiting),
        ("Would you like to speak to my supervisor?", Move::OfferEscalation),
        ("I'm transferring you now to my supervisor.", Move::Escalate),
        ("There is no supervisor, you'll have to deal with me.", Move::RefuseEscalation),
        ("Well, you should have read the contract.", Move::Blame),
        ("Calm down, it's not a big deal.", Move::Dismiss),
        ("Shut up and listen.", Move::Rude),
        ("I can offer you a credit or a replacement.", Move::OfferOption),
        ("Their offer has hidden fees, they will rip you off.", Move::Mislead),
        ("Is there anything else I can help with? Have a great day.", Move::Close),
    ];
    for (text, mv) in cases {
        assert!(moves(text).contains(mv), "{mv} not found in {text:?}: {:?}", moves(text));
    }
}

#[test]
fn paraphrase_needs_the_callers_own_words() {
    let caller = ["You charged me twice for March!".to_string()];
    let ctx = Context { customer_said: &caller };
    let und = understander();
    let restated = und.understand("So you were charged twice in March.", ctx);
    assert!(restated.has(Move::Paraphrase));
    let hit = restated.hit(Move::Paraphrase).unwrap();
    assert!(hit.rule.contains("charg") && hit.rule.contains("twice"), "{}", hit.rule);
    let off_topic = und.understand("So you want to upgrade your phone.", ctx);
    assert!(!off_topic.has(Move::Paraphrase));
}

#[test]
fn negation_turns_an_offer_into_a_refusal_and_drops_a_guarantee() {
    assert!(moves("I can transfer you to my supervisor.").contains(&Move::OfferEscalation));
    let refused = moves("I can't transfer you to my supervisor.");
    assert!(refused.contains(&Move::RefuseEscalation) && !refused.contains(&Move::OfferEscalation), "{refused:?}");
    assert!(!moves("I won't guarantee it, but it usually works.").contains(&Move::OverPromise));
    assert!(moves("I guarantee it works.").contains(&Move::OverPromise));
    assert!(!moves("I don't understand.").contains(&Move::Acknowledge));
    // Politeness is not negation.
    assert!(moves("No problem, I understand.").contains(&Move::Acknowledge));
}

#[test]
fn timelines_are_read_and_compared_with_the_facts() {
    let fits = u("The refund takes 3 to 5 business days.");
    assert_eq!(fits.timelines[0].text, "3 to 5 business days");
    assert_eq!(fits.checks[0].verdict, Verdict::Fits);
    assert!(!fits.has(Move::OverPromise));
    let fast = u("You'll have the refund by tomorrow.");
    assert_eq!(fast.checks[0].verdict, Verdict::TooFast);
    assert!(fast.has(Move::OverPromise));
    let slow = u("The refund takes about two weeks.");
    assert_eq!(slow.checks[0].verdict, Verdict::TooSlow);
    // A timeline in another clause is not about the refund.
    let other = u("I'll process the refund, and you'll get an email today.");
    assert!(other.checks.is_empty(), "{:?}", other.checks);
    assert_eq!(u("I will call you back within two hours.").timelines[0].max_hours, 2.0);
}

#[test]
fn forbidden_promises_are_over_promises_unless_negated() {
    let said = u("You'll get a same day refund.");
    assert!(said.has(Move::OverPromise));
    assert_eq!(said.forbidden[0].reason, "refunds take 3 to 5 business days");
    assert!(u("I can't promise same day, sorry.").forbidden.is_empty());
}

#[test]
fn speech_recognition_slips_are_tolerated() {
    // whisper writes "three" as "free", drops punctuation, and misspells longer words
    let t = u("the refund takes free to five business days");
    assert_eq!((t.timelines[0].min_hours, t.timelines[0].max_hours), (72.0, 120.0));
    assert!(moves("i completly understand how frustating this is").contains(&Move::Acknowledge));
    assert!(moves("can i get your account number").contains(&Move::Question));
    assert!(moves("would you like to speak with a supervisr").contains(&Move::OfferEscalation));
}

#[test]
fn intents_report_the_phrase_that_fired() {
    let said = u("I can get your money back today.");
    let hit = &said.intents[0];
    assert_eq!(
        (hit.intent.as_str(), hit.phrase.as_str(), hit.trigger.as_str()),
        ("offer_refund", "money back", "money back")
    );
}

#[test]
fn asking_again_for_a_detail_already_given_is_noticed() {
    let caller = ["My account number is 4471-2290.".to_string()];
    let asked = understander().understand("What is your account number?", Context { customer_said: &caller });
    assert_eq!(asked.asks_again, ["account number"]);
}

#[test]
fn money_amounts_are_kept_as_written() {
    assert_eq!(u("It was $49.99, charged twice.").amounts, ["$49.99"]);
    assert_eq!(u("That's 12 dollars.").amounts, ["$12"]);
}

#[test]
fn the_labelled_evaluation_set_stays_above_its_floor() {
    use callsim::understand::eval::{evaluate, parse};
    let examples = parse(&std::fs::read_to_string("tests/data/corpus/train/v01-team.tsv").unwrap()).unwrap();
    assert!(examples.len() >= 400, "{} utterances", examples.len());
    for mv in Move::ALL {
        assert!(examples.iter().filter(|e| e.moves.contains(&mv)).count() >= 8, "too few examples of {mv}");
    }
    let sc = callsim::scenario::library::load_valid(std::path::Path::new("scenarios/irate-double-charge.ron"))
        .unwrap()
        .scenario;
    let report = evaluate(&Understander::lexicon_only(&Lexicon::built_in(), Some(&sc)), &examples);
    // Measured 0.978 when this floor was set; a drop below it is a regression to look at.
    assert!(report.macro_f1() >= 0.95, "macro-F1 {:.3}", report.macro_f1());
}

#[test]
fn no_catch_with_the_true_terms_is_a_disclosure_not_a_misleading_claim() {
    let src = r#"Scenario(
    id: "c", title: "C", archetype: ChoiceShopping, customer: (name: "C"), start: "a",
    facts: { "contract_length": "24 months", "price_review": "prices are reviewed every April" },
    nodes: { "a": (say: ["Hi."], end: Resolved) },
)"#;
    let loaded = load_str("c.ron", src.to_string()).unwrap();
    let und = Understander::lexicon_only(&Lexicon::built_in(), Some(&loaded.scenario));
    let has = |text: &str| und.understand(text, Context::default()).has(Move::Mislead);
    assert!(!has("No catch really. It's 24 months, and our prices get reviewed every April."));
    assert!(!has("There's no catch: it's a 24-month contract."));
    // With nothing true said beside it, "no catch" stays a claim; so does a real misleading one.
    assert!(has("No catch at all, honestly."));
    assert!(has("It's 24 months, and their offer has hidden fees."));
}
