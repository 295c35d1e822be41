//! Moves found by rules rather than by a single phrase: questions, paraphrase, asking again,
//! money amounts.

use std::collections::HashSet;

use super::normalize::{BREAK, Token};
use super::{Context, Move, Understanding};

const STOP: &[&str] = &[
    "i",
    "me",
    "my",
    "we",
    "our",
    "us",
    "you",
    "your",
    "he",
    "she",
    "it",
    "they",
    "them",
    "their",
    "a",
    "an",
    "the",
    "and",
    "or",
    "if",
    "so",
    "to",
    "of",
    "in",
    "on",
    "at",
    "by",
    "for",
    "with",
    "from",
    "up",
    "down",
    "out",
    "over",
    "about",
    "into",
    "than",
    "then",
    "this",
    "that",
    "these",
    "those",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "am",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "will",
    "would",
    "can",
    "could",
    "should",
    "shall",
    "may",
    "might",
    "must",
    "not",
    "no",
    "yes",
    "okay",
    "just",
    "really",
    "very",
    "also",
    "too",
    "what",
    "when",
    "where",
    "which",
    "who",
    "why",
    "how",
    "there",
    "here",
    "all",
    "any",
    "some",
    "more",
    "other",
    "only",
    "same",
    "again",
    "please",
    "thank",
    "thanks",
    "sorry",
    "let",
    "get",
    "got",
    "going",
    "go",
    "know",
    "see",
    "well",
    "right",
    "now",
    "like",
    "want",
    "need",
    "make",
    "sure",
    "one",
    "say",
    "said",
    "saying",
    "sound",
    "sounds",
    "understand",
    "hear",
    "mention",
    "mentioned",
    "confirm",
    "ve",
    "ll",
    "|",
    "today",
    "time",
    "something",
    "anything",
    "thing",
    "things",
    "way",
    "much",
    "many",
    "still",
    "back",
    "even",
];

/// The stems of `CALL_WORDS`, made once per understander.
pub fn call_word_stems(stemmer: &rust_stemmers::Stemmer) -> HashSet<String> {
    CALL_WORDS.iter().map(|w| stemmer.stem(w).into_owned()).collect()
}

/// Words every call is full of: sharing them with the caller is not restating their problem.
const CALL_WORDS: &[&str] = &[
    "hold", "minute", "minutes", "call", "calling", "called", "account", "help", "check", "checking", "phone", "line",
    "wait", "waiting", "second", "seconds", "moment", "customer", "service", "place", "put", "look",
];

/// Stems of the words that carry meaning (no function words).
pub fn content_stems(toks: &[Token]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in toks {
        if t.word.len() >= 3 && !STOP.contains(&t.word.as_str()) && !out.contains(&t.stem) {
            out.push(t.stem.clone());
        }
    }
    out
}

const QUESTION_START: &[&str] = &[
    "what", "when", "where", "which", "who", "whom", "whose", "why", "how", "can", "could", "would", "will", "do",
    "does", "did", "is", "are", "was", "were", "may", "might", "have", "has", "should", "shall", "am",
];
const FILLER: &[&str] = &[
    "okay", "so", "and", "alright", "right", "well", "um", "uh", "sure", "great", "then", "now", "also", "just", "oh",
    "hi", "hello", "hey", "yes", "no", "sorry",
];
const AUX: &[&str] =
    &["do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will", "have", "has", "should"];
const PRONOUN: &[&str] = &["i", "you", "we", "it", "they", "he", "she", "this", "that", "there"];
const SUBJECT: &[&str] = &[
    "i", "you", "we", "it", "this", "that", "there", "the", "your", "my", "he", "she", "they", "anything", "someone",
    "anyone", "is", "are", "was", "did", "do", "does", "can", "could", "would", "will", "much", "long", "many", "soon",
    "often", "exactly", "time", "day", "date", "kind", "type", "went", "else", "number", "address", "email",
];

