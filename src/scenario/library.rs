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
    let mut seen = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, &mut out, &mut seen)?,
            Ok(_) => out.push(p.clone()),
            Err(e) => return Err(std::io::Error::new(e.kind(), cannot_open(p, &e))),
        }
    }
    out.sort();
    out.dedup();
    Ok(out)
}

/// Why a path given on the command line cannot be opened, in words: a symlink that loops or
/// points nowhere is not the same as a path that does not exist.
fn cannot_open(p: &Path, e: &std::io::Error) -> String {
    let is_link = std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink());
    match (is_link, e.kind()) {
        (false, std::io::ErrorKind::NotFound) => format!("{} does not exist", p.display()),
        (true, std::io::ErrorKind::NotFound) => {
            format!("{} is a symbolic link to something that does not exist", p.display())
        }
        (true, _) => format!("{} is a symbolic link that cannot be followed ({e})", p.display()),
        (false, _) => format!("cannot open {}: {e}", p.display()),
    }
}

/// Folders are walked once each, so a symlink back up the tree does not recurse forever.
fn walk(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut Vec<PathBuf>) -> std::io::Result<()> {
    match dir.canonicalize() {
        Ok(real) if seen.contains(&real) => return Ok(()),
        Ok(real) => seen.push(real),
        Err(_) => return Ok(()),
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "playtests") {
                walk(&path, out, seen)?;
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
