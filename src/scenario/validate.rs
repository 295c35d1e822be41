//! Semantic checks that the types alone cannot make, all reported at once.

use std::collections::{BTreeSet, HashMap, VecDeque};

use super::load::Loaded;
use super::locate::{field, index};
use super::model::{MoodChange, Scenario, When};
use super::problem::{Problem, Severity};

/// Everything wrong with one scenario (errors and warnings), in file order.
pub fn validate(loaded: &Loaded) -> Vec<Problem> {
    let mut v = Validator { loaded, problems: Vec::new() };
    v.run();
    v.problems.extend(super::no_ops::no_ops(loaded));
    v.problems.sort_by_key(|p| (p.line, p.col));
    v.problems
}

/// Problems that only show across a library: the same id in two files.
pub fn validate_library(all: &[Loaded]) -> Vec<Problem> {
    let mut seen: HashMap<&str, &Loaded> = HashMap::new();
    let mut problems = Vec::new();
    for l in all {
        match seen.get(l.scenario.id.as_str()) {
            Some(first) => problems.push(
                at(l, "id", Severity::Error, "duplicate-id", format!("scenario id `{}` is used twice", l.scenario.id))
                    .hint(format!("{} uses it already; ids must be unique in a library", first.source.name())),
            ),
            None => {
                seen.insert(&l.scenario.id, l);
            }
        }
    }
    problems
}

pub(crate) fn at(l: &Loaded, path: &str, severity: Severity, code: &'static str, message: String) -> Problem {
    let span = l.map.nearest(path).unwrap_or((0, 0));
    Problem::new(severity, code, message, &l.source, span)
}

struct Validator<'a> {
    loaded: &'a Loaded,
    problems: Vec<Problem>,
}

