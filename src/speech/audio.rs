//! Audio in the shape whisper wants: 16 kHz mono f32, silence trimmed.

use std::path::Path;

use rubato::{FftFixedIn, Resampler};

use super::{SAMPLE_RATE, SpeechError};

/// Reads a WAV file (any rate, any channel count, int or float) as 16 kHz mono. A file cut
/// short (the header promises more audio than there is) is read as far as it goes.
pub fn read_wav(path: &Path) -> Result<Vec<f32>, SpeechError> {
    read_wav_checked(path).map(|wav| wav.samples)
}

/// A WAV file as 16 kHz mono, and whether it was cut short.
#[derive(Debug, Clone, PartialEq)]
pub struct Wav {
    pub samples: Vec<f32>,
    /// Set when the file ends before the audio its header promises.
    pub truncated: Option<Truncated>,
}

/// How much of a truncated file's audio was there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Truncated {
    /// Seconds the header promises.
    pub promised_secs: f32,
    /// Seconds actually read.
    pub read_secs: f32,
}

impl std::fmt::Display for Truncated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the file is truncated: its header promises {:.2} s of audio, it holds {:.2} s",
            self.promised_secs, self.read_secs
        )
    }
}

/// Reads a WAV file like [`read_wav`], saying whether it was truncated. Recorders that are
/// killed, full disks and interrupted copies leave files whose data chunk is shorter than its
/// header says; hound then fails the whole read with "Failed to read enough bytes", though
/// everything before the cut is good audio.
pub fn read_wav_checked(path: &Path) -> Result<Wav, SpeechError> {
    let err = |reason: String| SpeechError::Wav { path: path.display().to_string(), reason };
    let mut reader = hound::WavReader::open(path).map_err(|e| match e {
        // hound reports running out of bytes as an `Other` I/O error.
        hound::Error::IoError(io)
            if io.kind() != std::io::ErrorKind::NotFound && io.kind() != std::io::ErrorKind::PermissionDenied =>
        {
            err(format!("the file is truncated or not a WAV file: it ends inside the header ({io})"))
        }
        e => err(e.to_string()),
    })?;
    let spec = reader.spec();
    let channels = usize::from(spec.channels);
    // Rates outside what any recorder writes are a corrupt header, and would size the
    // resampler's FFT from garbage (a 0 Hz rate divides by zero).
    if !(MIN_RATE..=MAX_RATE).contains(&spec.sample_rate) {
        return Err(err(format!(
            "unsupported sample rate {} Hz (expected {MIN_RATE} to {MAX_RATE} Hz)",
            spec.sample_rate
        )));
    }
    let promised = reader.len() as usize;
    let mut samples: Vec<f32> = Vec::with_capacity(promised.min(MAX_PREALLOC));
    // The first read error ends the audio; an I/O error there means the file was cut short.
    let mut cut = None;
    match spec.sample_format {
        hound::SampleFormat::Float => {
            for s in reader.samples::<f32>() {
                match s {
                    // NaN or infinite samples (a corrupt float file) would poison whisper's
                    // spectrogram; clamp to the range a real signal has.
                    Ok(v) => samples.push(if v.is_finite() { v.clamp(-1.0, 1.0) } else { 0.0 }),
                    Err(e) => {
                        cut = Some(e);
                        break;
                    }
                }
            }
        }
        hound::SampleFormat::Int => {
            if !(1..=32).contains(&spec.bits_per_sample) {
                return Err(err(format!("unsupported sample size: {} bits", spec.bits_per_sample)));
            }
            let scale = 2f32.powi(i32::from(spec.bits_per_sample) - 1);
            for s in reader.samples::<i32>() {
                match s {
                    Ok(v) => samples.push(v as f32 / scale),
                    Err(e) => {
                        cut = Some(e);
                        break;
                    }
                }
            }
        }
    }
    let truncated = match cut {
        None => None,
        Some(hound::Error::IoError(_)) => {
            // Drop a last, partial frame so channels stay aligned.
            samples.truncate(samples.len() - samples.len() % channels.max(1));
            let secs = |n: usize| (n / channels.max(1)) as f32 / spec.sample_rate as f32;
            Some(Truncated { promised_secs: secs(promised), read_secs: secs(samples.len()) })
        }
        Some(e) => return Err(err(e.to_string())),
    };
    let mono = to_mono(&samples, channels);
    Ok(Wav { samples: resample(&mono, spec.sample_rate).map_err(err)?, truncated })
}

/// Sample rates accepted from a file's header.
pub const MIN_RATE: u32 = 1_000;
pub const MAX_RATE: u32 = 768_000;
/// A header can promise 4 GiB of samples; reserve no more than ten minutes at 48 kHz up front.
const MAX_PREALLOC: usize = 48_000 * 600;

