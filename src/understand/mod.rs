//! Understanding the trainee: one utterance → built-in moves, scenario intents and timelines,
//! each with the words that triggered it, so every decision can be explained.

pub mod eval;
pub mod lexicon;
mod matcher;
pub mod moves;
pub mod normalize;
mod rules;
pub mod timeline;

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

pub use lexicon::Lexicon;
pub use moves::Move;
pub use rules::amount_value;
pub use timeline::Timeline;

use crate::scenario::Scenario;
use matcher::{Phrase, find_all, text_of};
use normalize::{Token, english, tokenize};

/// One move found, with what fired it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MoveHit {
    #[serde(rename = "move")]
    pub mv: Move,
    /// The trainee's words that fired it.
    pub trigger: String,
    /// Which rule or lexicon phrase fired.
    pub rule: String,
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
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForbiddenHit {
    pub phrase: String,
    pub reason: String,
    pub trigger: String,
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
    pub forbidden: Vec<ForbiddenHit>,
    /// Allowed promises made ("refund", "callback").
    pub promises: Vec<String>,
    /// Money amounts stated, as written ("$49.99").
    pub amounts: Vec<String>,
    /// Details asked for that the caller already gave ("account number").
    pub asks_again: Vec<String>,
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

    pub fn has_intent(&self, name: &str) -> bool {
        self.intents.iter().any(|h| h.intent == name)
    }

    pub fn hit(&self, mv: Move) -> Option<&MoveHit> {
        self.moves.iter().find(|h| h.mv == mv)
    }

    fn add(&mut self, mv: Move, trigger: impl Into<String>, rule: impl Into<String>) {
        if !self.has(mv) {
            self.moves.push(MoveHit { mv, trigger: trigger.into(), rule: rule.into() });
        }
    }
}

/// What the conversation so far tells the understanding.
#[derive(Debug, Clone, Copy, Default)]
pub struct Context<'a> {
    /// The caller's lines so far, most recent last.
    pub customer_said: &'a [String],
}

#[derive(Debug, Clone)]
enum Kind {
    Move(Move, Option<Move>),
    Intent(String),
    Forbidden(String),
    Promise(String),
}

#[derive(Debug, Clone)]
struct Pattern {
    kind: Kind,
    phrase: Phrase,
}

/// A fact whose value is a timeline, with the words that say what it is about.
#[derive(Debug, Clone)]
struct FactTimeline {
    key: String,
    text: String,
    about: Vec<String>,
    timeline: Timeline,
}

/// Compiled lexicon + scenario words; build once per call, then `understand` each line.
pub struct Understander {
    patterns: Vec<Pattern>,
    /// Patterns by the stem and by the word of their first word, so a line only tries the
    /// phrases that can start somewhere in it.
    by_first: HashMap<String, Vec<usize>>,
    /// First words long enough for slips to be tolerated (see matcher::same_word).
    long_first: Vec<(String, Vec<usize>)>,
    /// Stems of words every call is full of (not evidence of restating the caller's problem).
    call_words: HashSet<String>,
    /// The caller's lines already stemmed (they repeat every turn of a call).
    caller_memo: std::sync::Mutex<HashMap<String, Vec<String>>>,
    negators: HashSet<String>,
    stemmer: rust_stemmers::Stemmer,
    facts: Vec<FactTimeline>,
    /// (key, value, content stems) of short facts, to notice when the trainee states one.
    fact_values: Vec<(String, String, Vec<String>)>,
}

