//! Shared by the speech test files: whether the speech model and the tools a test needs are here.
#![allow(dead_code)] // each test file uses what it needs

use std::path::PathBuf;
use std::process::Command;

/// The speech model, when it and every tool in `tools` (run with `--version`) are present; None
/// to skip. In CI (`CI` set) a missing one fails the test: set-up (`bash .ci/setup`) provides them.
pub fn speech_ready(tools: &[&str]) -> Option<PathBuf> {
    let model = callsim::speech::find_model(None).ok();
    let missing: Vec<&str> =
        tools.iter().copied().filter(|t| Command::new(t).arg("--version").output().is_err()).collect();
    if model.is_none() || !missing.is_empty() {
        let what = if model.is_none() { "the speech model".to_string() } else { missing.join(", ") };
        assert!(std::env::var("CI").is_err(), "CI must have {what} (bash .ci/setup)");
        eprintln!("skipping: {what} missing; run `bash .ci/setup`");
        return None;
    }
    model
}
