//! Where the speech model is: `--model PATH`, else `CALLSIM_WHISPER_MODEL`, else the default
//! location the set-up command fills.

use std::path::{Path, PathBuf};

use super::SpeechError;

/// Where `bash .ci/setup` puts the converted Whisper tiny.en model.
pub const DEFAULT_MODEL: &str = "assets/models/ggml-tiny.en.bin";

/// The model to load: the first of `explicit`, `$CALLSIM_WHISPER_MODEL`, the default location
/// (relative to the working directory, then to the executable's project) that exists.
pub fn find_model(explicit: Option<&Path>) -> Result<PathBuf, SpeechError> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = explicit {
        candidates.push(p.to_path_buf());
    } else {
        if let Ok(p) = std::env::var("CALLSIM_WHISPER_MODEL") {
            candidates.push(PathBuf::from(p));
        }
        candidates.push(PathBuf::from(DEFAULT_MODEL));
        candidates.push(Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_MODEL));
    }
    candidates.iter().find(|p| p.is_file()).cloned().ok_or_else(|| SpeechError::ModelNotFound {
        searched: candidates.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", "),
    })
}
