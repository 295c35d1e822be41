//! `callsim check`: validate scenario files and summarise them.

use std::path::PathBuf;

use super::USAGE;
use super::show::print_problems;
use crate::playtest::good::check_good_answers;
use crate::playtest::prove::prove;
use crate::scenario::library::{check_files, find_files};
use crate::understand::{Lexicon, Understander};

pub fn run(paths: Vec<PathBuf>) -> u8 {
    let paths = if paths.is_empty() { vec![PathBuf::from("scenarios")] } else { paths };
    let files = match find_files(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("error: {e}");
            return USAGE;
        }
    };
    if files.is_empty() {
        eprintln!(
            "error: no .ron scenario files in {}",
            paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
        );
        return USAGE;
    }
    let mut checked = check_files(&files);
    // The model answers read as the trainee's lines would be: do they take their node's branches?
    for c in &mut checked {
        if let Some(l) = &c.loaded {
            let understander = Understander::new(&Lexicon::built_in(), Some(&l.scenario));
            c.problems.extend(check_good_answers(l, &understander));
            c.problems.extend(prove(l, &understander));
            c.problems.sort_by_key(|p| (p.line, p.col));
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    for c in &checked {
        errors += c.errors();
        warnings += c.warnings();
        let status = if c.errors() > 0 { "FAIL" } else { "ok  " };
        match &c.loaded {
            Some(l) => {
                let sc = &l.scenario;
                let endings: Vec<String> = sc.endings().iter().map(|o| format!("{o:?}")).collect();
                println!(
                    "{status} {:<44} {:<28} {:<15} {:>2} nodes  {} endings ({})  {} warnings",
                    c.path.display(),
                    sc.id,
                    sc.archetype.label(),
                    sc.nodes.len(),
                    endings.len(),
                    endings.join(", "),
                    c.warnings()
                );
            }
            None => println!("{status} {:<44} (not loaded)", c.path.display()),
        }
        print_problems(&c.problems);
    }
    println!("{} scenario file(s) checked: {errors} error(s), {warnings} warning(s)", checked.len());
    u8::from(errors > 0)
}
