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
