//! Reading a scenario file: RON syntax and type errors become `Problem`s with a hint.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use miette::NamedSource;
use ron::extensions::Extensions;

use super::locate::{SourceMap, offset_of};
use super::model::Scenario;
use super::problem::{Problem, Severity};

/// A scenario with the text it came from, kept for pointing at lines later.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub scenario: Scenario,
    pub path: PathBuf,
    pub source: Arc<NamedSource<String>>,
    pub map: SourceMap,
}

/// How deep brackets may nest: RON's own limit, named so the message can say it.
pub const RECURSION_LIMIT: usize = 128;

/// The RON options every callsim file is read with: `Some(..)` may be left out.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME).with_recursion_limit(RECURSION_LIMIT)
}

/// Loads one file. An unreadable file is reported as a problem at 1:1.
pub fn load_file(path: &Path) -> Result<Loaded, Vec<Problem>> {
    let name = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => load_str(&name, text).map(|mut l| {
                l.path = path.to_path_buf();
                l
            }),
            Err(e) => {
                let valid = e.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(e.as_bytes()).into_owned();
                let source = Arc::new(NamedSource::new(name, text));
                Err(vec![
                    Problem::new(Severity::Error, "not-utf8", "the file is not UTF-8 text", &source, (valid, valid))
                        .hint("save the file as UTF-8 in your editor"),
                ])
            }
        },
        Err(e) => {
            let source = Arc::new(NamedSource::new(name, String::new()));
            Err(vec![Problem::new(
                Severity::Error,
                "unreadable",
                format!("cannot read the file: {e}"),
                &source,
                (0, 0),
            )])
        }
    }
}

/// Parses scenario text; `name` is what diagnostics call the file.
pub fn load_str(name: &str, text: String) -> Result<Loaded, Vec<Problem>> {
    let parsed: Result<Scenario, _> = ron_options().from_str(&text);
    let source = Arc::new(NamedSource::new(name, text));
    match parsed {
        Ok(scenario) => {
            let map = SourceMap::scan(source.inner());
            Ok(Loaded { scenario, path: PathBuf::from(name), source, map })
        }
        Err(e) => Err(vec![syntax_problem(&e, &source)]),
    }
}

fn syntax_problem(e: &ron::error::SpannedError, source: &Arc<NamedSource<String>>) -> Problem {
    use ron::Error as E;
    let text = source.inner();
    let start = offset_of(text, e.span.start.line, e.span.start.col);
    let end = offset_of(text, e.span.end.line, e.span.end.col).max(start);
    let problem = |code, msg: String| Problem::new(Severity::Error, code, msg, source, (start, end));
    match &e.code {
        E::NoSuchEnumVariant { expected, found, outer } => {
            let what = outer.as_deref().map_or(String::new(), |o| format!(" of `{o}`"));
            problem("unknown-variant", format!("unknown variant `{found}`{what}")).hint(did_you_mean(found, expected))
        }
        E::NoSuchStructField { expected, found, outer } => {
            let what = outer.as_deref().map_or(String::new(), |o| format!(" in `{o}`"));
            problem("unknown-field", format!("unknown field `{found}`{what}")).hint(did_you_mean(found, expected))
        }
        E::MissingStructField { field, outer } => {
            let what = outer.as_deref().map_or(String::new(), |o| format!(" in `{o}`"));
            problem("missing-field", format!("missing field `{field}`{what}"))
                .hint(format!("add `{field}: ...`; scenarios/README.md lists every field"))
        }
        E::DuplicateStructField { field, .. } => {
            problem("duplicate-field", format!("field `{field}` is given twice")).hint("keep one of them")
        }
        _ if let Some((at, q)) = curly_quote_near(text, start) => Problem::new(
            Severity::Error,
            "curly-quotes",
            format!("this text is in curly quotes ({q}), which RON does not read as quotes"),
            source,
            (at, at + q.len_utf8()),
        )
        .hint("use straight double quotes: \"like this\" (word processors turn them curly; paste into a plain-text editor)"),
        E::ExpectedComma => {
            // RON notices a missing comma at the next item; the comma goes after the previous one.
            let at = comma_goes_at(text, start);
            Problem::new(Severity::Error, "missing-comma", "a comma is missing here", source, (at, at))
                .hint("items in a list or struct are separated by commas: put one after this item")
        }
        E::ExpectedString | E::ExpectedStringEnd => {
            problem("syntax", e.code.to_string()).hint("text goes in double quotes: \"like this\"")
        }
        E::Eof => problem("syntax", e.code.to_string()).hint("a bracket or quote is not closed"),
        E::ExpectedFloat | E::ExpectedInteger => {
            problem("syntax", e.code.to_string()).hint("numbers are written plainly: 0.5, 120")
        }
        E::TrailingCharacters => {
            problem("syntax", e.code.to_string()).hint("the scenario is one `Scenario( ... )`; remove what follows it")
        }
        E::ExceededRecursionLimit => problem("too-deep", plain_message(&e.code))
            .hint("a scenario needs a few levels of brackets; look for a `(` or `[` repeated or never closed here"),
        other => problem("syntax", other.to_string()).hint("see scenarios/README.md for the format"),
    }
}

/// A curly quote at or just before the error (a line pasted from a word processor).
fn curly_quote_near(text: &str, at: usize) -> Option<(usize, char)> {
    let from = text.floor_char_boundary(at.saturating_sub(2));
    let to = text.ceil_char_boundary((at + 4).min(text.len()));
    text[from..to]
        .char_indices()
        .find(|(_, c)| matches!(c, '“' | '”' | '„' | '‟' | '«' | '»'))
        .map(|(i, c)| (from + i, c))
}

/// Where a missing comma belongs: right after the last item before `at`, skipping blanks and
/// `//` comments between them.
fn comma_goes_at(text: &str, at: usize) -> usize {
    let mut end = at.min(text.len());
    loop {
        let before = text[..end].trim_end();
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        match comment_start(&before[line_start..]) {
            Some(c) if c > 0 || line_start > 0 => end = line_start + c,
            _ => return before.len(),
        }
    }
}

/// Where a `//` comment starts in a line, outside any string.
fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match c {
            '"' if prev != '\\' => in_string = !in_string,
            '/' if !in_string && line[i + 1..].starts_with('/') => return Some(i),
            _ => {}
        }
        prev = c;
    }
    None
}

/// A RON error in a trainer's words (RON's own text for nesting speaks of crates and options).
pub fn plain_message(e: &ron::Error) -> String {
    match e {
        ron::Error::ExceededRecursionLimit => {
            format!("brackets are nested more than {RECURSION_LIMIT} levels deep here")
        }
        other => other.to_string(),
    }
}

/// "did you mean `X`?" for the closest of `expected`, else the full list.
pub fn did_you_mean(found: &str, expected: &[&str]) -> String {
    let best = expected
        .iter()
        .map(|cand| (strsim::jaro_winkler(&found.to_lowercase(), &cand.to_lowercase()), *cand))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    let list = expected.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ");
    match best {
        Some((score, cand)) if score >= 0.8 => {
            format!("did you mean `{cand}`? expected one of {list}")
        }
        _ => format!("expected one of {list}"),
    }
}
