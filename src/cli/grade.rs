//! `callsim grade`: a scorecard from a session record.

use std::path::{Path, PathBuf};

use super::CardFormat;
use super::show::{emit, print_problems};
use crate::grade::{grade, render};
use crate::record::guard::may_write;
use crate::record::{read, sha256_hex};
use crate::scenario::library::load_valid;

pub fn run(record: &Path, format: CardFormat, scenario: Option<PathBuf>, output: Option<PathBuf>, force: bool) -> u8 {
    if let Some(out) = &output
        && let Err(e) = may_write(out, &[record], force)
    {
        eprintln!("error: {e}");
        return 1;
    }
    let rec = match read(record) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    if rec.truncated {
        eprintln!("note: the record's last line was incomplete (the program stopped mid-turn); grading what was saved");
    }
    // The scenario given, else the first place the record says it is that exists.
    let scenario_path = scenario.unwrap_or_else(|| {
        let candidates = rec.header.scenario_candidates(record);
        candidates.iter().find(|p| p.is_file()).cloned().unwrap_or_else(|| PathBuf::from(&rec.header.scenario_path))
    });
    let loaded = match load_valid(&scenario_path) {
        Ok(l) => l,
        Err(problems) => {
            eprintln!(
                "error: cannot load the scenario of this record ({}); give it with --scenario",
                scenario_path.display()
            );
            print_problems(&problems);
            return 1;
        }
    };
    if loaded.scenario.id != rec.header.scenario_id {
        eprintln!(
            "error: this record is a call of scenario `{}`, but {} is scenario `{}`; give the scenario the call was taken on",
            rec.header.scenario_id,
            scenario_path.display(),
            loaded.scenario.id
        );
        return 1;
    }
    if sha256_hex(loaded.source.inner().as_bytes()) != rec.header.scenario_sha256 {
        eprintln!(
            "warning: {} has changed since this call was recorded; grading against the current version",
            scenario_path.display()
        );
    }
    let card = grade(&loaded.scenario, &rec.events);
    let text = match format {
        CardFormat::Text => render::to_text(&card),
        CardFormat::Json => render::to_json(&card),
        CardFormat::Html => render::to_html(&card),
    };
    emit(&text, output.as_deref())
}
