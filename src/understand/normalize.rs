//! Text to tokens: lower case, contractions spelled out, number words as digits, clause breaks kept.
//!
//! Typed text and speech transcripts go through the same steps, so "I can't" and "i cant" and
//! "I cannot" all become `i can not`.

use rust_stemmers::{Algorithm, Stemmer};

/// A clause break (sentence punctuation or "but"): negation does not reach across it.
pub const BREAK: &str = "|";

#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The word as written, lower case, after spelling out contractions.
    pub word: String,
    /// The Snowball stem, used for matching.
    pub stem: String,
}

/// Splits and normalizes an utterance. Also reports whether it contained a `?`.
pub fn tokenize(text: &str, stemmer: &Stemmer) -> (Vec<Token>, bool) {
    let lower = text.to_lowercase().replace(['’', '‘'], "'");
    let question_mark = lower.contains('?');
    let mut words: Vec<String> = Vec::new();
    // Split on white space, then peel punctuation off the ends, so "$49.99." keeps its decimal
    // point and "twice," still ends a clause.
    for chunk in lower.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '…')) {
        for piece in split_inner(chunk) {
            let ends_clause = piece.trim_end_matches(['\'', '"']).ends_with(['.', ';', '!', '?', ',', ':']);
            let word: String = piece
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '\'' | '$' | '.' | '%' | '-'))
                .collect::<String>()
                .trim_matches(|c| c == '\'' || c == '.' || c == '-')
                .to_string();
            if !word.is_empty() {
                expand(&word, &mut words);
            }
            if ends_clause && words.last().is_some_and(|w| w != BREAK) {
                words.push(BREAK.to_string());
            }
        }
    }
    let words = numbers_to_digits(asr_fixes(words));
    let tokens = words
        .into_iter()
        .map(|w| {
            let stem = if w == BREAK { w.clone() } else { stemmer.stem(&w).into_owned() };
            Token { word: w, stem }
        })
        .collect();
    (tokens, question_mark)
}

/// Speech recognition writes some call-centre words as their sound-alikes: "thank you for
/// weighting", "i no how frustrating". Only pairs that are near certain in a call are fixed.
fn asr_fixes(mut words: Vec<String>) -> Vec<String> {
    for i in 0..words.len() {
        let fixed = match words[i].as_str() {
            "weighting" => "waiting",
            "weight" => "wait",
            "no" if i > 0 && words[i - 1] == "i" => "know",
            _ => continue,
        };
        words[i] = fixed.to_string();
    }
    words
}

/// "twice,and" or "hold?yes": punctuation other than a decimal point inside a chunk splits it.
fn split_inner(chunk: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = chunk.as_bytes();
    for (i, c) in chunk.char_indices() {
        let digit_around = |j: usize| bytes.get(j).is_some_and(|b| b.is_ascii_digit());
        let splits = matches!(c, ',' | ';' | '!' | '?' | ':')
            || (c == '.' && !(i > 0 && digit_around(i - 1) && digit_around(i + 1)));
        if splits && i + 1 < chunk.len() {
            out.push(&chunk[start..=i]);
            start = i + 1;
        }
    }
    out.push(&chunk[start..]);
    out
}

