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
        // 50 encoder frames per second of audio, with room to spare; 1500 is the full 30 s.
        let short_ctx = ((clip.len() as f32 / SAMPLE_RATE as f32 * 50.0).ceil() as i32 + 64).min(FULL_AUDIO_CTX);
        // The shrunk audio context is most of the speed of short clips, but with a natural voice
        // it sometimes sends the single-segment decoder round a loop, the sentence again and again
        // until the token cap; whisper's own guard (fall back to a higher temperature when the
        // entropy of the last 32 tokens is low) never fires on clips this short. So each decode
        // is checked for a loop, and a looping one is decoded again: with three times the context
        // (which ended every loop measured on the Piper clips, at a fraction of the cost of the
        // full window), then the full 30 s context whisper was trained on, then at whisper's
        // first fallback temperature.
        let attempts = [
            (short_ctx, 0.0),
            ((short_ctx * 3).min(FULL_AUDIO_CTX), 0.0),
            (FULL_AUDIO_CTX, 0.0),
            (FULL_AUDIO_CTX, 0.4),
        ];
        let mut text = String::new();
        for (ctx, temperature) in attempts {
            text = clean(&self.decode(&clip, prompt, ctx, temperature, speech_secs)?);
            if loop_start(&text).is_none() {
                break;
            }
            tracing::debug!(ctx, temperature, text, "decoding loop; decoding again");
        }
        // Every attempt looped: keep the words up to where they start repeating.
        let text = cut_loop(&text);
        Ok(Transcript { text, audio_secs, speech_secs, decode_secs: started.elapsed().as_secs_f32() })
    }
}

impl Transcriber {
    /// One whisper run over `clip` with the given audio context and temperature.
    fn decode(
        &self,
        clip: &[f32],
        prompt: &str,
        audio_ctx: i32,
        temperature: f32,
        speech_secs: f32,
    ) -> Result<String, SpeechError> {
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
        params.set_audio_ctx(audio_ctx);
        // whisper's own fallback (temperature_inc, on a low log probability) stays on above this.
        params.set_temperature(temperature);
        // People say at most ~4 tokens a second: a loop that escapes the check above still ends.
        params.set_max_tokens((speech_secs * 5.0).ceil() as i32 + 8);
        if !prompt.is_empty() {
            params.set_initial_prompt(prompt);
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.full(params, clip).map_err(|e| SpeechError::Transcribe(e.to_string()))?;
        let mut text = String::new();
        for segment in state.as_iter() {
            if let Ok(s) = segment.to_str_lossy() {
                text.push_str(&s);
            }
        }
        Ok(text)
    }
}

/// The audio context of whisper's full 30 s window.
const FULL_AUDIO_CTX: i32 = 1500;

/// A decoding loop: this many words or more, each the same as the word one period earlier
/// ("... your account. May I place you on hold ..." after "May I place you on hold ... your
/// account."). Five, so that a number read out twice ("one two three, one two three"), "no, no"
/// or "thank you, thank you, thank you" is speech, not a loop.
const LOOP_WORDS: usize = 5;

/// Words compared without case or punctuation ("Please?" and "please." are the same word).
fn norm_words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric() || *c == '\'').collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Where a decoding loop starts, as an index into `text.split_whitespace()`: the first word of
/// a run of at least [`LOOP_WORDS`] words that repeats the words just before it.
pub fn loop_start(text: &str) -> Option<usize> {
    let raw: Vec<&str> = text.split_whitespace().collect();
    // Keep indices aligned with the raw words; punctuation-only "words" compare as themselves.
    let words: Vec<String> = raw
        .iter()
        .map(|w| {
            let n = norm_words(w);
            if n.is_empty() { w.to_string() } else { n.concat() }
        })
        .collect();
    let n = words.len();
    (1..n).find(|&j| {
        (1..=j).any(|period| {
            let run = (j..n).take_while(|&t| words[t] == words[t - period]).count();
            run >= LOOP_WORDS
        })
    })
}

/// The text up to where a decoding loop starts, or all of it.
fn cut_loop(text: &str) -> String {
    match loop_start(text) {
        Some(at) => text.split_whitespace().take(at).collect::<Vec<_>>().join(" "),
        None => text.to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding_loops_are_found_and_cut() {
        assert_eq!(cut_loop("Thank you for holding. Thank you for holding. Thank you for"), "Thank you for holding.");
        assert_eq!(
            cut_loop("May I play show and hold for two minutes while I check your account. May I play show and hold"),
            "May I play show and hold for two minutes while I check your account."
        );
        assert_eq!(
            cut_loop("Could you spell your last name for me, please? Please? Please? Please? Please? Please"),
            "Could you spell your last name for me, please?"
        );
        assert_eq!(loop_start("I'm so sorry, that sounds really frustrating. I'm so sorry"), None);
        assert_eq!(loop_start("I'm so sorry, that sounds really frustrating. I'm so sorry, that sounds"), Some(7));
        // Speech, not loops: short repeats.
        for said in ["no no problem", "It's one two three, one two three.", "Thank you, thank you, thank you."] {
            assert_eq!(loop_start(said), None, "{said}");
        }
        assert_eq!(cut_loop("Thank you for holding."), "Thank you for holding.");
    }

    #[test]
    fn non_speech_markers_are_dropped() {
        assert_eq!(clean(" [BLANK_AUDIO] Hello (upbeat music) there. "), "Hello there.");
    }
}
