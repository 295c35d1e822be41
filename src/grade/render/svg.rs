//! The caller's mood over the call as an inline SVG line chart.

use std::fmt::Write;

use crate::scenario::Mood;
use crate::sim::Seconds;

const W: f64 = 640.0;
const H: f64 = 200.0;
const PAD: f64 = 30.0;

/// A plotted mood part: name, colour, and how to read it.
type Line = (&'static str, &'static str, fn(&Mood) -> f32);

/// Anger, trust and patience from 0 to 1 against time; a step line, as mood changes at events.
pub fn mood_svg(series: &[(Seconds, Mood)], end: Seconds) -> String {
    let t_max = series.iter().map(|p| p.0).fold(end, f64::max).max(1.0);
    let x = |t: f64| PAD + t / t_max * (W - 2.0 * PAD);
    let y = |v: f32| H - PAD - f64::from(v) * (H - 2.0 * PAD);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\" role=\"img\" aria-label=\"Caller mood over time\">"
    );
    let _ = write!(
        s,
        "<rect x=\"{PAD}\" y=\"{PAD}\" width=\"{}\" height=\"{}\" fill=\"#fafafa\" stroke=\"#ccc\"/>",
        W - 2.0 * PAD,
        H - 2.0 * PAD
    );
    for v in [0.0_f32, 0.5, 1.0] {
        let _ = write!(s, "<text x=\"4\" y=\"{:.1}\" font-size=\"10\" fill=\"#666\">{v}</text>", y(v) + 3.0);
    }
    let _ = write!(
        s,
        "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#666\" text-anchor=\"end\">{t_max:.0} s</text>",
        W - PAD,
        H - 8.0
    );
    let lines: [Line; 3] =
        [("anger", "#d33", |m| m.anger), ("trust", "#27a", |m| m.trust), ("patience", "#e90", |m| m.patience)];
    for (i, (name, colour, get)) in lines.iter().enumerate() {
        let mut pts = String::new();
        let mut prev: Option<f32> = None;
        for (t, m) in series {
            let v = get(m);
            if let Some(p) = prev {
                let _ = write!(pts, "{:.1},{:.1} ", x(*t), y(p));
            }
            let _ = write!(pts, "{:.1},{:.1} ", x(*t), y(v));
            prev = Some(v);
        }
        if let Some(p) = prev {
            let _ = write!(pts, "{:.1},{:.1}", x(t_max), y(p));
        }
        let _ = write!(s, "<polyline fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" points=\"{pts}\"/>");
        let lx = PAD + 10.0 + i as f64 * 90.0;
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"8\" width=\"12\" height=\"4\" fill=\"{colour}\"/><text x=\"{}\" y=\"14\" font-size=\"11\">{name}</text>",
            lx + 16.0
        );
    }
    s.push_str("</svg>");
    s
}
