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
