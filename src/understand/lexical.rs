//! The phrase reader: lexicon and scenario phrases matched in the words of a line. It is the
//! whole reader when the encoder is absent; with the encoder it finds the scenario's intents,
//! forbidden and allowed promises, and is a second opinion on critical moves.

use std::collections::{HashMap, HashSet};

use super::matcher::{self, Phrase, Span, find_all, text_of};
use super::normalize::Token;
use super::{ForbiddenHit, IntentHit, Lexicon, Move, MoveHit};
use crate::scenario::Scenario;

#[derive(Debug, Clone)]
enum Kind {
    Move(Move, Option<Move>),
    Intent(String),
    Forbidden(String),
    Misleading(String),
    /// A phrase the scenario gives for a built-in move (`phrases:`): the trainer's own words.
    ScenarioMove(Move),
    Promise(String),
}

#[derive(Debug, Clone)]
struct Pattern {
    kind: Kind,
    phrase: Phrase,
}

/// What the phrases found in one line.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub moves: Vec<MoveHit>,
    pub intents: Vec<IntentHit>,
    pub forbidden: Vec<ForbiddenHit>,
    pub misleading: Vec<ForbiddenHit>,
    pub promises: Vec<String>,
    /// Moves made in the scenario's own `phrases` (they count whichever reader reads the line).
    pub scenario_moves: Vec<MoveHit>,
}

impl Found {
    pub fn hit(&self, mv: Move) -> Option<&MoveHit> {
        self.moves.iter().find(|h| h.mv == mv)
    }
}

pub struct Lexical {
    patterns: Vec<Pattern>,
    /// Patterns by the stem and by the word of their first word, so a line only tries the
    /// phrases that can start somewhere in it.
    by_first: HashMap<String, Vec<usize>>,
    /// First words long enough for slips to be tolerated (see matcher::similar).
    long_first: Vec<(String, Vec<usize>)>,
    pub negators: HashSet<String>,
}

