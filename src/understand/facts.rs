//! Rules where facts decide: stated timelines against the scenario's `*_time` facts (faster is an
//! over-promise, vague is no timeline at all), guarantees the facts do not back, and facts the
//! trainee states.

use std::collections::HashSet;

use super::normalize::{self, Token, tokenize};
use super::{Move, Timeline, TimelineCheck, Understanding, Verdict, matcher, rules, timeline};
use crate::scenario::Scenario;

/// A fact whose value is a timeline, with the words that say what it is about.
#[derive(Debug, Clone)]
struct FactTimeline {
    key: String,
    text: String,
    about: Vec<String>,
    timeline: Timeline,
    /// A wait (`*_time`, `*_wait`): stating it sets an expectation, faster is an over-promise.
    /// Otherwise a length that is not a wait (`*_length`, `*_term`, `*_duration`, `*_period`:
    /// a contract's term, how long a waiver lasts): stating it is information, right or wrong.
    wait: bool,
}

/// The key suffixes that say a fact is a wait, and those that say it is a length.
pub const WAIT_SUFFIXES: [&str; 2] = ["_time", "_wait"];
pub const LENGTH_SUFFIXES: [&str; 4] = ["_length", "_term", "_duration", "_period"];

/// What a fact's key says it is: (subject words, is a wait) for durations.
pub fn duration_fact(key: &str) -> Option<(&str, bool)> {
    let wait = WAIT_SUFFIXES.iter().find_map(|s| key.strip_suffix(s)).map(|k| (k, true));
    wait.or_else(|| LENGTH_SUFFIXES.iter().find_map(|s| key.strip_suffix(s)).map(|k| (k, false)))
}

pub struct Facts {
    timelines: Vec<FactTimeline>,
    /// (key, value, content stems) of short facts, to notice when the trainee states one.
    values: Vec<(String, String, Vec<String>)>,
    /// Whether the facts say the agent's own fee is nothing (see `no_fee`).
    no_fee: bool,
}

/// Words that make a time vague: "soon", "a few days", "as soon as possible", "could be longer".
const VAGUE: &[&[&str]] = &[
    &["soon"],
    &["shortly"],
    &["asap"],
    &["as", "soon", "as"],
    &["as", "quickly", "as"],
    &["as", "fast", "as"],
    &["a", "few", "days"],
    &["a", "few", "hours"],
    &["a", "few", "weeks"],
    &["few", "days"],
    &["couple", "of", "days"],
    &["some", "time"],
    &["sometime"],
    &["at", "some", "point"],
    &["in", "a", "while"],
    &["eventually"],
    &["could", "be", "longer"],
    &["might", "be", "longer"],
    &["maybe", "more"],
    &["any", "time", "now"],
    &["any", "day", "now"],
    &["in", "due", "course"],
    &["when", "we", "can"],
    // "It won't take too long", not "six days is far too long" (a judgement of the wait so far).
    &["take", "too", "long"],
    &["be", "too", "long"],
    &["not", "long"],
    &["hopefully"],
    &["in", "a", "bit"],
];

/// Words that turn a statement into a guarantee.
const GUARANTEE: &[&[&str]] = &[
    &["guarantee"],
    &["guaranteed"],
    &["my", "word"],
    &["promise"],
    &["definitely"],
    &["100", "percent"],
    &["absolutely", "will"],
    &["for", "sure"],
];

