//! Loading and validating scenarios: the bundled library and a generated 1,000-scenario library.

use std::path::PathBuf;

use callsim::scenario::library::{check_files, find_files};
use callsim::scenario::validate::{validate, validate_library};
use callsim::scenario::{Loaded, load_str};
use criterion::{Criterion, criterion_group, criterion_main};

fn bundled_texts() -> Vec<String> {
    find_files(&[PathBuf::from("scenarios")]).unwrap().iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
}

/// 1,000 scenarios: the bundled ones again and again, each with its own id.
fn generated(n: usize) -> Vec<(String, String)> {
    let texts = bundled_texts();
    (0..n)
        .map(|i| {
            let base = &texts[i % texts.len()];
            let id_line = base.lines().find(|l| l.trim_start().starts_with("id:")).unwrap();
            (format!("gen-{i}.ron"), base.replacen(id_line, &format!("    id: \"generated-{i}\","), 1))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let files = find_files(&[PathBuf::from("scenarios")]).unwrap();
    c.bench_function("check bundled library (6 files, from disk)", |b| b.iter(|| check_files(&files)));
    let lib = generated(1000);
    let mut g = c.benchmark_group("generated library");
    g.sample_size(10);
    g.bench_function("load + validate 1,000 scenarios", |b| {
        b.iter(|| {
            let loaded: Vec<Loaded> = lib.iter().map(|(name, text)| load_str(name, text.clone()).unwrap()).collect();
            let problems: usize =
                loaded.iter().map(|l| validate(l).len()).sum::<usize>() + validate_library(&loaded).len();
            assert_eq!(problems, 0);
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