/// A question: a `?`, or a clause that opens the way English questions do ("could you", "when did").
pub fn question(toks: &[Token], question_mark: bool, u: &mut Understanding) {
    if question_mark {
        u.add(Move::Question, "?", "question mark");
        return;
    }
    let mut clause_start = true;
    let mut first_clause = true;
    for (i, t) in toks.iter().enumerate() {
        if t.word == BREAK {
            clause_start = true;
            first_clause = false;
            continue;
        }
        if clause_start && FILLER.contains(&t.word.as_str()) {
            continue;
        }
        if clause_start && QUESTION_START.contains(&t.word.as_str()) {
            let next = toks.get(i + 1).map_or("", |n| n.word.as_str());
            let wh = matches!(t.word.as_str(), "what" | "when" | "where" | "how" | "which" | "who" | "why");
            // "when I check, ..." and "what I can do is ..." open statements, not questions; after a
            // comma, "who" and "which" start relative clauses ("my team leader, who will ...").
            let statement = wh && (matches!(next, "i" | "we" | "it" | "this" | "that") || !first_clause);
            // "which card did you use": a wh-word with the verb and subject swapped soon after.
            let inverted = wh
                && toks[i + 1..]
                    .iter()
                    .take(4)
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|w| AUX.contains(&w[0].word.as_str()) && PRONOUN.contains(&w[1].word.as_str()));
            if (SUBJECT.contains(&next) || inverted) && !statement {
                u.add(Move::Question, format!("{} {next}", t.word), "opens like a question");
                return;
            }
        }
        clause_start = false;
    }
    for tag in [["is", "that", "right"], ["is", "that", "correct"], ["does", "that", "work"]] {
        if toks.windows(3).any(|w| w.iter().zip(tag).all(|(t, s)| t.word == s)) {
            u.add(Move::Question, tag.join(" "), "tag question");
            return;
        }
    }
}

/// Restating the caller's problem: a frame ("so you ...") with their words, or enough of
/// their words to be a restatement on its own.
pub fn paraphrase(
    toks: &[Token],
    ctx: Context,
    frame: Option<String>,
    theirs: &HashSet<String>,
    call_words: &HashSet<String>,
    u: &mut Understanding,
) {
    let mine: Vec<String> = content_stems(toks).into_iter().filter(|s| !call_words.contains(s)).collect();
    let shared: Vec<&String> = mine.iter().filter(|s| theirs.contains(*s)).collect();
    let shared_text = shared.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ");
    // Restating is only ever relative to what the caller said.
    if ctx.customer_said.is_empty() {
        return;
    }
    match frame {
        Some(f) if !shared.is_empty() => {
            u.add(Move::Paraphrase, f, format!("restating frame with the caller's words: {shared_text}"))
        }
        _ if shared.len() >= 3 && shared.len() * 2 >= mine.len() => {
            u.add(Move::Paraphrase, shared_text, "restates the caller's own words")
        }
        _ => {}
    }
}

/// Whether the line shares a content word with the caller (beyond words every call has).
pub fn shares_words(toks: &[Token], theirs: &HashSet<String>, call_words: &HashSet<String>) -> bool {
    content_stems(toks).iter().any(|s| theirs.contains(s) && !call_words.contains(s))
}

const SLOTS: &[&[&str]] = &[
    &["account", "number"],
    &["order", "number"],
    &["phone", "number"],
    &["reference", "number"],
    &["ticket", "number"],
    &["serial", "number"],
    &["email", "address"],
    &["postcode"],
    &["zip", "code"],
    &["date", "of", "birth"],
];

/// A question for a detail the caller already gave.
pub fn asks_again(toks: &[Token], ctx: Context, u: &mut Understanding) {
    if !u.has(Move::Question) {
        return;
    }
    let said = ctx.customer_said.join(" ").to_lowercase();
    let words: Vec<&str> = toks.iter().map(|t| t.word.as_str()).collect();
    for slot in SLOTS {
        let asked = words.windows(slot.len()).any(|w| w == *slot);
        if asked && said.contains(&slot.join(" ")) {
            u.asks_again.push(slot.join(" "));
        }
    }
}

/// Money amounts as written: "$49.99", or "49.99 dollars".
pub fn amounts(toks: &[Token]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let next = toks.get(i + 1).map_or("", |n| n.word.as_str());
        if let Some(num) = t.word.strip_prefix('$') {
            if num.parse::<f64>().is_ok() {
                out.push(t.word.clone());
            }
        } else if matches!(next, "dollars" | "dollar" | "bucks") && t.word.parse::<f64>().is_ok() {
            out.push(format!("${}", t.word));
        }
    }
    out
}

/// The value of a money amount, for comparing "$49.99" with "49.99 dollars".
pub fn amount_value(s: &str) -> Option<f64> {
    s.trim_start_matches('$').replace(',', "").parse().ok()
}
