//! Measuring intents by meaning on labelled lines (`callsim eval-intents`): for each threshold,
//! how often the intent found is the one labelled, against the words alone.

use std::collections::BTreeMap;
use std::path::Path;

use super::{Context, Lexicon, Understander};

/// One labelled line: the scenario, the intent it expresses (None: none), the words.
pub struct Labelled {
    pub scenario: String,
    pub intent: Option<String>,
    pub text: String,
}

/// `scenario<TAB>intent or -<TAB>line` lines; `#` comments and blank lines skipped.
pub fn load(path: &Path) -> Result<Vec<Labelled>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let mut f = line.splitn(3, '\t');
        match (f.next(), f.next(), f.next()) {
            (Some(s), Some(l), Some(t)) => out.push(Labelled {
                scenario: s.to_string(),
                intent: (l != "-").then(|| l.to_string()),
                text: t.to_string(),
            }),
            _ => return Err(format!("{}:{}: expected scenario<TAB>intent<TAB>line", path.display(), i + 1)),
        }
    }
    Ok(out)
}

/// Per line: the intents the words found, and each intent's best similarity.
pub struct Scored {
    pub label: Option<String>,
    pub lexical: Vec<String>,
    pub meaning: Vec<(String, f32)>,
}

pub fn score(lines: &[Labelled], scenarios: &Path) -> Result<Vec<Scored>, String> {
    let mut by_scenario: BTreeMap<&str, Understander> = BTreeMap::new();
    // Only the intents the set labels are scored: one a scenario gained after the set was
    // written has no positives and no look-alikes in it, so finding it says nothing either way.
    let known: std::collections::BTreeSet<(&str, &str)> =
        lines.iter().filter_map(|l| Some((l.scenario.as_str(), l.intent.as_deref()?))).collect();
    let mut out = Vec::new();
    for l in lines {
        if !by_scenario.contains_key(l.scenario.as_str()) {
            let path = scenarios.join(format!("{}.ron", l.scenario));
            let loaded = crate::scenario::load_file(&path).map_err(|_| format!("cannot load {}", path.display()))?;
            // The words alone: meaning switched off by an unreachable threshold.
            let u = Understander::new(&Lexicon::built_in(), Some(&loaded.scenario)).with_intent_threshold(2.0);
            by_scenario.insert(&l.scenario, u);
        }
        let u = &by_scenario[l.scenario.as_str()];
        let read = u.understand(&l.text, Context { customer_said: &[] });
        let meaning = match (u.intent_examples(), u.reader()) {
            (Some(ex), Some(reader)) => ex.best(&l.text, reader, u.negators(), u.stemmer()).into_iter().collect(),
            _ => Vec::new(),
        };
        let labelled = |i: &String| known.contains(&(l.scenario.as_str(), i.as_str()));
        out.push(Scored {
            label: l.intent.clone(),
            lexical: read.intents.iter().map(|i| i.intent.clone()).filter(labelled).collect(),
            meaning: meaning.into_iter().filter(|m| labelled(&m.0)).collect(),
        });
    }
    Ok(out)
}

/// (exact-line accuracy, precision, recall) of the intents found with meaning at `threshold`
/// (None: the words alone).
pub fn measure(scored: &[Scored], threshold: Option<f32>) -> (f64, f64, f64) {
    let (mut exact, mut tp, mut fp, mut fn_) = (0, 0, 0, 0);
    for s in scored {
        let mut found: Vec<&str> = s.lexical.iter().map(String::as_str).collect();
        if let Some(t) = threshold {
            found.extend(s.meaning.iter().filter(|(_, sim)| *sim >= t).map(|(i, _)| i.as_str()));
        }
        found.sort_unstable();
        found.dedup();
        let want: Vec<&str> = s.label.iter().map(String::as_str).collect();
        if found == want {
            exact += 1;
        }
        tp += found.iter().filter(|f| want.contains(f)).count();
        fp += found.iter().filter(|f| !want.contains(f)).count();
        fn_ += want.iter().filter(|w| !found.contains(w)).count();
    }
    let n = scored.len().max(1) as f64;
    let ratio = |a: usize, b: usize| if a + b == 0 { 1.0 } else { a as f64 / (a + b) as f64 };
    (exact as f64 / n, ratio(tp, fp), ratio(tp, fn_))
}
