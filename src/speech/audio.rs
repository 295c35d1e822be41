//! Audio in the shape whisper wants: 16 kHz mono f32, silence trimmed.

use std::path::Path;

use rubato::{FftFixedIn, Resampler};

use super::{SAMPLE_RATE, SpeechError};

/// Reads a WAV file (any rate, any channel count, int or float) as 16 kHz mono.
pub fn read_wav(path: &Path) -> Result<Vec<f32>, SpeechError> {
    let err = |reason: String| SpeechError::Wav { path: path.display().to_string(), reason };
    let mut reader = hound::WavReader::open(path).map_err(|e| err(e.to_string()))?;
    let spec = reader.spec();
    let samples: Vec<f32> = match spec.sample_format {
        hound::SampleFormat::Float => {
            reader.samples::<f32>().collect::<Result<_, _>>().map_err(|e| err(e.to_string()))?
        }
        hound::SampleFormat::Int => {
            let scale = (1_i64 << (spec.bits_per_sample - 1)) as f32;
            reader
                .samples::<i32>()
                .map(|s| s.map(|v| v as f32 / scale))
                .collect::<Result<_, _>>()
                .map_err(|e| err(e.to_string()))?
        }
    };
    let mono = to_mono(&samples, spec.channels as usize);
    resample(&mono, spec.sample_rate).map_err(err)
}

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
    const CHUNK: usize = 1024;
    let mut r = FftFixedIn::<f32>::new(rate as usize, SAMPLE_RATE as usize, CHUNK, 2, 1).map_err(|e| e.to_string())?;
    let delay = r.output_delay();
    let expected = (mono.len() as u64 * u64::from(SAMPLE_RATE) / u64::from(rate)) as usize;
    let mut out = Vec::with_capacity(expected + delay + CHUNK);
    let mut chunks = mono.chunks_exact(CHUNK);
    for chunk in &mut chunks {
        out.extend_from_slice(&r.process(&[chunk], None).map_err(|e| e.to_string())?[0]);
    }
    let rest = chunks.remainder();
    out.extend_from_slice(&r.process_partial(Some(&[rest]), None).map_err(|e| e.to_string())?[0]);
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
