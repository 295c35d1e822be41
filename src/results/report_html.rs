//! The cohort report as one self-contained HTML file: tables, a chart of each trainee's score
//! over attempts and a trainee × dimension heatmap, drawn as inline SVG (no scripts, no files).

use std::fmt::Write;

use super::report::Report;
use crate::grade::Dimension;
use crate::grade::render::esc;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}\
h1{margin-bottom:0}.sub{color:#666;margin-top:.2em}table{border-collapse:collapse;margin:.5em 0 1.5em}\
td,th{padding:.35em .7em;border-bottom:1px solid #eee;text-align:left}th{background:#fafafa}\
td.n{text-align:right;font-variant-numeric:tabular-nums}.heat td.c{text-align:center;font-weight:600;min-width:5.5em}\
.ex{color:#555;font-size:.92em;margin:.1em 0 .1em 1.5em}.legend span{display:inline-block;margin-right:1em}\
.sw{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.3em;vertical-align:middle}";

/// Colours for the chart's lines (a palette that stays apart for the colour-blind).
const PALETTE: [&str; 8] = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];

/// Red (0) through amber to green (100): the heatmap's cell colour.
fn heat(score: f64) -> String {
    let s = score.clamp(0.0, 100.0) / 100.0;
    let (r, g) = if s < 0.5 { (220.0, 60.0 + 340.0 * s) } else { (220.0 - 340.0 * (s - 0.5), 230.0) };
    format!("rgb({:.0},{:.0},90)", r, g)
}

/// One heatmap cell: the mean score on its colour, or a dash for none.
fn heat_cell(score: Option<f64>) -> String {
    match score {
        Some(v) => format!("<td class=\"c\" style=\"background:{}\">{v:.0}</td>", heat(v)),
        None => "<td class=\"c\">–</td>".to_string(),
    }
}

/// Each trainee's totals over their attempts, with the pass mark drawn across.
fn score_chart(r: &Report, pass_mark: u32) -> String {
    let (w, h, left, bottom, top, right) = (720.0, 260.0, 40.0, 30.0, 10.0, 10.0);
    let most = r.trainees.iter().map(|t| t.scores.len()).max().unwrap_or(0).max(2);
    let x = |i: usize| left + (w - left - right) * i as f64 / (most - 1) as f64;
    let y = |v: f64| top + (h - top - bottom) * (1.0 - v / 100.0);
    let mut s = format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" role="img" aria-label="score over attempts">"##
    );
    for v in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            s,
            r##"<line x1="{left}" y1="{0:.1}" x2="{1}" y2="{0:.1}" stroke="#eee"/><text x="{2}" y="{3:.1}" font-size="11" text-anchor="end" fill="#888">{v}</text>"##,
            y(v),
            w - right,
            left - 6.0,
            y(v) + 4.0
        );
    }
    let pm = y(f64::from(pass_mark));
    let _ = write!(
        s,
        r##"<line x1="{left}" y1="{pm:.1}" x2="{0}" y2="{pm:.1}" stroke="#c33" stroke-dasharray="5,4"/><text x="{1}" y="{2:.1}" font-size="11" fill="#c33">pass {pass_mark}</text>"##,
        w - right,
        left + 4.0,
        pm - 4.0
    );
    for i in 0..most {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{}" font-size="11" text-anchor="middle" fill="#888">{}</text>"##,
            x(i),
            h - 10.0,
            i + 1
        );
    }
    for (k, t) in r.trainees.iter().enumerate() {
        let colour = PALETTE[k % PALETTE.len()];
        let points: Vec<String> =
            t.scores.iter().enumerate().map(|(i, &v)| format!("{:.1},{:.1}", x(i), y(f64::from(v)))).collect();
        let _ =
            write!(s, r##"<polyline fill="none" stroke="{colour}" stroke-width="2" points="{}"/>"##, points.join(" "));
        for (i, &v) in t.scores.iter().enumerate() {
            let _ = write!(
                s,
                r##"<circle cx="{:.1}" cy="{:.1}" r="3.5" fill="{colour}"><title>{} attempt {}: {v}</title></circle>"##,
                x(i),
                y(f64::from(v)),
                esc(&t.trainee),
                i + 1
            );
        }
    }
    s.push_str("</svg>");
    s
}

pub fn to_html(r: &Report, title: &str, pass_mark: u32) -> String {
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>",
        esc(title)
    );
    let _ = write!(
        s,
        "<h1>{}</h1><p class=\"sub\">{} calls · {} trainees · {} scenarios · generated {}</p>",
        esc(title),
        r.calls,
        r.trainees.len(),
        r.scenarios.len(),
        super::now()
    );

    s.push_str("<h2>Score over attempts</h2><p class=\"legend\">");
    for (k, t) in r.trainees.iter().enumerate() {
        let _ = write!(
            s,
            "<span><span class=\"sw\" style=\"background:{}\"></span>{}</span>",
            PALETTE[k % PALETTE.len()],
            esc(&t.trainee)
        );
    }
    s.push_str("</p>");
    s.push_str(&score_chart(r, pass_mark));

    s.push_str("<h2>Dimensions by trainee</h2><table class=\"heat\"><tr><th>trainee</th>");
    for d in Dimension::ALL {
        let _ = write!(s, "<th>{}</th>", d.title());
    }
    s.push_str("</tr>");
    for t in &r.trainees {
        let _ = write!(s, "<tr><td>{}</td>", esc(&t.trainee));
        for d in &t.dimensions {
            s.push_str(&heat_cell(*d));
        }
        s.push_str("</tr>");
    }
    s.push_str("<tr><th>cohort</th>");
    for (_, m) in &r.dimensions {
        s.push_str(&heat_cell(*m));
    }
    s.push_str("</tr></table>");

    s.push_str("<h2>Trainees</h2><table><tr><th>trainee</th><th>attempts</th><th>passed</th><th>interrupted</th><th>best</th><th>last</th><th>trend (points per attempt)</th></tr>");
    for t in &r.trainees {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&t.trainee),
            t.attempts,
            t.passed,
            t.interrupted,
            t.best.map_or("–".into(), |v| v.to_string()),
            t.last.map_or("–".into(), |v| v.to_string()),
            t.trend.map_or("–".into(), |v| format!("{v:+.1}"))
        );
    }
    s.push_str("</table>");

    s.push_str(
        "<h2>Scenarios</h2><table><tr><th>scenario</th><th>attempts</th><th>passed</th><th>mean</th><th>best</th></tr>",
    );
    for c in &r.scenarios {
        let _ = write!(
            s,
            "<tr><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            esc(&c.scenario),
            c.attempts,
            c.passed,
            c.mean.map_or("–".into(), |v| format!("{v:.1}")),
            c.best.map_or("–".into(), |v| v.to_string())
        );
    }
    s.push_str("</table>");

    s.push_str("<h2>Most missed criteria</h2>");
    if r.weakest.is_empty() {
        s.push_str("<p>No criterion was missed.</p>");
    }
    for w in &r.weakest {
        let _ = write!(
            s,
            "<p><b>{}</b> ({}) — missed in {} of {} calls</p>",
            esc(&w.title),
            w.dimension.title(),
            w.missed,
            w.applied
        );
        for e in &w.examples {
            let _ = write!(s, "<p class=\"ex\">{} on {}: “{}”</p>", esc(&e.trainee), esc(&e.scenario), esc(&e.words));
        }
    }
    s.push_str("</body></html>\n");
    s
}
