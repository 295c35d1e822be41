//! callsim: a call-center agent training simulator.
//!
//! The core (scenario, understand, sim, record, grade, playtest) is plain Rust: no UI, no audio,
//! no clock. Front ends (the `callsim` CLI) wrap it.

pub mod cli;
pub mod grade;
pub mod playtest;
pub mod record;
pub mod scenario;
pub mod sim;
pub mod understand;

/// The speech transcriber for `wav` playtest steps, when the speech feature is built.
pub fn speech_transcriber() -> Option<Box<dyn playtest::Transcriber>> {
    None
}
