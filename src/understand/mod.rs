//! Understanding the trainee: one utterance → built-in moves, scenario intents and timelines,
//! each with its evidence, so every decision can be explained.
//!
//! A pipeline, one stage a file:
//! normalise (`normalize`) → encode and classify (`reader`, over `model`) → phrases (`lexical`:
//! intents, promises; the whole reader when the encoder is absent) → rules where the words or
//! facts decide (`rules`: questions, restating, asking again, amounts; `facts`: timelines,
//! guarantees, vagueness) → settle overlaps (`settle`) → one `Understanding`.

pub mod eval;
pub mod facts;
pub mod intent_eval;
pub mod intents;
pub mod lexical;
pub mod lexicon;
mod matcher;
pub mod model;
pub mod moves;
pub mod normalize;
pub mod reader;
mod rules;
pub mod settle;
pub mod timeline;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

pub use lexicon::Lexicon;
pub use moves::Move;
pub use reader::Reader;
pub use rules::amount_value;
pub use timeline::Timeline;

use crate::scenario::Scenario;
use normalize::{english, tokenize};

/// One move found, with what fired it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveHit {
    #[serde(rename = "move")]
    pub mv: Move,
    /// The trainee's words that fired it.
    pub trigger: String,
    /// Which rule, lexicon phrase or learned score fired.
    pub rule: String,
    /// The learned reader's probability for this move, when it read the line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IntentHit {
    pub intent: String,
    pub trigger: String,
    pub phrase: String,
}

/// A stated timeline compared with the scenario fact it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineCheck {
    pub stated: Timeline,
    pub fact: String,
    pub truth: String,
    pub verdict: Verdict,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Fits,
    /// Sooner than the fact allows: an over-promise.
    TooFast,
    /// Slower than the fact: inaccurate, and needlessly discouraging.
    TooSlow,
    /// A length that is not a wait, stated wrong ("a 24-month contract" when it is 12).
    Differs,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForbiddenHit {
    pub phrase: String,
    pub reason: String,
    pub trigger: String,
}

/// The learned reader and the phrase lexicon disagreeing on a critical move.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    #[serde(rename = "move")]
    pub mv: Move,
    /// The learned probability and the threshold it is judged against.
    pub score: f32,
    pub threshold: f32,
    /// The lexicon phrase that fired, when the lexicon found it.
    pub phrase: Option<String>,
    /// Whether the move was kept.
    pub kept: bool,
}

/// Everything found in one utterance.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Understanding {
    pub moves: Vec<MoveHit>,
    pub intents: Vec<IntentHit>,
    pub timelines: Vec<Timeline>,
    /// The timelines given as what will happen (not "hold for two minutes", not "six days late").
    #[serde(default)]
    pub expected: Vec<Timeline>,
    pub checks: Vec<TimelineCheck>,
    /// Lengths that are not waits (a contract's term), checked against the `*_length` facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lengths: Vec<TimelineCheck>,
    /// Forbidden promises made (an over-promise in any scenario).
    pub forbidden: Vec<ForbiddenHit>,
    /// Misleading claims the scenario names ("their coverage is terrible"): a misleading sale.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misleading: Vec<ForbiddenHit>,
    /// Allowed promises made ("refund", "callback").
    pub promises: Vec<String>,
    /// Money amounts stated, as written ("$49.99").
    pub amounts: Vec<String>,
    /// Details asked for that the caller already gave ("account number").
    pub asks_again: Vec<String>,
    /// Where the learned reader and the lexicon disagree on a critical move.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<Disagreement>,
    /// Rules that took a move away, in words ("'soon' is vague").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Which reader read the line: "learned" or "lexicon".
    #[serde(default)]
    pub reader: String,
}

impl Understanding {
    pub fn has(&self, mv: Move) -> bool {
        self.moves.iter().any(|h| h.mv == mv)
    }

    /// Moves and intents as short labels ("Acknowledge", "intent:offer_refund"), for display.
    pub fn labels(&self) -> Vec<String> {
        self.moves
            .iter()
            .map(|m| m.mv.to_string())
            .chain(self.intents.iter().map(|i| format!("intent:{}", i.intent)))
            .collect()
    }

