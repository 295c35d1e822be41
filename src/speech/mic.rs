//! Microphone capture for push-to-talk: always listening into a short pre-roll buffer, so the
//! first syllable spoken as the key goes down is not lost.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};

use super::SpeechError;
use super::audio::{resample, to_mono};

/// Audio kept from before the key goes down.
pub const PRE_ROLL_SECS: f32 = 0.3;

#[derive(Default)]
struct Capture {
    pre_roll: VecDeque<f32>,
    recording: Option<Vec<f32>>,
    error: Option<String>,
}

pub struct Microphone {
    _stream: cpal::Stream,
    shared: Arc<Mutex<Capture>>,
    rate: u32,
    pub device_name: String,
}

impl Microphone {
    /// Opens the default input device. ALSA prints its own errors to stderr when there is no
    /// sound card; those are silenced so the trainee sees one message, ours.
    pub fn open() -> Result<Microphone, SpeechError> {
        quiet_stderr(Self::open_device)
    }

    fn open_device() -> Result<Microphone, SpeechError> {
        let host = cpal::default_host();
        let device = host.default_input_device().ok_or_else(|| SpeechError::NoMicrophone("no input device".into()))?;
        let config = device.default_input_config().map_err(|e| SpeechError::NoMicrophone(e.to_string()))?;
        let rate = config.sample_rate().0;
        let channels = config.channels() as usize;
        let keep = (rate as f32 * PRE_ROLL_SECS) as usize;
        let shared = Arc::new(Mutex::new(Capture::default()));
        let sink = Arc::clone(&shared);
        let push = move |mono: Vec<f32>| {
            let mut c = sink.lock().unwrap_or_else(|e| e.into_inner());
            match &mut c.recording {
                Some(buf) => buf.extend(mono),
                None => {
                    c.pre_roll.extend(mono);
                    let excess = c.pre_roll.len().saturating_sub(keep);
                    c.pre_roll.drain(..excess);
                }
            }
        };
        let errors = Arc::clone(&shared);
        let on_error = move |e: cpal::StreamError| {
            errors.lock().unwrap_or_else(|e| e.into_inner()).error = Some(e.to_string());
        };
        let stream_config = config.config();
        let stream = match config.sample_format() {
            cpal::SampleFormat::F32 => device.build_input_stream(
                &stream_config,
                move |d: &[f32], _: &_| push(to_mono(d, channels)),
                on_error,
                None,
            ),
            cpal::SampleFormat::I16 => device.build_input_stream(
                &stream_config,
                move |d: &[i16], _: &_| {
                    push(to_mono(&d.iter().map(|s| *s as f32 / 32768.0).collect::<Vec<_>>(), channels))
                },
                on_error,
                None,
            ),
            other => return Err(SpeechError::NoMicrophone(format!("unsupported sample format {other}"))),
        }
        .map_err(|e| SpeechError::NoMicrophone(e.to_string()))?;
        stream.play().map_err(|e| SpeechError::NoMicrophone(e.to_string()))?;
        // The name and what was negotiated, so a trainee (or a test) can see what is captured.
        let device_name = format!(
            "{}, {rate} Hz, {channels} ch, {}",
            device.name().unwrap_or_else(|_| "microphone".into()),
            config.sample_format()
        );
        Ok(Microphone { _stream: stream, shared, rate, device_name })
    }

    /// The push-to-talk key went down: start keeping audio, beginning with the pre-roll.
    pub fn start(&self) {
        let mut c = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        let pre: Vec<f32> = c.pre_roll.drain(..).collect();
        c.recording = Some(pre);
    }

    /// The key came up: the recording as 16 kHz mono.
    pub fn stop(&self) -> Result<Vec<f32>, SpeechError> {
        let mut c = self.shared.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = c.error.take() {
            return Err(SpeechError::Microphone(e));
        }
        let raw = c.recording.take().unwrap_or_default();
        drop(c);
        resample(&raw, self.rate).map_err(SpeechError::Microphone)
    }
}

/// Runs `f` with file descriptor 2 pointed at /dev/null.
#[cfg(unix)]
fn quiet_stderr<T>(f: impl FnOnce() -> T) -> T {
    // SAFETY: plain descriptor juggling; every descriptor opened here is restored or closed.
    unsafe {
        let saved = libc::dup(2);
        let null = libc::open(c"/dev/null".as_ptr(), libc::O_WRONLY);
        if saved < 0 || null < 0 {
            return f();
        }
        libc::dup2(null, 2);
        libc::close(null);
        let out = f();
        libc::dup2(saved, 2);
        libc::close(saved);
        out
    }
}

#[cfg(not(unix))]
fn quiet_stderr<T>(f: impl FnOnce() -> T) -> T {
    f()
}