impl Validator<'_> {
    fn sc(&self) -> &Scenario {
        &self.loaded.scenario
    }

    fn push(&mut self, path: &str, severity: Severity, code: &'static str, message: String, hint: &str) {
        let p = at(self.loaded, path, severity, code, message);
        self.problems.push(if hint.is_empty() { p } else { p.hint(hint) });
    }

    fn run(&mut self) {
        self.start_node();
        self.customer_mood();
        self.nodes();
        self.reactions();
        self.reachability();
        self.rubric();
        self.settings();
    }

    fn start_node(&mut self) {
        let start = self.sc().start.clone();
        if !self.sc().nodes.contains_key(&start) {
            let hint = self.suggest_node(&start);
            self.push("start", Severity::Error, "missing-start", format!("start node `{start}` does not exist"), &hint);
        }
    }

    fn suggest_node(&self, name: &str) -> String {
        let names: Vec<&str> = self.sc().nodes.keys().map(String::as_str).collect();
        super::load::did_you_mean(name, &names)
    }

    fn customer_mood(&mut self) {
        let m = self.sc().customer.mood;
        for (part, value) in [("anger", m.anger), ("trust", m.trust), ("patience", m.patience)] {
            if !(0.0..=1.0).contains(&value) {
                self.push(
                    &format!("customer.mood.{part}"),
                    Severity::Error,
                    "mood-range",
                    format!("starting {part} {value} is outside 0..=1"),
                    "mood values run from 0 (none) to 1 (full)",
                );
            }
        }
    }

    fn mood_change(&mut self, path: &str, change: &MoodChange) {
        for (part, value) in [("anger", change.anger), ("trust", change.trust), ("patience", change.patience)] {
            if !(-1.0..=1.0).contains(&value) {
                self.push(
                    &format!("{path}.{part}"),
                    Severity::Error,
                    "mood-range",
                    format!("{part} change {value} is outside -1..=1"),
                    "a change moves mood by at most the whole 0..=1 range",
                );
            }
        }
    }

    fn nodes(&mut self) {
        let nodes: Vec<_> = self.sc().nodes.iter().map(|(k, n)| (k.clone(), n.clone())).collect();
        for (name, node) in nodes {
            let path = field("nodes", &name);
            self.lines(&field(&path, "say"), &node.say, "say");
            for (i, variant) in node.variants.iter().enumerate() {
                self.lines(&index(&field(&path, "variants"), i), variant, "variant");
            }
            if node.next.is_empty() && node.end.is_none() {
                self.push(
                    &format!("{path}#key"),
                    Severity::Error,
                    "dead-end",
                    format!("node `{name}` has no way out: no `next` branches and no `end`"),
                    "add `next: [(when: Otherwise, goto: \"...\")]` or `end: Resolved`",
                );
            }
            let mut fallback = false;
            for (i, branch) in node.next.iter().enumerate() {
                let bpath = index(&field(&path, "next"), i);
                if fallback {
                    self.push(
                        &bpath,
                        Severity::Warning,
                        "after-otherwise",
                        "this branch comes after `Otherwise` and can never be taken".into(),
                        "move `Otherwise` to the end of the list",
                    );
                }
                fallback |= branch.when == When::Otherwise;
                self.target(&bpath, branch.goto.as_deref(), branch.end.is_some(), "branch");
                self.condition(&field(&bpath, "when"), &branch.when, false);
                self.mood_change(&field(&bpath, "mood"), &branch.mood);
            }
            if !node.next.is_empty() && !fallback && node.end.is_none() {
                self.push(
                    &field(&path, "next"),
                    Severity::Warning,
                    "no-fallback",
                    format!("node `{name}` has no `Otherwise` branch"),
                    "when nothing matches, the caller repeats a nudge and waits; add `(when: Otherwise, ...)` to decide",
                );
            }
        }
    }

    fn lines(&mut self, path: &str, lines: &[String], what: &str) {
        if lines.is_empty() {
            self.push(
                path,
                Severity::Error,
                "empty-lines",
                format!("this {what} has no lines"),
                "give the caller at least one line to say",
            );
        }
        for (i, line) in lines.iter().enumerate() {
            if line.trim().is_empty() {
                self.push(
                    &index(path, i),
                    Severity::Error,
                    "empty-lines",
                    "this line is empty".into(),
                    "write what the caller says, or remove it",
                );
            }
        }
    }

    /// A branch or reaction goes somewhere: exactly one of `goto` and `end` (reactions may have neither).
    fn target(&mut self, path: &str, goto: Option<&str>, ends: bool, what: &str) {
        match (goto, ends) {
            (Some(_), true) => self.push(
                path,
                Severity::Error,
                "two-targets",
                format!("this {what} has both `goto` and `end`"),
                "keep one",
            ),
            (None, false) if what == "branch" => self.push(
                path,
                Severity::Error,
                "no-target",
                "this branch has neither `goto` nor `end`".into(),
                "add `goto: \"node\"` or `end: Resolved`",
            ),
            (Some(to), false) if !self.sc().nodes.contains_key(to) => {
                let hint = self.suggest_node(to);
                self.push(
                    &field(path, "goto"),
                    Severity::Error,
                    "dangling-goto",
                    format!("`goto` names node `{to}`, which does not exist"),
                    &hint,
                );
            }
            _ => {}
        }
    }

    fn condition(&mut self, path: &str, when: &When, in_reaction: bool) {
        match when {
            When::Intent(name) if !self.sc().intents.contains_key(name) => {
                let names: Vec<&str> = self.sc().intents.keys().map(String::as_str).collect();
                let hint = if names.is_empty() {
                    "define it under `intents: { \"name\": [\"phrase\", ...] }`".to_string()
                } else {
                    super::load::did_you_mean(name, &names)
                };
                self.push(
                    &index(path, 0),
                    Severity::Error,
                    "unknown-intent",
                    format!("intent `{name}` is used but not defined"),
                    &hint,
                );
            }
            When::All(parts) | When::Any(parts) => {
                for (i, part) in parts.iter().enumerate() {
                    self.condition(&index(&index(path, 0), i), part, in_reaction);
                }
            }
            When::Not(inner) => self.condition(&index(path, 0), inner, in_reaction),
            When::Otherwise if in_reaction => self.push(
                path,
                Severity::Warning,
                "never-fires",
                "`Otherwise` only has meaning in a node's branch list; this reaction never fires".into(),
                "use a condition such as `Move(Rude)` or `HoldLongerThan(120)`",
            ),
            _ => {
                if let Some(why) = never_true(when) {
                    self.push(
                        path,
                        Severity::Warning,
                        "never-fires",
                        format!("this condition can never hold: {why}"),
                        "thresholds run from 0 to 1",
                    );
                }
            }
        }
    }

    fn reactions(&mut self) {
        let reactions = self.sc().reactions.clone();
        for (i, r) in reactions.iter().enumerate() {
            let path = index("reactions", i);
            self.condition(&field(&path, "when"), &r.when, true);
            self.target(&path, r.goto.as_deref(), r.end.is_some(), "reaction");
            self.mood_change(&field(&path, "mood"), &r.mood);
            if r.say.is_empty() && r.mood.is_zero() && r.goto.is_none() && r.end.is_none() {
                self.push(
                    &path,
                    Severity::Warning,
                    "no-effect",
                    "this reaction does nothing when it fires".into(),
                    "give it `say`, `mood`, `goto` or `end`",
                );
            }
        }
    }

    fn reachability(&mut self) {
        let sc = self.sc();
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([sc.start.clone()]);
        // Reactions can fire at any node once the call is under way.
        queue.extend(sc.reactions.iter().filter_map(|r| r.goto.clone()));
        while let Some(name) = queue.pop_front() {
            let Some(node) = sc.nodes.get(&name) else {
                continue;
            };
            if !seen.insert(name) {
                continue;
            }
            queue.extend(node.next.iter().filter_map(|b| b.goto.clone()));
        }
        // A call that can never end would run until the trainee gives up: an ending must be
        // reachable, from a node, a branch, or a reaction (which can fire anywhere).
        let ends = sc.reactions.iter().any(|r| r.end.is_some())
            || seen
                .iter()
                .filter_map(|n| sc.nodes.get(n))
                .any(|n| n.end.is_some() || n.next.iter().any(|b| b.end.is_some()));
        let start = sc.start.clone();
        if !ends && sc.nodes.contains_key(&start) {
            self.push(
                "start",
                Severity::Error,
                "no-ending",
                format!("no ending can be reached from `{start}`: every branch leads back into the call"),
                "give at least one branch or node an `end:` (Resolved, Escalated, CustomerHungUp, WentToRival)",
            );
        }
        let unreachable: Vec<String> = self.sc().nodes.keys().filter(|k| !seen.contains(*k)).cloned().collect();
        if !self.sc().nodes.contains_key(&self.sc().start) {
            return; // already an error; every node would look unreachable
        }
        for name in unreachable {
            self.push(
                &format!("{}#key", field("nodes", &name)),
                Severity::Warning,
                "unreachable",
                format!("node `{name}` can never be reached from `{}`", self.sc().start),
                "add a branch with `goto` to it, or remove it",
            );
        }
    }

    fn rubric(&mut self) {
        let required: Vec<When> = self.sc().rubric.required.iter().map(|r| r.when.clone()).collect();
        for (i, when) in required.iter().enumerate() {
            self.condition(&field(&index("rubric.required", i), "when"), when, false);
        }
        let key_points: Vec<When> = self.sc().rubric.key_points.iter().map(|k| k.when.clone()).collect();
        for (i, when) in key_points.iter().enumerate() {
            self.condition(&field(&index("rubric.key_points", i), "when"), when, false);
        }
        let weights = self.sc().rubric.weights.resolved();
        let sum: u32 = weights.iter().sum();
        if sum != 100 {
            self.push(
                "rubric.weights",
                Severity::Error,
                "weights-sum",
                format!("rubric weights add up to {sum}, not 100"),
                "listening + expectations + escalation + courtesy + accuracy must be 100 (left-out ones count as 0)",
            );
        }
        if let Some(pass) = self.sc().rubric.pass
            && pass > 100
        {
            self.push(
                "rubric.pass",
                Severity::Error,
                "pass-range",
                format!("pass mark {pass} is outside 0..=100"),
                "the pass mark is a score out of 100",
            );
        }
    }

    fn settings(&mut self) {
        if self.sc().hold_limit == 0 {
            self.push(
                "hold_limit",
                Severity::Error,
                "hold-limit",
                "hold_limit must be more than 0 seconds".into(),
                "the guidance is a check-in every 120 seconds at most",
            );
        }
        if !(1..=5).contains(&self.sc().difficulty) {
            self.push(
                "difficulty",
                Severity::Warning,
                "difficulty-range",
                format!("difficulty {} is outside 1..=5", self.sc().difficulty),
                "1 is a first-week call, 5 a certification call",
            );
        }
    }
}

/// Why a condition can never hold, if it cannot.
fn never_true(when: &When) -> Option<String> {
    match *when {
        When::AngerAtLeast(x) | When::TrustAtLeast(x) if x > 1.0 => {
            Some(format!("mood never goes above 1, and this needs {x}"))
        }
        When::AngerBelow(x) | When::TrustBelow(x) | When::PatienceBelow(x) if x <= 0.0 => {
            Some(format!("mood never goes below 0, and this needs less than {x}"))
        }
        _ => None,
    }
}