    /// The labels with the learned scores and, where the readers disagree on a critical move,
    /// both sides: what the trainer view shows for a line.
    pub fn trainer_labels(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .moves
            .iter()
            .map(|m| match m.score {
                Some(p) => format!("{} {p:.2}", m.mv),
                None => format!("{} (rule)", m.mv),
            })
            .chain(self.intents.iter().map(|i| format!("intent:{}", i.intent)))
            .collect();
        for d in &self.disagreements {
            out.push(match (&d.phrase, d.kept) {
                (Some(p), true) => format!("{}: lexicon ({p}) and learned {:.2} agree", d.mv, d.score),
                (Some(p), false) => format!("lexicon says {} ({p}), learned {:.2}: not counted", d.mv, d.score),
                (None, _) => format!("{} by the learned reader only (no lexicon phrase)", d.mv),
            });
        }
        out
    }

    pub fn has_intent(&self, name: &str) -> bool {
        self.intents.iter().any(|h| h.intent == name)
    }

    pub fn hit(&self, mv: Move) -> Option<&MoveHit> {
        self.moves.iter().find(|h| h.mv == mv)
    }

    fn add(&mut self, mv: Move, trigger: impl Into<String>, rule: impl Into<String>) {
        if !self.has(mv) {
            self.moves.push(MoveHit { mv, trigger: trigger.into(), rule: rule.into(), score: None });
        }
    }

    fn drop_move(&mut self, mv: Move) {
        self.moves.retain(|h| h.mv != mv);
    }
}

/// What the conversation so far tells the understanding.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The caller's lines so far, most recent last.
    pub customer_said: &'a [String],
}

/// Compiled lexicon + scenario words + the learned reader; build once per call, then
/// `understand` each line.
pub struct Understander {
    lexical: lexical::Lexical,
    facts: facts::Facts,
    reader: Option<Arc<Reader>>,
    /// Stems of words every call is full of (not evidence of restating the caller's problem).
    call_words: HashSet<String>,
    /// The caller's lines already stemmed (they repeat every turn of a call).
    caller_memo: std::sync::Mutex<HashMap<String, Vec<String>>>,
    stemmer: rust_stemmers::Stemmer,
    /// The scenario's intent phrases, encoded, for matching by meaning.
    intent_examples: Option<intents::IntentExamples>,
    intent_threshold: Option<f32>,
}

impl Understander {
    /// With the process's learned reader when the encoder is there, else the lexicon alone.
    pub fn new(lexicon: &Lexicon, scenario: Option<&Scenario>) -> Understander {
        Understander::with_reader(lexicon, scenario, Reader::shared())
    }

    /// The phrase lexicon alone, as when the encoder files are missing.
    pub fn lexicon_only(lexicon: &Lexicon, scenario: Option<&Scenario>) -> Understander {
        Understander::with_reader(lexicon, scenario, None)
    }

    pub fn with_reader(lexicon: &Lexicon, scenario: Option<&Scenario>, reader: Option<Arc<Reader>>) -> Understander {
        let stemmer = english();
        let intent_examples = match (&reader, scenario) {
            (Some(r), Some(sc)) => intents::IntentExamples::new(&sc.intents, r),
            _ => None,
        };
        Understander {
            intent_examples,
            intent_threshold: None,
            lexical: lexical::Lexical::new(lexicon, scenario, &stemmer),
            facts: facts::Facts::new(scenario, &stemmer),
            reader,
            caller_memo: Default::default(),
            call_words: rules::call_word_stems(&stemmer),
            stemmer,
        }
    }

    pub fn reader(&self) -> Option<&Reader> {
        self.reader.as_deref()
    }

