//! A set of scenario files: find them, load them, validate each and the set.

use std::path::{Path, PathBuf};

use super::load::{Loaded, load_file};
use super::problem::Problem;
use super::validate::{validate, validate_library};

/// The outcome of checking one file.
#[derive(Debug)]
pub struct Checked {
    pub path: PathBuf,
    pub loaded: Option<Loaded>,
    pub problems: Vec<Problem>,
}

impl Checked {
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }
}

/// `.ron` scenario files under each path (a file is taken as it is), sorted for a stable order.
/// Folders named `playtests` hold scripts, not scenarios, and are skipped.
pub fn find_files(paths: &[PathBuf]) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out)?;
        } else if p.exists() {
            out.push(p.clone());
        } else {
            return Err(std::io::Error::new(std::io::ErrorKind::NotFound, format!("{} does not exist", p.display())));
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "playtests") {
                walk(&path, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
    Ok(())
}

/// Loads and validates every file, then checks the set (duplicate ids).
pub fn check_files(files: &[PathBuf]) -> Vec<Checked> {
    let mut checked: Vec<Checked> = files
        .iter()
        .map(|path| match load_file(path) {
            Ok(loaded) => {
                let problems = validate(&loaded);
                Checked { path: path.clone(), loaded: Some(loaded), problems }
            }
            Err(problems) => Checked { path: path.clone(), loaded: None, problems },
        })
        .collect();
    let loaded: Vec<Loaded> = checked.iter().filter_map(|c| c.loaded.clone()).collect();
    for problem in validate_library(&loaded) {
        if let Some(c) = checked.iter_mut().find(|c| c.path.display().to_string() == problem.file) {
            c.problems.push(problem);
        }
    }
    checked
}

/// Loads one scenario and refuses it if it has errors (warnings pass).
pub fn load_valid(path: &Path) -> Result<Loaded, Vec<Problem>> {
    let loaded = load_file(path)?;
    let problems = validate(&loaded);
    if problems.iter().any(Problem::is_error) {
        return Err(problems.into_iter().filter(Problem::is_error).collect());
    }
    Ok(loaded)
}
