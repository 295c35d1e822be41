//! The branch graph of a scenario as Graphviz dot or Mermaid, conditions on the edges.

use super::model::{Outcome, Scenario, When};

/// A short, readable form of a condition for an edge label.
pub fn describe(when: &When) -> String {
    match when {
        When::Move(m) => m.to_string(),
        When::Intent(i) => format!("intent {i}"),
        When::Action(a) => format!("[{a:?}]"),
        When::All(parts) => parts.iter().map(describe).collect::<Vec<_>>().join(" and "),
        When::Any(parts) => parts.iter().map(describe).collect::<Vec<_>>().join(" or "),
        When::Not(inner) => format!("not {}", describe(inner)),
        When::Otherwise => "otherwise".into(),
        When::AngerAtLeast(x) => format!("anger >= {x}"),
        When::AngerBelow(x) => format!("anger < {x}"),
        When::TrustAtLeast(x) => format!("trust >= {x}"),
        When::TrustBelow(x) => format!("trust < {x}"),
        When::PatienceBelow(x) => format!("patience < {x}"),
        When::HoldLongerThan(s) => format!("hold > {s}s"),
        When::SilenceLongerThan(s) => format!("silence > {s}s"),
        When::Interrupted => "interrupted".into(),
    }
}

fn ending_id(o: Outcome) -> String {
    format!("end_{o:?}")
}

/// One edge of the graph: from a node (or "any node" for reactions) to a node or an ending.
struct Edge {
    from: Option<String>,
    to: String,
    label: String,
}

fn edges(sc: &Scenario) -> (Vec<Edge>, Vec<Outcome>) {
    let mut edges = Vec::new();
    for (name, node) in &sc.nodes {
        if let Some(o) = node.end {
            edges.push(Edge { from: Some(name.clone()), to: ending_id(o), label: String::new() });
        }
        for b in &node.next {
            let to = b.goto.clone().or(b.end.map(ending_id));
            if let Some(to) = to {
                edges.push(Edge { from: Some(name.clone()), to, label: describe(&b.when) });
            }
        }
    }
    for r in &sc.reactions {
        if let Some(to) = r.goto.clone().or(r.end.map(ending_id)) {
            edges.push(Edge { from: None, to, label: describe(&r.when) });
        }
    }
    (edges, sc.endings())
}

fn id(name: &str) -> String {
    let mut s: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    s.insert_str(0, "n_");
    s
}

fn target_id(to: &str) -> String {
    if to.starts_with("end_") { to.to_string() } else { id(to) }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}

pub fn to_dot(sc: &Scenario) -> String {
    let (edges, endings) = edges(sc);
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=TB;\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n",
        escape(&sc.id)
    );
    out.push_str("  start [shape=point];\n");
    for (name, node) in &sc.nodes {
        let extra = if node.requests_escalation { ", color=orange, penwidth=2" } else { "" };
        let first = node.say.first().map_or(String::new(), |l| truncate(l, 40));
        out.push_str(&format!("  {} [label=\"{}\\n{}\"{extra}];\n", id(name), escape(name), escape(&first)));
    }
    for o in &endings {
        out.push_str(&format!(
            "  {} [label=\"{o:?}\", shape=doublecircle, style=filled, fillcolor=\"{}\"];\n",
            ending_id(*o),
            ending_colour(*o)
        ));
    }
    if edges.iter().any(|e| e.from.is_none()) {
        out.push_str("  any [label=\"any node\", shape=diamond, style=dashed];\n");
    }
    out.push_str(&format!("  start -> {};\n", id(&sc.start)));
    for e in &edges {
        let from = e.from.as_deref().map_or("any".to_string(), id);
        let style = if e.from.is_none() { ", style=dashed" } else { "" };
        out.push_str(&format!("  {from} -> {} [label=\"{}\"{style}];\n", target_id(&e.to), escape(&e.label)));
    }
    out.push_str("}\n");
    out
}

pub fn to_mermaid(sc: &Scenario) -> String {
    let (edges, endings) = edges(sc);
    let mut out = String::from("flowchart LR\n");
    out.push_str(&format!("  start(( )) --> {}\n", id(&sc.start)));
    for name in sc.nodes.keys() {
        out.push_str(&format!("  {}[\"{}\"]\n", id(name), name.replace('"', "'")));
    }
    for o in &endings {
        out.push_str(&format!("  {}(((\"{o:?}\")))\n", ending_id(*o)));
    }
    for e in &edges {
        let from = e.from.as_deref().map_or("any{{any node}}".to_string(), id);
        let arrow = if e.from.is_none() { "-.->" } else { "-->" };
        if e.label.is_empty() {
            out.push_str(&format!("  {from} {arrow} {}\n", target_id(&e.to)));
        } else {
            out.push_str(&format!("  {from} {arrow}|\"{}\"| {}\n", e.label.replace('"', "'"), target_id(&e.to)));
        }
    }
    out
}

fn ending_colour(o: Outcome) -> &'static str {
    match o {
        Outcome::Resolved => "palegreen",
        Outcome::Escalated => "lightblue",
        _ => "lightpink",
    }
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n).collect::<String>()) }
}
