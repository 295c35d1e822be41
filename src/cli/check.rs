//! `callsim check`: validate scenario files and summarise them.

use std::path::PathBuf;

use super::USAGE;
use super::show::print_problems;
use crate::scenario::library::{check_files, find_files};

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
    let checked = check_files(&files);
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
