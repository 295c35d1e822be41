//! The phrase lexicon: which words signal which move. It is data (`assets/lexicon/en.ron`),
//! and a scenario can add phrases of its own.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::Move;

/// The lexicon every call starts from, compiled in so the binary works from any folder.
pub const BUILT_IN: &str = include_str!("../../assets/lexicon/en.ron");

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    pub moves: BTreeMap<Move, Entry>,
    /// Words that, just before a phrase, turn it around ("not", "never").
    #[serde(default)]
    pub negators: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub phrases: Vec<String>,
    /// What a negated phrase means instead ("I can't transfer you" → RefuseEscalation).
    /// `None`: a negated phrase is simply not this move ("I won't guarantee").
    #[serde(default)]
    pub negated: Option<Move>,
}

#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("cannot read lexicon {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("lexicon {path} at {span}: {message}")]
    Parse { path: String, span: String, message: String },
}

impl Lexicon {
    pub fn built_in() -> Lexicon {
        // The built-in text is part of the build and has a test; failing here is a build defect.
        Lexicon::parse("built-in", BUILT_IN).unwrap_or_default()
    }

    pub fn parse(name: &str, text: &str) -> Result<Lexicon, LexiconError> {
        crate::scenario::load::ron_options().from_str(text).map_err(|e| LexiconError::Parse {
            path: name.to_string(),
            span: e.span.to_string(),
            message: e.code.to_string(),
        })
    }

    pub fn from_file(path: &Path) -> Result<Lexicon, LexiconError> {
        let text = std::fs::read_to_string(path)
            .map_err(|source| LexiconError::Read { path: path.display().to_string(), source })?;
        Lexicon::parse(&path.display().to_string(), &text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_lexicon_parses_and_covers_the_phrase_moves() {
        let lex = Lexicon::parse("en.ron", BUILT_IN).unwrap();
        for mv in [
            Move::Greet,
            Move::Acknowledge,
            Move::Apologize,
            Move::RequestHold,
            Move::OfferEscalation,
            Move::Rude,
            Move::Close,
        ] {
            assert!(lex.moves.get(&mv).is_some_and(|e| !e.phrases.is_empty()), "{mv} has no phrases");
        }
        assert_eq!(lex.moves[&Move::OfferEscalation].negated, Some(Move::RefuseEscalation));
    }
}
