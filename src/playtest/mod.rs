//! Scripted trainees: playtest scripts with expectations, and random exploration of a scenario.

pub mod calibrate;
pub mod cause;
pub mod explore;
pub mod good;
pub mod prove;
pub mod run;
pub mod script;
pub mod trial;
pub mod why;

pub use run::{Run, Transcriber, run};
pub use script::{Expect, Script, Step};
