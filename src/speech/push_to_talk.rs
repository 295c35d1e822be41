//! Push-to-talk: a key starts recording, the key again (or its release) stops; the clip is
//! transcribed on the speech worker while the call carries on. Used by `play --voice` (Enter)
//! and the simulator window (hold Space).

use std::path::Path;

use super::mic::Microphone;
use super::transcriber::default_threads;
use super::worker::Heard;
use super::{SpeechWorker, find_model};
use crate::sim::Seconds;

pub struct Voice {
    mic: Microphone,
    worker: SpeechWorker,
    /// When the key went down: the time the trainee started speaking.
    recording_since: Option<Seconds>,
    /// Clips being transcribed, by id, with the time their speech started.
    pending: Vec<(u64, Seconds)>,
    next_id: u64,
    /// The words of the scenario being played (see `Scenario::speech_prompt`).
    pub prompt: String,
}

impl Voice {
    /// Microphone and model, or the one message that says why not.
    pub fn open(model: Option<&Path>, prompt: String) -> Result<Voice, String> {
        let model = find_model(model).map_err(|e| e.to_string())?;
        let mic = Microphone::open().map_err(|e| e.to_string())?;
        let worker = SpeechWorker::start(model, default_threads());
        match worker.recv_timeout(std::time::Duration::from_secs(30)) {
            Ok(Heard::Ready(Ok(()))) => {}
            Ok(Heard::Ready(Err(e))) => return Err(e.to_string()),
            Ok(_) | Err(_) => return Err("the speech model did not load".into()),
        }
        Ok(Voice { mic, worker, recording_since: None, pending: Vec::new(), next_id: 0, prompt })
    }

    pub fn device(&self) -> &str {
        &self.mic.device_name
    }

    /// Recording or waiting for a transcript: the call's clock should wait for the words.
    pub fn busy(&self) -> bool {
        self.recording_since.is_some() || !self.pending.is_empty()
    }

    pub fn recording(&self) -> bool {
        self.recording_since.is_some()
    }

    /// The push-to-talk key: starts or stops recording. Returns what to tell the trainee.
    pub fn toggle(&mut self, t: Seconds) -> String {
        match self.recording_since.take() {
            None => {
                self.mic.start();
                self.recording_since = Some(t);
                "(recording: speak, then press Enter)".into()
            }
            Some(since) => {
                match self.mic.stop().and_then(|clip| self.worker.submit(self.next_id, clip, self.prompt.clone())) {
                    Ok(()) => {
                        self.pending.push((self.next_id, since));
                        self.next_id += 1;
                        "(transcribing…)".into()
                    }
                    Err(e) => format!("({e})"),
                }
            }
        }
    }

    /// Transcripts that are ready, each with the time its speech started.
    pub fn heard(&mut self) -> Vec<Result<(String, Seconds), String>> {
        let mut out = Vec::new();
        while let Some(h) = self.worker.try_recv() {
            if let Heard::Transcript { id, result } = h {
                let since = self.pending.iter().find(|p| p.0 == id).map_or(0.0, |p| p.1);
                self.pending.retain(|p| p.0 != id);
                out.push(result.map(|t| (t.text, since)).map_err(|e| e.to_string()));
            }
        }
        out
    }
}
