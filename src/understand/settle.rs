//! Settling what the readers found into one set of moves: the learned reader's moves (with the
//! lexicon's words as evidence where it agrees), disagreements on critical moves recorded, and
//! moves that subsume others in the same words.

use super::lexical::Found;
use super::model::heads::Heads;
use super::reader::Reading;
use super::{Disagreement, Move, MoveHit, Understanding};

/// The moves whose false alarms fail a call.
pub const CRITICAL: [Move; 6] =
    [Move::Rude, Move::Dismiss, Move::Blame, Move::RefuseEscalation, Move::Mislead, Move::OverPromise];

/// The learned reader decides the moves; the lexicon's matching words are shown as evidence.
pub fn learned(u: &mut Understanding, reading: &Reading, heads: &Heads, found: &Found, text: &str) {
    for (mv, p) in &reading.moves {
        let threshold = heads.threshold(*mv).unwrap_or(0.5);
        let trigger = found.hit(*mv).map_or_else(|| text.to_string(), |h| h.trigger.clone());
        let rule = format!("learned reader {p:.2} (threshold {threshold:.2})");
        u.moves.push(MoveHit { mv: *mv, trigger, rule, score: Some(*p) });
    }
    // A critical move the lexicon names, with learned support at its agreement threshold: two
    // readers agreeing ("are you deaf?" has a stock phrase and a middling learned score).
    for mv in CRITICAL {
        let score = reading.score(mv);
        if !reading.has(mv)
            && let (Some(h), Some(t)) = (found.hit(mv), heads.agree_threshold(mv))
            && score >= t
        {
            let rule = format!("{} and learned reader {score:.2} (agreement threshold {t:.2})", h.rule);
            u.moves.push(MoveHit { mv, trigger: h.trigger.clone(), rule, score: Some(score) });
        }
    }
    // The rubric's own demeaning items ("calm down", "no need to shout") are abuse whatever
    // score the learned reader gives them, unless the clause says the agent is *not* saying them.
    if !u.has(Move::Rude)
        && let Some(phrase) = told_how_to_feel(text)
    {
        let rule = format!("the rubric's demeaning item \"{phrase}\", not negated");
        u.moves.push(MoveHit {
            mv: Move::Rude,
            trigger: phrase.to_string(),
            rule,
            score: Some(reading.score(Move::Rude)),
        });
    }
    // Polarity: "you can't speak to my manager" names a manager inside a refusal; it offers none.
    if u.has(Move::RefuseEscalation) && found.hit(Move::RefuseEscalation).is_some_and(|h| h.rule.starts_with("negated"))
    {
        u.drop_move(Move::OfferEscalation);
    }
    for mv in CRITICAL {
        let threshold = heads.threshold(mv).unwrap_or(0.5);
        let score = reading.score(mv);
        let kept = u.has(mv);
        match (reading.has(mv), found.hit(mv)) {
            (true, None) => u.disagreements.push(Disagreement { mv, score, threshold, phrase: None, kept }),
            (false, Some(h)) => {
                u.disagreements.push(Disagreement { mv, score, threshold, phrase: Some(h.rule.clone()), kept })
            }
            _ => {}
        }
    }
}

/// Telling the caller how to feel or behave, as the rubric names it: counted as abuse in every
/// call (DESIGN: "no need to shout", "calm down" count).
const TOLD_HOW_TO_FEEL: [&str; 8] = [
    "calm down",
    "no need to shout",
    "stop shouting",
    "stop yelling",
    "no need to yell",
    "getting worked up",
    "getting all worked up",
    "getting this worked up",
];

/// Words that put what follows them in the same clause out of the agent's mouth ("I won't tell
/// you to calm down", "nobody wants to hear calm down").
const CLAUSE_NEGATORS: [&str; 20] = [
    "not",
    "never",
    "no",
    "nobody",
    "nothing",
    "neither",
    "nor",
    "without",
    "don't",
    "dont",
    "won't",
    "wont",
    "wouldn't",
    "wouldnt",
    "can't",
    "cant",
    "didn't",
    "didnt",
    "shouldn't",
    "isn't",
];

/// The first of the rubric's demeaning phrases the line says, not negated in its clause.
fn told_how_to_feel(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    for clause in lower.split(['.', ',', ';', ':', '!', '?', '\u{2014}', '\u{2013}']) {
        let words: Vec<&str> = clause.split_whitespace().collect();
        for phrase in TOLD_HOW_TO_FEEL {
            let p: Vec<&str> = phrase.split(' ').collect();
            let Some(at) = words.windows(p.len()).position(|w| w == p.as_slice()) else { continue };
            // "no need to shout" carries its own "no"; only words before the phrase negate it.
            if !words[..at].iter().any(|w| CLAUSE_NEGATORS.contains(w)) {
                return Some(phrase);
            }
        }
    }
    None
}

/// Saying there is nothing more to know.
const NOTHING_HIDDEN: [&str; 6] =
    ["no catch", "no hidden", "nothing hidden", "nothing else hidden", "no strings", "no small print"];

