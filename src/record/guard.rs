//! What a command may write over: never its own input or a scenario, and an existing file only
//! when the user says so (`--force`).

use std::path::Path;

/// Checks that `out` may be written. `inputs` are the files the command reads.
pub fn may_write(out: &Path, inputs: &[&Path], force: bool) -> Result<(), String> {
    if inputs.iter().any(|i| same_file(out, i)) {
        return Err(format!("{} is this command's own input; write to another file", out.display()));
    }
    if out.extension().is_some_and(|x| x == "ron") && out.exists() {
        return Err(format!("{} is a scenario or script (.ron); write to another file", out.display()));
    }
    if out.is_dir() {
        return Err(format!("{} is a folder; give a file name", out.display()));
    }
    if out.exists() && !force {
        return Err(format!("{} already exists; give another name, or --force to replace it", out.display()));
    }
    Ok(())
}

/// The same file on disk, however the paths are spelled (`./a`, `dir/../a`, a symlink).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_inputs_scenarios_and_existing_files_unless_forced() {
        let dir = tempfile::tempdir().unwrap();
        let rec = dir.path().join("call.jsonl");
        std::fs::write(&rec, "{}").unwrap();
        let spelled = dir.path().join(".").join("call.jsonl");
        assert!(may_write(&spelled, &[&rec], true).unwrap_err().contains("own input"));
        let sc = dir.path().join("s.ron");
        std::fs::write(&sc, "Scenario()").unwrap();
        assert!(may_write(&sc, &[], true).unwrap_err().contains("scenario"));
        assert!(may_write(&rec, &[], false).unwrap_err().contains("--force"));
        assert_eq!(may_write(&rec, &[], true), Ok(()));
        assert_eq!(may_write(&dir.path().join("new.html"), &[&rec], false), Ok(()));
    }
}