impl Facts {
    pub fn new(scenario: Option<&Scenario>, stemmer: &rust_stemmers::Stemmer) -> Facts {
        let mut timelines = Vec::new();
        let mut values = Vec::new();
        for (key, value) in scenario.map(|s| &s.facts).into_iter().flatten() {
            // Facts named `..._time` are waits ("refund_time": "3 to 5 business days"), those
            // named `..._length` lengths ("contract_length": "12 months"); a stated duration is
            // checked against the one whose name shares a word with its clause.
            let duration = duration_fact(key);
            if let Some((subject, wait)) = duration
                && let Some(timeline) = timeline::from_fact(value)
            {
                let about =
                    subject.split(['_', '-', ' ']).map(|w| stemmer.stem(&w.to_lowercase()).into_owned()).collect();
                timelines.push(FactTimeline { key: key.clone(), text: value.clone(), about, timeline, wait });
            }
            let (toks, _) = tokenize(value, stemmer);
            let content = rules::content_stems(&toks);
            // Stating a wait is setting an expectation, not giving information.
            if duration.is_none() && !content.is_empty() && content.len() <= 4 {
                values.push((key.clone(), value.clone(), content));
            }
        }
        let no_fee = scenario.is_some_and(|s| s.facts.iter().any(|(key, value)| zero_fee(key, value)));
        Facts { timelines, values, no_fee }
    }

