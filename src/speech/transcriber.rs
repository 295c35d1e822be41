//! whisper.cpp through whisper-rs: the model is loaded once; each clip is decoded with the
//! audio context sized to the clip (most of the cost of a short clip is otherwise the 30 s
//! encoder window) and a prompt with the scenario's own words.

use std::path::Path;
use std::sync::Mutex;
use std::time::Instant;

use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters, WhisperState};

use super::audio::{SILENCE_RMS, trim_silence};
use super::{SAMPLE_RATE, SpeechError};

/// What was heard in one clip, and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct Transcript {
    pub text: String,
    /// Length of the clip given.
    pub audio_secs: f32,
    /// Length after trimming silence.
    pub speech_secs: f32,
    /// Seconds spent in whisper.
    pub decode_secs: f32,
}

pub struct Transcriber {
    // Field order: the state must be dropped before the context it came from.
    state: Mutex<WhisperState>,
    _ctx: WhisperContext,
    threads: i32,
}

/// Threads for whisper: `CALLSIM_WHISPER_THREADS`, else 2 (capped by the cores there are).
pub fn default_threads() -> i32 {
    clamp_threads(std::env::var("CALLSIM_WHISPER_THREADS").ok().and_then(|v| v.parse().ok()).unwrap_or(2))
}

/// Between 1 and the cores there are. whisper.cpp aborts the process when it cannot start the
/// threads it is given (`--threads 100000`), and more threads than cores only make its spin
/// barriers wait on each other (64 threads on 2 cores all but stalls).
pub fn clamp_threads(threads: i32) -> i32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()).min(i32::MAX as usize) as i32;
    threads.clamp(1, cores.max(1))
}

impl Transcriber {
    pub fn load(path: &Path, threads: i32) -> Result<Transcriber, SpeechError> {
        // whisper.cpp logs every load to stderr; route it to our own (silent by default) logging.
        whisper_rs::install_logging_hooks();
        let err = |reason: String| SpeechError::ModelLoad { path: path.display().to_string(), reason };
        let ctx = WhisperContext::new_with_params(path, WhisperContextParameters::default())
            .map_err(|e| err(e.to_string()))?;
        let state = ctx.create_state().map_err(|e| err(e.to_string()))?;
        Ok(Transcriber { state: Mutex::new(state), _ctx: ctx, threads: clamp_threads(threads) })
    }

    /// The decoding threads used (the count asked for, clamped to the cores).
    pub fn threads(&self) -> i32 {
        self.threads
    }

    /// Transcribes 16 kHz mono audio. `prompt` biases decoding toward the scenario's words.
    pub fn transcribe(&self, samples: &[f32], prompt: &str) -> Result<Transcript, SpeechError> {
        let audio_secs = samples.len() as f32 / SAMPLE_RATE as f32;
        let (speech, _) = trim_silence(samples, SILENCE_RMS);
        let speech_secs = speech.len() as f32 / SAMPLE_RATE as f32;
        if speech.is_empty() {
            return Ok(Transcript { text: String::new(), audio_secs, speech_secs, decode_secs: 0.0 });
        }
        // Whisper wants at least a second; pad short clips with silence.
        let mut clip = speech.to_vec();
        clip.resize(clip.len().max(SAMPLE_RATE as usize + SAMPLE_RATE as usize / 4), 0.0);
        let started = Instant::now();
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(self.threads);
        params.set_language(Some("en"));
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_special(false);
        params.set_print_timestamps(false);
        params.set_no_timestamps(true);
        params.set_single_segment(true);
        params.set_suppress_blank(true);
        // 50 encoder frames per second of audio, with room to spare; 1500 is the full 30 s.
        let frames = (clip.len() as f32 / SAMPLE_RATE as f32 * 50.0).ceil() as i32 + 64;
        params.set_audio_ctx(frames.min(1500));
        // A shrunk audio context sometimes sends the decoder round in a loop, repeating the
        // sentence; people say at most ~4 tokens a second, so cap the tokens by the speech length.
        params.set_max_tokens((speech_secs * 5.0).ceil() as i32 + 8);
        if !prompt.is_empty() {
            params.set_initial_prompt(prompt);
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.full(params, &clip).map_err(|e| SpeechError::Transcribe(e.to_string()))?;
        let mut text = String::new();
        for segment in state.as_iter() {
            if let Ok(s) = segment.to_str_lossy() {
                text.push_str(&s);
            }
        }
        let text = collapse_repeats(&clean(&text));
        Ok(Transcript { text, audio_secs, speech_secs, decode_secs: started.elapsed().as_secs_f32() })
    }
}

/// Hears the `wav` steps of playtest scripts.
pub struct WavTranscriber {
    pub transcriber: Transcriber,
    pub prompt: String,
}

impl crate::playtest::Transcriber for WavTranscriber {
    fn transcribe(&self, wav: &Path) -> Result<String, String> {
        let samples = super::audio::read_wav(wav).map_err(|e| e.to_string())?;
        self.transcriber.transcribe(&samples, &self.prompt).map(|t| t.text).map_err(|e| e.to_string())
    }
}

/// Drops whisper's non-speech markers ("[BLANK_AUDIO]", "(upbeat music)") and extra spaces.
fn clean(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0;
    for c in text.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = (depth - 1).max(0),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "Thank you. Thank you. Thank you." heard for "Thank you.": a decoding loop, not speech.
fn collapse_repeats(text: &str) -> String {
    let words: Vec<&str> = text.split(' ').collect();
    for len in 1..=words.len() / 2 {
        let unit = &words[..len];
        let repeats = words.chunks(len).take_while(|c| *c == unit || unit.starts_with(c)).count();
        if repeats * len >= words.len() && repeats > 1 {
            return unit.join(" ");
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_loops_are_collapsed() {
        assert_eq!(
            collapse_repeats("Thank you for holding. Thank you for holding. Thank you for"),
            "Thank you for holding."
        );
        assert_eq!(collapse_repeats("no no problem"), "no no problem");
        assert_eq!(collapse_repeats("Thank you for holding."), "Thank you for holding.");
    }

    #[test]
    fn non_speech_markers_are_dropped() {
        assert_eq!(clean(" [BLANK_AUDIO] Hello (upbeat music) there. "), "Hello there.");
    }
}
