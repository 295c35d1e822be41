//! The HTML debrief: one self-contained page (no scripts, no external files).

use std::fmt::Write;

use super::svg::mood_svg;
use crate::grade::{Scorecard, Status};

pub(crate) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#222}\
h1{margin-bottom:0}.sub{color:#666;margin-top:.2em}.verdict{display:inline-block;padding:.3em .8em;border-radius:4px;font-weight:bold;color:#fff}\
.pass{background:#2a7}.fail{background:#c33}table{border-collapse:collapse;width:100%}td,th{padding:.35em .6em;border-bottom:1px solid #eee;text-align:left}\
.meter{background:#eee;width:200px;height:10px;border-radius:5px}.meter>div{background:#27a;height:10px;border-radius:5px}\
.autofail{background:#fde8e8;border-left:4px solid #c33;padding:.5em 1em;margin:.5em 0}.crit{margin:.4em 0}\
.met{color:#2a7}.missed{color:#c33}.na{color:#aaa}.ev{margin-left:1.6em;font-size:.92em;color:#444}.good{margin-left:1.6em;font-size:.92em;color:#275}\
.tip{margin-left:1.6em;font-size:.92em;font-style:italic}.line{padding:.25em .5em;margin:.15em 0;border-radius:4px}\
.caller{background:#f3f3f3}.you{background:#eaf3fb;margin-left:3em}.action,.call{color:#666;font-style:italic}\
.hl{outline:2px solid #c33;background:#fde8e8}.t{color:#999;font-size:.8em;margin-right:.5em}";

pub fn to_html(card: &Scorecard) -> String {
    let mut s = String::new();
    let (class, verdict) = (if card.passed { "pass" } else { "fail" }, card.verdict());
    let outcome = match &card.interrupted {
        Some(i) => format!("interrupted at {:.0} s: {} (a partial debrief)", i.t, i.reason),
        None => card.outcome.map_or("call not finished".to_string(), |o| format!("{o:?}")),
    };
    let outcome = esc(&outcome);
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Debrief: {}</title><style>{STYLE}</style></head><body>",
        esc(&card.title)
    );
    let _ =
        write!(s, "<h1>{}</h1><p class=\"sub\">{} · outcome: {outcome}</p>", esc(&card.title), esc(&card.scenario_id));
    let _ = write!(
        s,
        "<p><span class=\"verdict {class}\">{verdict}</span> &nbsp; total <b>{}</b> / 100, pass mark {}</p>",
        card.total, card.pass_mark
    );
    for a in &card.auto_fails {
        let turn = a.evidence.turn.map_or(String::new(), |t| format!("<a href=\"#turn-{t}\">turn {t}</a>: "));
        let _ = write!(
            s,
            "<div class=\"autofail\"><b>Auto-fail: {}</b><br>{turn}“{}” — {}</div>",
            esc(&a.title),
            esc(&a.evidence.words),
            esc(&a.evidence.note)
        );
    }
    for c in &card.caps {
        let _ = write!(
            s,
            "<div class=\"autofail\"><b>Capped at {}: {}</b><br>{}</div>",
            c.limit,
            esc(&c.title),
            esc(&c.evidence.note)
        );
    }
    s.push_str("<h2>Scores</h2><table><tr><th>Dimension</th><th>Score</th><th></th><th>Weight</th></tr>");
    for d in &card.dimensions {
        let _ = write!(
            s,
            "<tr><td>{}</td><td>{}</td><td><div class=\"meter\"><div style=\"width:{}%\"></div></div></td><td>{}</td></tr>",
            d.dimension.title(),
            d.score,
            d.score,
            d.weight
        );
    }
    s.push_str("</table><h2>What to keep, what to change</h2>");
    for dim in crate::grade::Dimension::ALL {
        let _ = write!(s, "<h3>{}</h3>", dim.title());
        for c in card.criteria.iter().filter(|c| c.dimension == dim) {
            let (cls, mark) = match c.status {
                Status::Met => ("met", "✓"),
                Status::Missed => ("missed", "✗"),
                Status::NotApplicable => ("na", "·"),
            };
            let _ = write!(s, "<div class=\"crit\"><span class=\"{cls}\">{mark}</span> {}", esc(&c.title));
            if c.status != Status::NotApplicable {
                for e in &c.evidence {
                    let at = e.turn.map_or(format!("{:.0} s", e.t), |t| format!("<a href=\"#turn-{t}\">turn {t}</a>"));
                    let _ = write!(s, "<div class=\"ev\">{at}: “{}” — {}</div>", esc(&e.words), esc(&e.note));
                    if c.status == Status::Missed
                        && let Some(g) = &e.good
                    {
                        let _ = write!(s, "<div class=\"good\">What good looks like: “{}”</div>", esc(g));
                    }
                }
                if c.status == Status::Missed {
                    let _ = write!(s, "<div class=\"tip\">{}</div>", esc(&c.tip));
                }
            }
            s.push_str("</div>");
        }
    }
    let end = card.transcript.last().map_or(0.0, |l| l.t);
    let _ = write!(s, "<h2>Caller's mood</h2>{}", mood_svg(&card.mood, end));
    let highlighted = card.evidence_turns();
    s.push_str("<h2>Transcript</h2>");
    for l in &card.transcript {
        let hl = l.turn.is_some_and(|t| highlighted.contains(&t));
        let id = l.turn.filter(|_| l.who == "you").map_or(String::new(), |t| format!(" id=\"turn-{t}\""));
        let who = match l.who.as_str() {
            "caller" => "Caller",
            "you" => "You",
            _ => "",
        };
        let _ = write!(
            s,
            "<div{id} class=\"line {}{}\"><span class=\"t\">{:.0}s</span><b>{who}</b> {}</div>",
            l.who,
            if hl { " hl" } else { "" },
            l.t,
            esc(&l.text)
        );
    }
    s.push_str("</body></html>\n");
    s
}
