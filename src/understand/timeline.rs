//! Timelines in what the trainee says ("within two hours", "3 to 5 business days", "by Friday")
//! and in the scenario's facts, as a range of hours so they can be compared.

use serde::{Deserialize, Serialize};

use super::normalize::Token;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Timeline {
    /// The words it was read from.
    pub text: String,
    pub min_hours: f32,
    pub max_hours: f32,
    /// Token index where it starts in the utterance (for negation).
    #[serde(skip)]
    pub start: usize,
}

impl Timeline {
    /// True when this promises something sooner than `truth` can deliver.
    pub fn faster_than(&self, truth: &Timeline) -> bool {
        self.max_hours < truth.min_hours
    }

    /// True when the two ranges overlap (the statement fits the fact).
    pub fn fits(&self, truth: &Timeline) -> bool {
        self.min_hours <= truth.max_hours && self.max_hours >= truth.min_hours
    }
}

fn unit_hours(word: &str) -> Option<f32> {
    Some(match word {
        "second" | "seconds" | "sec" | "secs" => 1.0 / 3600.0,
        "minute" | "minutes" | "min" | "mins" => 1.0 / 60.0,
        "hour" | "hours" | "hr" | "hrs" => 1.0,
        "day" | "days" => 24.0,
        "week" | "weeks" => 168.0,
        "month" | "months" => 720.0,
        "year" | "years" => 8640.0, // 12 months of 30 days: "2 years" is "24 months"
        _ => return None,
    })
}

/// A unit of time ("days", "month"), as a stated length is made of.
pub fn is_unit(word: &str) -> bool {
    unit_hours(word).is_some()
}

const WEEKDAYS: [&str; 7] = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// A number word or digits; "free"/"tree" are read as 3 only where a number is expected,
/// since speech recognition often hears "three" that way.
fn number_at(words: &[&str], i: usize) -> Option<f32> {
    let w = *words.get(i)?;
    match w {
        "a" | "an" | "one" => Some(1.0),
        "free" | "tree" => Some(3.0),
        "couple" => Some(2.0),
        "few" => Some(3.0),
        "half" => Some(0.5),
        _ => w.parse::<f32>().ok(),
    }
}

/// Reads an amount + unit at `i` ("3 days", "3 to 5 business days", "a couple of hours").
/// Returns (min, max, tokens used).
fn amount(words: &[&str], i: usize) -> Option<(f32, f32, usize)> {
    let mut j = i;
    if matches!(words.get(j), Some(&"about" | &"around" | &"roughly" | &"approximately" | &"up")) {
        j += 1;
        if matches!(words.get(j), Some(&"to")) {
            j += 1;
        }
    }
    if matches!(words.get(j), Some(&"a")) && matches!(words.get(j + 1), Some(&"couple" | &"few")) {
        j += 1;
    }
    let lo = number_at(words, j)?;
    j += 1;
    if matches!(words.get(j), Some(&"of")) {
        j += 1;
    }
    let mut hi = lo;
    if matches!(words.get(j), Some(&"to" | &"or" | &"and" | &"-"))
        && let Some(n) = number_at(words, j + 1)
    {
        hi = n;
        j += 2;
    }
    if matches!(words.get(j), Some(&"business" | &"working" | &"calendar" | &"more" | &"full")) {
        j += 1;
    }
    let unit = unit_hours(words.get(j)?)?;
    Some((lo * unit, hi * unit, j + 1 - i))
}

/// All timelines in the tokens, left to right.
pub fn find(tokens: &[Token]) -> Vec<Timeline> {
    let words: Vec<&str> = tokens.iter().map(|t| t.word.as_str()).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((t, used)) = at(&words, i) {
            out.push(t);
            i += used.max(1);
        } else {
            i += 1;
        }
    }
    out
}

fn span_text(words: &[&str], i: usize, n: usize) -> String {
    words[i..(i + n).min(words.len())].join(" ")
}

