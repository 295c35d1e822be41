//! Fields that are accepted but would change nothing: a trainer who writes one expects an
//! effect, so `check` says so instead of staying silent.

use super::load::Loaded;
use super::locate::field;
use super::model::When;
use super::problem::{Problem, Severity};
use super::validate::at;
use crate::understand::Move;
use crate::understand::facts::duration_fact;

pub fn no_ops(l: &Loaded) -> Vec<Problem> {
    let sc = &l.scenario;
    let mut out = Vec::new();
    let warn = |path: &str, message: String, hint: &str| {
        at(l, path, Severity::Warning, "no-op", message).hint(hint.to_string())
    };
    if sc.phrases.contains_key(&Move::Paraphrase) {
        out.push(warn(
            &field("phrases", "Paraphrase"),
            "phrases for `Paraphrase` are ignored: restating is found by the trainee reusing the caller's own words"
                .into(),
            "remove them; to reward a particular restatement, define an intent and branch on `Intent(...)`",
        ));
    }
    if sc.customer.voice.is_some() {
        out.push(warn(
            "customer.voice",
            "`customer.voice` is not used yet: calls are text, the caller has no audio".into(),
            "leave it for when caller voices arrive; it changes nothing today",
        ));
    }
    for (name, node) in &sc.nodes {
        if node.end.is_some() && !node.next.is_empty() {
            out.push(warn(
                &field(&field("nodes", name), "next"),
                format!("node `{name}` ends the call, so its `next` branches are never taken"),
                "the caller says goodbye after `say`; remove `next`, or remove `end` to keep the call going",
            ));
        }
    }
    for (i, req) in sc.rubric.required.iter().enumerate() {
        if !looks_at_the_call(&req.when) {
            out.push(warn(
                &format!("rubric.required[{i}].when"),
                format!("required step \"{}\" can never be met: only what is said or a button meets a step", req.title),
                "use `Move(...)`, `Intent(...)` or `Action(...)`",
            ));
        }
    }
    for (i, kp) in sc.rubric.key_points.iter().enumerate() {
        if !looks_at_the_call(&kp.when) {
            out.push(warn(
                &format!("rubric.key_points[{i}].when"),
                format!("key point \"{}\" can never be met: only what is said or a button meets it", kp.title),
                "use `Move(...)`, `Intent(...)` or `Action(...)`",
            ));
        }
    }
    for (key, value) in &sc.facts {
        if duration_fact(key).is_some() && crate::understand::timeline::from_fact(value).is_none() {
            out.push(warn(
                &field("facts", key),
                format!("fact `{key}` is named as a duration but \"{value}\" is not one, so no stated time is checked against it"),
                "write it as a duration (\"3 to 5 business days\", \"12 months\", \"within 2 hours\")",
            ));
        }
    }
    out
}

/// Whether a condition can be met by a line or a button (mood and time alone never meet a step).
fn looks_at_the_call(when: &When) -> bool {
    match when {
        When::Move(_) | When::Intent(_) | When::Action(_) => true,
        When::All(parts) | When::Any(parts) => parts.iter().any(looks_at_the_call),
        When::Not(inner) => looks_at_the_call(inner),
        _ => false,
    }
}