impl Understander {
    pub fn new(lexicon: &Lexicon, scenario: Option<&Scenario>) -> Understander {
        let stemmer = english();
        let negators: HashSet<String> = lexicon.negators.iter().cloned().collect();
        let mut lexicon = lexicon.clone();
        if let Some(sc) = scenario {
            lexicon.extend(&sc.phrases);
        }
        let mut patterns = Vec::new();
        let mut push = |kind: Kind, text: &str| {
            let phrase = Phrase::new(text, &stemmer, &negators);
            if !phrase.words.is_empty() {
                patterns.push(Pattern { kind, phrase });
            }
        };
        for (mv, entry) in &lexicon.moves {
            for p in &entry.phrases {
                push(Kind::Move(*mv, entry.negated), p);
            }
        }
        let mut facts = Vec::new();
        let mut fact_values = Vec::new();
        if let Some(sc) = scenario {
            for (name, phrases) in &sc.intents {
                for p in phrases {
                    push(Kind::Intent(name.clone()), p);
                }
            }
            for (phrase, reason) in &sc.promises.forbidden {
                push(Kind::Forbidden(reason.clone()), phrase);
            }
            for name in &sc.promises.allowed {
                push(Kind::Promise(name.clone()), name);
            }
            for (key, value) in &sc.facts {
                // Facts named `..._time` are waits ("refund_time": "3 to 5 business days"); a
                // stated timeline is checked against the one whose name shares a word with it.
                if let Some(subject) = key.strip_suffix("_time")
                    && let Some(timeline) = timeline::from_fact(value)
                {
                    let about =
                        subject.split(['_', '-', ' ']).map(|w| stemmer.stem(&w.to_lowercase()).into_owned()).collect();
                    facts.push(FactTimeline { key: key.clone(), text: value.clone(), about, timeline });
                }
                let (toks, _) = tokenize(value, &stemmer);
                let content = rules::content_stems(&toks);
                // Stating a wait is setting an expectation, not giving information.
                if !key.ends_with("_time") && !content.is_empty() && content.len() <= 4 {
                    fact_values.push((key.clone(), value.clone(), content));
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
        let long_first = long.into_iter().collect();
        Understander {
            patterns,
            by_first,
            long_first,
            caller_memo: Default::default(),
            call_words: rules::call_word_stems(&stemmer),
            negators,
            stemmer,
            facts,
            fact_values,
        }
    }

    /// Understands one utterance.
    pub fn understand(&self, text: &str, ctx: Context) -> Understanding {
        let (toks, question_mark) = tokenize(text, &self.stemmer);
        let mut u = Understanding::default();
        self.phrases(&toks, &mut u);
        rules::question(&toks, question_mark, &mut u);
        let frame = self.frames().find_map(|p| {
            find_all(p, &toks, &self.negators).into_iter().find(|s| !s.negated).map(|s| text_of(&toks, s))
        });
        let theirs = self.caller_words(ctx);
        rules::paraphrase(&toks, ctx, frame, &theirs, &self.call_words, &mut u);
        rules::asks_again(&toks, ctx, &mut u);
        self.timelines(&toks, &mut u);
        self.facts_stated(&toks, &mut u);
        u.amounts = rules::amounts(&toks);
        resolve_overlaps(&mut u);
        u.moves.sort_by_key(|h| h.mv);
        u
    }

    fn phrases(&self, toks: &[Token], u: &mut Understanding) {
        // Moves first gathered with where they matched, so overlapping phrases can be settled.
        let mut found: Vec<(Move, matcher::Span, String)> = Vec::new();
        for p in self.candidates(toks).into_iter().map(|i| &self.patterns[i]) {
            let spans = find_all(&p.phrase, toks, &self.negators);
            let plain = spans.iter().find(|s| !s.negated);
            let negated = spans.iter().find(|s| s.negated);
            let rule = |what: &str| format!("{what} \"{}\"", p.phrase.text);
            match &p.kind {
                Kind::Move(Move::Paraphrase, _) => {} // frames: see rules::paraphrase
                Kind::Move(mv, negated_as) => {
                    if let Some(s) = plain {
                        found.push((*mv, *s, rule("phrase")));
                    } else if let (Some(s), Some(other)) = (negated, negated_as) {
                        found.push((*other, *s, rule(&format!("negated {mv} phrase"))));
                    }
                }
                Kind::Intent(name) => {
                    if let Some(s) = plain
                        && !u.has_intent(name)
                    {
                        u.intents.push(IntentHit {
                            intent: name.clone(),
                            trigger: text_of(toks, *s),
                            phrase: p.phrase.text.clone(),
                        });
                    }
                }
                Kind::Forbidden(reason) => {
                    if let Some(s) = plain {
                        let trigger = text_of(toks, *s);
                        u.add(Move::OverPromise, trigger.clone(), rule("forbidden promise"));
                        u.forbidden.push(ForbiddenHit {
                            phrase: p.phrase.text.clone(),
                            reason: reason.clone(),
                            trigger,
                        });
                    }
                }
                Kind::Promise(name) => {
                    if plain.is_some() && !u.promises.contains(name) {
                        u.promises.push(name.clone());
                    }
                }
            }
        }
        for (mv, span, rule) in &found {
            let beaten = found.iter().any(|(other, o, _)| other != mv && o.overlaps(span) && beats(o, span));
            if !beaten {
                u.add(*mv, text_of(toks, *span), rule.clone());
            }
        }
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

    fn timelines(&self, toks: &[Token], u: &mut Understanding) {
        for t in timeline::find(toks) {
            // The fact a timeline is about is named in its own clause: "the refund takes 3 to 5
            // days, and I'll email you today" promises the email today, not the refund.
            let stems: HashSet<&str> = clause(toks, t.start).iter().map(|t| t.stem.as_str()).collect();
            // "I can't promise same day" states no timeline.
            if matcher::negated_before(toks, t.start, &self.negators) {
                continue;
            }
            if t.max_hours > 0.0
                && commits(toks, &t)
                && !(t.max_hours < 1.0 && (u.has(Move::RequestHold) || u.has(Move::CheckIn)))
            {
                u.add(Move::SetExpectation, t.text.clone(), "a concrete timeline");
                u.expected.push(t.clone());
            }
            // Compare with the fact this line is about: the one whose name shares a word with it.
            let fact = self.facts.iter().find(|f| f.about.iter().any(|w| stems.contains(w.as_str())));
            if let Some(f) = fact {
                let verdict = if t.faster_than(&f.timeline) {
                    Verdict::TooFast
                } else if t.fits(&f.timeline) {
                    Verdict::Fits
                } else {
                    Verdict::TooSlow
                };
                if verdict == Verdict::TooFast {
                    u.add(Move::OverPromise, t.text.clone(), format!("faster than the fact {}: {}", f.key, f.text));
                }
                u.checks.push(TimelineCheck { stated: t.clone(), fact: f.key.clone(), truth: f.text.clone(), verdict });
            }
            u.timelines.push(t);
        }
    }

    fn facts_stated(&self, toks: &[Token], u: &mut Understanding) {
        let stems: HashSet<&str> = toks.iter().map(|t| t.stem.as_str()).collect();
        for (key, text, content) in &self.fact_values {
            if content.iter().all(|c| stems.contains(c.as_str())) {
                u.add(Move::ProvideInfo, text.clone(), format!("states the fact {key}"));
            }
        }
    }

    /// The lexicon's paraphrase frames ("so you", "if I understand"); alone they are not enough.
    fn frames(&self) -> impl Iterator<Item = &Phrase> {
        self.patterns.iter().filter(|p| matches!(p.kind, Kind::Move(Move::Paraphrase, _))).map(|p| &p.phrase)
    }
}

/// The tokens of the clause (between clause breaks) that contains token `i`.
fn clause(toks: &[Token], i: usize) -> &[Token] {
    let i = i.min(toks.len().saturating_sub(1));
    let start = toks[..i].iter().rposition(|t| t.word == normalize::BREAK).map_or(0, |p| p + 1);
    let end = toks[i..].iter().position(|t| t.word == normalize::BREAK).map_or(toks.len(), |p| i + p);
    &toks[start..end]
}

/// A timeline sets an expectation when its clause commits to it ("it takes", "I'll call you
/// within", "by Friday"); "six days late" or "how much in a month" do not.
fn commits(toks: &[Token], t: &Timeline) -> bool {
    if matches!(t.text.split(' ').next(), Some("within" | "by" | "before" | "until" | "under"))
        || t.text.starts_with("in the next")
    {
        return true;
    }
    // An answer that is little more than the timeline ("Around 4 to 6 hours.") gives it.
    let words = t.text.split(' ').count();
    if clause(toks, t.start).len() <= words + 3 && t.max_hours >= 0.05 {
        return true;
    }
    // "the visit is in 3 business days": a scheduled event.
    if t.text.starts_with("in ") && t.start > 0 && matches!(toks[t.start - 1].word.as_str(), "is" | "be" | "are") {
        return true;
    }
    clause(toks, t.start).iter().any(|w| {
        matches!(
            w.word.as_str(),
            "will"
                | "going"
                | "should"
                | "shall"
                | "expect"
                | "expected"
                | "take"
                | "takes"
                | "estimate"
                | "estimates"
                | "arrive"
                | "arrives"
                | "due"
                | "ready"
        )
    })
}

/// Two phrases of different moves over the same words: an exact match beats one with words
/// skipped, and a longer phrase beats one it contains ("that is just our policy" is Dismiss,
/// not ProvideInfo; "I can see why" is Acknowledge, not "I can see (why) that").
fn beats(a: &matcher::Span, b: &matcher::Span) -> bool {
    if (a.extras == 0) != (b.extras == 0) {
        return a.extras == 0;
    }
    // A one-word phrase ("sorry") is a signal of its own, even inside a longer one.
    a.contains(b) && b.end > b.start
}

/// Where one move subsumes another in the same words.
fn resolve_overlaps(u: &mut Understanding) {
    let drop = |u: &mut Understanding, mv: Move, unless: &dyn Fn(&MoveHit) -> bool| {
        u.moves.retain(|h| h.mv != mv || unless(h));
    };
    // An over-promise is not honest expectation setting.
    if u.has(Move::OverPromise) {
        drop(u, Move::SetExpectation, &|_| false);
    }
    // Transferring is more than offering to; an offer of a senior is not another option.
    if u.has(Move::Escalate) {
        drop(u, Move::OfferEscalation, &|_| false);
    }
    if u.has(Move::Escalate) || u.has(Move::OfferEscalation) {
        drop(u, Move::OfferOption, &|_| false);
    }
    // "Thanks for calling, have a good day" closes; it does not greet.
    if u.has(Move::Close) {
        drop(u, Move::Greet, &|h| {
            ["hello", "hi", "hey", "good morning", "good afternoon"].contains(&h.trigger.as_str())
        });
    }
    // "Are you deaf?" and "Are you still there?" are not questions that gather information.
    if u.has(Move::Rude) || u.has(Move::CheckIn) {
        drop(u, Move::Question, &|_| false);
    }
}
