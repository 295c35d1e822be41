//! Where each value sits in a RON file, so semantic problems can point at `file:line:col`.
//!
//! ron reports positions for syntax errors only. Validation works on the deserialized
//! scenario, so this small scanner walks the same text once and records the byte range of
//! every value under a path such as `nodes.vent.next[0].goto`.

use std::collections::HashMap;

/// Byte ranges of values by path.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    spans: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// Scans `src`; text it cannot follow simply records nothing further.
    pub fn scan(src: &str) -> SourceMap {
        let mut scanner = Scanner { src: src.as_bytes(), pos: 0, map: SourceMap::default() };
        scanner.skip_ws();
        scanner.value(String::new(), 0);
        scanner.map
    }

    /// The byte range of the value at `path`, if the scanner saw it.
    pub fn span(&self, path: &str) -> Option<(usize, usize)> {
        self.spans.get(path).copied()
    }

    /// The value at `path`, else the nearest enclosing value that has a span.
    pub fn nearest(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path.to_string();
        loop {
            if let Some(s) = self.span(&p) {
                return Some(s);
            }
            let cut = p.rfind(['.', '['])?;
            p.truncate(cut);
        }
    }
}

/// Path of a field inside `parent`.
pub fn field(parent: &str, name: &str) -> String {
    if parent.is_empty() { name.to_string() } else { format!("{parent}.{name}") }
}

