//! Defects of the speech path found in review (issue 15): resampling at chunk boundaries,
//! thread counts, truncated and malformed WAV files. Each runs the real `callsim` binary or the
//! real resampler; the ones that transcribe need the model and espeak-ng (`bash .ci/setup`).
#![cfg(feature = "speech")]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use callsim::speech::audio::resample;

/// The model and the tools these tests need, or None to skip (a failure in CI).
fn ready() -> Option<PathBuf> {
    common::speech_ready(&["espeak-ng"])
}

/// espeak-ng's samples of `text` (22.05 kHz mono, 16 bit).
fn espeak(dir: &Path, text: &str) -> Vec<i16> {
    let wav = dir.join("espeak.wav");
    let ok = Command::new("espeak-ng").args(["-v", "en-us", "-s", "160", "-w"]).arg(&wav).arg(text).status().unwrap();
    assert!(ok.success());
    let mut r = hound::WavReader::open(&wav).unwrap();
    assert_eq!((r.spec().sample_rate, r.spec().channels), (22_050, 1));
    r.samples::<i16>().map(Result::unwrap).collect()
}

fn write_wav(path: &Path, rate: u32, samples: &[i16]) {
    let spec =
        hound::WavSpec { channels: 1, sample_rate: rate, bits_per_sample: 16, sample_format: hound::SampleFormat::Int };
    let mut w = hound::WavWriter::create(path, spec).unwrap();
    for s in samples {
        w.write_sample(*s).unwrap();
    }
    w.finalize().unwrap();
}

fn transcribe(wav: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_callsim")).arg("transcribe").args(extra).arg(wav).output().unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn tone(rate: u32, n: usize) -> Vec<f32> {
    (0..n).map(|i| (i as f32 * 440.0 * std::f32::consts::TAU / rate as f32).sin() * 0.5).collect()
}

/// The resampler takes 1024-sample chunks; lengths at, just under and just over multiples of
/// it (and the 4.27 s clip of the report, 92 chunks at 22.05 kHz, 184 at 44.1 kHz) all come out
/// at the right length and level.
#[test]
fn resampling_works_at_and_around_the_chunk_size() {
    for rate in [8_000, 22_050, 44_100, 48_000] {
        for n in [1, 1023, 1024, 1025, 2047, 2048, 2049, 3 * 1024, 92 * 1024, 184 * 1024] {
            let out = resample(&tone(rate, n), rate).unwrap_or_else(|e| panic!("{n} samples at {rate} Hz: {e}"));
            let expected = (n as u64 * 16_000 / u64::from(rate)) as usize;
            assert_eq!(out.len(), expected, "{n} samples at {rate} Hz");
            if expected > 4000 {
                let mid = &out[1000..expected - 1000];
                let rms = (mid.iter().map(|s| s * s).sum::<f32>() / mid.len() as f32).sqrt();
                assert!((rms - 0.3535).abs() < 0.01, "{n} samples at {rate} Hz: rms {rms}");
            }
        }
    }
}

/// The clip of the report: exactly 92 chunks at 22.05 kHz (4.27 s), and its 44.1 kHz copy.
#[test]
fn transcribe_reads_a_clip_whose_length_is_a_multiple_of_the_chunk() {
    let Some(_) = ready() else { return };
    let dir = tempfile::tempdir().unwrap();
    let mut speech = espeak(dir.path(), "Thank you for holding.");
    speech.resize(92 * 1024, 0);
    let at_22k = dir.path().join("22k.wav");
    write_wav(&at_22k, 22_050, &speech);
    // The 44.1 kHz copy: each sample twice, 184 chunks.
    let doubled: Vec<i16> = speech.iter().flat_map(|s| [*s, *s]).collect();
    let at_44k = dir.path().join("44k.wav");
    write_wav(&at_44k, 44_100, &doubled);
    for wav in [&at_22k, &at_44k] {
        let out = transcribe(wav, &[]);
        assert_eq!(out.status.code(), Some(0), "{}: {}", wav.display(), stderr(&out));
        assert_eq!(text(&out), "Thank you for holding.");
        assert!(stderr(&out).contains("audio 4.27 s"), "{}", stderr(&out));
    }
}

/// whisper.cpp aborts the process when it cannot start the threads asked for, and many more
/// threads than cores make it crawl: the count is clamped to the cores.
#[test]
fn transcribe_clamps_threads_to_the_cores() {
    let Some(_) = ready() else { return };
    let dir = tempfile::tempdir().unwrap();
    let wav = dir.path().join("t.wav");
    write_wav(&wav, 22_050, &espeak(dir.path(), "Thank you for holding."));
    let cores = std::thread::available_parallelism().unwrap().get();
    for (asked, used) in [("100000", cores), ("64", cores), ("0", 1), ("-3", 1)] {
        let out = transcribe(&wav, &[&format!("--threads={asked}")]);
        assert_eq!(out.status.code(), Some(0), "--threads {asked}: {}", stderr(&out));
        assert_eq!(text(&out), "Thank you for holding.", "--threads {asked}");
        let s = if used == 1 { "" } else { "s" };
        assert!(stderr(&out).contains(&format!("on {used} thread{s}")), "--threads {asked}: {}", stderr(&out));
    }
}

