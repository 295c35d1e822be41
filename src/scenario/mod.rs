//! Scenarios: the serde model, loading with span-accurate errors, validation and the branch graph.

pub mod graph;
pub mod library;
pub mod load;
pub mod locate;
pub mod model;
pub mod no_ops;
pub mod problem;
pub mod snippet;
pub mod validate;

pub use load::{Loaded, load_file, load_str};
pub use model::*;
pub use problem::{Problem, Severity};