/// Averages interleaved channels.
pub fn to_mono(samples: &[f32], channels: usize) -> Vec<f32> {
    if channels <= 1 {
        return samples.to_vec();
    }
    samples.chunks(channels).map(|frame| frame.iter().sum::<f32>() / channels as f32).collect()
}

/// Resamples mono audio to 16 kHz (FFT resampler; the filter delay is removed).
pub fn resample(mono: &[f32], rate: u32) -> Result<Vec<f32>, String> {
    if rate == SAMPLE_RATE || mono.is_empty() {
        return Ok(mono.to_vec());
    }
    if rate == 0 {
        return Err("sample rate 0 Hz".into());
    }
    const CHUNK: usize = 1024;
    let mut r = FftFixedIn::<f32>::new(rate as usize, SAMPLE_RATE as usize, CHUNK, 2, 1).map_err(|e| e.to_string())?;
    let delay = r.output_delay();
    let expected = (mono.len() as u64 * u64::from(SAMPLE_RATE) / u64::from(rate)) as usize;
    let mut out = Vec::with_capacity(expected + delay + CHUNK);
    let mut chunks = mono.chunks_exact(CHUNK);
    for chunk in &mut chunks {
        out.extend_from_slice(&r.process(&[chunk], None).map_err(|e| e.to_string())?[0]);
    }
    // The partial last chunk. When the length is an exact multiple of CHUNK it is empty, and
    // rubato 0.16 rejects an empty channel ("Insufficient buffer size 0 for input channel 0")
    // instead of padding it; None asks for the same thing, a chunk of zeros.
    let rest = [chunks.remainder()];
    let last: Option<&[&[f32]]> = if rest[0].is_empty() { None } else { Some(&rest) };
    out.extend_from_slice(&r.process_partial(last, None).map_err(|e| e.to_string())?[0]);
    // Flush the filter so the last samples come out.
    while out.len() < expected + delay {
        out.extend_from_slice(&r.process_partial::<&[f32]>(None, None).map_err(|e| e.to_string())?[0]);
    }
    Ok(out[delay..delay + expected].to_vec())
}

/// Cuts leading and trailing silence (10 ms frames quieter than `threshold` RMS), keeping a
/// 150 ms margin so soft first and last sounds survive. Returns the kept range too.
pub fn trim_silence(samples: &[f32], threshold: f32) -> (&[f32], std::ops::Range<usize>) {
    const FRAME: usize = SAMPLE_RATE as usize / 100;
    const MARGIN: usize = SAMPLE_RATE as usize * 15 / 100;
    let loud = |frame: &[f32]| (frame.iter().map(|s| s * s).sum::<f32>() / frame.len() as f32).sqrt() >= threshold;
    let frames: Vec<&[f32]> = samples.chunks(FRAME).collect();
    let Some(first) = frames.iter().position(|f| loud(f)) else { return (&samples[..0], 0..0) };
    let last = frames.iter().rposition(|f| loud(f)).unwrap_or(first);
    let start = (first * FRAME).saturating_sub(MARGIN);
    let end = ((last + 1) * FRAME + MARGIN).min(samples.len());
    (&samples[start..end], start..end)
}

/// The default silence threshold: about -40 dBFS.
pub const SILENCE_RMS: f32 = 0.01;

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(rate: u32, secs: f32) -> Vec<f32> {
        (0..(rate as f32 * secs) as usize)
            .map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 0.5)
            .collect()
    }

    #[test]
    fn resampling_keeps_duration_and_level() {
        let out = resample(&tone(44_100, 1.0), 44_100).unwrap();
        assert_eq!(out.len(), 16_000);
        let rms = (out[2000..14_000].iter().map(|s| s * s).sum::<f32>() / 12_000.0).sqrt();
        assert!((rms - 0.3535).abs() < 0.01, "rms {rms}");
    }

    #[test]
    fn silence_is_trimmed_with_a_margin() {
        let mut clip = vec![0.0; 16_000];
        clip.extend(tone(16_000, 1.0));
        clip.extend(vec![0.0; 16_000]);
        let (kept, range) = trim_silence(&clip, SILENCE_RMS);
        assert_eq!(range, 13_600..34_400);
        assert_eq!(kept.len(), 20_800);
        assert!(trim_silence(&vec![0.0; 8000], SILENCE_RMS).0.is_empty());
    }

    #[test]
    fn channels_are_averaged() {
        assert_eq!(to_mono(&[1.0, 0.0, 0.5, 0.5], 2), [0.5, 0.5]);
    }
}