    /// Understands one utterance.
    pub fn understand(&self, text: &str, ctx: Context) -> Understanding {
        let (toks, question_mark) = tokenize(text, &self.stemmer);
        let found = self.lexical.find(&toks);
        let mut u = Understanding {
            intents: found.intents.clone(),
            promises: found.promises.clone(),
            forbidden: found.forbidden.clone(),
            misleading: found.misleading.clone(),
            ..Default::default()
        };
        let reading = self.reader.as_ref().map(|r| (r.read(text), r));
        match &reading {
            Some((reading, reader)) => {
                u.reader = "learned".into();
                settle::learned(&mut u, reading, reader.heads(), &found, text);
                // The scenario's own phrases for a move are the trainer's word: they count.
                for h in &found.scenario_moves {
                    if !u.has(h.mv) {
                        u.moves.push(h.clone());
                    }
                }
            }
            None => {
                u.reader = "lexicon".into();
                u.moves = found.moves.clone();
                rules::question(&toks, question_mark, &mut u);
            }
        }
        self.intents_by_meaning(text, &mut u);
        for f in &found.forbidden {
            u.add(Move::OverPromise, f.trigger.clone(), format!("forbidden promise \"{}\"", f.phrase));
        }
        for f in &found.misleading {
            u.add(Move::Mislead, f.trigger.clone(), format!("misleading claim \"{}\"", f.phrase));
        }
        let theirs = self.caller_words(ctx);
        let frame = self.lexical.frame(&toks);
        rules::paraphrase(&toks, ctx, frame, &theirs, &self.call_words, &mut u);
        // A restatement restates something the caller said: the learned reader's Paraphrase
        // needs some of the caller's own words.
        if u.hit(Move::Paraphrase).is_some_and(|h| h.score.is_some())
            && !rules::shares_words(&toks, &theirs, &self.call_words)
        {
            u.drop_move(Move::Paraphrase);
            u.notes.push("restating needs the caller's words: none shared".into());
        }
        rules::asks_again(&toks, ctx, &mut u);
        self.facts.timelines(&toks, &self.lexical.negators, &mut u);
        self.facts.lengths(&mut u);
        self.facts.allowed(&mut u);
        self.facts.guarantees(&toks, &self.lexical.negators, &mut u);
        self.facts.vague(&toks, &mut u);
        self.facts.stated(&toks, &mut u);
        u.amounts = rules::amounts(&toks);
        let confirmed = self.facts.confirms(&toks, &u);
        settle::disclosed(&mut u, text, self.reader.as_deref().map(Reader::heads), confirmed);
        settle::fee_is_nothing(&mut u, text, self.facts.no_fee());
        let true_times = self.facts.true_times(&u);
        settle::corrected(&mut u, text, &true_times);
        settle::overlaps(&mut u);
        u.moves.sort_by_key(|h| h.mv);
        u
    }

    /// Intents the words missed but a part of the line means (see `intents`).
    fn intents_by_meaning(&self, text: &str, u: &mut Understanding) {
        let (Some(examples), Some(reader)) = (&self.intent_examples, &self.reader) else { return };
        let threshold = self.intent_threshold.unwrap_or(intents::MEANING_THRESHOLD);
        for hit in examples.find(text, reader, &self.lexical.negators, &self.stemmer, threshold) {
            if !u.has_intent(&hit.intent) {
                u.intents.push(IntentHit {
                    intent: hit.intent,
                    trigger: hit.part,
                    phrase: format!("{} (by meaning, {:.2})", hit.phrase, hit.similarity),
                });
            }
        }
    }

    pub fn negators(&self) -> &HashSet<String> {
        &self.lexical.negators
    }

    pub fn stemmer(&self) -> &rust_stemmers::Stemmer {
        &self.stemmer
    }

    /// The encoded intent examples, when the learned reader is there.
    pub fn intent_examples(&self) -> Option<&intents::IntentExamples> {
        self.intent_examples.as_ref()
    }

    /// Overrides the meaning threshold (for measuring it on labelled lines).
    pub fn with_intent_threshold(mut self, threshold: f32) -> Understander {
        self.intent_threshold = Some(threshold);
        self
    }

    /// Content stems of everything the caller said; each line is stemmed once per call.
    fn caller_words(&self, ctx: Context) -> HashSet<String> {
        let mut memo = self.caller_memo.lock().unwrap_or_else(|e| e.into_inner());
        let mut out = HashSet::new();
        for line in ctx.customer_said {
            let stems =
                memo.entry(line.clone()).or_insert_with(|| rules::content_stems(&tokenize(line, &self.stemmer).0));
            out.extend(stems.iter().cloned());
        }
        out
    }
}