impl Lexical {
    pub fn new(lexicon: &Lexicon, scenario: Option<&Scenario>, stemmer: &rust_stemmers::Stemmer) -> Lexical {
        let negators: HashSet<String> = lexicon.negators.iter().cloned().collect();
        let mut patterns = Vec::new();
        let mut push = |kind: Kind, text: &str| {
            let phrase = Phrase::new(text, stemmer, &negators);
            if !phrase.words.is_empty() {
                patterns.push(Pattern { kind, phrase });
            }
        };
        for (mv, entry) in &lexicon.moves {
            for p in &entry.phrases {
                push(Kind::Move(*mv, entry.negated), p);
            }
        }
        if let Some(sc) = scenario {
            for (name, phrases) in &sc.intents {
                for p in phrases {
                    push(Kind::Intent(name.clone()), p);
                }
            }
            for (phrase, reason) in &sc.promises.forbidden {
                push(Kind::Forbidden(reason.clone()), phrase);
            }
            for (phrase, reason) in &sc.promises.misleading {
                push(Kind::Misleading(reason.clone()), phrase);
            }
            for name in &sc.promises.allowed {
                push(Kind::Promise(name.clone()), name);
            }
            for (mv, phrases) in &sc.phrases {
                for p in phrases {
                    push(Kind::ScenarioMove(*mv), p);
                }
            }
        }
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::new();
        let mut long: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, p) in patterns.iter().enumerate() {
            by_first.entry(p.phrase.stems[0].clone()).or_default().push(i);
            by_first.entry(p.phrase.words[0].clone()).or_default().push(i);
            if p.phrase.words[0].chars().count() >= matcher::FUZZY_MIN {
                long.entry(p.phrase.words[0].clone()).or_default().push(i);
            }
        }
        let mut long_first: Vec<(String, Vec<usize>)> = long.into_iter().collect();
        long_first.sort();
        Lexical { patterns, by_first, long_first, negators }
    }

    pub fn find(&self, toks: &[Token]) -> Found {
        let mut out = Found::default();
        // Moves first gathered with where they matched, so overlapping phrases can be settled.
        let mut found: Vec<(Move, Span, String)> = Vec::new();
        for p in self.candidates(toks).into_iter().map(|i| &self.patterns[i]) {
            let spans = find_all(&p.phrase, toks, &self.negators);
            let plain = spans.iter().find(|s| !s.negated);
            let negated = spans.iter().find(|s| s.negated);
            let rule = |what: &str| format!("{what} \"{}\"", p.phrase.text);
            match &p.kind {
                Kind::Move(Move::Paraphrase, _) | Kind::ScenarioMove(Move::Paraphrase) => {} // frames: see `frame`
                Kind::ScenarioMove(mv) => {
                    if let Some(s) = plain {
                        found.push((*mv, *s, rule("phrase")));
                        if !out.scenario_moves.iter().any(|h| h.mv == *mv) {
                            let rule = format!("the scenario's phrase \"{}\"", p.phrase.text);
                            out.scenario_moves.push(MoveHit { mv: *mv, trigger: text_of(toks, *s), rule, score: None });
                        }
                    }
                }
                Kind::Move(mv, negated_as) => {
                    if let Some(s) = plain {
                        found.push((*mv, *s, rule("phrase")));
                    } else if let (Some(s), Some(other)) = (negated, negated_as) {
                        found.push((*other, *s, rule(&format!("negated {mv} phrase"))));
                    }
                }
                Kind::Intent(name) => {
                    if let Some(s) = plain
                        && !out.intents.iter().any(|i| i.intent == *name)
                    {
                        out.intents.push(IntentHit {
                            intent: name.clone(),
                            trigger: text_of(toks, *s),
                            phrase: p.phrase.text.clone(),
                        });
                    }
                }
                Kind::Forbidden(reason) | Kind::Misleading(reason) => {
                    if let Some(s) = plain {
                        let list =
                            if matches!(p.kind, Kind::Forbidden(_)) { &mut out.forbidden } else { &mut out.misleading };
                        list.push(ForbiddenHit {
                            phrase: p.phrase.text.clone(),
                            reason: reason.clone(),
                            trigger: text_of(toks, *s),
                        });
                    }
                }
                Kind::Promise(name) => {
                    if plain.is_some() && !out.promises.contains(name) {
                        out.promises.push(name.clone());
                    }
                }
            }
        }
        for (mv, span, rule) in &found {
            let beaten = found.iter().any(|(other, o, _)| other != mv && o.overlaps(span) && beats(o, span));
            if !beaten && !out.moves.iter().any(|h| h.mv == *mv) {
                out.moves.push(MoveHit { mv: *mv, trigger: text_of(toks, *span), rule: rule.clone(), score: None });
            }
        }
        out
    }

    /// The first un-negated paraphrase frame ("so you", "if I understand") in the line.
    pub fn frame(&self, toks: &[Token]) -> Option<String> {
        self.patterns.iter().filter(|p| matches!(p.kind, Kind::Move(Move::Paraphrase, _))).find_map(|p| {
            find_all(&p.phrase, toks, &self.negators).into_iter().find(|s| !s.negated).map(|s| text_of(toks, s))
        })
    }

    /// Indices (in lexicon order) of the patterns whose first word occurs in the line.
    fn candidates(&self, toks: &[Token]) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for t in toks {
            for key in [&t.stem, &t.word] {
                if let Some(ids) = self.by_first.get(key) {
                    out.extend(ids);
                }
            }
            if t.word.len() >= matcher::FUZZY_MIN {
                for (word, ids) in &self.long_first {
                    if matcher::similar(&t.word, word) {
                        out.extend(ids);
                    }
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }
}

/// Two phrases of different moves over the same words: an exact match beats one with words
/// skipped, and a longer phrase beats one it contains ("that is just our policy" is Dismiss,
/// not ProvideInfo; "I can see why" is Acknowledge, not "I can see (why) that").
fn beats(a: &Span, b: &Span) -> bool {
    if (a.extras == 0) != (b.extras == 0) {
        return a.extras == 0;
    }
    // A one-word phrase ("sorry") is a signal of its own, even inside a longer one.
    a.contains(b) && b.end > b.start
}
