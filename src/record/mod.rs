//! The session record: every event of a call, written as it happens (JSON lines, flushed each
//! turn) so a crash loses at most the turn being written, and readable back for grading.

pub mod guard;
pub mod names;

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::sim::Timed;

/// The first line of a record: what was played, so the call can be graded and replayed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub callsim: String,
    pub scenario_id: String,
    pub scenario_path: String,
    /// The scenario from the record's folder, so grading works from any folder (and after the
    /// lab folder is copied elsewhere). Filled in when the record is created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_from_record: Option<String>,
    /// The scenario's absolute path when the call was taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario_absolute: Option<String>,
    /// sha256 of the scenario file's text, to notice when it changed since the call.
    pub scenario_sha256: String,
    pub seed: u64,
}

impl Header {
    pub fn new(scenario_id: &str, scenario_path: &Path, scenario_text: &str, seed: u64) -> Header {
        Header {
            callsim: env!("CARGO_PKG_VERSION").to_string(),
            scenario_id: scenario_id.to_string(),
            scenario_path: scenario_path.display().to_string(),
            scenario_from_record: None,
            scenario_absolute: scenario_path.canonicalize().ok().map(|p| p.display().to_string()),
            scenario_sha256: sha256_hex(scenario_text.as_bytes()),
            seed,
        }
    }

    /// Where to look for the scenario of a record read from `record`: beside the record as it
    /// was, then where it was, then the path as typed (relative to the folder of the call).
    pub fn scenario_candidates(&self, record: &Path) -> Vec<PathBuf> {
        let dir = record.parent().unwrap_or(Path::new("."));
        let mut out: Vec<PathBuf> = Vec::new();
        out.extend(self.scenario_from_record.as_ref().map(|r| dir.join(r)));
        out.extend(self.scenario_absolute.as_ref().map(PathBuf::from));
        out.push(PathBuf::from(&self.scenario_path));
        out
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub header: Header,
    pub events: Vec<Timed>,
    /// The last line was cut short (the program stopped while writing it) and was left out.
    pub truncated: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("cannot open record {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("{path}:{line}: not a callsim record line: {message}")]
    Parse { path: PathBuf, line: usize, message: String },
    #[error("{path}: empty file, not a callsim record")]
    Empty { path: PathBuf },
}

/// Appends events to a record file as the call goes.
pub struct RecordWriter {
    file: File,
    path: PathBuf,
}

impl RecordWriter {
    /// Creates the record and writes its header. An existing file is an error unless `replace`
    /// (an earlier call's record is never lost by accident).
    pub fn create(path: &Path, header: &Header, replace: bool) -> Result<RecordWriter, RecordError> {
        let io = |source| RecordError::Io { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut open = OpenOptions::new();
        open.write(true);
        if replace {
            open.create(true).truncate(true);
        } else {
            open.create_new(true);
        }
        let file = open.open(path).map_err(io)?;
        let mut header = header.clone();
        header.scenario_from_record = relative_to_record(path, header.scenario_absolute.as_deref());
        let mut w = RecordWriter { file, path: path.to_path_buf() };
        w.write_line(&serde_json::to_string(&header).unwrap_or_default())?;
        w.flush()?;
        Ok(w)
    }

    /// Creates a new record in `dir` under a name no other call has, even when several
    /// processes start the same scenario and seed in the same second (a lab's stations sharing
    /// one folder): a name taken between looking and creating is skipped.
    pub fn create_fresh(dir: &Path, header: &Header) -> Result<RecordWriter, RecordError> {
        loop {
            let path = names::new_record_path(dir, &header.scenario_id, header.seed, std::time::SystemTime::now());
            match RecordWriter::create(&path, header, false) {
                Err(RecordError::Io { source, .. }) if source.kind() == std::io::ErrorKind::AlreadyExists => continue,
                other => return other,
            }
        }
    }

    /// Appends one turn's events and flushes them to disk.
    pub fn append(&mut self, events: &[Timed]) -> Result<(), RecordError> {
        for e in events {
            // Serializing these plain types cannot fail; an empty line would be skipped on read.
            self.write_line(&serde_json::to_string(e).unwrap_or_default())?;
        }
        self.flush()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write_line(&mut self, line: &str) -> Result<(), RecordError> {
        writeln!(self.file, "{line}").map_err(|source| RecordError::Io { path: self.path.clone(), source })
    }

    fn flush(&mut self) -> Result<(), RecordError> {
        self.file
            .flush()
            .and_then(|_| self.file.sync_data())
            .map_err(|source| RecordError::Io { path: self.path.clone(), source })
    }
}

/// The scenario's path from the record's folder, if both can be found on disk.
fn relative_to_record(record: &Path, scenario: Option<&str>) -> Option<String> {
    let dir = record.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new(".")).canonicalize().ok()?;
    pathdiff::diff_paths(scenario?, dir).map(|p| p.display().to_string())
}

/// Reads a record. A last line cut short (a crash mid-write: no newline after it) is dropped and
/// reported as `truncated`; a damaged line anywhere else, the last one included when it was
/// written whole, is an error with its line number.
pub fn read(path: &Path) -> Result<Record, RecordError> {
    let bytes = std::fs::read(path).map_err(|source| RecordError::Io { path: path.to_path_buf(), source })?;
    let torn = !bytes.is_empty() && !bytes.ends_with(b"\n");
    let lines: Vec<String> = bytes.split(|b| *b == b'\n').map(|l| String::from_utf8_lossy(l).into_owned()).collect();
    parse(path, &lines, torn)
}

/// Reads a record from its text (one embedded in a certificate); `name` is used in messages.
pub fn read_str(name: &Path, text: &str) -> Result<Record, RecordError> {
    let torn = !text.is_empty() && !text.ends_with('\n');
    let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
    parse(name, &lines, torn)
}

fn parse(path: &Path, lines: &[String], torn: bool) -> Result<Record, RecordError> {
    let err = |line: usize, e: serde_json::Error| RecordError::Parse {
        path: path.to_path_buf(),
        line,
        message: e.to_string(),
    };
    let first =
        lines.first().filter(|l| !l.trim().is_empty()).ok_or(RecordError::Empty { path: path.to_path_buf() })?;
    let header: Header = serde_json::from_str(first).map_err(|e| err(1, e))?;
    let mut events = Vec::new();
    let mut truncated = false;
    let last = lines.iter().rposition(|l| !l.trim().is_empty()).unwrap_or(0);
    for (i, line) in lines.iter().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Timed>(line) {
            Ok(e) => events.push(e),
            Err(_) if i == last && torn => truncated = true,
            Err(e) => return Err(err(i + 1, e)),
        }
    }
    Ok(Record { header, events, truncated })
}