/// "No catch: it's 24 months and prices are reviewed in April" discloses the terms. A Mislead
/// the learned reader alone would not give (a stock phrase with middling support) does not
/// stand in a line that also states a term the facts confirm. A claim the scenario names as
/// misleading always stands.
pub fn disclosed(u: &mut Understanding, text: &str, heads: Option<&Heads>, confirmed: bool) {
    let Some(hit) = u.hit(Move::Mislead) else { return };
    let lower = text.to_lowercase();
    if !NOTHING_HIDDEN.iter().any(|p| lower.contains(p)) {
        return;
    }
    let threshold = heads.and_then(|h| h.threshold(Move::Mislead)).unwrap_or(0.5);
    let learned_alone = hit.score.is_some_and(|p| p >= threshold);
    let named = !u.misleading.is_empty();
    if !learned_alone && !named && confirmed {
        u.drop_move(Move::Mislead);
        u.notes.push("says there is no catch and states the terms the facts confirm: a disclosure".into());
    }
}

/// Saying there is no fee to pay.
const NO_FEE: [&str; 5] = ["no fee", "no fees", "no monthly fee", "free account", "costs nothing"];

/// "We have no fee at all" where the facts say the fee is $0 is the truth: the learned reader
/// learned "no fees at all" as a misleading claim where there are fees, and cannot see the facts.
/// A claim the scenario names as misleading always stands.
pub fn fee_is_nothing(u: &mut Understanding, text: &str, no_fee: bool) {
    let lower = text.to_lowercase();
    if no_fee && u.misleading.is_empty() && u.has(Move::Mislead) && NO_FEE.iter().any(|p| lower.contains(p)) {
        u.drop_move(Move::Mislead);
        u.notes.push("says there is no fee, and the facts say the fee is nothing: true".into());
    }
}

/// Words that take back what was just said.
const RETRACTIONS: [&str; 10] = [
    "let me correct",
    "correction",
    "scratch that",
    "i misspoke",
    "shouldn't have said",
    "should not have said",
    "sorry, i mean",
    "no, sorry",
    "that's not right",
    "that was wrong",
];

/// "You'll have it tomorrow. No, sorry, let me correct that: it takes 2 to 3 business days."
/// A promise taken back in the same turn, with the true time stated after it, is an
/// over-promise (it costs, and the caller may doubt it) but not a promise made: the critical
/// item is not raised.
pub fn corrected(u: &mut Understanding, text: &str, true_times: &[String]) {
    if u.forbidden.is_empty() && !u.checks.iter().any(|c| c.verdict == super::Verdict::TooFast) {
        return;
    }
    let lower = text.to_lowercase();
    let Some(back) = RETRACTIONS.iter().filter_map(|r| lower.find(r)).min() else { return };
    let promised_before = u.forbidden.iter().all(|f| lower.find(&f.trigger.to_lowercase()).is_some_and(|at| at < back));
    let true_after = true_times.iter().any(|t| lower.rfind(&t.to_lowercase()).is_some_and(|at| at > back));
    if !(promised_before && true_after) {
        return;
    }
    let taken_back: Vec<String> = u.forbidden.drain(..).map(|f| f.phrase).collect();
    u.checks.retain(|c| c.verdict != super::Verdict::TooFast);
    let what = if taken_back.is_empty() {
        "a time too soon".to_string()
    } else {
        format!("\"{}\"", taken_back.join("\", \""))
    };
    u.notes
        .push(format!("took back {what} in the same turn and gave the true time: an over-promise, not a promise made"));
    if !u.has(Move::OverPromise) {
        u.moves.push(MoveHit {
            mv: Move::OverPromise,
            trigger: text.into(),
            rule: "corrected over-promise".into(),
            score: None,
        });
    }
}

/// Where one move subsumes another in the same words.
pub fn overlaps(u: &mut Understanding) {
    // An over-promise is not honest expectation setting.
    if u.has(Move::OverPromise) {
        u.drop_move(Move::SetExpectation);
    }
    // Transferring is more than offering to; an offer of a senior is not another option.
    if u.has(Move::Escalate) {
        u.drop_move(Move::OfferEscalation);
    }
    if u.has(Move::Escalate) || u.has(Move::OfferEscalation) {
        u.drop_move(Move::OfferOption);
    }
    // "Thanks for calling, have a good day" closes; it does not greet (a lexicon rule: the
    // learned reader tells the two apart itself).
    if u.has(Move::Close) {
        u.moves.retain(|h| {
            h.mv != Move::Greet
                || h.score.is_some()
                || !["hello", "hi", "hey", "good morning", "good afternoon"].contains(&h.trigger.as_str())
        });
    }
    // "Are you deaf?" and "Are you still there?" are not questions that gather information.
    if u.has(Move::Rude) || u.has(Move::CheckIn) {
        u.drop_move(Move::Question);
    }
}

#[cfg(test)]
mod tests {
    use super::told_how_to_feel;

    #[test]
    fn telling_the_caller_to_calm_down_is_told_from_saying_you_will_not() {
        for rude in [
            "I'm going to need you to calm down so we can sort this out.",
            "Are you still there, or did you finally calm down?",
            "mam no need to shout i am not deaf",
            "Getting worked up isn't going to make it go any faster.",
            "I'll escalate when you stop shouting, not before.",
        ] {
            assert!(told_how_to_feel(rude).is_some(), "{rude}");
        }
        for kind in [
            "I won't tell you to calm down, ma'am, you have every right to be upset.",
            "im not going to tell you to calm down you've every right to be cross",
            "You don't have to calm down for me, you're allowed to be livid.",
            "nobody wants to hear calm down when their whole day's gone i get it",
            "Once things have calmed down on the network, the speed comes back.",
            "no wonder you're worked up, that's three calls now",
        ] {
            assert_eq!(told_how_to_feel(kind), None, "{kind}");
        }
    }
}
