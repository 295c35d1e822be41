//! The session record: every event of a call, written as it happens (JSON lines, flushed each
//! turn) so a crash loses at most the turn being written, and readable back for grading.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, Write};
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
            scenario_sha256: sha256_hex(scenario_text.as_bytes()),
            seed,
        }
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
    /// Creates (or replaces) the record and writes its header.
    pub fn create(path: &Path, header: &Header) -> Result<RecordWriter, RecordError> {
        let io = |source| RecordError::Io { path: path.to_path_buf(), source };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let file = OpenOptions::new().create(true).write(true).truncate(true).open(path).map_err(io)?;
        let mut w = RecordWriter { file, path: path.to_path_buf() };
        w.write_line(&serde_json::to_string(header).unwrap_or_default())?;
        w.flush()?;
        Ok(w)
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

/// Reads a record. A damaged last line (a crash mid-write) is dropped and reported as
/// `truncated`; damage anywhere else is an error with its line number.
pub fn read(path: &Path) -> Result<Record, RecordError> {
    let file = File::open(path).map_err(|source| RecordError::Io { path: path.to_path_buf(), source })?;
    let lines: Vec<String> = BufReader::new(file)
        .split(b'\n')
        .map(|l| l.map(|b| String::from_utf8_lossy(&b).into_owned()))
        .collect::<Result<_, _>>()
        .map_err(|source| RecordError::Io { path: path.to_path_buf(), source })?;
    parse(path, &lines)
}

fn parse(path: &Path, lines: &[String]) -> Result<Record, RecordError> {
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
            Err(_) if i == last => truncated = true,
            Err(e) => return Err(err(i + 1, e)),
        }
    }
    Ok(Record { header, events, truncated })
}
