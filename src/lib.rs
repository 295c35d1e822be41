//! callsim: a call-center agent training simulator.
//!
//! The core (scenario, understand, sim, record, grade, playtest) is plain Rust: no UI, no audio,
//! no clock. Front ends (the `callsim` CLI) wrap it.

#[cfg(feature = "app")]
pub mod app;
pub mod cli;
pub mod grade;
pub mod playtest;
pub mod record;
pub mod results;
pub mod scenario;
pub mod sim;
#[cfg(feature = "speech")]
pub mod speech;
pub mod understand;

/// The transcriber for `wav` playtest steps: whisper when the speech feature is built and a
/// model is found; otherwise `wav` steps fail with a message saying why.
pub fn speech_transcriber(prompt: String) -> Result<Box<dyn playtest::Transcriber>, String> {
    #[cfg(feature = "speech")]
    {
        let model = speech::find_model(None).map_err(|e| e.to_string())?;
        let t = speech::Transcriber::load(&model, speech::transcriber::default_threads()).map_err(|e| e.to_string())?;
        Ok(Box::new(speech::transcriber::WavTranscriber { transcriber: t, prompt }))
    }
    #[cfg(not(feature = "speech"))]
    {
        let _ = prompt;
        Err("this callsim was built without the `speech` feature".into())
    }
}
