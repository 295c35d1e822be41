//! `callsim transcribe` and `callsim speech-eval`: whisper on files, with timing and accuracy.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::show::{load_scenario, print_problems};
use crate::scenario::library::load_valid;
use crate::speech::audio::{read_wav, read_wav_checked};
use crate::speech::transcriber::default_threads;
use crate::speech::wer::word_errors;
use crate::speech::{Transcriber, find_model};
use crate::understand::eval::parse;
use crate::understand::{Context, Lexicon, Understander};

fn load(model: Option<&Path>, threads: Option<i32>) -> Result<Transcriber, u8> {
    let path = find_model(model).map_err(|e| {
        eprintln!("error: {e}");
        1
    })?;
    Transcriber::load(&path, threads.unwrap_or_else(default_threads)).map_err(|e| {
        eprintln!("error: {e}");
        1
    })
}

fn prompt(scenario: Option<&Path>) -> Result<String, u8> {
    match scenario {
        None => Ok(String::new()),
        Some(p) => load_valid(p).map(|l| l.scenario.speech_prompt()).map_err(|problems| {
            print_problems(&problems);
            1
        }),
    }
}

pub fn transcribe(wav: &Path, model: Option<PathBuf>, threads: Option<i32>, scenario: Option<PathBuf>) -> u8 {
    let Ok(prompt) = prompt(scenario.as_deref()) else { return 1 };
    let Ok(t) = load(model.as_deref(), threads) else { return 1 };
    let samples = match read_wav_checked(wav) {
        Ok(w) => {
            if let Some(cut) = w.truncated {
                eprintln!("warning: {}: {cut}; transcribing what is there", wav.display());
            }
            w.samples
        }
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    match t.transcribe(&samples, &prompt) {
        Ok(tr) => {
            println!("{}", tr.text);
            let threads = t.threads();
            eprintln!(
                "audio {:.2} s, speech {:.2} s after trimming silence, decoded in {:.0} ms on {threads} thread{}",
                tr.audio_secs,
                tr.speech_secs,
                tr.decode_secs * 1000.0,
                if threads == 1 { "" } else { "s" }
            );
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

/// Speaks each sentence of FILE with espeak-ng, transcribes it, and reports word error rate and
/// whether the understanding found the same moves as in the written sentence.
pub fn eval(file: &Path, model: Option<PathBuf>, threads: Option<i32>, scenario: &Path) -> u8 {
    let examples = match std::fs::read_to_string(file).map_err(|e| e.to_string()).and_then(|t| parse(&t)) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {}: {e}", file.display());
            return 1;
        }
    };
    let Some(loaded) = load_scenario(scenario) else { return 1 };
    let Ok(t) = load(model.as_deref(), threads) else { return 1 };
    let und = Understander::new(&Lexicon::built_in(), Some(&loaded.scenario));
    let prompt = loaded.scenario.speech_prompt();
    let Ok(dir) = tempfile::tempdir() else { return 1 };
    let (mut errors, mut words, mut same, mut labelled_ok, mut decode) = (0, 0, 0, 0, 0.0_f32);
    for (i, ex) in examples.iter().enumerate() {
        let wav = dir.path().join(format!("{i}.wav"));
        match Command::new("espeak-ng").args(["-v", "en-us", "-s", "160", "-w"]).arg(&wav).arg(&ex.text).status() {
            Ok(s) if s.success() => {}
            _ => {
                eprintln!("error: espeak-ng is needed to speak the sentences (bash .ci/setup installs it)");
                return 1;
            }
        }
        let heard = match read_wav(&wav).and_then(|s| t.transcribe(&s, &prompt)) {
            Ok(h) => h,
            Err(e) => {
                eprintln!("error: {e}");
                return 1;
            }
        };
        let (e, n) = word_errors(&ex.text, &heard.text);
        errors += e;
        words += n;
        decode += heard.decode_secs;
        let caller: Vec<String> = ex.caller.iter().cloned().collect();
        let moves = |text: &str| -> std::collections::BTreeSet<_> {
            und.understand(text, Context { customer_said: &caller }).moves.iter().map(|h| h.mv).collect()
        };
        let (from_text, from_speech) = (moves(&ex.text), moves(&heard.text));
        same += usize::from(from_text == from_speech);
        labelled_ok += usize::from(from_speech == ex.moves);
        let mark = if from_text == from_speech { "same moves" } else { "MOVES DIFFER" };
        println!(
            "{:>3}. WER {:>5.1}%  {mark:<12} {:?}\n     heard: {:?}",
            i + 1,
            100.0 * e as f32 / n.max(1) as f32,
            ex.text,
            heard.text
        );
        if from_text != from_speech {
            let names = |s: &std::collections::BTreeSet<crate::understand::Move>| {
                s.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(",")
            };
            println!("     moves from text [{}] from speech [{}]", names(&from_text), names(&from_speech));
        }
    }
    let n = examples.len();
    println!(
        "\n{n} sentences, {words} words: WER {:.1}% ({errors} word errors); same moves as the text in {same}/{n}; labelled moves exactly in {labelled_ok}/{n}; mean decode {:.0} ms",
        100.0 * errors as f32 / words.max(1) as f32,
        1000.0 * decode / n.max(1) as f32
    );
    0
}
