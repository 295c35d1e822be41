//! The loader and validator never panic: random bytes, and valid scenarios mutated byte by byte.

use callsim::scenario::{load_str, validate::validate};
use proptest::prelude::*;

/// 3,000 cases each by default; PROPTEST_CASES=100000 for a long run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(3000)
}

fn library() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir("scenarios")
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    texts
}

fn check(text: String) {
    if let Ok(loaded) = load_str("fuzz.ron", text) {
        let _ = validate(&loaded);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    #[test]
    fn random_bytes_never_panic_the_loader(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        check(String::from_utf8_lossy(&bytes).into_owned());
    }

    #[test]
    fn mutated_scenarios_never_panic_the_loader(
        which in 0usize..6,
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<char>()), 1..8),
    ) {
        let lib = library();
        let mut chars: Vec<char> = lib[which % lib.len()].chars().collect();
        for (at, kind, c) in edits {
            if chars.is_empty() { break; }
            let i = at.index(chars.len());
            match kind {
                0 => { chars.remove(i); }
                1 => chars.insert(i, c),
                2 => chars[i] = c,
                // Drop a whole span: cuts brackets, strings and comments in half.
                _ => { let end = (i + 40).min(chars.len()); chars.drain(i..end); }
            }
        }
        check(chars.into_iter().collect());
    }
}
