//! Word error rate: (substitutions + deletions + insertions) / words in the reference, with
//! words compared after the same normalization the understanding uses.

use crate::understand::normalize::{BREAK, english, tokenize};

fn words(text: &str) -> Vec<String> {
    tokenize(text, &english()).0.into_iter().map(|t| t.word).filter(|w| w != BREAK).collect()
}

/// Edit distance in words between `reference` and `heard`, and the reference's word count.
pub fn word_errors(reference: &str, heard: &str) -> (usize, usize) {
    let (r, h) = (words(reference), words(heard));
    let mut prev: Vec<usize> = (0..=h.len()).collect();
    for (i, rw) in r.iter().enumerate() {
        let mut cur = vec![i + 1; h.len() + 1];
        for (j, hw) in h.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(rw != hw)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    (prev[h.len()], r.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_substitutions_deletions_and_insertions() {
        assert_eq!(word_errors("three to five business days", "free to five business days"), (1, 5));
        assert_eq!(word_errors("I can't help", "I cannot help"), (0, 4));
        assert_eq!(word_errors("thank you for waiting", "thank you waiting today"), (2, 4));
    }
}