pub fn english() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Spells out contractions and common ASR/typing shortcuts.
fn expand(word: &str, out: &mut Vec<String>) {
    let fixed: &[&str] = match word {
        "can't" | "cant" | "cannot" => &["can", "not"],
        "won't" | "wont" => &["will", "not"],
        "don't" | "dont" => &["do", "not"],
        "doesn't" | "doesnt" => &["does", "not"],
        "didn't" | "didnt" => &["did", "not"],
        "isn't" | "isnt" => &["is", "not"],
        "aren't" | "arent" => &["are", "not"],
        "wasn't" | "wasnt" => &["was", "not"],
        "weren't" => &["were", "not"],
        "couldn't" | "couldnt" => &["could", "not"],
        "shouldn't" | "shouldnt" => &["should", "not"],
        "wouldn't" | "wouldnt" => &["would", "not"],
        "haven't" | "havent" => &["have", "not"],
        "hasn't" | "hasnt" => &["has", "not"],
        "i'm" | "im" => &["i", "am"],
        "i've" | "ive" => &["i", "have"],
        "i'll" => &["i", "will"],
        "i'd" => &["i", "would"],
        "you're" | "youre" => &["you", "are"],
        "you've" | "youve" => &["you", "have"],
        "you'll" | "youll" => &["you", "will"],
        "you'd" => &["you", "would"],
        "we're" => &["we", "are"],
        "we'll" => &["we", "will"],
        "we've" => &["we", "have"],
        "they're" | "theyre" => &["they", "are"],
        "they'll" => &["they", "will"],
        "it's" | "its" => &["it", "is"],
        "that's" | "thats" => &["that", "is"],
        "there's" | "theres" => &["there", "is"],
        "what's" | "whats" => &["what", "is"],
        "let's" | "lets" => &["let", "us"],
        "gonna" => &["going", "to"],
        "wanna" => &["want", "to"],
        "gotta" => &["got", "to"],
        "ok" | "okay" => &["okay"],
        "pls" | "plz" => &["please"],
        "thx" => &["thanks"],
        "u" => &["you"],
        "ur" => &["your"],
        "mgr" => &["manager"],
        "but" => &[BREAK],
        _ => &[],
    };
    if fixed == [BREAK] {
        if out.last().is_some_and(|w| w != BREAK) {
            out.push(BREAK.to_string());
        }
        return;
    }
    if !fixed.is_empty() {
        out.extend(fixed.iter().map(|s| s.to_string()));
        return;
    }
    // "a 24-month contract", "the 12-month waiver": a number and its unit.
    if let Some((n, unit)) = word.split_once('-')
        && n.chars().all(|c| c.is_ascii_digit())
        && !n.is_empty()
        && super::timeline::is_unit(unit)
    {
        out.push(n.to_string());
        out.push(unit.to_string());
    } else if let Some(stem) = word.strip_suffix("n't") {
        out.push(stem.to_string());
        out.push("not".into());
    } else if let Some(stem) = word.strip_suffix("'s").or(word.strip_suffix("'re")).or(word.strip_suffix("'ll")) {
        out.push(stem.to_string());
    } else {
        out.push(word.to_string());
    }
}

fn number_word(w: &str) -> Option<u32> {
    Some(match w {
        "zero" => 0,
        "one" | "a" => return None, // "a day" is handled by the timeline reader, not here
        "two" => 2,
        "three" => 3,
        "four" => 4,
        "five" => 5,
        "six" => 6,
        "seven" => 7,
        "eight" => 8,
        "nine" => 9,
        "ten" => 10,
        "eleven" => 11,
        "twelve" => 12,
        "thirteen" => 13,
        "fourteen" => 14,
        "fifteen" => 15,
        "sixteen" => 16,
        "seventeen" => 17,
        "eighteen" => 18,
        "nineteen" => 19,
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "forty-eight" => 48,
        "seventy" => 70,
        "eighty" => 80,
        "fifty" => 50,
        "sixty" => 60,
        "ninety" => 90,
        _ => return None,
    })
}

/// "twenty four" → "24", "three" → "3". "one" stays a word (it is mostly a pronoun).
fn numbers_to_digits(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        if let Some(n) = number_word(&words[i]) {
            let mut value = n;
            if n >= 20
                && n % 10 == 0
                && let Some(unit) = words.get(i + 1).and_then(|w| number_word(w))
                && unit < 10
            {
                value += unit;
                i += 1;
            }
            out.push(value.to_string());
        } else {
            out.push(words[i].clone());
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<String> {
        tokenize(s, &english()).0.into_iter().map(|t| t.word).collect()
    }

    #[test]
    fn contractions_and_numbers_are_spelled_out() {
        assert_eq!(words("I can't do three"), ["i", "can", "not", "do", "3"]);
        assert_eq!(words("i cant"), ["i", "can", "not"]);
        assert_eq!(words("Twenty four hours."), ["24", "hours", "|"]);
        assert_eq!(words("sorry, but no"), ["sorry", "|", "no"]);
        assert_eq!(words("It was $49.99. Twice,really"), ["it", "was", "$49.99", "|", "twice", "|", "really"]);
    }

    #[test]
    fn question_mark_is_noticed() {
        assert!(tokenize("Is that right?", &english()).1);
        assert!(!tokenize("That is right.", &english()).1);
    }
}