/// A WAV whose data chunk is shorter than its header says: what is there is transcribed, and
/// stderr says the file is truncated and how much of it there is.
#[test]
fn a_truncated_wav_is_transcribed_as_far_as_it_goes() {
    let Some(_) = ready() else { return };
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full.wav");
    let speech = espeak(dir.path(), "Thank you for holding. I have checked your account and the refund is on its way.");
    write_wav(&full, 22_050, &speech);
    let bytes = std::fs::read(&full).unwrap();
    // Cut after "Thank you for holding." (about 1.5 s in), in the middle of a sample.
    let keep = 44 + 22_050 * 2 * 3 / 2 + 1;
    let cut = dir.path().join("cut.wav");
    std::fs::write(&cut, &bytes[..keep]).unwrap();
    let out = transcribe(&cut, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(text(&out).starts_with("Thank you for holding"), "{:?}", text(&out));
    assert!(!text(&out).contains("refund"), "{:?}", text(&out));
    let promised = speech.len() as f32 / 22_050.0;
    let warning = format!("the file is truncated: its header promises {promised:.2} s of audio, it holds 1.50 s");
    assert!(stderr(&out).contains(&warning), "wanted {warning:?} in {}", stderr(&out));

    // Cut inside the header: nothing to transcribe, one line saying so.
    let stub = dir.path().join("stub.wav");
    std::fs::write(&stub, &bytes[..30]).unwrap();
    let out = transcribe(&stub, &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("truncated"), "{err}");
}

/// A canonical 44-byte WAV header with any field values, then `data`.
fn raw_wav(format: u16, channels: u16, rate: u32, bits: u16, data: &[u8]) -> Vec<u8> {
    let block = channels.wrapping_mul(bits.div_ceil(8).max(1));
    let mut v = Vec::new();
    v.extend_from_slice(b"RIFF");
    v.extend_from_slice(&(36 + data.len() as u32).to_le_bytes());
    v.extend_from_slice(b"WAVEfmt ");
    v.extend_from_slice(&16u32.to_le_bytes());
    v.extend_from_slice(&format.to_le_bytes());
    v.extend_from_slice(&channels.to_le_bytes());
    v.extend_from_slice(&rate.to_le_bytes());
    v.extend_from_slice(&rate.wrapping_mul(u32::from(block)).to_le_bytes());
    v.extend_from_slice(&block.to_le_bytes());
    v.extend_from_slice(&bits.to_le_bytes());
    v.extend_from_slice(b"data");
    v.extend_from_slice(&(data.len() as u32).to_le_bytes());
    v.extend_from_slice(data);
    v
}

/// Bad audio is an error message or a transcript, never a panic or an abort.
#[test]
fn malformed_wav_files_never_crash_transcribe() {
    let Some(_) = ready() else { return };
    let dir = tempfile::tempdir().unwrap();
    let nan: Vec<u8> =
        (0..16_000).flat_map(|i| if i % 2 == 0 { f32::NAN } else { f32::INFINITY }.to_le_bytes()).collect();
    let pcm: Vec<u8> = (0..4_000u32).flat_map(|i| ((i % 200) as i16 * 100).to_le_bytes()).collect();
    let cases: Vec<(&str, Vec<u8>, Option<i32>)> = vec![
        ("empty file", vec![], Some(1)),
        ("not a wav", b"hello, this is not audio".to_vec(), Some(1)),
        ("rate 0", raw_wav(1, 1, 0, 16, &pcm), Some(1)),
        ("rate 1 Hz", raw_wav(1, 1, 1, 16, &pcm), Some(1)),
        ("rate 4 GHz", raw_wav(1, 1, 4_000_000_000, 16, &pcm), Some(1)),
        ("no samples", raw_wav(1, 1, 16_000, 16, &[]), Some(0)),
        ("one sample", raw_wav(1, 1, 44_100, 16, &[1, 0]), Some(0)),
        ("NaN and infinite floats", raw_wav(3, 1, 16_000, 32, &nan), Some(0)),
        ("8 channels at 8 kHz", raw_wav(1, 8, 8_000, 16, &pcm), Some(0)),
    ];
    for (what, bytes, code) in cases {
        let wav = dir.path().join("bad.wav");
        std::fs::write(&wav, bytes).unwrap();
        let out = transcribe(&wav, &[]);
        let err = stderr(&out);
        assert!(!err.contains("panicked"), "{what}: {err}");
        assert_eq!(out.status.code(), code, "{what}: {err}");
        if code == Some(1) {
            assert!(err.starts_with("error: cannot read"), "{what}: {err}");
        }
    }
}