/// Path of an element inside `parent`.
pub fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    map: SourceMap,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek() {
            if c.is_ascii_whitespace() {
                self.pos += 1;
            } else if self.src[self.pos..].starts_with(b"//") {
                while self.peek().is_some_and(|c| c != b'\n') {
                    self.pos += 1;
                }
            } else if self.src[self.pos..].starts_with(b"/*") {
                self.pos += 2;
                while self.pos < self.src.len() && !self.src[self.pos..].starts_with(b"*/") {
                    self.pos += 1;
                }
                self.pos = (self.pos + 2).min(self.src.len());
            } else {
                break;
            }
        }
    }

    /// Scans one value, records its span under `path`; returns false when lost.
    fn value(&mut self, path: String, depth: usize) -> bool {
        if depth > MAX_DEPTH {
            return false;
        }
        let start = self.pos;
        let ok = match self.peek() {
            Some(b'"') => self.string().is_some(),
            Some(b'r') if matches!(self.src.get(self.pos + 1), Some(b'#' | b'"')) => self.raw_string(),
            Some(b'(') => self.parens(&path, depth),
            Some(b'[') => self.list(&path, depth),
            Some(b'{') => self.map(&path, depth),
            Some(c) if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' || c == b'+' || c == b'.' || c == b'\'' => {
                self.atom();
                let after_name = self.pos;
                self.skip_ws();
                if self.peek() == Some(b'(') {
                    self.parens(&path, depth)
                } else {
                    self.pos = after_name;
                    true
                }
            }
            _ => false,
        };
        if ok {
            self.map.spans.insert(path, (start, self.pos));
        }
        ok
    }

    fn atom(&mut self) {
        if self.peek() == Some(b'\'') {
            self.pos += 1;
            while let Some(c) = self.peek() {
                self.pos += 1;
                if c == b'\\' {
                    self.pos += 1;
                } else if c == b'\'' {
                    break;
                }
            }
            return;
        }
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'+' | b'.')) {
            self.pos += 1;
        }
    }

    /// A quoted string; returns its raw contents.
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let begin = self.pos;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.pos += 2,
                b'"' => {
                    let text = String::from_utf8_lossy(&self.src[begin..self.pos]).into_owned();
                    self.pos += 1;
                    return Some(text);
                }
                _ => self.pos += 1,
            }
        }
        None
    }

    fn raw_string(&mut self) -> bool {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        if self.peek() != Some(b'"') {
            return false;
        }
        self.pos += 1;
        let mut close = vec![b'"'];
        close.extend(std::iter::repeat_n(b'#', hashes));
        while self.pos < self.src.len() {
            if self.src[self.pos..].starts_with(&close) {
                self.pos += close.len();
                return true;
            }
            self.pos += 1;
        }
        false
    }

    /// `( name: value, ... )` or `( value, ... )`.
    fn parens(&mut self, path: &str, depth: usize) -> bool {
        self.pos += 1;
        let mut i = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b')') => {
                    self.pos += 1;
                    return true;
                }
                None => return false,
                _ => {}
            }
            let mark = self.pos;
            let mut child = index(path, i);
            if self.peek().is_some_and(|c| c.is_ascii_alphabetic() || c == b'_') {
                self.atom();
                let name = String::from_utf8_lossy(&self.src[mark..self.pos]).into_owned();
                self.skip_ws();
                if self.peek() == Some(b':') {
                    self.pos += 1;
                    self.skip_ws();
                    child = field(path, &name);
                } else {
                    self.pos = mark;
                }
            }
            if !self.value(child, depth + 1) {
                return false;
            }
            i += 1;
            if !self.comma(b')') {
                return false;
            }
        }
    }

    fn list(&mut self, path: &str, depth: usize) -> bool {
        self.pos += 1;
        let mut i = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return true;
                }
                None => return false,
                _ => {}
            }
            if !self.value(index(path, i), depth + 1) {
                return false;
            }
            i += 1;
            if !self.comma(b']') {
                return false;
            }
        }
    }

    fn map(&mut self, path: &str, depth: usize) -> bool {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'}') => {
                    self.pos += 1;
                    return true;
                }
                None => return false,
                _ => {}
            }
            let key_start = self.pos;
            let key = if self.peek() == Some(b'"') {
                match self.string() {
                    Some(k) => k,
                    None => return false,
                }
            } else {
                self.atom();
                String::from_utf8_lossy(&self.src[key_start..self.pos]).into_owned()
            };
            let key_path = field(path, &key);
            self.map.spans.insert(format!("{key_path}#key"), (key_start, self.pos));
            self.skip_ws();
            if self.peek() != Some(b':') {
                return false;
            }
            self.pos += 1;
            self.skip_ws();
            if !self.value(key_path, depth + 1) {
                return false;
            }
            if !self.comma(b'}') {
                return false;
            }
        }
    }

    /// After an element: a comma, or the closing bracket (left for the caller).
    fn comma(&mut self, close: u8) -> bool {
        self.skip_ws();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                true
            }
            Some(c) => c == close,
            None => false,
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = src.get(..offset).unwrap_or(src);
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Byte offset of a 1-based line and character column, clamped to the text.
pub fn offset_of(src: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (i, l) in src.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let within: usize = l.chars().take(col.saturating_sub(1)).map(char::len_utf8).sum();
            return (offset + within).min(src.len());
        }
        offset += l.len();
    }
    src.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_values_by_path() {
        let src = "Scenario(\n  start: \"a\", // c\n  nodes: {\n    \"a\": (say: [\"hi\"], next: [(when: Otherwise, goto: \"b\")]),\n  },\n)";
        let map = SourceMap::scan(src);
        let (s, e) = map.span("nodes.a.next[0].goto").unwrap();
        assert_eq!(&src[s..e], "\"b\"");
        assert_eq!(line_col(src, s), (4, 55));
        let (s, e) = map.span("start").unwrap();
        assert_eq!(&src[s..e], "\"a\"");
        assert!(map.span("nodes.a#key").is_some());
        assert_eq!(map.nearest("nodes.a.next[0].mood.anger"), map.span("nodes.a.next[0]"));
    }

    #[test]
    fn offset_and_line_col_round_trip() {
        let src = "ab\ncdé\nf";
        for off in [0, 1, 3, 5, 8] {
            let (l, c) = line_col(src, off);
            assert_eq!(offset_of(src, l, c), off);
        }
    }
}
