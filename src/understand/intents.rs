//! Scenario intents matched by meaning as well as by words: an intent's phrases are examples,
//! encoded once per scenario, and a part of the line close enough in meaning to one of them
//! makes the intent — so a trainer writes a handful of examples, not thirty phrasings.
//!
//! The lexical match stays first (it is exact and explainable); meaning only adds intents the
//! words missed. A negated part of a line ("I can't offer a discount") never matches by meaning:
//! similarity cannot tell a thing from its negation.

use std::collections::{BTreeMap, HashSet};

use super::model::heads::dot;
use super::normalize::tokenize;
use super::reader::Reader;

/// Cosine similarity (the vectors are unit length) from which a part of a line counts as saying
/// the same as an intent example: the lowest threshold whose precision on the tuning part of
/// `tests/data/intents/` is no worse than the words alone (0.766 vs 0.765), so meaning adds what
/// the words miss without adding false intents. Measured on the test part there (see its README).
pub const MEANING_THRESHOLD: f32 = 0.60;

/// One intent example, encoded.
struct Example {
    intent: String,
    phrase: String,
    vector: Vec<f32>,
}

pub struct IntentExamples {
    examples: Vec<Example>,
}

/// An intent found by meaning: the part of the line, the example it is like, how alike.
#[derive(Debug, Clone, PartialEq)]
pub struct MeaningHit {
    pub intent: String,
    pub part: String,
    pub phrase: String,
    pub similarity: f32,
}

impl IntentExamples {
    /// Encodes every intent phrase; None when there is no reader or the encoder fails.
    pub fn new(intents: &BTreeMap<String, Vec<String>>, reader: &Reader) -> Option<IntentExamples> {
        // Figures are matched by their words only: to an encoder "$32" and "$38", "50GB" and
        // "how many GB" mean nearly the same, and the number is the whole point.
        let pairs: Vec<(&String, &String)> = intents
            .iter()
            .flat_map(|(k, ps)| ps.iter().map(move |p| (k, p)))
            .filter(|(_, p)| !p.chars().any(|c| c.is_ascii_digit()))
            .collect();
        if pairs.is_empty() {
            return None;
        }
        let texts: Vec<&str> = pairs.iter().map(|(_, p)| p.as_str()).collect();
        let vectors = reader.topic_vectors(&texts).ok()?;
        let examples = pairs
            .into_iter()
            .zip(vectors)
            .map(|((intent, phrase), vector)| Example { intent: intent.clone(), phrase: phrase.clone(), vector })
            .collect();
        Some(IntentExamples { examples })
    }

    /// The best example of each intent for each part of the line, at or over `threshold`.
    pub fn find(
        &self,
        text: &str,
        reader: &Reader,
        negators: &HashSet<String>,
        stemmer: &rust_stemmers::Stemmer,
        threshold: f32,
    ) -> Vec<MeaningHit> {
        let parts: Vec<&str> = parts(text)
            .into_iter()
            .filter(|p| !tokenize(p, stemmer).0.iter().any(|t| negators.contains(&t.word)))
            .collect();
        if parts.is_empty() {
            return Vec::new();
        }
        let Ok(vectors) = reader.topic_vectors(&parts) else { return Vec::new() };
        let mut best: BTreeMap<&str, MeaningHit> = BTreeMap::new();
        for (part, v) in parts.iter().zip(&vectors) {
            for e in &self.examples {
                let similarity = dot(&e.vector, v);
                if similarity >= threshold && best.get(e.intent.as_str()).is_none_or(|h| similarity > h.similarity) {
                    best.insert(
                        &e.intent,
                        MeaningHit {
                            intent: e.intent.clone(),
                            part: part.to_string(),
                            phrase: e.phrase.clone(),
                            similarity,
                        },
                    );
                }
            }
        }
        best.into_values().collect()
    }

    /// Each intent's best similarity to any part of the line (for measuring the threshold).
    pub fn best(
        &self,
        text: &str,
        reader: &Reader,
        negators: &HashSet<String>,
        stemmer: &rust_stemmers::Stemmer,
    ) -> Vec<(String, f32)> {
        self.find(text, reader, negators, stemmer, -1.0).into_iter().map(|h| (h.intent, h.similarity)).collect()
    }

    /// Pairs of examples of different intents as close as `threshold`: the two intents cannot
    /// be told apart by meaning.
    pub fn confusable(&self, threshold: f32) -> Vec<(&str, &str, &str, &str, f32)> {
        let mut out = Vec::new();
        for (i, a) in self.examples.iter().enumerate() {
            for b in &self.examples[i + 1..] {
                let s = dot(&a.vector, &b.vector);
                if a.intent != b.intent && s >= threshold {
                    out.push((a.intent.as_str(), a.phrase.as_str(), b.intent.as_str(), b.phrase.as_str(), s));
                }
            }
        }
        out
    }
}

/// The parts a line is compared by: its clauses (cut at punctuation and at "but", where meaning
/// turns), so a negation in one clause does not hide what another says.
fn parts(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for sentence in text.split_inclusive(['.', '!', '?', ';', ',', ':']) {
        let mut rest = sentence;
        while let Some(i) = rest.as_bytes().windows(5).position(|w| w.eq_ignore_ascii_case(b" but ")) {
            out.push(&rest[..i]);
            rest = &rest[i + 5..];
        }
        out.push(rest);
    }
    out.into_iter()
        .map(|p| p.trim().trim_start_matches(',').trim())
        .filter(|p| p.chars().any(char::is_alphabetic))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parts;

    #[test]
    fn a_line_is_compared_sentence_by_sentence_and_at_but() {
        assert_eq!(
            parts("I can't match it, but I can give you a discount. Shall I? ok"),
            ["I can't match it,", "I can give you a discount.", "Shall I?", "ok"]
        );
        assert_eq!(
            parts("Our two-year fix is $116 a month, so your bill will not change."),
            ["Our two-year fix is $116 a month,", "so your bill will not change."]
        );
    }
}
