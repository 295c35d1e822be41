//! `callsim graph`: the branch graph of a scenario.

use std::path::Path;

use super::GraphFormat;
use super::show::print_problems;
use crate::scenario::graph::{to_dot, to_mermaid};
use crate::scenario::library::load_valid;

pub fn run(path: &Path, format: GraphFormat) -> u8 {
    match load_valid(path) {
        Ok(l) => {
            let out = match format {
                GraphFormat::Dot => to_dot(&l.scenario),
                GraphFormat::Mermaid => to_mermaid(&l.scenario),
            };
            print!("{out}");
            0
        }
        Err(problems) => {
            print_problems(&problems);
            1
        }
    }
}
