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

/// Where an edge goes.
#[derive(Clone)]
enum Target {
    Node(String),
    End(Outcome),
}

/// One edge of the graph: from a node (or "any node" for reactions) to a node or an ending.
struct Edge {
    from: Option<String>,
    to: Target,
    label: String,
}

fn edges(sc: &Scenario) -> (Vec<Edge>, Vec<Outcome>) {
    let mut edges = Vec::new();
    for (name, node) in &sc.nodes {
        if let Some(o) = node.end {
            edges.push(Edge { from: Some(name.clone()), to: Target::End(o), label: String::new() });
        }
        for b in &node.next {
            if let Some(to) = target(&b.goto, b.end) {
                edges.push(Edge { from: Some(name.clone()), to, label: describe(&b.when) });
            }
        }
    }
    for r in &sc.reactions {
        if let Some(to) = target(&r.goto, r.end) {
            edges.push(Edge { from: None, to, label: describe(&r.when) });
        }
    }
    (edges, sc.endings())
}

fn target(goto: &Option<String>, end: Option<Outcome>) -> Option<Target> {
    goto.clone().map(Target::Node).or(end.map(Target::End))
}

/// A node's DOT id: its name, quoted, behind a prefix no ending or fixed id has, so `a-b`, `a_b`
/// and `a b` stay three nodes and a node called `start` is not the start point.
fn dot_id(name: &str) -> String {
    format!("\"node {}\"", escape(name))
}

fn dot_target(to: &Target) -> String {
    match to {
        Target::Node(n) => dot_id(n),
        Target::End(o) => format!("\"ending {o:?}\""),
    }
}

/// Mermaid ids cannot be quoted: nodes are numbered in name order (the label shows the name).
fn mermaid_id(sc: &Scenario, name: &str) -> String {
    sc.nodes.keys().position(|k| k == name).map_or_else(|| "missing".to_string(), |i| format!("n{i}"))
}

fn mermaid_target(sc: &Scenario, to: &Target) -> String {
    match to {
        Target::Node(n) => mermaid_id(sc, n),
        Target::End(o) => format!("end_{o:?}"),
    }
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
        out.push_str(&format!("  {} [label=\"{}\\n{}\"{extra}];\n", dot_id(name), escape(name), escape(&first)));
    }
    for o in &endings {
        out.push_str(&format!(
            "  {} [label=\"{o:?}\", shape=doublecircle, style=filled, fillcolor=\"{}\"];\n",
            dot_target(&Target::End(*o)),
            ending_colour(*o)
        ));
    }
    if edges.iter().any(|e| e.from.is_none()) {
        out.push_str("  any [label=\"any node\", shape=diamond, style=dashed];\n");
    }
    out.push_str(&format!("  start -> {};\n", dot_id(&sc.start)));
    for e in &edges {
        let from = e.from.as_deref().map_or("any".to_string(), dot_id);
        let style = if e.from.is_none() { ", style=dashed" } else { "" };
        out.push_str(&format!("  {from} -> {} [label=\"{}\"{style}];\n", dot_target(&e.to), escape(&e.label)));
    }
    out.push_str("}\n");
    out
}

pub fn to_mermaid(sc: &Scenario) -> String {
    let (edges, endings) = edges(sc);
    let mut out = String::from("flowchart LR\n");
    out.push_str(&format!("  start(( )) --> {}\n", mermaid_id(sc, &sc.start)));
    for name in sc.nodes.keys() {
        out.push_str(&format!("  {}[\"{}\"]\n", mermaid_id(sc, name), name.replace('"', "'")));
    }
    for o in &endings {
        out.push_str(&format!("  {}(((\"{o:?}\")))\n", mermaid_target(sc, &Target::End(*o))));
    }
    for e in &edges {
        let from = e.from.as_deref().map_or("any{{any node}}".to_string(), |n| mermaid_id(sc, n));
        let arrow = if e.from.is_none() { "-.->" } else { "-->" };
        if e.label.is_empty() {
            out.push_str(&format!("  {from} {arrow} {}\n", mermaid_target(sc, &e.to)));
        } else {
            out.push_str(&format!(
                "  {from} {arrow}|\"{}\"| {}\n",
                e.label.replace('"', "'"),
                mermaid_target(sc, &e.to)
            ));
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