fn at(words: &[&str], i: usize) -> Option<(Timeline, usize)> {
    let w = words[i];
    let next = words.get(i + 1).copied().unwrap_or("");
    let make = |lo: f32, hi: f32, n: usize| {
        Some((Timeline { text: span_text(words, i, n), min_hours: lo, max_hours: hi, start: i }, n))
    };
    match w {
        "within" | "in" | "under" => {
            let mut j = i + 1;
            // "within the next 2 hours", "in less than a day"
            if matches!(
                (words.get(j), words.get(j + 1)),
                (Some(&"the"), Some(&"next")) | (Some(&"less"), Some(&"than"))
            ) {
                j += 2;
            }
            let (lo, hi, used) = amount(words, j)?;
            let n = j - i + used;
            // "within 2 hours" could be any time up to 2 hours; "in 3 to 5 days" is the range given.
            if w == "in" && lo != hi { make(lo, hi, n) } else { make(0.0, hi, n) }
        }
        "between" => {
            let (lo, hi, used) = amount(words, i + 1)?;
            make(lo, hi, used + 1)
        }
        "by" | "before" | "until" => {
            // Up to two meaningful words after "by": "tomorrow", "end (of the) week", "Friday".
            let rest: Vec<(usize, &str)> = words[i + 1..]
                .iter()
                .copied()
                .enumerate()
                .take_while(|(_, w)| *w != "|")
                .filter(|(_, w)| *w != "the" && *w != "of")
                .take(2)
                .collect();
            let keys: Vec<&str> = rest.iter().map(|r| r.1).collect();
            let hours = match keys.as_slice() {
                ["tomorrow", ..] => 24.0,
                ["tonight", ..] | ["today", ..] => 8.0,
                ["end", "day"] => 8.0,
                ["end", "week"] => 120.0,
                ["end", "month"] => 720.0,
                ["next", "week"] => 168.0,
                [d, ..] if WEEKDAYS.contains(d) => 120.0,
                ["noon", ..] | ["lunch", ..] => 4.0,
                _ => return None,
            };
            let last = if matches!(keys.first(), Some(&"end" | &"next")) { rest[1].0 } else { rest[0].0 };
            make(0.0, hours, last + 2)
        }
        // A bare "today" is a promise only with a commitment ("you'll have it today"),
        // not in "how can I help you today".
        "today" | "tonight" if committed(words, i) => make(0.0, 8.0, 1),
        "tomorrow" if committed(words, i) => make(0.0, 24.0, 1),
        "same" if next == "day" => make(0.0, 8.0, 2),
        "overnight" => make(0.0, 24.0, 1),
        "immediately" | "instantly" => make(0.0, 0.0, 1),
        "right" if matches!(next, "now" | "away") => make(0.0, 0.0, 2),
        "next" if next == "week" => make(24.0, 336.0, 2),
        _ if WEEKDAYS.contains(&w) && i > 0 && matches!(words[i - 1], "on" | "this" | "next") => make(0.0, 168.0, 1),
        // "$39 a month" and "per day" are prices, not timelines.
        "a" | "an" | "one"
            if i > 0 && (words[i - 1].starts_with('$') || matches!(words[i - 1], "per" | "each" | "every")) =>
        {
            None
        }
        _ => {
            let (lo, hi, used) = amount(words, i)?;
            // A bare "five days" is a duration; "2 hours ago" is the past, not a promise.
            if matches!(words.get(i + used), Some(&"ago")) {
                return None;
            }
            make(lo, hi, used)
        }
    }
}

/// The clause around `i` commits to something ("will", "going to", "expect").
fn committed(words: &[&str], i: usize) -> bool {
    let start = words[..i].iter().rposition(|w| *w == "|").map_or(0, |p| p + 1);
    let end = words[i..].iter().position(|w| *w == "|").map_or(words.len(), |p| i + p);
    words[start..end]
        .iter()
        .any(|w| matches!(*w, "will" | "going" | "shall" | "should" | "expect" | "arrive" | "arrives" | "ready"))
}

/// Reads a timeline out of a fact's text ("3 to 5 business days").
pub fn from_fact(text: &str) -> Option<Timeline> {
    let (tokens, _) = super::normalize::tokenize(text, &super::normalize::english());
    find(&tokens).into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::understand::normalize::{english, tokenize};

    fn one(s: &str) -> Timeline {
        let (t, _) = tokenize(s, &english());
        find(&t).into_iter().next().unwrap_or_else(|| panic!("no timeline in {s:?}"))
    }

    #[test]
    fn reads_ranges_and_deadlines() {
        let t = one("It will take 3 to 5 business days");
        assert_eq!((t.min_hours, t.max_hours), (72.0, 120.0));
        assert_eq!(t.text, "3 to 5 business days");
        let t = one("I will call you back within two hours");
        assert_eq!((t.min_hours, t.max_hours), (0.0, 2.0));
        assert_eq!(one("you'll have it by Friday").max_hours, 120.0);
        assert_eq!(one("free to five business days").min_hours, 72.0);
        assert_eq!(one("I can do it right now").max_hours, 0.0);
        assert_eq!(one("in the next 48 hours").max_hours, 48.0);
    }

    #[test]
    fn past_durations_are_not_promises() {
        let (t, _) = tokenize("I was charged two days ago", &english());
        assert!(find(&t).is_empty());
    }

    #[test]
    fn compares_with_the_facts() {
        let fact = from_fact("3 to 5 business days").unwrap();
        assert!(one("by tomorrow").faster_than(&fact));
        assert!(!one("within five business days").faster_than(&fact));
        assert!(one("within five business days").fits(&fact));
    }
}
