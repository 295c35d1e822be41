//! Spoken answers: whisper.cpp transcription on a worker thread, microphone capture with
//! push-to-talk, WAV files, resampling to 16 kHz mono and silence trimming.
//!
//! Everything here can fail on a lab machine (no model, no microphone); every failure is one
//! `SpeechError` with a message a trainee can act on, and typed answers keep working.

pub mod audio;
pub mod mic;
pub mod model;
pub mod push_to_talk;
pub mod transcriber;
pub mod wer;
pub mod worker;

pub use model::find_model;
pub use transcriber::{Transcriber, Transcript};
pub use worker::SpeechWorker;

/// Whisper's sample rate.
pub const SAMPLE_RATE: u32 = 16_000;

#[derive(Debug, thiserror::Error)]
pub enum SpeechError {
    #[error(
        "no speech model found (looked in: {searched}). Run `bash .ci/setup` to fetch and convert one, or give --model PATH / CALLSIM_WHISPER_MODEL. Typed answers still work."
    )]
    ModelNotFound { searched: String },
    #[error("the speech model {path} could not be loaded ({reason}). Typed answers still work.")]
    ModelLoad { path: String, reason: String },
    #[error("no microphone found ({0}). Typed answers still work.")]
    NoMicrophone(String),
    #[error("the microphone stopped working ({0}). Typed answers still work.")]
    Microphone(String),
    #[error("cannot read {path}: {reason}")]
    Wav { path: String, reason: String },
    #[error("transcription failed: {0}")]
    Transcribe(String),
    #[error("the speech worker has stopped")]
    WorkerGone,
}