    /// Timelines in the line, checked against the facts; a concrete committed one sets an
    /// expectation, one faster than its fact over-promises.
    pub fn timelines(&self, toks: &[Token], negators: &HashSet<String>, u: &mut Understanding) {
        for t in timeline::find(toks) {
            // The fact a timeline is about is named in its own part of the sentence: "the refund
            // takes 3 to 5 days, and I'll email you today" promises the email today, not the
            // refund; "I'll call you tomorrow with the assessor's date" promises the call.
            let owned = about_words(toks, &t);
            let stems: HashSet<&str> = owned.iter().map(String::as_str).collect();
            // "I can't promise same day" states no timeline.
            if matcher::negated_before(toks, t.start, negators) {
                continue;
            }
            // The fact this duration is about: the one sharing most words with its clause.
            // Only a stretch of time ("12 months", "for two years") can be a length; "today",
            // "by Friday", "within the hour" are when something happens.
            let stretch = is_stretch(&t);
            let fact = self
                .timelines
                .iter()
                .filter(|f| f.wait || stretch)
                .rev() // the first of equals wins: `max_by_key` keeps the last
                .map(|f| (f.about.iter().filter(|w| stems.contains(w.as_str())).count(), f))
                .filter(|(n, _)| *n > 0)
                .max_by_key(|(n, _)| *n)
                .map(|(_, f)| f)
                .filter(|f| !about_a_message(toks, &t, f));
            // A length that is not a wait ("the waiver lasts 12 months") is information: right
            // or wrong, never an expectation or an over-promise.
            if let Some(f) = fact.filter(|f| !f.wait) {
                let verdict = if t.fits(&f.timeline) { Verdict::Fits } else { Verdict::Differs };
                if verdict == Verdict::Fits {
                    u.add(Move::ProvideInfo, t.text.clone(), format!("states the fact {}", f.key));
                }
                u.lengths.push(TimelineCheck {
                    stated: t.clone(),
                    fact: f.key.clone(),
                    truth: f.text.clone(),
                    verdict,
                });
                u.timelines.push(t);
                continue;
            }
            // "In a few days", "a couple of hours", "several weeks": a time nobody can plan by.
            if t.text.split(' ').any(|w| matches!(w, "few" | "couple" | "some" | "several")) {
                u.timelines.push(t);
                continue;
            }
            if t.max_hours > 0.0
                && commits(toks, &t)
                && !(t.max_hours < 1.0 && (u.has(Move::RequestHold) || u.has(Move::CheckIn)))
            {
                u.add(Move::SetExpectation, t.text.clone(), "a concrete timeline");
                u.expected.push(t.clone());
            }
            // Only a time the line commits to is held against a wait: "you took a day off for
            // the visit" is what happened, not a promise about the visit.
            if let Some(f) = fact.filter(|_| commits(toks, &t)) {
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

    /// A stated length ("the contract is 12 months") is information: with no wait committed to
    /// as well, the line sets no expectation.
    pub fn lengths(&self, u: &mut Understanding) {
        if !u.lengths.is_empty() && u.expected.is_empty() && u.has(Move::SetExpectation) {
            u.drop_move(Move::SetExpectation);
            u.notes
                .push(format!("\"{}\" is a length ({}), not a timeline", u.lengths[0].stated.text, u.lengths[0].fact));
        }
    }

    /// Committing to what the scenario allows ("I promise you'll get the refund", with `refund`
    /// in `promises.allowed`) is not an over-promise, unless a fact rule or a forbidden phrase
    /// says otherwise: only the learned reader's reading of the commitment is set aside.
    pub fn allowed(&self, u: &mut Understanding) {
        let learned_only = u.hit(Move::OverPromise).is_some_and(|h| h.score.is_some())
            && u.moves.iter().filter(|h| h.mv == Move::OverPromise).all(|h| h.score.is_some());
        let contradicted = !u.forbidden.is_empty() || u.checks.iter().any(|c| c.verdict == Verdict::TooFast);
        if learned_only
            && !contradicted
            && let Some(p) = u.promises.first().cloned()
        {
            u.drop_move(Move::OverPromise);
            u.notes.push(format!("\"{p}\" is an allowed promise: committing to it is not an over-promise"));
        }
    }

    /// A guarantee ("you have my word", "I promise") on a time no fact backs is an over-promise.
    pub fn guarantees(&self, toks: &[Token], negators: &HashSet<String>, u: &mut Understanding) {
        let Some((at, words)) = find_words(toks, GUARANTEE) else { return };
        if matcher::negated_before(toks, at, negators) {
            return;
        }
        let backed = |t: &Timeline| {
            u.checks.iter().chain(&u.lengths).any(|c| c.stated.start == t.start && c.verdict == Verdict::Fits)
        };
        if let Some(t) = u.timelines.iter().find(|t| !backed(t)) {
            let trigger = format!("{words} … {}", t.text);
            u.add(Move::OverPromise, trigger, "a guarantee on a time the facts do not back");
        }
    }

    /// A vague time with no concrete one is not setting an expectation.
    pub fn vague(&self, toks: &[Token], u: &mut Understanding) {
        if !u.expected.is_empty() {
            return;
        }
        if let Some((_, words)) = find_words(toks, VAGUE) {
            u.moves.retain(|h| h.mv != Move::SetExpectation);
            u.notes.push(format!("\"{words}\" is vague: not a timeline"));
        }
    }

    /// Whether the facts say the agent's own fee is nothing ("monthly_fee": "$0 a month"), so
    /// "there's no fee" is the truth, not a misleading claim.
    pub fn no_fee(&self) -> bool {
        self.no_fee
    }

    /// Whether the line states something the facts confirm: a fact's words ("prices are reviewed
    /// every April"), or a time equal to a fact's ("24 months" with a 24-month contract).
    pub fn confirms(&self, toks: &[Token], u: &Understanding) -> bool {
        let stems: HashSet<&str> = toks.iter().map(|t| t.stem.as_str()).collect();
        let words = self.values.iter().any(|(_, _, content)| content.iter().all(|c| stems.contains(c.as_str())));
        words || !self.true_times(u).is_empty()
    }

    /// The times in the line that are true: equal to a fact's, or checked against one and fitting.
    pub fn true_times(&self, u: &Understanding) -> Vec<String> {
        let equal = u.timelines.iter().filter(|t| {
            self.timelines.iter().any(|f| f.timeline.min_hours == t.min_hours && f.timeline.max_hours == t.max_hours)
        });
        let fits = u.lengths.iter().chain(&u.checks).filter(|c| c.verdict == Verdict::Fits).map(|c| &c.stated);
        equal.chain(fits).map(|t| t.text.clone()).collect()
    }

    pub fn stated(&self, toks: &[Token], u: &mut Understanding) {
        let stems: HashSet<&str> = toks.iter().map(|t| t.stem.as_str()).collect();
        for (key, text, content) in &self.values {
            if content.iter().all(|c| stems.contains(c.as_str())) {
                u.add(Move::ProvideInfo, text.clone(), format!("states the fact {key}"));
            }
        }
    }
}

/// A stretch of time ("12 months", "2 to 3 years"), not a deadline ("today", "by Friday",
/// "within 2 hours").
fn is_stretch(t: &Timeline) -> bool {
    let first = t.text.split(' ').next().unwrap_or("");
    !matches!(first, "within" | "by" | "before" | "until" | "under" | "in" | "next")
        && t.text.split(' ').any(timeline::is_unit)
}

/// The first of `phrases` in the line: where it starts and its words.
fn find_words(toks: &[Token], phrases: &[&[&str]]) -> Option<(usize, String)> {
    for (i, _) in toks.iter().enumerate() {
        for p in phrases {
            if toks.len() >= i + p.len() && toks[i..i + p.len()].iter().zip(p.iter()).all(|(t, w)| t.word == *w) {
                return Some((i, p.join(" ")));
            }
        }
    }
    None
}

/// Words that join two statements inside one clause: what follows is about something else.
const JOINERS: [&str; 9] = ["and", "with", "once", "after", "when", "then", "while", "because", "plus"];

/// The stems a timeline can be about: those of its clause up to a joining word on either side,
/// and each pair of them run together, so a fact named `callback_time` is found in "I'll call
/// you back within the hour".
fn about_words(toks: &[Token], t: &Timeline) -> HashSet<String> {
    let part = own_part(toks, t);
    let mut out: HashSet<String> = part.iter().map(|t| t.stem.clone()).collect();
    for (i, a) in part.iter().enumerate() {
        for b in &part[i + 1..] {
            out.insert(format!("{}{}", a.word, b.word));
        }
    }
    out
}

/// The part of the sentence a timeline belongs to: its clause, cut at joining words.
fn own_part<'a>(toks: &'a [Token], t: &Timeline) -> &'a [Token] {
    let (start, end) = clause_bounds(toks, t.start);
    let here = t.start.clamp(start, end);
    let joins = |w: &Token| JOINERS.contains(&w.word.as_str());
    let from = toks[start..here].iter().rposition(joins).map_or(start, |p| start + p + 1);
    let to = toks[here..end].iter().position(joins).map_or(end, |p| here + p);
    &toks[from..to.max(from)]
}

/// Messages sent about something: "an email confirming the refund today" promises the email
/// today, not the refund.
const MESSAGES: [&str; 9] =
    ["email", "text", "letter", "confirmation", "confirming", "receipt", "reference", "notification", "sms"];

/// The timeline's part names a message before the fact's own words (and the fact is not about
/// that message): the time is the message's.
fn about_a_message(toks: &[Token], t: &Timeline, f: &FactTimeline) -> bool {
    let part = own_part(toks, t);
    let fact_at = part.iter().position(|w| f.about.contains(&w.stem));
    let message_at = part.iter().position(|w| MESSAGES.contains(&w.word.as_str()) && !f.about.contains(&w.stem));
    matches!((message_at, fact_at), (Some(m), Some(a)) if m < a)
}

/// The tokens of the clause (between clause breaks) that contains token `i`.
fn clause(toks: &[Token], i: usize) -> &[Token] {
    let (start, end) = clause_bounds(toks, i);
    &toks[start..end]
}

/// Where the clause containing token `i` starts and ends (token indices, end exclusive).
fn clause_bounds(toks: &[Token], i: usize) -> (usize, usize) {
    let i = i.min(toks.len().saturating_sub(1));
    let start = toks[..i].iter().rposition(|t| t.word == normalize::BREAK).map_or(0, |p| p + 1);
    let end = toks[i..].iter().position(|t| t.word == normalize::BREAK).map_or(toks.len(), |p| i + p);
    (start, end.max(start))
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

/// A fact saying the agent's own fee is nothing: "monthly_fee": "$0 a month" (not the rival's).
fn zero_fee(key: &str, value: &str) -> bool {
    let (key, value) = (key.to_lowercase(), value.to_lowercase());
    key.contains("fee") && !key.contains("rival") && ["$0", "free", "none", "no "].iter().any(|z| value.starts_with(z))
}
