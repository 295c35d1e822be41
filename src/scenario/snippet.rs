//! What a diagnostic shows of the file: the lines as they are, except that a very long line is
//! cut to a window around the problem and control characters are shown escaped (a 500 KB line
//! or a stray escape code must not flood or rewrite the trainer's terminal).

/// Characters of a line shown at most.
const WIDTH: usize = 160;
/// Of those, how many come before the problem's column.
const BEFORE: usize = 60;

/// The text to show and the span within it that matches `span` in `text`. Every line stays a
/// line, so line numbers in the snippet are the file's.
pub fn for_display(text: &str, span: (usize, usize)) -> (String, (usize, usize)) {
    let mut out = String::new();
    let (mut start, mut end) = (None, None);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let body = line.strip_suffix('\n').unwrap_or(line);
        let body = body.strip_suffix('\r').unwrap_or(body);
        let chars: Vec<(usize, char)> = body.char_indices().collect();
        let here = |b: usize| offset + b;
        let (from, to) = window(&chars, span.0.checked_sub(offset).filter(|_| span.0 <= offset + line.len()));
        if from > 0 {
            out.push('…');
        }
        for &(b, c) in &chars[from..to] {
            if start.is_none() && here(b) >= span.0 {
                start = Some(out.len());
            }
            if end.is_none() && here(b) >= span.1 {
                end = Some(out.len());
            }
            push_shown(&mut out, c);
        }
        if start.is_none() && span.0 < offset + line.len() {
            start = Some(out.len());
        }
        if to < chars.len() {
            out.push('…');
        }
        if end.is_none() && start.is_some() && span.1 < offset + line.len() {
            end = Some(out.len());
        }
        if line.ends_with('\n') {
            out.push('\n');
        }
        offset += line.len();
    }
    let start = start.unwrap_or(out.len());
    (out, (start, end.unwrap_or(start).max(start)))
}

/// The chars `[from, to)` of a line to show: all of a short line; around `col` (a byte offset in
/// the line) for the problem's line; the beginning of any other long line.
fn window(chars: &[(usize, char)], col: Option<usize>) -> (usize, usize) {
    let n = chars.len();
    if n <= WIDTH {
        return (0, n);
    }
    let at = col.map_or(0, |c| chars.iter().position(|(b, _)| *b >= c).unwrap_or(n));
    let from = at.saturating_sub(BEFORE).min(n - WIDTH);
    (from, from + WIDTH)
}

fn push_shown(out: &mut String, c: char) {
    if c.is_control() && c != '\t' {
        out.push_str(&format!("\\u{{{:x}}}", c as u32));
    } else {
        out.push(c);
    }
}

/// A message or hint with its control characters escaped.
pub fn escape_controls(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        push_shown(&mut out, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_are_kept_and_the_span_maps_to_the_same_place() {
        let text = "a: 1,\nbee: 22,\n";
        let (shown, span) = for_display(text, (11, 13));
        assert_eq!(shown, text);
        assert_eq!(&shown[span.0..span.1], "22");
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_with_ellipses() {
        let long = format!("x: \"{}BAD{}\",", "a".repeat(10_000), "b".repeat(10_000));
        let text = format!("Scenario(\n{long}\n)\n");
        let at = text.find("BAD").unwrap();
        let (shown, span) = for_display(&text, (at, at + 3));
        assert_eq!(&shown[span.0..span.1], "BAD");
        let line = shown.lines().nth(1).unwrap();
        assert_eq!(line.chars().count(), WIDTH + 2, "{line}");
        assert!(line.starts_with('…') && line.ends_with('…'));
        assert_eq!(shown.lines().count(), 3, "line numbers stay the file's");
    }

    #[test]
    fn control_characters_are_escaped_and_crlf_is_a_plain_newline() {
        let text = "say: [\"\u{1b}[2Jhi\"],\r\nnext\r\n";
        let at = text.find("next").unwrap();
        let (shown, span) = for_display(text, (at, at + 4));
        assert_eq!(shown, "say: [\"\\u{1b}[2Jhi\"],\nnext\n");
        assert_eq!(&shown[span.0..span.1], "next");
        assert_eq!(escape_controls("bell\u{7}"), "bell\\u{7}");
    }
}
