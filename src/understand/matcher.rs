//! Finding a phrase in an utterance, tolerant to small slips, and telling if it was negated.

use std::collections::HashSet;

use super::normalize::{BREAK, Token};

/// A lexicon or scenario phrase, normalized the same way as utterances.
#[derive(Debug, Clone)]
pub struct Phrase {
    pub text: String,
    pub words: Vec<String>,
    pub stems: Vec<String>,
    /// The phrase itself contains a negator ("not my problem"), so it cannot be negated.
    pub self_negated: bool,
}

impl Phrase {
    pub fn new(text: &str, stemmer: &rust_stemmers::Stemmer, negators: &HashSet<String>) -> Phrase {
        let (tokens, _) = super::normalize::tokenize(text, stemmer);
        let tokens: Vec<Token> = tokens.into_iter().filter(|t| t.word != BREAK).collect();
        Phrase {
            text: text.to_string(),
            self_negated: tokens.iter().any(|t| negators.contains(&t.word)),
            words: tokens.iter().map(|t| t.word.clone()).collect(),
            stems: tokens.into_iter().map(|t| t.stem).collect(),
        }
    }
}

/// Where a phrase matched: token range, inclusive.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub negated: bool,
    /// Words between the phrase's words (intensifiers not counted): 0 is an exact match.
    pub extras: usize,
}

impl Span {
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start <= other.end && other.start <= self.end
    }

    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end && (self.start, self.end) != (other.start, other.end)
    }
}

/// The shortest words in which a one-letter slip is tolerated ("missed" vs "messed" is a
/// different word, so six letters is not enough).
pub const FUZZY_MIN: usize = 7;

fn same_word(tok: &Token, word: &str, stem: &str) -> bool {
    tok.stem == stem || tok.word == word || similar(&tok.word, word)
}

/// A small slip in a long word: one edit from 7 letters, two from 9. Numbers must match exactly.
pub fn similar(a: &str, b: &str) -> bool {
    // Bytes are at least characters: most pairs are ruled out without counting.
    if a.len().min(b.len()) < FUZZY_MIN {
        return false;
    }
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.min(lb) < FUZZY_MIN || la.abs_diff(lb) > 2 || a.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let d = strsim::levenshtein(a, b);
    d <= 1 || (la.min(lb) >= 9 && d <= 2)
}

/// Words that add emphasis only ("thank you so much for waiting"); skipped between phrase words.
const INTENSIFIERS: &[&str] = &["so", "much", "very", "really", "just", "truly", "all", "ever", "um", "uh"];

/// Every place the phrase occurs: its words in order, with at most one extra word between
/// them (speech adds fillers) besides intensifiers, never across a clause break. A phrase
/// right after "if" is hypothetical ("if I understand correctly") and does not count.
pub fn find_all(phrase: &Phrase, toks: &[Token], negators: &HashSet<String>) -> Vec<Span> {
    let mut spans = Vec::new();
    let Some((first_word, first_stem)) = phrase.words.first().zip(phrase.stems.first()) else { return spans };
    'start: for s in 0..toks.len() {
        if !same_word(&toks[s], first_word, first_stem) || (s > 0 && toks[s - 1].word == "if" && first_word != "if") {
            continue;
        }
        let (mut pos, mut extras) = (s, 0);
        for k in 1..phrase.words.len() {
            match next_word(toks, pos, &phrase.words[k], &phrase.stems[k]) {
                Some((q, extra)) => {
                    pos = q;
                    extras += extra;
                }
                None => continue 'start,
            }
        }
        let negated = !phrase.self_negated && negated_at(toks, s, pos, negators);
        spans.push(Span { start: s, end: pos, negated, extras });
    }
    spans
}

/// The next token after `pos` that is the phrase word, allowing one extra word and any intensifiers.
/// Returns its index and how many extra words were passed over.
fn next_word(toks: &[Token], pos: usize, word: &str, stem: &str) -> Option<(usize, usize)> {
    let mut extra = 0;
    for (q, tok) in toks.iter().enumerate().skip(pos + 1) {
        if tok.word == BREAK {
            return None;
        }
        if same_word(tok, word, stem) {
            return Some((q, extra));
        }
        if !INTENSIFIERS.contains(&tok.word.as_str()) {
            extra += 1;
            if extra > 1 {
                return None;
            }
        }
    }
    None
}

fn is_negator(toks: &[Token], i: usize, negators: &HashSet<String>) -> bool {
    negators.contains(&toks[i].word)
        // "no problem", "no worries": politeness, not negation.
        && !matches!(toks.get(i + 1).map(|t| t.word.as_str()), Some("problem" | "worries" | "doubt"))
}

/// A negator up to three words before the phrase (not across a clause break) or inside it.
fn negated_at(toks: &[Token], start: usize, end: usize, negators: &HashSet<String>) -> bool {
    (start..=end).any(|i| is_negator(toks, i, negators)) || negated_before(toks, start, negators)
}

/// A negator up to three words before `start`, within the same clause.
pub fn negated_before(toks: &[Token], start: usize, negators: &HashSet<String>) -> bool {
    (start.saturating_sub(3)..start).rev().take_while(|&i| toks[i].word != BREAK).any(|i| is_negator(toks, i, negators))
}

/// The words of the utterance a span covers.
pub fn text_of(toks: &[Token], span: Span) -> String {
    toks[span.start..=span.end].iter().map(|t| t.word.as_str()).collect::<Vec<_>>().join(" ")
}
