//! The transcriber on its own thread, so decoding never blocks a UI or a terminal loop.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use super::{SpeechError, Transcriber, Transcript};

struct Job {
    id: u64,
    samples: Vec<f32>,
    /// The scenario's words, to bias recognition toward them.
    prompt: String,
}

/// What the worker sends back.
#[derive(Debug)]
pub enum Heard {
    /// The model loaded (or did not): sent once, first.
    Ready(Result<(), SpeechError>),
    Transcript {
        id: u64,
        result: Result<Transcript, SpeechError>,
    },
}

pub struct SpeechWorker {
    jobs: Sender<Job>,
    heard: Receiver<Heard>,
}

impl SpeechWorker {
    /// Starts the thread; it loads the model and reports `Ready` before anything else.
    pub fn start(model: PathBuf, threads: i32) -> SpeechWorker {
        let (jobs, job_rx) = mpsc::channel::<Job>();
        let (heard_tx, heard) = mpsc::channel::<Heard>();
        std::thread::Builder::new()
            .name("callsim-speech".into())
            .spawn(move || {
                let transcriber = match Transcriber::load(&model, threads) {
                    Ok(t) => {
                        let _ = heard_tx.send(Heard::Ready(Ok(())));
                        t
                    }
                    Err(e) => {
                        let _ = heard_tx.send(Heard::Ready(Err(e)));
                        return;
                    }
                };
                for job in job_rx {
                    let result = transcriber.transcribe(&job.samples, &job.prompt);
                    if heard_tx.send(Heard::Transcript { id: job.id, result }).is_err() {
                        break;
                    }
                }
            })
            .ok();
        SpeechWorker { jobs, heard }
    }

    /// Queues a clip (16 kHz mono) with the prompt to decode it with.
    pub fn submit(&self, id: u64, samples: Vec<f32>, prompt: String) -> Result<(), SpeechError> {
        self.jobs.send(Job { id, samples, prompt }).map_err(|_| SpeechError::WorkerGone)
    }

    /// The next message, if one is waiting.
    pub fn try_recv(&self) -> Option<Heard> {
        self.heard.try_recv().ok()
    }

    /// Waits up to `timeout` for the next message.
    pub fn recv_timeout(&self, timeout: Duration) -> Result<Heard, SpeechError> {
        self.heard.recv_timeout(timeout).map_err(|e| match e {
            RecvTimeoutError::Timeout => SpeechError::Transcribe("timed out".into()),
            RecvTimeoutError::Disconnected => SpeechError::WorkerGone,
        })
    }
}
